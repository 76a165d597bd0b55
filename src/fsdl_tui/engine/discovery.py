"""Find the datasets under a path, folder or glob, and give each a SQL-friendly view name.

A dataset is what one view reads: a lone file; the shards of one table (files that differ only by
their numbering, `train-00000-of-00004.parquet`, Spark's `part-00000-<uuid>.snappy.parquet`); a
hive-partitioned folder (`year=2024/month=01/…`); a Hugging Face `save_to_disk` folder (each split
of a DatasetDict is one); a Delta table (a folder with `_delta_log/`).
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePath, PurePosixPath

from .base import SourceError

PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
# JSON arrays/objects and JSON lines (one record per line), plain or compressed
JSON_SUFFIXES = tuple(
    base + zip_ for base in (".json", ".jsonl", ".ndjson") for zip_ in ("", ".gz", ".zst")
)
ARROW_SUFFIXES = (".arrow", ".feather", ".ipc")
KIND_NAMES = {
    "parquet": "Parquet", "csv": "CSV", "json": "JSON", "arrow": "Arrow", "delta": "Delta",
}  # fmt: skip
READABLE = "Parquet, CSV/TSV, JSON/JSONL, Arrow/Feather, Hugging Face datasets and Delta tables"
MAX_FILES = 100_000
# Hugging Face `save_to_disk` writes these beside its Arrow files; a DatasetDict adds the first
HF_METADATA = ("dataset_dict.json", "state.json", "dataset_info.json")
_CODEC = re.compile(r"\.(snappy|gzip|gz|zstd|zst|lz4|brotli)$", re.I)
_SHARD_PATTERNS = (
    re.compile(r"^(?P<stem>.*?)[-_.]?\d+[-_]of[-_]\d+$", re.I),  # train-00000-of-00004
    re.compile(r"^(?P<stem>part)-\d+(?:-[0-9a-f-]{36})?(?:-c\d+)?$", re.I),  # Spark, Hadoop
    re.compile(r"^(?P<stem>.*?)[-_.]?\d+$"),  # data_3, shard-0001, 000
)


@dataclass(frozen=True)
class Dataset:
    """Files read as one table."""

    stem: str  # what its view is named after
    kind: str  # "parquet" | "csv" | "json" | "arrow" | "delta"
    root: str  # the file itself, or the folder that holds the files
    files: tuple[str, ...]
    size_bytes: int
    layout: str = "file"  # "file" | "shards" | "hive" | "huggingface" | "delta"
    file_sizes: tuple[int, ...] = ()  # of `files`, when there are several


@dataclass(frozen=True)
class Found:
    datasets: tuple[Dataset, ...]
    skipped: int = 0  # files of kinds fsdl-tui does not read, inside the folders opened
    capped: int = 0  # data files beyond MAX_FILES, not opened


def file_kind(path: PurePath) -> str | None:
    """ "parquet", "csv", "json", "arrow" or None for a file we do not read."""
    return name_kind(path.name)


def name_kind(name: str) -> str | None:
    """`file_kind` of a file's name."""
    name = name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(JSON_SUFFIXES):
        return "json"
    if name.endswith(ARROW_SUFFIXES):
        return "arrow"
    return None


def is_json_lines(path: str) -> bool:
    """A `.jsonl`/`.ndjson` file (plain or compressed): one record per line."""
    name = path.lower().removesuffix(".gz").removesuffix(".zst")
    return name.endswith((".jsonl", ".ndjson"))


def _ignored(name: str) -> bool:
    """Hidden files and folders, and Hadoop-style metadata (`_SUCCESS`, `_common_metadata`)."""
    return name.startswith((".", "_"))


def find(target: str) -> Found:
    """The datasets `target` names: a file, every dataset below a folder, or a glob's matches.

    Hidden folders (`.git`, `.dvc`, …) are skipped. Raises `SourceError` when nothing is there
    or the path cannot be read (a folder without permission, say).
    """
    try:
        return _find(target)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SourceError(f"Cannot read {target}: {reason}") from error


