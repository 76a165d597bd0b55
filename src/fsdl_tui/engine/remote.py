"""Object storage and web files: `s3://`, `gs://`, `az://`, `hf://` and `https://` targets.

Listed and read through pyarrow filesystems — S3, GCS and Azure are built into pyarrow, with
credentials from each ecosystem's standard places (AWS env/profile and `AWS_ENDPOINT_URL` for
S3-compatible stores; gcloud ADC; Azure env). `hf://` (huggingface_hub, `HF_TOKEN`) and `https://`
(fsspec's HTTP client) are fsspec filesystems, imported only when such a path is opened.

DuckDB never reaches these: each dataset is a pyarrow dataset registered as a view, so read-only
mode's sandbox still holds — SQL names no path outside what was opened, and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .base import SourceError

# pyarrow is imported when a remote path is opened (13 ms at launch for pyarrow.fs; a local
# Parquet file's head is read before pyarrow is imported at all)
if TYPE_CHECKING:
    import pyarrow.fs as pafs

SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://", re.IGNORECASE)
NATIVE = {"s3": "s3", "s3a": "s3", "gs": "gs", "gcs": "gs", "az": "az", "abfs": "abfs",
          "abfss": "abfss"}  # fmt: skip
FSSPEC = {"hf": "the `remote` extra (huggingface_hub)", "http": "the `remote` extra (aiohttp)",
          "https": "the `remote` extra (aiohttp)"}  # fmt: skip


@dataclass(frozen=True)
class RemoteFile:
    uri: str
    size: int


def scheme_of(target: str) -> str | None:
    """The URL scheme of a remote target (`s3`, `hf`, …), or None for a local path."""
    match = SCHEME.match(target)
    if match is None or match["scheme"].lower() == "file":
        return None
    return match["scheme"].lower()


def is_remote(target: str) -> bool:
    return scheme_of(target) is not None


def split(uri: str) -> tuple[pafs.FileSystem, str, str]:
    """The filesystem of `uri`, the path on it, and the URI prefix that turns a path back into
    a URI (`s3://`)."""
    scheme = scheme_of(uri)
    if scheme is None:
        raise SourceError(f"Not a remote path: {uri}")
    rest = uri[SCHEME.match(uri).end() :]  # type: ignore[union-attr]
    if scheme in NATIVE:
        return _native(scheme, rest.split("/", 1)[0]), rest.rstrip("/"), f"{scheme}://"
    if scheme in FSSPEC:
        return _fsspec(scheme), (uri if scheme.startswith("http") else rest.rstrip("/")), (
            "" if scheme.startswith("http") else f"{scheme}://")  # fmt: skip
    known = ", ".join(f"{s}://" for s in ("s3", "gs", "az", "hf", "https"))
    raise SourceError(f"fsdl-tui opens {known} and local paths — not {scheme}:// ({uri})")


@cache
def _native(scheme: str, bucket: str) -> pafs.FileSystem:
    import pyarrow as pa
    import pyarrow.fs as pafs

    try:
        filesystem, _ = pafs.FileSystem.from_uri(f"{scheme}://{bucket}")
    except (pa.ArrowException, OSError, ValueError) as error:
        raise SourceError(f"Cannot reach {scheme}://{bucket}: {error}") from error
    return filesystem


@cache
def _fsspec(scheme: str) -> pafs.FileSystem:
    try:
        if scheme == "hf":
            from huggingface_hub import HfFileSystem

            spec = HfFileSystem()
        else:
            from fsspec.implementations.http import HTTPFileSystem

            spec = HTTPFileSystem()
    except ImportError as error:
        raise SourceError(f"Reading {scheme}:// paths needs {FSSPEC[scheme]}: "
                          "uv run --extra remote fsdl-tui …") from error  # fmt: skip
    import pyarrow.fs as pafs

    return pafs.PyFileSystem(pafs.FSSpecHandler(spec))


def list_files(target: str, limit: int) -> list[RemoteFile]:
    """The files at `target`: the object itself, or every object below the prefix (at most
    `limit`). Raises SourceError when nothing is there or the store cannot be reached."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    filesystem, path, prefix = split(target)
    try:
        info = filesystem.get_file_info(path)
        if info.type == pafs.FileType.File:
            return [RemoteFile(prefix + info.path, info.size or 0)]
        if info.type == pafs.FileType.NotFound:
            raise SourceError(f"Nothing at {target}")
        selector = pafs.FileSelector(path, recursive=True)
        infos = filesystem.get_file_info(selector)
    except SourceError:
        raise
    except (pa.ArrowException, OSError, ValueError) as error:
        raise SourceError(f"Cannot list {target}: {_first_line(error)}") from error
    files = [
        RemoteFile(prefix + i.path, i.size or 0)
        for i in sorted(infos, key=lambda i: i.path)
        if i.type == pafs.FileType.File
        and not _hidden(PurePosixPath(i.path).relative_to(PurePosixPath(path)).parts)
    ]
    return files[:limit]


def _hidden(parts: tuple[str, ...]) -> bool:
    """Hidden objects and Hadoop-style metadata — but a Delta table's log is kept."""
    return any(p.startswith((".", "_")) and p != "_delta_log" for p in parts)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
