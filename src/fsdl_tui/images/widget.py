"""The widget that draws a decoded picture in the mode in force (see `terminal.py`)."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static

from .decode import Picture
from .halfblock import HalfBlock


def picture_widget(picture: Picture, mode: str, rows: int, **attrs) -> Widget:
    """`picture` at most `rows` lines tall, its aspect kept; `attrs` go to the widget (id, …)."""
    if mode == "kitty":
        from textual_image.widget import TGPImage

        widget: Widget = TGPImage(picture.image, **attrs)
    elif mode == "sixel":
        from textual_image.widget import SixelImage

        widget = SixelImage(picture.image, **attrs)
    else:
        return Static(HalfBlock(picture.image, max_rows=rows), **attrs)
    widget.styles.height = rows
    widget.styles.width = "auto"
    return widget
