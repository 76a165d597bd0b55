"""Fill a small DataTable with columns sized to their content.

DataTable sizes auto-width columns on idle; rows that arrive before the first paint can then
stay painted at header width. Small tables (file lists, schemas, the catalog) are refilled
whole with explicit widths instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from ..formatting import plain


def fill_table(
    table: DataTable[Text],
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    *,
    keys: Sequence[str] | None = None,
    max_widths: Sequence[int] | None = None,
) -> None:
    """Replace every column and row of `table`."""
    table.clear(columns=True)
    for index, header in enumerate(headers):
        width = max([cell_len(header)] + [cell_len(row[index].plain) for row in rows])
        if max_widths is not None:
            width = min(width, max_widths[index])
        table.add_column(plain(header), key=header, width=width)
    for index, row in enumerate(rows):
        table.add_row(*row, key=keys[index] if keys is not None else None)


def is_current(event: DataTable.RowHighlighted) -> bool:
    """Whether a highlight event is about the row under the table's cursor now: a refill
    posts highlights of rows that the next refill replaces (same index, another row)."""
    table = event.data_table
    if event.cursor_row != table.cursor_row or not table.row_count:
        return False
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key == event.row_key
