"""Where DVC keeps a version's bytes: the local cache, a local remote, `.dir` manifests."""

from __future__ import annotations

import json
from pathlib import Path

from .outputs import is_md5
from .repo import DvcRepo


def _relative(md5: str, legacy: bool) -> Path:
    return Path(md5[:2], md5[2:]) if legacy else Path("files", "md5", md5[:2], md5[2:])


def cache_file(repo: DvcRepo, md5: str, legacy: bool) -> Path:
    return repo.cache_dir / _relative(md5, legacy)


def remote_file(repo: DvcRepo, md5: str, legacy: bool) -> Path | None:
    """The object's path in a local (folder) remote; None for cloud remotes."""
    remote = repo.local_remote_dir()
    return None if remote is None else remote / _relative(md5, legacy)


def read_manifest(repo: DvcRepo, md5: str, legacy: bool) -> list[dict[str, str]] | None:
    """A directory version's members (relpath and md5), or None when its `.dir` is not cached."""
    try:
        entries = json.loads(cache_file(repo, md5, legacy).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entries, list):
        return None
    return [
        e for e in entries
        if isinstance(e, dict) and isinstance(e.get("relpath"), str) and is_md5(e.get("md5"))
    ]  # fmt: skip


def in_cache(repo: DvcRepo, md5: str | None, legacy: bool) -> bool:
    """Every byte of this version is in the local cache (for a directory: every member)."""
    if not md5:
        return False
    if not md5.endswith(".dir"):
        return cache_file(repo, md5, legacy).is_file()
    members = read_manifest(repo, md5, legacy)
    return members is not None and all(
        cache_file(repo, m["md5"], legacy).is_file() for m in members
    )


def member(manifest: list[dict[str, str]], relpath: str) -> dict[str, str] | None:
    return next((m for m in manifest if m["relpath"] == relpath), None)