def _find(target: str) -> Found:
    from .remote import is_remote

    if is_remote(target):
        return _find_remote(target)
    if any(ch in target for ch in "*?["):
        matches = sorted(Path(p) for p in glob.glob(target, recursive=True))
        files = [p for p in matches if p.is_file() and file_kind(p)]
        if not files:
            raise SourceError(f"Nothing fsdl-tui reads matches {target!r} (it reads {READABLE}).")
        return Found(_group(list(map(str, files[:MAX_FILES]))),
                     capped=max(0, len(files) - MAX_FILES))  # fmt: skip
    path = Path(target).expanduser()
    if not path.exists():
        raise SourceError(f"No such file or folder: {target}")
    if path.is_file():
        kind = file_kind(path)
        if kind is None:
            raise SourceError(f"fsdl-tui reads {READABLE} — not {target}")
        return Found((_single(path, kind),))
    found = _walk(path.resolve())
    if not found.datasets:
        raise SourceError(f"Nothing fsdl-tui reads under {target} (it reads {READABLE}).")
    return found


def _walk(top: Path) -> Found:
    """Every dataset below `top`: Delta and Hugging Face folders whole, other files grouped."""
    special: list[Dataset] = []
    files: list[str] = []
    skipped = capped = 0
    for folder, dirs, names in os.walk(top, onerror=_raise):
        here = Path(folder)
        if "_delta_log" in dirs:
            special.append(_delta(here))
            dirs.clear()
            continue
        dirs[:] = sorted(d for d in dirs if not _ignored(d))
        names = sorted(n for n in names if not _ignored(n))
        arrows = [n for n in names if n.lower().endswith(".arrow")]
        if arrows and ("state.json" in names or "dataset_info.json" in names):
            special.extend(_huggingface(here, arrows, saved="state.json" in names))
            names = [n for n in names if n not in arrows and n not in HF_METADATA]
        for name in names:
            if name in HF_METADATA and (here / "dataset_dict.json").exists():
                continue
            if name_kind(name) is None:
                skipped += 1
            elif len(files) < MAX_FILES:
                files.append(os.path.join(folder, name))
            else:
                capped += 1
    datasets = sorted((*special, *_group(files)), key=lambda d: (d.root, d.stem))
    return Found(tuple(datasets), skipped, capped)


def _raise(error: OSError) -> None:
    raise error


