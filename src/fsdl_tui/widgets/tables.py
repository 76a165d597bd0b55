"""Fill a small DataTable with columns sized to their content.

DataTable sizes auto-width columns on idle; rows that arrive before the first paint can then
stay painted at header width. Small tables (file lists, schemas, the catalog) are refilled
whole with explicit widths instead. A cell cut to its column's width ends in `…`; a list that
fits its width (`flex`) is filled again when it is resized.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable

from ..formatting import plain
from .detail_line import DetailLine
from .edge_marks import hidden_sides, mark_edges

FLEX_MIN = 16  # the flexible column narrows to this before the others give way
COLUMN_MIN = 6  # then the widest columns narrow, each down to this


@dataclass(frozen=True)
class _Filling:
    """What a RowList was last filled with: filled again at a new width."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Text]]
    keys: Sequence[str] | None
    max_widths: Sequence[int] | None
    flex: int | None
    widths: Sequence[int]


# how much of a long text a list keeps: more than any column shows (so a cut is marked with …),
# bounded (a cell may hold megabytes)
TEXT_KEPT = 500


class RowList(DataTable[Text]):
    """A DataTable whose keys mean what they mean in the result grid (Home/End: first/last row;
    Ctrl+←/→: first/last column), and that shows the highlighted row's cut cells whole in its
    border's subtitle — and says so in a `CutCells` message, for a list without a border (its
    screen shows them in a `CutCellsLine`)."""

    class CutCells(Message):
        """The highlighted row's cut cells, whole ("" when none is cut)."""

        def __init__(self, row_list: RowList, text: str) -> None:
            super().__init__()
            self.row_list = row_list
            self.text = text

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
        Binding("ctrl+left", "scroll_home", "First column", show=False),
        Binding("ctrl+right", "scroll_end", "Last column", show=False),
    ]

    filling: _Filling | None = None

    def clear(self, columns: bool = False) -> RowList:
        self.filling = None  # emptied: nothing to fill again on resize
        self.border_subtitle = ""
        super().clear(columns)
        return self

    def on_focus(self) -> None:
        """A list focused says its highlighted row's cut cells (the line under lists without
        a border shows the focused one's)."""
        self._show_cut_cells(self.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Not stopped: the pane holding the list hears the highlight after the list."""
        self._show_cut_cells(event.cursor_row)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """A list with a cell cursor (metrics, experiments) says the same of its row."""
        self._show_cut_cells(event.coordinate.row)

    def _show_cut_cells(self, index: int) -> None:
        filling = self.filling
        if filling is None or not 0 <= index < len(filling.rows):
            self.border_subtitle = ""
            self.post_message(self.CutCells(self, ""))
            return
        row = filling.rows[index]
        cut = [cell.plain for cell, width in zip(row, filling.widths, strict=True)
               if cell_len(cell.plain) > width]  # fmt: skip
        text = " · ".join(cut)
        self.border_subtitle = plain(text) if cut else ""
        self.post_message(self.CutCells(self, text))

    def watch_virtual_size(self) -> None:
        """Rows filled in are measured a moment later: their lines' edge marks are drawn
        again then (a table painted before it was measured showed no `…`)."""
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """A line with `…` at an edge past which its text goes on: columns scrolled out of
        sight (or not yet in sight) are not silently gone."""
        strip = super().render_line(y)
        filling = self.filling
        if filling is None or self.max_scroll_x <= 0:
            return strip
        if self.show_header and y == 0:
            cells = [plain(header) for header in filling.headers]
        else:
            index = y - (1 if self.show_header else 0) + int(self.scroll_y)
            if not 0 <= index < len(filling.rows):
                return strip
            cells = list(filling.rows[index])
        # the line is drawn under the vertical scrollbar too: the view ends where it begins
        view = min(strip.cell_length, self.scrollable_content_region.width)
        left = int(self.scroll_x)
        spans = self._text_spans(cells, filling.widths)
        past_left, past_right = hidden_sides(spans, left, left + view)
        if not (past_left or past_right):
            return strip
        marked = mark_edges(strip.crop(0, view), past_left, past_right, view)
        return Strip.join([marked, strip.crop(view, strip.cell_length)])

    def _text_spans(self, cells: Sequence[Text], widths: Sequence[int]) -> list[tuple[int, int]]:
        """Where each cell's text lies across the whole (unscrolled) line."""
        spans, x, pad = [], 0, self.cell_padding
        for cell, width in zip(cells, widths, strict=True):
            shown = min(cell_len(cell.plain.rstrip()), width)
            start = x + pad + (width - shown if cell.justify == "right" else 0)
            spans.append((start, start + shown))
            x += width + 2 * pad
        return spans

    def on_resize(self) -> None:
        filling = self.filling
        if filling is None or filling.flex is None:
            return
        row = self.cursor_row
        fill_table(self, filling.headers, filling.rows, keys=filling.keys,
                   max_widths=filling.max_widths, flex=filling.flex)  # fmt: skip
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)


class CutCellsLine(DetailLine):
    """Under lists without a border: the focused list's highlighted row's cut cells, whole
    (hidden when none is cut). Its screen passes it each list's `RowList.CutCells`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(lines=8, **kwargs)

    def show_cut(self, event: RowList.CutCells) -> None:
        if event.row_list.has_focus:  # other lists' highlights are not what the user reads
            self.show(f"whole: {event.text}" if event.text else "")


def fill_table(
    table: DataTable[Text],
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    *,
    keys: Sequence[str] | None = None,
    max_widths: Sequence[int] | None = None,
    flex: int | None = None,
) -> None:
    """Replace every column and row of `table`, cells cut to their column with `…`. With `flex`
    the columns fit the table's width: that column narrows first, then the widest ones."""
    table.clear(columns=True)
    widths = [
        max([cell_len(header)] + [cell_len(row[index].plain) for row in rows])
        for index, header in enumerate(headers)
    ]
    if max_widths is not None:
        widths = [max(1, min(width, cap)) for width, cap in zip(widths, max_widths, strict=True)]
    region = table.scrollable_content_region
    room = region.width - 2 * table.cell_padding * len(widths)
    if len(rows) + 1 > region.height and not table.show_vertical_scrollbar:
        room -= table.styles.scrollbar_size_vertical  # the scrollbar these rows bring takes it
    if flex is not None and room > 0:
        widths = fitted(widths, room, flex)
    if isinstance(table, RowList):
        table.filling = _Filling(headers, rows, keys, max_widths, flex, widths)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(fit(plain(header), width), key=header, width=width)
    for index, row in enumerate(rows):
        cells = [fit(cell, width) for cell, width in zip(row, widths, strict=True)]
        table.add_row(*cells, key=keys[index] if keys is not None else None)


def fitted(widths: Sequence[int], room: int, flex: int) -> list[int]:
    """`widths` narrowed to add up to `room` where they can: column `flex` down to FLEX_MIN,
    then the widest column by one, again and again, none below COLUMN_MIN."""
    widths = list(widths)
    excess = sum(widths) - room
    if excess > 0:
        give = min(excess, max(0, widths[flex] - FLEX_MIN))
        widths[flex] -= give
        excess -= give
    while excess > 0:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= COLUMN_MIN:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


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
