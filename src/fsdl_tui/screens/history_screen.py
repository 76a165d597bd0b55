"""The query history, newest first, filtered as you type: Enter runs a query again, Ctrl+E
puts it in the editor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input

from ..formatting import sanitize
from ..key_order import after_typed_keys
from ..query_history import HistoryEntry
from ..widgets.detail_line import DetailLine
from ..widgets.tables import RowList, fill_table

STATUS_STYLE = {"done": "green", "failed": "red", "cancelled": "yellow"}


def _status(entry: HistoryEntry) -> str:
    """`failed: <its error>`, cut to the column: highlighted, the row shows it whole below."""
    lines = entry.error.strip().splitlines()
    return f"{entry.status}: {sanitize(lines[0])}" if lines else entry.status


class HistoryScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ("run" | "edit", sql), or None."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "choose('run')", "Run again", priority=True),
        Binding("ctrl+e", "choose('edit')", "To the editor", priority=True),
    ]
    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen > Vertical {
        width: 95%; height: 85%; border: round $accent; background: $surface;
    }
    HistoryScreen DataTable { height: 1fr; }
    """

    def __init__(self, entries: tuple[HistoryEntry, ...]) -> None:
        super().__init__()
        self.entries = tuple(reversed(entries))  # newest first
        self.shown: tuple[HistoryEntry, ...] = ()
        self._filtered = ""  # the filter `shown` is for

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Query history"
            box.border_subtitle = "Enter runs again · Ctrl+E edits · Esc closes"
            yield Input(placeholder="Filter: words in the SQL", id="history-filter")
            yield RowList(cursor_type="row", id="history-table")
            yield DetailLine(lines=3, id="history-detail")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    def _show(self, text: str) -> None:
        self._filtered = text
        words = text.lower().split()
        self.shown = tuple(e for e in self.entries if all(w in e.sql.lower() for w in words))
        rows = [
            (
                Text(e.ran_at[:19].replace("T", " ")),
                Text(_status(e), style=STATUS_STYLE.get(e.status, "")),
                Text(f"{e.rows:,}" if e.rows is not None else "", justify="right"),
                Text(sanitize(" ".join(e.sql.split()))),
            )
            for e in self.shown
        ]
        fill_table(self.query_one(DataTable), ("when (UTC)", "status", "rows", "sql"), rows,
                   max_widths=(19, 9, 12, 200), flex=3)  # fmt: skip

    @on(DataTable.RowHighlighted, "#history-table")
    def _detail(self, event: DataTable.RowHighlighted) -> None:
        """Under the list, whole but for a bound: the highlighted query's error when it failed,
        else its SQL (the list's columns cut both)."""
        row = event.cursor_row
        entry = self.shown[row] if 0 <= row < len(self.shown) else None
        detail = self.query_one(DetailLine)
        if entry is None:
            detail.show("")
            return
        text = entry.error.strip() or " ".join(entry.sql.split())
        detail.show(text, "red" if entry.error else "")

    @on(Input.Changed, "#history-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def on_key(self, event) -> None:
        if event.key in ("up", "down"):
            table = self.query_one(DataTable)
            table.action_cursor_down() if event.key == "down" else table.action_cursor_up()
            event.stop()
            event.prevent_default()

    def action_choose(self, mode: str) -> None:
        """The highlighted entry once the filter has every key typed before Enter (typed fast,
        the unfiltered newest entry ran)."""
        after_typed_keys(self.app, self._choose, mode)

    def _choose(self, mode: str) -> None:
        typed = self.query_one(Input).value
        if typed != self._filtered:  # its Changed message has not come yet
            self._show(typed)
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.shown):
            self.dismiss((mode, self.shown[row].sql))

    def action_close(self) -> None:
        self.dismiss(None)