def _size(path: Path | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _single(path: Path, kind: str) -> Dataset:
    resolved = str(path.resolve())
    return Dataset(_stem(path.name), kind, resolved, (resolved,), _size(path))


def _delta(folder: Path) -> Dataset:
    """A Delta table: the folder is the dataset (its log says which files are current)."""
    resolved = folder.resolve()
    size = sum(_size(p) for p in resolved.rglob("*.parquet"))
    return Dataset(resolved.name or "data", "delta", str(resolved), (str(resolved),), size, "delta")


def _huggingface(folder: Path, arrows: list[str], *, saved: bool) -> list[Dataset]:
    """A `save_to_disk` folder is one dataset named after the folder (a DatasetDict's split
    folders are `train`, `test`, …); a hub cache folder (`<builder>-<split>-00000-of-00002.arrow`
    beside `dataset_info.json`) holds one per split."""
    resolved = folder.resolve()
    splits: dict[str, list[Path]] = {}
    for name in arrows:
        split = resolved.name if saved else shard_stem(name).rsplit("-", 1)[-1]
        splits.setdefault(split or "data", []).append(resolved / name)
    datasets = []
    for split, paths in splits.items():
        sizes = tuple(map(_size, paths))
        datasets.append(Dataset(split, "arrow", str(resolved), tuple(map(str, paths)), sum(sizes),
                                "huggingface", sizes))  # fmt: skip
    return datasets


def _stem(name: str) -> str:
    for suffix in (".gz", ".zst"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _CODEC.sub("", stem)


def _suffix(name: str) -> str:
    return name[len(_stem(name)) :].lower()


def shard_stem(name: str) -> str:
    """The file's stem without its shard numbering: `train-00000-of-00004.parquet` -> `train`."""
    stem = _stem(name)
    for pattern in _SHARD_PATTERNS:
        match = pattern.match(stem)
        if match:
            return match["stem"].rstrip("-_.")
    return stem


def _hive_root(folder: str) -> str | None:
    """The folder above `key=value/` folders that `folder` is (or is in), if any."""
    root = None
    parent, _, name = folder.rpartition("/")
    while "=" in name and name.split("=", 1)[0]:
        root = parent
        parent, _, name = parent.rpartition("/")
    return root


def _group(files: list[str]) -> tuple[Dataset, ...]:
    """Local files grouped (see `group_entries`); a walk's files are below its resolved top
    already, so making them absolute costs no system call per file."""
    return group_entries([(os.path.abspath(p), _size(p)) for p in files])


def group_entries(entries: list[tuple[str, int]], prefix: str = "") -> tuple[Dataset, ...]:
    """Shards of one table (same folder, kind and suffix, stems equal but for the numbering)
    and hive partitions (files under `key=value/` folders of one root) become one dataset.
    `entries` are absolute `/`-separated paths and sizes; `prefix` makes a path a URI again
    (`s3://`). Strings, each folder looked at once: 10,000 files took 0.26 s as Path objects."""
    groups: dict[tuple[str, ...], list[tuple[str, str, int]]] = {}
    hive_roots: dict[str, str | None] = {}
    for path, size in entries:
        folder, _, name = path.rpartition("/")
        kind = name_kind(name) or "csv"
        if folder not in hive_roots:
            hive_roots[folder] = _hive_root(folder)
        hive = hive_roots[folder]
        if hive is not None:
            key = ("hive", hive, kind, _suffix(name))
        else:
            key = ("shards", folder or "/", kind, _suffix(name), shard_stem(name))
        groups.setdefault(key, []).append((path, name, size))
    datasets = []
    for key, members in groups.items():
        layout, folder, kind = key[0], PurePosixPath(key[1]), key[2]
        files = tuple(prefix + path for path, _, _ in members)
        sizes = tuple(size for _, _, size in members)
        if layout == "shards" and len(members) == 1:
            datasets.append(Dataset(_stem(members[0][1]), kind, files[0], files, sizes[0]))
            continue
        stem = folder.name if layout == "hive" else key[4] or folder.name
        datasets.append(Dataset(stem or "data", kind, prefix + str(folder), files, sum(sizes),
                                layout, sizes))  # fmt: skip
    return tuple(datasets)


def _find_remote(target: str) -> Found:
    """Objects below a bucket prefix (or one object), grouped like local files; a prefix
    holding `_delta_log/` is one Delta table."""
    from .remote import list_files

    prefix = target[: target.index("://") + 3]  # paths below are grouped without it
    listed = list_files(target, MAX_FILES)
    deltas = sorted({f.uri.split("/_delta_log/", 1)[0] for f in listed if "/_delta_log/" in f.uri})
    special = []
    for root in deltas:
        size = sum(f.size for f in listed if f.uri.startswith(root + "/"))
        name = PurePosixPath(root).name or "data"
        special.append(Dataset(name, "delta", root, (root,), size, "delta"))
    paths = [PurePosixPath(f.uri[len(prefix) :]) for f in listed]
    saved = {p.parent for p in paths if p.name == "state.json"}  # Hugging Face save_to_disk
    entries, skipped = [], 0
    for file, path in zip(listed, paths, strict=True):
        if any(file.uri.startswith(root + "/") for root in deltas):
            continue
        if (path.parent in saved and path.name in HF_METADATA) or path.name == "dataset_dict.json":
            continue
        if path.parent in saved and path.suffix == ".arrow":
            entries.append((str(path), file.size))  # grouped below: the folder's name, shards
            continue
        if file_kind(path) is None:
            skipped += 1
        else:
            entries.append((str(path), file.size))
    grouped = []
    for dataset in group_entries(entries, prefix):
        folder = PurePosixPath(dataset.files[0][len(prefix) :]).parent
        if dataset.kind == "arrow" and folder in saved:  # named after its folder, as locally
            dataset = replace(dataset, stem=folder.name, root=prefix + str(folder),
                              layout="huggingface")  # fmt: skip
        grouped.append(dataset)
    datasets = (*special, *grouped)
    if not datasets:
        raise SourceError(f"Nothing fsdl-tui reads at {target} (it reads {READABLE}).")
    return Found(tuple(datasets), skipped)


def view_name(stem: str, taken: set[str], keywords: frozenset[str] = frozenset()) -> str:
    """A lower-case identifier from a dataset's stem, unique among `taken` (which it extends);
    one of the engine's `keywords` gets a `_` (`binary.parquet` -> `binary_`), so SQL can name
    it unquoted."""
    base = re.sub(r"[^0-9a-zA-Z_]+", "_", stem).strip("_").lower() or "data"
    if base[0].isdigit():
        base = f"t_{base}"
    if base in keywords:
        base += "_"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name
