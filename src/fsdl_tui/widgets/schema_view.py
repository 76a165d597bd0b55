"""The columns and types of the selected source, or why it could not be read."""

from __future__ import annotations

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
        self.border_subtitle = ""
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
        rows = [
            (Text(sanitize(column.name)), Text(sanitize(column.type), style="italic"))
            for column in source.columns
        ]
        # fitted to the pane (30 columns at 80×24): cut names and types are marked with `…`
        fill_table(table, ("column", "type"), rows, max_widths=(40, 40), flex=0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """When the list cut the highlighted column's name or type (it says so in its own
        subtitle, which has no border to show in), the whole `name: TYPE` under the schema."""
        columns = self._source.columns if self._source is not None else ()
        whole = ""
        if event.data_table.border_subtitle and 0 <= event.cursor_row < len(columns):
            column = columns[event.cursor_row]
            whole = f"{column.name}: {column.type}"
        self.border_subtitle = plain(whole)
