"""Where a cell's picture is: PNG/JPEG/GIF/WebP/BMP bytes in a BLOB, a Hugging Face `Image`
feature (a struct of `bytes` and `path`), or a path — absolute, or relative to the opened data's
folders or the current directory, or inside a DVC repository at the version the data came from
(see `versions.py`). Nothing is read here but the magic bytes already in hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..formatting import is_text_type

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00",
         b"MM\x00*")  # fmt: skip


@dataclass(frozen=True)
class ImageRef:
    data: bytes | None = None  # the encoded image itself
    path: Path | None = None  # or a file holding it
    label: str = ""  # what the caption says it came from
    problem: str = ""  # why the picture it names cannot be had (e.g. not in the DVC cache)


_BINARY_TYPES = ("BLOB", "BYTEA", "BINARY", "VARBINARY")
_PATH_NAMES = ("image", "img", "picture", "photo", "path", "file", "thumb", "url", "uri")


def picture_column(names: list[str], types: list[str], cursor: int) -> int | None:
    """The column a gallery shows: the cursor's when it holds bytes or an `Image` struct, or is
    text named like a path; else the first such column (bytes first); else the cursor's if it is
    text (it may hold paths); None when no column can hold a picture."""

    def kind(type_name: str) -> str:
        upper = type_name.upper()
        if upper.startswith(_BINARY_TYPES):
            return "bytes"
        if upper.startswith("STRUCT") and ("BYTES" in upper or "PATH" in upper):
            return "bytes"
        return "text" if is_text_type(type_name) else ""

    kinds = [kind(t) for t in types]
    paths = [k == "text" and any(hint in n.lower() for hint in _PATH_NAMES)
             for n, k in zip(names, kinds, strict=True)]  # fmt: skip
    here = 0 <= cursor < len(kinds)
    if here and (kinds[cursor] == "bytes" or paths[cursor]):
        return cursor
    if "bytes" in kinds:
        return kinds.index("bytes")
    if True in paths:
        return paths.index(True)
    return cursor if here and kinds[cursor] == "text" else None


def is_image_bytes(data: bytes) -> bool:
    return data.startswith(MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def looks_like_image_path(text: str) -> bool:
    return text.lower().endswith(IMAGE_SUFFIXES) and "\n" not in text and len(text) <= 4096


def _path(text: str, base_dirs: tuple[Path, ...]) -> Path | None:
    if not looks_like_image_path(text):
        return None
    candidate = Path(text).expanduser()
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for base in (*base_dirs, Path.cwd()):
        found = base / candidate
        if found.is_file():
            return found
    return None


def find_image(
    value: object, base_dirs: tuple[Path, ...] = (),
    at_version: Callable[[str], ImageRef | None] | None = None,
) -> ImageRef | None:  # fmt: skip
    """The picture `value` holds or names, or None. A relative path is looked up first by
    `at_version` (the file at the DVC version the data came from), then on disk."""
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return ImageRef(data=data, label="bytes in the cell") if is_image_bytes(data) else None
    if isinstance(value, dict):  # a Hugging Face Image feature: {bytes, path}
        data = value.get("bytes")
        if isinstance(data, bytes | bytearray) and is_image_bytes(bytes(data)):
            name = value.get("path")
            return ImageRef(data=bytes(data), label=str(name) if name else "bytes in the struct")
        name = value.get("path")
        return find_image(name, base_dirs, at_version) if isinstance(name, str) else None
    if isinstance(value, str):
        text = value.strip()
        if at_version is not None and looks_like_image_path(text) and not Path(text).is_absolute():
            versioned = at_version(text)
            if versioned is not None:
                return versioned
        found = _path(text, base_dirs)
        return ImageRef(path=found, label=str(found)) if found is not None else None
    return None
