"""Is an output in the local cache, and does the workspace still hold that version?

Hashes are computed here (plain md5, as DVC 3 does) for files up to a size limit; nothing is
written, unlike `dvc status`, which updates DVC's state database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import cache
from .outputs import Output
from .repo import DvcRepo

HASH_LIMIT_BYTES = 256 * 1024 * 1024

UNCHANGED = "unchanged"
MODIFIED = "modified"
MISSING = "missing"
UNVERIFIED = "not checked (large)"


def file_md5(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def workspace_status(repo: DvcRepo, out: Output) -> str:
    target = repo.root / out.path
    if not target.exists():
        return MISSING
    if not out.is_dir:
        size = target.stat().st_size if target.is_file() else None
        if size is None or (out.size is not None and size != out.size):
            return MODIFIED
        if size > HASH_LIMIT_BYTES:
            return UNVERIFIED
        return UNCHANGED if file_md5(target) == out.md5 else MODIFIED
    manifest = cache.read_manifest(repo, out.md5 or "", out.legacy)
    files = sorted(p for p in target.rglob("*") if p.is_file())
    if manifest is None:
        return UNVERIFIED
    if {p.relative_to(target).as_posix() for p in files} != {m["relpath"] for m in manifest}:
        return MODIFIED
    if sum(p.stat().st_size for p in files) > HASH_LIMIT_BYTES:
        return UNVERIFIED
    hashes = {m["relpath"]: m["md5"] for m in manifest}
    for path in files:
        if file_md5(path) != hashes[path.relative_to(target).as_posix()]:
            return MODIFIED
    return UNCHANGED
