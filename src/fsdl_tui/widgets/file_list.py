"""The opened datasets, with row count and size; highlighting one selects it. A dataset of
several files (shards, partitions, a Hugging Face dataset) is one row; Enter shows its files."""

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

    Refilled whole on change, with widths from the content (see `fill_table`). A dataset's
    files, when shown, are rows below it keyed `name/index`; highlighting one selects the
    dataset.
    """

    class SourceHighlighted(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._shown: tuple[Source, ...] | None = None
        self._expanded: set[str] = set()

    def show_sources(
        self, sources: tuple[Source, ...], selected: str | None, *, force: bool = False
    ) -> None:
        if sources == self._shown and not force:
            return
        self._shown = sources
        rows: list[tuple[Text, Text, Text]] = []
        keys: list[str] = []
        for source in sources:
            rows.append(self._cells(source))
            keys.append(source.name)
            if source.name in self._expanded:
                for index, (path, size) in enumerate(_members(source)):
                    rows.append(_member_cells(source, path, size))
                    keys.append(f"{source.name}/{index}")
        fill_table(self, ("file", "rows", "size"), rows, keys=keys,
                   max_widths=(MAX_NAME_WIDTH, 14, 10), flex=0)  # fmt: skip
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)

    def _cells(self, source: Source) -> tuple[Text, Text, Text]:
        style = "red" if source.error else "yellow" if source.warning else ""
        name = Text(sanitize(source.name) + (" !" if source.warning else ""), style=style)
        if len(source.paths) > 1:
            mark = "▾" if source.name in self._expanded else "▸"
            name.append(f" {mark}{len(source.paths)}", style="dim")
        elif source.version is not None:
            name.append(f" v{source.version}", style="dim")
        if source.error:
            rows = Text("unreadable", style="red")
        else:
            rows = Text(human_count(source.rows), justify="right")
        return name, rows, Text(human_bytes(source.size_bytes), justify="right")

    def toggle_files(self, name: str) -> None:
        """Show or hide the files of dataset `name` below its row."""
        source = next((s for s in self._shown or () if s.name == name), None)
        if source is None or len(source.paths) < 2:
            return
        self._expanded.symmetric_difference_update({name})
        self.show_sources(self._shown or (), name, force=True)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row != self.cursor_row:
            return  # stale: a refill highlighted row 0 before the cursor was moved
        if event.row_key.value is not None:  # a file's row selects its dataset
            self.post_message(self.SourceHighlighted(event.row_key.value.split("/", 1)[0]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.toggle_files(event.row_key.value.split("/", 1)[0])


def _members(source: Source) -> list[tuple[str, int | None]]:
    sizes = source.file_sizes if len(source.file_sizes) == len(source.paths) else ()
    return [(path, sizes[i] if sizes else None) for i, path in enumerate(source.paths)]


def _member_cells(source: Source, path: str, size: int | None) -> tuple[Text, Text, Text]:
    """A file of a dataset: its path below the dataset's folder, indented."""
    inner = path[len(source.path) :].lstrip("/") if path.startswith(source.path) else path
    name = Text("  " + sanitize(inner), style="dim")
    return name, Text(""), Text(human_bytes(size) if size is not None else "", justify="right")
