"""Fill a small DataTable with columns sized to their content.

DataTable sizes auto-width columns on idle; rows that arrive before the first paint can then
stay painted at header width. Small tables (file lists, schemas, the catalog) are refilled
whole with explicit widths instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ..formatting import plain

FLEX_MIN = 16


class RowList(DataTable[Text]):
    """A DataTable whose keys mean what they mean in the result grid: Home/End go to the
    first/last row, Ctrl+←/→ to the first/last column (DataTable's Home/End scroll sideways)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
        Binding("ctrl+left", "scroll_home", "First column", show=False),
        Binding("ctrl+right", "scroll_end", "Last column", show=False),
    ]

    # what fill_table last filled it with, when a column narrows to fit: filled again on resize
    refit: tuple | None = None
    # the rows' whole texts and the column widths: a cut cell of the highlighted row is shown
    # whole under the list (in its border's subtitle)
    whole_rows: Sequence[Sequence[str]] = ()
    widths: Sequence[int] = ()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.whole_rows[event.cursor_row] if event.cursor_row < len(self.whole_rows) else ()
        cut = [text for text, width in zip(row, self.widths, strict=False)
               if cell_len(text) > width]  # fmt: skip
        self.border_subtitle = plain(" · ".join(cut)) if cut else ""

    def on_resize(self) -> None:
        if self.refit is None:
            return
        row = self.cursor_row
        fill_table(self, *self.refit[0], **self.refit[1])
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)


def fill_table(
    table: DataTable[Text],
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    *,
    keys: Sequence[str] | None = None,
    max_widths: Sequence[int] | None = None,
    flex: int | None = None,
) -> None:
    """Replace every column and row of `table`. A cell cut to its column's width ends in `…`.
    `flex`: the column that narrows (down to FLEX_MIN) so that all fit the table's width."""
    table.clear(columns=True)
    if isinstance(table, RowList):
        table.refit = None if flex is None else (
            (headers, rows), {"keys": keys, "max_widths": max_widths, "flex": flex})  # fmt: skip
    widths = []
    for index, header in enumerate(headers):
        width = max([cell_len(header)] + [cell_len(row[index].plain) for row in rows])
        if max_widths is not None:
            width = max(1, min(width, max_widths[index]))
        widths.append(width)
    room = table.scrollable_content_region.width - 2 * table.cell_padding * len(widths)
    if flex is not None and room > 0 and sum(widths) > room:
        widths[flex] = max(min(FLEX_MIN, widths[flex]), widths[flex] - (sum(widths) - room))
    for header, width in zip(headers, widths, strict=True):
        table.add_column(plain(header), key=header, width=width)
    if isinstance(table, RowList):
        table.whole_rows = [[cell.plain for cell in row] for row in rows]
        table.widths = widths
    for index, row in enumerate(rows):
        cells = [fit(cell, width) for cell, width in zip(row, widths, strict=True)]
        table.add_row(*cells, key=keys[index] if keys is not None else None)


def fit(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with a `…` mark, or itself when it fits."""
    if cell_len(text.plain) <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def is_current(event: DataTable.RowHighlighted) -> bool:
    """Whether a highlight event is about the row under the table's cursor now: a refill
    posts highlights of rows that the next refill replaces (same index, another row)."""
    table = event.data_table
    if event.cursor_row != table.cursor_row or not table.row_count:
        return False
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key == event.row_key
