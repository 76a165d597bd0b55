"""Open any version of a tracked file as a table: `dvc_version('data/train.parquet', 'v1.0')`.

The version's bytes are the cache object of its hash (for a file inside a tracked directory,
found through the directory's `.dir` manifest); the engine reads that object directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..engine.discovery import file_kind
from ..engine.sql_text import sub_in_code
from . import cache
from .errors import DataUnavailable, DvcError
from .experiments import resolve_any
from .git import GitError
from .history import WORKSPACE, History, find_output
from .version_call import DVC_VERSION_CALL, call_args


@dataclass(frozen=True)
class Located:
    path: str
    rev: str
    commit: str
    md5: str
    file: Path  # the cache object holding this version's bytes
    kind: str  # "parquet" | "csv" | "json" | "arrow"


def locate(history: History, path: str, rev: str) -> Located:
    """Where the bytes of `path` at `rev` are. Raises DvcError / DataUnavailable."""
    path = PurePosixPath(path.strip().removeprefix("./")).as_posix() if path.strip() else ""
    kind = file_kind(Path(path))
    if kind is None:
        raise DvcError(f"dvc_version reads Parquet, CSV/TSV, JSON/JSONL and Arrow files — not "
                       f"{path!r}.")  # fmt: skip
    commit, md5, blob = locate_file(history, path, rev)
    return Located(path, rev, commit, md5, blob, kind)


def locate_file(history: History, path: str, rev: str) -> tuple[str, str, Path]:
    """The commit, hash and cache object of any tracked file (`path` relative to the repo's
    root, POSIX) at `rev`. Raises DvcError / DataUnavailable."""
    repo = history.repo
    if rev == WORKSPACE:  # the file as it is on disk now, tracked or not yet re-added
        on_disk = repo.root / path
        if not on_disk.is_file():
            raise DvcError(f"{path} is not in the workspace.")
        return "", "", on_disk
    if repo.git_root is None:
        raise DvcError(repo.git_error or "This DVC repository has no git history to travel "
                       "through.")  # fmt: skip
    try:
        commit = resolve_any(repo.git_root, rev)  # an experiment's name is a rev too
    except GitError as error:
        raise DvcError(str(error)) from error
    outputs = history.outputs_at(commit)
    found = find_output(outputs, path)
    where = f"at {rev}" + (f" ({commit[:8]})" if commit and not commit.startswith(rev) else "")
    if found is None:
        raise DvcError(f"{path} is not tracked by DVC {where}.")
    out, inner = found
    md5, legacy = out.md5 or "", out.legacy
    if inner:
        manifest = cache.read_manifest(repo, md5, legacy)
        if manifest is None:
            raise _unavailable(history, path, rev, commit, md5, legacy, "the directory listing")
        entry = cache.member(manifest, inner)
        if entry is None:
            raise DvcError(f"{inner} is not in {out.path} {where}.")
        md5 = entry["md5"]
    blob = cache.cache_file(repo, md5, legacy)
    if not blob.is_file():
        raise _unavailable(history, path, rev, commit, md5, legacy, "its data")
    return commit, md5, blob


def _unavailable(history, path, rev, commit, md5, legacy, what) -> DataUnavailable:
    repo = history.repo
    remote = cache.remote_file(repo, md5, legacy)
    in_remote = None if remote is None else remote.is_file()
    at = f"{rev} (commit {commit[:8]})" if commit else rev
    if in_remote is False or repo.remote_name is None:
        remote_name = f"the remote {repo.remote_name!r}" if repo.remote_name else "any remote"
        message = (
            f"{path} at {at}: {what} (md5 {md5}) is in neither the local cache nor {remote_name}."
        )
        fetchable: bool | None = False
    else:
        message = (f"{path} at {at}: {what} (md5 {md5}) is not in the local cache. It can be "
                   f"fetched from the remote {repo.remote_name!r}.")  # fmt: skip
        fetchable = in_remote
    return DataUnavailable(message, path=path, rev=rev, commit=commit, md5=md5, fetchable=fetchable)


def expand_dvc_versions(sql: str, history: History, scan_sql: Callable[[str, str], str]) -> str:
    """Replace each `dvc_version('path', 'rev')` with the engine's scan of that version."""

    def replace(match: re.Match[str]) -> str:
        located = locate(history, *call_args(match))
        return scan_sql(str(located.file), located.kind)

    return sub_in_code(DVC_VERSION_CALL, replace, sql)
