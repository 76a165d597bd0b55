"""The full value of one cell: untruncated, wrapped, control characters made visible."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..formatting import format_value, plain, sanitize


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


class InspectScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]
    DEFAULT_CSS = """
    InspectScreen { align: center middle; }
    InspectScreen > VerticalScroll {
        width: 90%; height: 80%; border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, column: str, type_name: str, row: int, value: object) -> None:
        super().__init__()
        self.title_text = f"{sanitize(column)} · {type_name} · row {row + 1:,}"
        self.value = value

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = plain(self.title_text)
            text = full_text(self.value)
            box.border_subtitle = f"{len(text):,} characters · Esc closes"
            yield Static(Text(text), id="inspect-value")

    def action_close(self) -> None:
        self.dismiss(None)
