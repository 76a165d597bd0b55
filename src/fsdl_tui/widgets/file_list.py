"""The opened data files, with row count and size; highlighting one selects it."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from ..engine import Source
from ..formatting import human_bytes, human_count, sanitize
from .tables import RowList, fill_table

MAX_NAME_WIDTH = 28


class FileList(RowList):
    """One row per source: view name, rows, size. Unreadable files stay listed, marked.

    Refilled whole on change, with widths from the content (see `fill_table`).
    """

    class SourceHighlighted(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._shown: tuple[Source, ...] | None = None

    def show_sources(self, sources: tuple[Source, ...], selected: str | None) -> None:
        if sources == self._shown:
            return
        self._shown = sources
        fill_table(
            self,
            ("file", "rows", "size"),
            [self._cells(source) for source in sources],
            keys=[source.name for source in sources],
            max_widths=(MAX_NAME_WIDTH, 14, 10),
            flex=0,
        )
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)

    @staticmethod
    def _cells(source: Source) -> tuple[Text, Text, Text]:
        style = "red" if source.error else "yellow" if source.warning else ""
        name = Text(sanitize(source.name) + (" !" if source.warning else ""), style=style)
        if source.error:
            rows = Text("unreadable", style="red")
        else:
            rows = Text(human_count(source.rows), justify="right")
        return name, rows, Text(human_bytes(source.size_bytes), justify="right")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row != self.cursor_row:
            return  # stale: a refill highlighted row 0 before the cursor was moved
        if event.row_key.value is not None:
            self.post_message(self.SourceHighlighted(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
