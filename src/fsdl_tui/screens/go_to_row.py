"""A small dialog asking which row to go to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


def parse_row_target(text: str, row_count: int) -> int | None:
    """A 1-based row number from "1234", "1,234", "-1" (from the end), "50%", or "end"."""
    cleaned = text.strip().lower().replace(",", "").replace("_", "")
    if not cleaned or row_count <= 0:
        return None
    if cleaned in ("end", "last", "$"):
        return row_count
    try:
        if cleaned.endswith("%"):
            share = float(cleaned[:-1])
            row = max(1, round(row_count * share / 100))
        else:
            row = int(cleaned)
            if row < 0:
                row = row_count + 1 + row
    except ValueError:
        return None
    return max(1, min(row, row_count))


class GoToRowScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]
    DEFAULT_CSS = """
    GoToRowScreen { align: center middle; }
    GoToRowScreen > Vertical {
        width: 50; height: auto; padding: 1 2; border: round $accent; background: $surface;
    }
    GoToRowScreen Label { color: $text-muted; }
    """

    def __init__(self, row_count: int) -> None:
        super().__init__()
        self.row_count = row_count

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Go to row (1 – {self.row_count:,}; -1 = last; 50% = middle)")
            yield Input(placeholder="row number", id="row-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        row = parse_row_target(event.value, self.row_count)
        if row is None:
            self.notify(f"Not a row number: {event.value!r}", severity="warning")
            return
        self.dismiss(row)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
