"""A line under a list about its highlighted row, whole but bounded: hidden when there is
nothing to say; text longer than `lines` times the line's width (about that many lines, word
wrap may add one) ends in `…`. Its height follows the text, so nothing is cut unmarked."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from ..formatting import plain


class DetailLine(Static):
    DEFAULT_CSS = """
    DetailLine { height: auto; padding: 0 1; color: $text-muted; }
    DetailLine.-empty { display: none; }
    """

    def __init__(self, lines: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines = lines
        self.add_class("-empty")

    def show(self, text: str, style: str = "") -> None:
        width = self.size.width or self.screen.size.width
        room = max(width - 2, 20) * self.lines  # its padding: one cell each side
        if len(text) > room:
            text = text[: room - 1] + "…"
        self.set_class(not text, "-empty")
        self.update(plain(text, style) if text else "")
