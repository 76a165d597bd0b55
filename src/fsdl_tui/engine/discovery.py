"""Find the data files under a path, folder or glob, and give each a SQL-friendly view name."""

from __future__ import annotations

import glob
import re
from pathlib import Path

from .base import SourceError

PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
# JSON arrays/objects and JSON lines (one record per line), plain or compressed
JSON_SUFFIXES = tuple(
    base + zip_ for base in (".json", ".jsonl", ".ndjson") for zip_ in ("", ".gz", ".zst")
)
KIND_NAMES = {"parquet": "Parquet", "csv": "CSV", "json": "JSON"}
READABLE = "Parquet, CSV/TSV or JSON/JSONL"
MAX_FILES = 5_000


def file_kind(path: Path) -> str | None:
    """ "parquet", "csv", "json" or None for a file we do not read."""
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(JSON_SUFFIXES):
        return "json"
    return None


def is_json_lines(path: str) -> bool:
    """A `.jsonl`/`.ndjson` file (plain or compressed): one record per line."""
    name = path.lower().removesuffix(".gz").removesuffix(".zst")
    return name.endswith((".jsonl", ".ndjson"))


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def discover(target: str) -> list[Path]:
    """The data files `target` names: a file, every data file below a folder, or a glob's matches.

    Hidden folders (`.git`, `.dvc`, …) are skipped. Raises `SourceError` when nothing is there
    or the path cannot be read (a folder without permission, say).
    """
    try:
        return _discover(target)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SourceError(f"Cannot read {target}: {reason}") from error


def _discover(target: str) -> list[Path]:
    if any(ch in target for ch in "*?["):
        matches = sorted(Path(p) for p in glob.glob(target, recursive=True))
        files = [p for p in matches if p.is_file() and file_kind(p)]
        if not files:
            raise SourceError(f"No {READABLE} files match {target!r}.")
        return files[:MAX_FILES]
    path = Path(target).expanduser()
    if not path.exists():
        raise SourceError(f"No such file or folder: {target}")
    if path.is_file():
        if file_kind(path) is None:
            raise SourceError(f"Not a file fsdl-tui reads ({READABLE}): {target}")
        return [path]
    files = []
    for candidate in sorted(path.rglob("*")):
        if candidate.is_file() and file_kind(candidate) and not _is_hidden(candidate, path):
            files.append(candidate)
            if len(files) >= MAX_FILES:
                break
    if not files:
        raise SourceError(f"No {READABLE} files under {target}")
    return files


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".zst"):
        name = name.removesuffix(suffix)
    return name.rsplit(".", 1)[0] if "." in name else name


def view_name(path: Path, taken: set[str]) -> str:
    """A lower-case identifier from the file's stem, unique among `taken` (which it extends)."""
    base = re.sub(r"[^0-9a-zA-Z_]+", "_", _stem(path)).strip("_").lower() or "data"
    if base[0].isdigit():
        base = f"t_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name
