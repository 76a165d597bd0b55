"""One row as a record: every column's name and whole value, nested values as indented JSON, a
chat (`messages`: a list of {role, content}) as a conversation, long text wrapped. ↑/↓ move
between fields, `y` copies the field's value. Each value is bounded (see `inspect_text`)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..formatting import plain, sanitize
from .inspect_screen import inspect_text

FIELD_CHARS = 20_000  # per field: a record of 1,000 columns of huge cells stays small
ROLE_STYLES = {"user": "bold cyan", "assistant": "bold green", "system": "bold magenta",
               "tool": "bold yellow"}  # fmt: skip


@dataclass(frozen=True)
class RecordField:
    name: str
    type: str
    text: str  # what is shown (bounded)
    total_chars: int
    chat: tuple[tuple[str, str], ...] | None = None  # (role, content) when it is a conversation


def _chat(value: object) -> tuple[tuple[str, str], ...] | None:
    """A list of {role, content} messages, as chat datasets keep them."""
    if not isinstance(value, list) or not value:
        return None
    turns = []
    for message in value:
        if not isinstance(message, dict) or "role" not in message or "content" not in message:
            return None
        content = message["content"]
        text, _ = inspect_text(content, FIELD_CHARS)
        turns.append((str(message["role"]), text))
    return tuple(turns)


def record_fields(names: list[str], types: list[str], values: list[object]) -> list[RecordField]:
    """The fields of a row, formatted (call in a worker)."""
    fields = []
    for name, type_name, value in zip(names, types, values, strict=True):
        text, total = inspect_text(value, FIELD_CHARS)
        fields.append(RecordField(name, type_name, text, total, _chat(value)))
    return fields


class RecordScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,R", "close", "Close", id="record.close"),
        Binding("down,j", "move(1)", "Next field", show=False),
        Binding("up,k", "move(-1)", "Previous field", show=False),
        Binding("y", "copy", "Copy value", id="record.copy"),
    ]
    DEFAULT_CSS = """
    RecordScreen { align: center middle; }
    RecordScreen > VerticalScroll {
        width: 90%; height: 85%; border: round $accent; background: $surface; padding: 0 1;
    }
    RecordScreen .field { padding: 0 0 1 0; }
    RecordScreen .field.-selected { background: $boost; }
    """

    def __init__(self, row: int, fields: list[RecordField]) -> None:
        super().__init__()
        self.row, self.fields, self.selected = row, fields, 0

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = plain(f"Row {self.row + 1:,} · {len(self.fields)} columns")
            box.border_subtitle = "↑↓ field · y copies · Esc closes"
            for index, field in enumerate(self.fields):
                yield Static(self._field_view(field), classes="field", id=f"field-{index}")

    @staticmethod
    def _field_view(field: RecordField) -> Group:
        head = Text()
        head.append(sanitize(field.name), style="bold")
        head.append(f"  {field.type}", style="dim")
        if field.chat is not None:
            parts = [head]
            for role, content in field.chat:
                turn = Text()
                turn.append(f"{sanitize(role)}: ", style=ROLE_STYLES.get(role, "bold"))
                turn.append(content)
                parts.append(turn)
            return Group(*parts)
        body = Text(field.text)
        more = field.total_chars - len(field.text)
        if more > 0:
            body.append(f"\n… {more:,} more characters (Enter on the cell in the grid)",
                        style="dim")  # fmt: skip
        return Group(head, body)

    def on_mount(self) -> None:
        self._select(0)

    def _select(self, index: int) -> None:
        if not self.fields:
            return
        self.query_one(f"#field-{self.selected}").remove_class("-selected")
        self.selected = max(0, min(index, len(self.fields) - 1))
        widget = self.query_one(f"#field-{self.selected}")
        widget.add_class("-selected")
        self.query_one(VerticalScroll).scroll_to_widget(widget, animate=False)

    def action_move(self, step: int) -> None:
        self._select(self.selected + step)

    def action_copy(self) -> None:
        if self.fields:
            field = self.fields[self.selected]
            self.app.copy_to_clipboard(field.text)
            self.notify(f"Copied {field.name} ({len(field.text):,} characters).")

    def action_close(self) -> None:
        self.dismiss(None)
