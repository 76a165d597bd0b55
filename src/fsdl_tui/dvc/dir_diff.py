"""What changed in a directory output between two versions: the files added, removed and
changed, from the two `.dir` manifests in the cache (paths and hashes; sizes where the cache
holds the file). Nothing is read but the manifests; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass

from . import cache
from .errors import DataUnavailable, DvcError
from .experiments import resolve_any
from .git import GitError
from .history import WORKSPACE, History, find_output


@dataclass(frozen=True)
class Member:
    relpath: str
    md5: str
    size: int | None  # None: not in the local cache


@dataclass(frozen=True)
class DirDiff:
    path: str
    old: str
    new: str
    added: tuple[Member, ...]
    removed: tuple[Member, ...]
    changed: tuple[tuple[Member, Member], ...]  # (before, after)
    unchanged: int


def _commit(history: History, rev: str) -> str:
    git_root = history.repo.git_root
    if git_root is None:
        raise DvcError("This DVC repository has no git history to compare versions in.")
    try:
        return resolve_any(git_root, rev)
    except GitError as error:
        raise DvcError(str(error)) from error


def _members(history: History, path: str, rev: str) -> dict[str, Member]:
    repo = history.repo
    if rev == WORKSPACE:
        outputs = history.workspace_outputs()
    else:
        outputs = history.outputs_at(_commit(history, rev))
    found = find_output(outputs, path)
    if found is None or found[1] or not found[0].is_dir:
        raise DvcError(f"{path} is not a tracked directory at {rev}.")
    out = found[0]
    manifest = cache.read_manifest(repo, out.md5 or "", out.legacy)
    if manifest is None:
        raise DataUnavailable(f"{path} at {rev}: its file list (md5 {out.md5}) is not in the "
                              "local cache; fetch that version first (f in the Versions view).",
                              path=path, rev=rev, commit="", md5=out.md5 or "",
                              fetchable=None)  # fmt: skip
    members = {}
    for entry in manifest:
        blob = cache.cache_file(repo, entry["md5"], out.legacy)
        try:
            size: int | None = blob.stat().st_size
        except OSError:
            size = None
        members[entry["relpath"]] = Member(entry["relpath"], entry["md5"], size)
    return members


def dir_diff(history: History, path: str, old: str, new: str) -> DirDiff:
    before = _members(history, path, old)
    after = _members(history, path, new)
    added = tuple(after[p] for p in sorted(set(after) - set(before)))
    removed = tuple(before[p] for p in sorted(set(before) - set(after)))
    common = sorted(set(before) & set(after))
    changed = tuple((before[p], after[p]) for p in common if before[p].md5 != after[p].md5)
    return DirDiff(path, old, new, added, removed, changed, len(common) - len(changed))
