"""A cloned repository is untrusted input: its committed config neither widens the sandbox nor
makes git run a command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fsdl_tui.dvc.git import git, list_files
from fsdl_tui.dvc.repo import open_repo
from fsdl_tui.engine import QueryError
from fsdl_tui.engine_boot import dvc_readable_dirs
from fsdl_tui.headless import open_engine

from .conftest import git_commit, run


def hostile_config(repo: Path, text: str) -> None:
    (repo / ".dvc" / "config").write_text(text)
    (repo / ".dvc" / "config.local").unlink(missing_ok=True)


@pytest.mark.parametrize(
    "config",
    [
        "[cache]\n    dir = /\n",
        "[cache]\n    dir = ../../../../../../\n",
        "[core]\n    remote = r\n['remote \"r\"']\n    url = /\n",
        "[core]\n    remote = r\n['remote \"r\"']\n    url = /etc\n",
    ],
)
def test_a_committed_path_outside_the_repo_is_ignored_and_said(demo_repo: Path, config) -> None:
    hostile_config(demo_repo, config)
    repo = open_repo(demo_repo)
    assert repo.ignored and "outside the repository" in repo.ignored[0]
    readable = dvc_readable_dirs(demo_repo, build_demo=False)
    assert all(p == demo_repo or demo_repo in p.parents for p in readable), readable
    cwd = os.getcwd()
    os.chdir(demo_repo)
    try:
        engine, _, _ = open_engine([], str(demo_repo))
    finally:
        os.chdir(cwd)
    with pytest.raises(QueryError, match="Permission Error"):
        engine.query("SELECT * FROM read_text('/etc/hostname')").run()
    engine.close()


def test_the_users_own_config_local_may_point_anywhere(demo_repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "shared-cache"
    hostile_config(demo_repo, "[cache]\n    dir = /\n")
    (demo_repo / ".dvc" / "config.local").write_text(f"[cache]\n    dir = {cache}\n")
    repo = open_repo(demo_repo)
    assert repo.cache_dir == cache and repo.ignored == ()


def test_git_never_runs_the_repositorys_fsmonitor_or_hooks(tmp_path: Path) -> None:
    repo = tmp_path / "clone"
    repo.mkdir()
    run(repo, "git", "init", "-q")
    (repo / "a.txt").write_text("a")
    git_commit(repo, "first")
    proof = tmp_path / "pwned"
    hook = repo / "evil.sh"
    hook.write_text(f"#!/bin/sh\ntouch {proof}\n")
    hook.chmod(0o755)
    run(repo, "git", "config", "core.fsmonitor", str(hook))
    hooks = repo / ".git" / "hooks"
    for name in ("post-checkout", "post-index-change", "reference-transaction"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {proof}\n")
        (hooks / name).chmod(0o755)
    assert list_files(repo, None, []) == ["a.txt", "evil.sh"]
    git(repo, "status", "--porcelain")
    assert not proof.exists()
