"""Draw a picture with Unicode half blocks: each cell shows two pixels, the upper as the
foreground of `▀` and the lower as its background. Works in every terminal, tmux and SSH
included; no escape sequence beyond colours."""

from __future__ import annotations

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style


class HalfBlock:
    """A Rich renderable of a PIL RGB image, fitted into the width it is given and at most
    `max_rows` lines, its aspect ratio kept."""

    def __init__(self, image, max_rows: int = 24) -> None:
        self.image = image
        self.max_rows = max_rows

    def _size(self, max_width: int) -> tuple[int, int]:
        width, height = self.image.size
        cols = max(1, min(max_width, width))
        rows = max(1, round(height * cols / width / 2))
        if rows > self.max_rows:
            rows = self.max_rows
            cols = max(1, min(max_width, round(width * rows * 2 / height)))
        return cols, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        cols, rows = self._size(options.max_width)
        pixels = self.image.resize((cols, rows * 2)).load()
        for y in range(rows):
            for x in range(cols):
                top = pixels[x, 2 * y]
                bottom = pixels[x, 2 * y + 1]
                yield Segment("▀", Style(color=Color.from_rgb(*top[:3]),
                                         bgcolor=Color.from_rgb(*bottom[:3])))  # fmt: skip
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions):
        from rich.measure import Measurement

        cols, _ = self._size(options.max_width)
        return Measurement(cols, cols)
