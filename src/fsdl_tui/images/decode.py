"""Decode a picture with Pillow, bounded: the file's size and the pixel count are checked before
any pixel is decoded, and what is kept is a small RGB copy for drawing (larger for terminals that
draw pixels). Runs in a worker."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from .source import ImageRef

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 64_000_000  # a 200-megapixel PNG is refused before it is decoded
DRAW_SIZE = 320  # pixels a side: enough for any terminal's cells at half-block resolution
GRAPHICS_SIZE = 1280  # for terminals that draw pixels (Kitty's protocol, Sixel)


class ImageError(Exception):
    """A picture that cannot be drawn, and why, in a line."""


@dataclass(frozen=True)
class Picture:
    image: object  # a PIL.Image.Image in RGB, at most DRAW_SIZE
    format: str
    width: int
    height: int
    file_bytes: int
    label: str


def _read(ref: ImageRef) -> bytes:
    if ref.problem:
        raise ImageError(ref.problem)
    if ref.data is not None:
        return ref.data
    assert ref.path is not None
    try:
        size = ref.path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImageError(f"{ref.path.name} is {size / 2**20:.0f} MiB: too large to draw here")
        return ref.path.read_bytes()
    except OSError as error:
        raise ImageError(f"Cannot read {ref.path}: {error.strerror or error}") from error


def decode(ref: ImageRef, side: int = DRAW_SIZE) -> Picture:
    """The picture, scaled down to at most `side` pixels a side. Raises ImageError."""
    from PIL import Image, UnidentifiedImageError

    data = _read(ref)
    Image.MAX_IMAGE_PIXELS = None  # the size is checked here, with a plainer message
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as opened:
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise ImageError(f"A {width}×{height} image ({width * height / 1e6:.0f} "
                                 "megapixels) is too large to draw here.")  # fmt: skip
            opened.draft("RGB", (side, side))  # JPEG: decode at a fraction of the size
            image = opened.convert("RGB")
            image.thumbnail((side, side))
            return Picture(image, opened.format or "?", width, height, len(data), ref.label)
    except ImageError:
        raise
    except Image.DecompressionBombError as error:
        raise ImageError(f"Too large to draw here: {error}") from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ImageError(f"Not a picture Pillow can decode: {error}") from error
