"""The opened data files, with row count and size; highlighting one selects it."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from ..engine import Source
from ..formatting import human_bytes, human_count, sanitize

MAX_NAME_WIDTH = 28


class FileList(DataTable[Text]):
    """One row per source: view name, rows, size. Unreadable files stay listed, marked.

    Column widths are computed here from the whole (small) list, so a list that arrives before
    the first paint never shows header-wide columns.
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
        rows = [self._cells(source) for source in sources]
        widths = [
            max([cell_len(header)] + [cell_len(row[i].plain) for row in rows])
            for i, header in enumerate(("file", "rows", "size"))
        ]
        self.clear(columns=True)
        self.add_column("file", key="name", width=min(widths[0], MAX_NAME_WIDTH))
        self.add_column("rows", key="rows", width=widths[1])
        self.add_column("size", key="size", width=widths[2])
        for source, cells in zip(sources, rows, strict=True):
            self.add_row(*cells, key=source.name)
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
        if event.row_key.value is not None:
            self.post_message(self.SourceHighlighted(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
