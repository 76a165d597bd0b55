"""The columns and types of the selected source, or why it could not be read."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..engine import Source
from ..formatting import plain, sanitize
from .tables import RowList, fill_table


class SchemaView(Vertical):
    DEFAULT_CSS = """
    SchemaView > #schema-error { color: $error; padding: 0 1; display: none; }
    SchemaView > #schema-warning { color: $warning; padding: 0 1; display: none; }
    SchemaView.-warning > #schema-warning { display: block; }
    SchemaView.-error > #schema-error { display: block; }
    SchemaView.-error > DataTable { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source: Source | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="schema-error")
        yield Static(id="schema-warning")
        yield RowList(cursor_type="row", id="schema-table")

    def show_source(self, source: Source | None) -> None:
        if source == self._source:
            return
        self._source = source
        table = self.query_one(DataTable)
        table.clear()
        self.border_title = plain(f"Schema · {source.name}") if source else "Schema"
        self.set_class(bool(source and source.error), "-error")
        self.set_class(bool(source and source.warning), "-warning")
        if source is not None and source.warning:
            self.query_one("#schema-warning", Static).update(Text(sanitize(source.warning)))
        if source is None:
            return
        if source.error:
            message = f"Cannot read {sanitize(source.path)}:\n\n{sanitize(source.error)}"
            self.query_one("#schema-error", Static).update(Text(message))
            return
        self._fill()

    def on_resize(self) -> None:
        if self._source is not None and not self._source.error:
            self._fill()

    def _fill(self) -> None:
        """The columns and types, cut with `…` to the pane's width (the type keeps the room it
        needs first: `TIMESTAMP WITH TIME ZONE` says more than the rest of a long name)."""
        assert self._source is not None
        columns = self._source.columns
        names = [sanitize(column.name) for column in columns]
        types = [sanitize(column.type) for column in columns]
        room = max(16, self.content_size.width - 4 - 2)  # cell padding; a scrollbar
        type_width = min(max(map(len, types), default=4), max(8, room - 12))
        name_width = max(8, room - type_width)
        rows = [
            (Text(name), Text(type_, style="italic"))
            for name, type_ in zip(names, types, strict=True)
        ]
        fill_table(self.query_one(DataTable), ("column", "type"), rows,
                   max_widths=(name_width, type_width))  # fmt: skip
        self._show_whole(self.query_one(DataTable).cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_whole(event.cursor_row)

    def _show_whole(self, row: int) -> None:
        """The highlighted column's whole name and type under the table when they are cut."""
        columns = self._source.columns if self._source is not None else ()
        table = self.query_one(DataTable)
        whole = ""
        if 0 <= row < len(columns) and table.columns:
            name_width, type_width = (column.width for column in table.columns.values())
            name, type_ = sanitize(columns[row].name), sanitize(columns[row].type)
            if cell_len(name) > name_width or cell_len(type_) > type_width:
                whole = plain(f"{name}: {type_}")
        self.border_subtitle = whole
