"""Where a cell's picture is: PNG/JPEG/GIF/WebP/BMP bytes in a BLOB, a Hugging Face `Image`
feature (a struct of `bytes` and `path`), or a path — absolute, or relative to the opened data's
folders or the current directory. Nothing is read here but the magic bytes already in hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00",
         b"MM\x00*")  # fmt: skip


@dataclass(frozen=True)
class ImageRef:
    data: bytes | None = None  # the encoded image itself
    path: Path | None = None  # or a file holding it
    label: str = ""  # what the caption says it came from


def is_image_bytes(data: bytes) -> bool:
    return data.startswith(MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _path(text: str, base_dirs: tuple[Path, ...]) -> Path | None:
    if not text.lower().endswith(IMAGE_SUFFIXES) or "\n" in text or len(text) > 4096:
        return None
    candidate = Path(text).expanduser()
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for base in (*base_dirs, Path.cwd()):
        found = base / candidate
        if found.is_file():
            return found
    return None


def find_image(value: object, base_dirs: tuple[Path, ...] = ()) -> ImageRef | None:
    """The picture `value` holds or names, or None."""
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return ImageRef(data=data, label="bytes in the cell") if is_image_bytes(data) else None
    if isinstance(value, dict):  # a Hugging Face Image feature: {bytes, path}
        data = value.get("bytes")
        if isinstance(data, bytes | bytearray) and is_image_bytes(bytes(data)):
            name = value.get("path")
            return ImageRef(data=bytes(data), label=str(name) if name else "bytes in the struct")
        name = value.get("path")
        return find_image(name, base_dirs) if isinstance(name, str) else None
    if isinstance(value, str):
        found = _path(value.strip(), base_dirs)
        return ImageRef(path=found, label=str(found)) if found is not None else None
    return None
