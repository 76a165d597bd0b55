"""The columns and types of the selected source, or why it could not be read."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..engine import Source
from ..formatting import sanitize


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
        yield DataTable(cursor_type="row", id="schema-table")

    def show_source(self, source: Source | None) -> None:
        if source == self._source:
            return
        self._source = source
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.border_title = f"Schema · {sanitize(source.name)}" if source else "Schema"
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
        names = [Text(sanitize(column.name)) for column in source.columns]
        types = [Text(column.type, style="italic") for column in source.columns]
        # explicit widths: the list may arrive before the first paint (see FileList)
        table.add_column("column", width=max([6] + [cell_len(n.plain) for n in names]))
        table.add_column("type", width=max([4] + [cell_len(t.plain) for t in types]))
        for name, kind in zip(names, types, strict=True):
            table.add_row(name, kind)
