"""The smaller ways things go wrong: each a clear message, and nothing lost or left behind."""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import signal
import time
from pathlib import Path

import pytest

from fsdl_tui.atomic import StateWriteError
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.repo import open_repo
from fsdl_tui.dvc.snapshot import load_snapshot
from fsdl_tui.dvc.timetravel import expand_dvc_versions
from fsdl_tui.editor_buffers import Buffers, load_buffers, save_buffers
from fsdl_tui.headless import query_main
from fsdl_tui.query_history import HistoryStore

from .conftest import git_commit, run


def test_a_fresh_clone_without_data_files_answers_dvc_table_queries(demo_repo, tmp_path) -> None:
    clone = tmp_path / "clone"
    run(tmp_path, "git", "clone", "-q", str(demo_repo), str(clone))
    for data in clone.rglob("*"):  # (the loss per epoch is in git: dvc.yaml says cache: false)
        assert (
            not data.name.endswith((".parquet", ".csv"))
            or ".git" in data.parts
            or (data.parent.name == "plots")
        )
    out, err = io.StringIO(), io.StringIO()
    code = query_main(
        ["SELECT count(*) AS n FROM dvc_versions", "--repo", str(clone), "--format", "csv"],
        out, err,
    )  # fmt: skip
    assert code == 0, err.getvalue()
    assert int(out.getvalue().splitlines()[1]) > 0


def test_a_path_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    err = io.StringIO()
    code = query_main(["SELECT 1", str(tmp_path / ("x" * 5000))], io.StringIO(), err)
    assert code == 1
    assert err.getvalue().startswith("fsdl-tui: error: Cannot read") and "Traceback" not in (
        err.getvalue()
    )


@pytest.mark.parametrize(
    "line",
    [
        '{"ran_at": "2026-01-01T00:00:00+00:00", "sql": 42, "status": "done"}',
        '{"ran_at": "2026-01-01T00:00:00+00:00", "sql": "x", "status": "done", "rows": "many"}',
        '{"ran_at": 7, "sql": "x", "status": "done"}',
        '{"ran_at": "not a date", "sql": "x", "status": "done"}',
        '["a", "list"]',
        '{"ran_at": "2026-01-01T00:00:00+00:00", "sql": "x", "status": "done", "extra": 1}',
    ],
)
def test_a_history_line_with_wrong_types_is_set_aside(tmp_path: Path, line: str) -> None:
    path = tmp_path / "history.jsonl"
    good = '{"ran_at": "2026-01-01T00:00:00+00:00", "sql": "SELECT 1", "status": "done"}'
    path.write_text(good + "\n" + line + "\n")
    entries, warning = HistoryStore(path).load()
    assert [e.sql for e in entries] == ["SELECT 1"]
    assert "1 damaged line" in warning


def test_a_failed_save_is_said_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A file-size limit makes the write fail as a full disk does (ENOSPC/EFBIG)."""
    target = tmp_path / "state" / "editor_buffers.json"
    save_buffers(Buffers(("SELECT 1",), 0), target)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, hard))
    try:
        with pytest.raises(StateWriteError, match="was not saved"):
            save_buffers(Buffers(("SELECT 2 -- " + "x" * 1000,), 0), target)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert sorted(p.name for p in target.parent.iterdir()) == ["editor_buffers.json"]
    assert load_buffers(target).texts == ("SELECT 1",)  # the old state is intact


def test_temporary_files_left_by_a_killed_process_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "editor_buffers.json"
    stale = tmp_path / "editor_buffers.json.abc123.tmp"
    stale.write_text("")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    save_buffers(Buffers(("SELECT 1",), 0), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editor_buffers.json"]
    assert json.loads(target.read_text())["texts"] == ["SELECT 1"]


def test_dvc_version_in_a_comment_or_string_is_left_alone(demo_repo: Path) -> None:
    history = History(open_repo(demo_repo))
    call = "dvc_version('data/train.parquet', 'v1.0')"
    in_string = call.replace("'", "''")
    sql = (
        f"-- {call}\nSELECT 'a {in_string}' AS s, \"{call}\" "
        f"FROM {call} /* {call} */ JOIN my{call} USING (x)"
    )
    expanded = expand_dvc_versions(sql, history, lambda path, kind: "SCAN")
    history.close()
    assert expanded.count("SCAN") == 1
    assert expanded == sql.replace(f"FROM {call}", "FROM SCAN")


def test_history_stays_on_screen_during_a_merge_conflict(demo_repo: Path) -> None:
    source = demo_repo / "data" / "train.parquet.dvc"
    committed = source.read_text()
    source.write_text(f"<<<<<<< HEAD\n{committed}=======\nouts: []\n>>>>>>> other\n")
    history = History(open_repo(demo_repo))
    snapshot = load_snapshot(history)
    history.close()
    info = {i.path: i for i in snapshot.outputs}["data/train.parquet"]
    assert info.output.error is None
    assert info.workspace == "merge conflict in data/train.parquet.dvc"
    assert len(snapshot.versions["data/train.parquet"]) >= 3


def test_a_repo_owned_by_another_user_says_gits_refusal(demo_repo: Path, tmp_path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    repo = tmp_path / "theirs"
    shutil.copytree(demo_repo, repo, symlinks=True)
    os.chown(repo, 65534, 65534)
    opened = open_repo(repo)
    assert opened.git_root is None
    assert "dubious ownership" in opened.git_error


def test_git_commit_helper_is_real(tmp_path: Path) -> None:
    run(tmp_path, "git", "init", "-q")
    (tmp_path / "a").write_text("a")
    git_commit(tmp_path, "one")
    assert "one" in run(tmp_path, "git", "log", "--format=%s")


def test_a_demo_build_cut_short_is_built_again(demo_template: Path, tmp_path: Path,
                                               monkeypatch) -> None:  # fmt: skip
    """The app quit while the demo was being built: a repo with `.dvc/` but no history. The
    next launch builds it again rather than show an empty DVC pane; a whole build is kept."""
    from fsdl_tui.launch import plan_launch

    monkeypatch.setenv("FSDL_TUI_CACHE_DIR", str(tmp_path / "cache"))
    demo = tmp_path / "cache" / "demo" / "repo"
    (demo / ".dvc").mkdir(parents=True)
    run(demo, "git", "init", "-q")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert plan_launch([], None, elsewhere).build_demo
    shutil.rmtree(demo)
    shutil.copytree(demo_template, demo, symlinks=True)
    launch = plan_launch([], None, elsewhere)
    assert launch.repo == demo and not launch.build_demo
