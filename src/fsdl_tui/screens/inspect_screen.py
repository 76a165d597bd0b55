"""The full value of one cell: untruncated, wrapped, control characters made visible."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..formatting import format_value, human_bytes, plain, sanitize
from ..images.decode import Picture
from ..images.widget import picture_widget

# What the inspector lays out: a 300 MB cell would take Rich minutes and gigabytes to wrap
MAX_INSPECT_CHARS = 1_000_000


def full_text(value: object) -> str:
    """Nested values as indented JSON, everything else as the grid shows it, but whole."""
    if isinstance(value, dict | list):
        try:
            return sanitize(json.dumps(value, indent=2, default=str, ensure_ascii=False)).replace(
                "↵", "\n"
            )
        except (TypeError, ValueError):
            pass
    return format_value(value)


def inspect_text(value: object, limit: int = MAX_INSPECT_CHARS) -> tuple[str, int]:
    """The text the inspector shows, at most `limit` characters, and the whole value's length
    in characters. Runs in a worker: a huge string is cut before it is formatted."""
    if isinstance(value, str) and len(value) > limit:
        return format_value(value[:limit]), len(value)
    text = full_text(value)
    return text[:limit], len(text)


class InspectScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]
    DEFAULT_CSS = """
    InspectScreen { align: center middle; }
    InspectScreen > VerticalScroll {
        width: 90%; height: 80%; border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(
        self, column: str, type_name: str, row: int, text: str, total_chars: int,
        picture: Picture | None = None, image_error: str = "", picture_mode: str = "halfblock",
    ) -> None:  # fmt: skip
        """`text` is what `inspect_text` gives (made in a worker), `total_chars` the whole
        value's length; `picture` the image the cell holds or names, decoded (or why not),
        drawn in `picture_mode` (images/terminal.py)."""
        super().__init__()
        self.title_text = f"{sanitize(column)} · {type_name} · row {row + 1:,}"
        self.text, self.total_chars = text, total_chars
        self.picture, self.image_error = picture, image_error
        self.picture_mode = picture_mode

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = plain(self.title_text)
            box.border_subtitle = f"{self.total_chars:,} characters · Esc closes"
            picture = self.picture
            if picture is not None:
                rows = max(4, self.app.size.height * 6 // 10 - 4)
                yield picture_widget(picture, self.picture_mode, rows, id="inspect-image")
                caption = (f"{picture.format} · {picture.width}×{picture.height} · "
                           f"{human_bytes(picture.file_bytes)} · {picture.label}")  # fmt: skip
                yield Static(Text(sanitize(caption), style="dim"), id="inspect-caption")
            elif self.image_error:
                yield Static(Text(sanitize(self.image_error), style="yellow"), id="inspect-caption")
            text = Text(self.text)
            more = self.total_chars - len(self.text)
            if more > 0:
                text.append(f"\n… {more:,} more characters not shown: export the result "
                            "(Ctrl+S) to read the whole value", style="bold")  # fmt: skip
            yield Static(text, id="inspect-value")

    def action_close(self) -> None:
        self.dismiss(None)
