"""A virtualised grid over a `PagedResult`: it renders only the visible lines and fetches rows a
block at a time in thread workers, so a 10-million-row result costs what one screen costs.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from ..column_bands import band_columns, band_count, band_of, columns_to_read
from ..engine.base import EngineError
from ..formatting import (
    GRID_CELL_CHARS,
    NULL_TEXT,
    Row,
    format_table,
    is_numeric_type,
    sanitize,
)
from ..screens.go_to_row import parse_row_target
from ..screens.prompt import ask
from .edge_marks import mark_edges
from .prompt_bar import WhenReady

if TYPE_CHECKING:
    from ..engine import PagedResult


BLOCK_ROWS = 128  # the default; the config's page_rows sets it per grid
MAX_CACHED_BLOCKS = 24
HEADER_HEIGHT = 2
MAX_COLUMN_WIDTH = 40
MIN_COLUMN_WIDTH = 3
CELL_PAD = 1  # one space either side of a cell; a separator after it
# A jump to rows not loaded yet (End, Ctrl+G) waits this long for them before it shows their
# placeholders: one repaint instead of two, and none while the rows are being read (on 2 cores
# a repaint during the read made the read twice as slow).
JUMP_WAIT_S = 0.15
# A row number being typed (Ctrl+G) is read once typing pauses this long: one read per pause,
# not one per digit.
READ_AHEAD_WAIT_S = 0.05
# paragraphs shown while there is no result, wrapped to the grid's width
EMPTY_HINT = (
    "No result yet.",
    "Pick a file on the left to see its rows, or write SQL above and run it with Ctrl+Enter or F5.",
)


@dataclass(frozen=True)
class GridColumn:
    name: str
    type: str
    width: int
    numeric: bool


class ResultGrid(ScrollView, can_focus=True):
    """Rows of a result, fetched on demand. Keys move a cell cursor; Home/End jump to the ends."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("left,h", "cursor_left", "Left", show=False),
        Binding("right,l", "cursor_right", "Right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first_row", "First row", show=False, id="grid.first_row"),
        Binding("end", "last_row", "Last row", show=False, id="grid.last_row"),
        Binding("ctrl+left,shift+home", "first_column", "First column", show=False),
        Binding("ctrl+right,shift+end", "last_column", "Last column", show=False),
        # priority (here and for W, C, which ask too): asked as the key arrives, so the keys
        # typed right behind it (a fast typist, a script: Ctrl+G 5 0 Enter) go to the
        # question, not to the grid
        Binding("ctrl+g,colon", "go_to_row", "Go to row", id="grid.go_to_row", priority=True),
        Binding("s", "explore('sort')", "Sort ↑", id="grid.sort_asc"),
        Binding("S", "explore('sort_desc')", "Sort ↓", id="grid.sort_desc"),
        Binding("equals_sign", "explore('keep')", "= value", id="grid.filter_equal"),
        Binding("exclamation_mark", "explore('drop')", "≠ value", id="grid.filter_not_equal"),
        Binding("w", "where", "Where…", id="grid.filter_where", priority=True),
        Binding("F", "explore('frequency')", "Frequency", id="grid.frequency"),
        Binding("minus", "explore('hide')", "Hide col", show=False, id="grid.hide_column"),
        Binding("plus", "explore('show_all')", "Show cols", show=False, id="grid.show_columns"),
        Binding("c", "go_to_column", "Column…", show=False, id="grid.go_to_column", priority=True),
        Binding("underscore", "toggle_width", "Widen column", show=False, id="grid.widen_column"),
        Binding("enter", "explore('inspect')", "Inspect cell", show=False, id="grid.inspect"),
        Binding("R", "explore('record')", "Record", show=False, id="grid.record"),
        Binding("G", "explore('gallery')", "Gallery", show=False, id="grid.gallery"),
        Binding("I", "explore('profile')", "Profile", id="grid.profile"),
        Binding("H", "explore('histogram')", "Histogram", id="grid.histogram"),
        Binding("u", "explore('undo')", "Undo", id="grid.undo"),
        Binding("y", "explore('copy_cell')", "Copy cell", show=False, id="grid.copy_cell"),
        Binding("Y", "explore('copy_row')", "Copy row", show=False, id="grid.copy_row"),
        Binding(
            "C", "explore('copy_column')", "Copy column (page)", show=False, id="grid.copy_column"
        ),
        Binding("P", "explore('copy_page')", "Copy page as CSV", show=False, id="grid.copy_page"),
        Binding(
            "M",
            "explore('copy_page_markdown')",
            "Copy page as Markdown",
            show=False,
            id="grid.copy_page_markdown",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-grid--header",
        "result-grid--type",
        "result-grid--gutter",
        "result-grid--cursor",
        "result-grid--cursor-row",
        "result-grid--null",
        "result-grid--pending",
        "result-grid--separator",
    }

    DEFAULT_CSS = """
    ResultGrid {
        background: $surface;
        & > .result-grid--header { text-style: bold; color: $text; }
        & > .result-grid--type { color: $text-muted; text-style: italic; }
        & > .result-grid--gutter { color: $text-muted; }
        & > .result-grid--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .result-grid--cursor-row { background: $boost; }
        & > .result-grid--null { color: $text-disabled; text-style: italic; }
        & > .result-grid--pending { color: $text-disabled; }
        & > .result-grid--separator { color: $panel-lighten-2; }
        &:blur > .result-grid--cursor { background: $boost; color: $text; text-style: none; }
    }
    """

    # moving the cursor repaints the grid itself (`move_cursor`): not at once, when a jump waits
    cursor_row: reactive[int] = reactive(0, init=False, repaint=False)
    cursor_col: reactive[int] = reactive(0, init=False, repaint=False)

    class BlocksLoaded(Message):
        def __init__(
            self, result: PagedResult, blocks: range, band: int, whole: bool,
            rows: list[list[Row]],
        ) -> None:  # fmt: skip
            super().__init__()
            self.result = result
            self.blocks = blocks
            self.band = band  # the band of columns asked for
            self.whole = whole  # every column came (one band, or an engine that reads all)
            self.rows = rows  # one list per block

    class BlocksFailed(Message):
        def __init__(self, result: PagedResult, blocks: range, band: int, error: str) -> None:
            super().__init__()
            self.result = result
            self.blocks = blocks
            self.band = band
            self.error = error

    class Explore(Message):
        """The user asked for an exploring action on the cell under the cursor."""

        def __init__(self, grid: ResultGrid, action: str, text: str = "") -> None:
            super().__init__()
            self.grid = grid
            self.action = action
            self.text = text  # what the user typed for it (W's condition)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.result: PagedResult | None = None
        self.columns: list[GridColumn] = []
        self.row_count = 0
        self._partial = False  # the result is a running (or cut short) query's first rows
        self._end_pending = False  # End pressed in those: the last row once the rest is in
        # a block's rows at full width; a wide result's are read a band of columns at a time
        self._blocks: OrderedDict[int, list[Row]] = OrderedDict()
        self._bands: dict[int, set[int]] = {}  # the bands read, of each block held
        self._pending: set[tuple[int, int]] = set()  # (block, band) on its way
        self._failed: dict[tuple[int, int], str] = {}
        # what the rows of blocks held but not yet shown need: column index -> cell width
        self._unshown_widths: dict[int, dict[int, int]] = {}
        self.block_rows = BLOCK_ROWS
        self._jump: tuple[int, int] | None = None  # (x, y) a jump waits to scroll to
        self._jump_timer: Timer | None = None
        self._when_shown: list[Callable[[], None]] = []  # to call as the waiting jump ends
        self._read_ahead_timer: Timer | None = None
        self._hint: tuple[str, ...] = EMPTY_HINT
        self._hint_wrapped: tuple[int, list[str]] | None = None  # (width, lines)

    # --- what is shown --------------------------------------------------------------------

    def show(
        self,
        result: PagedResult | None,
        *,
        keep_position: bool = False,
        first_rows: Sequence[Row] | None = None,
        partial: bool = False,
    ) -> None:
        """Show `result` (or nothing). The previous result's cached rows are dropped; the cursor
        stays on a column of the same name (sorting or filtering keeps you where you were).
        `first_rows`, when the query's worker already fetched them, are its first block.
        `partial`: the result is the first rows of one still running (or cut short)."""
        previous_column = self.current_column.name if self.columns else None
        to_end = self._end_pending and keep_position and not partial
        self._end_pending = self._end_pending and keep_position and partial
        self._partial = partial
        self._drop_jump()
        self._stop_read_ahead()  # a row number typed for the result shown before
        self.result = result
        self._blocks.clear()
        self._bands.clear()
        self._pending.clear()
        self._failed.clear()
        self._unshown_widths.clear()
        self.row_count = result.row_count if result is not None else 0
        self.columns = [
            GridColumn(c.name, c.type, self._header_width(c.name, c.type), is_numeric_type(c.type))
            for c in (result.columns if result is not None else ())
        ]
        if first_rows is not None and len(first_rows) == min(self.block_rows, self.row_count):
            width = len(first_rows[0]) if first_rows else len(self.columns)
            if width == len(self.columns):
                self._store(0, None, first_rows)
            elif width == len(band_columns(0, len(self.columns))):  # a wide result's first band
                self._store(0, 0, first_rows)
        if not keep_position:
            names = [c.name for c in self.columns]
            self.cursor_row = 0
            self.cursor_col = names.index(previous_column) if previous_column in names else 0
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.cursor_row = min(self.cursor_row, max(self.row_count - 1, 0))
        self.cursor_col = min(self.cursor_col, max(len(self.columns) - 1, 0))
        self._widen_for_shown_rows()
        self._update_virtual_size()
        self._update_subtitle()
        if self.cursor_col and not keep_position:
            self.call_after_refresh(self._scroll_cursor_into_view)
        if to_end:
            self.call_after_refresh(self.action_last_row)
        self._ensure_loaded()
        self.refresh()

    @staticmethod
    def _header_width(name: str, type_name: str) -> int:
        header = max(cell_len(sanitize(name)), cell_len(type_name))
        return max(MIN_COLUMN_WIDTH, min(header, MAX_COLUMN_WIDTH))

    @property
    def gutter_width(self) -> int:
        """Room for the row numbers — of the whole result when its first rows know how many
        it will have (a Parquet file's head): no shift as the whole replaces them."""
        expected = getattr(self.result, "rows_expected", None) or 0
        return len(f"{max(self.row_count, expected, 1):,}") + 2

    @property
    def data_width(self) -> int:
        return sum(c.width + 2 * CELL_PAD + 1 for c in self.columns)

    @property
    def body_height(self) -> int:
        return max(self.scrollable_content_region.height - HEADER_HEIGHT, 1)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(
            self.gutter_width + self.data_width, self.row_count + HEADER_HEIGHT
        )

    def _update_subtitle(self) -> None:
        if self.result is None:
            self.border_subtitle = ""
            return
        if self.row_count == 0:
            self.border_subtitle = "no rows"
            return
        col = f" · col {self.cursor_col + 1} of {len(self.columns)}" if self.columns else ""
        of = "of the first" if self._partial else "of"
        self.border_subtitle = f"row {self.cursor_row + 1:,} {of} {self.row_count:,}{col}"

    def cell_value(self) -> str | None:
        """The (display) text under the cursor, if its rows are loaded."""
        row = self._row(self.cursor_row)
        if row is None or not self.columns:
            return None
        if not self._has(self.cursor_row // self.block_rows, band_of(self.cursor_col)):
            return None
        return row[self.cursor_col]

    # --- fetching -------------------------------------------------------------------------

    def _visible_rows(self) -> range:
        top = round(self.scroll_y)
        return range(top, min(top + self.body_height, self.row_count))

    def _blocks_of(self, rows: range) -> range:
        last_shown = max(rows.stop, rows.start + 1) - 1
        return range(rows.start // self.block_rows, last_shown // self.block_rows + 1)

    def _screen_from(self, top: int) -> range:
        """The rows a screen whose first row is `top` shows."""
        return range(top, min(top + self.body_height, self.row_count))

    @property
    def _band_count(self) -> int:
        return band_count(len(self.columns))

    def _visible_bands(self, x: int | None = None) -> range:
        """The bands of columns a view scrolled to `x` (now: the view's own) shows."""
        left = round(self.scroll_x) if x is None else x
        right = left + max(self.scrollable_content_region.width - self.gutter_width, 1)
        first = last = 0
        start = 0
        for index, column in enumerate(self.columns):
            end = start + column.width + 2 * CELL_PAD + 1
            if end <= left:
                first = index + 1
            if start >= right:
                break
            last, start = index, end
        first = min(first, last)
        return range(band_of(first), band_of(last) + 1)

    def _has(self, block: int, band: int) -> bool:
        return band in self._bands.get(block, ())

    def _rows_ready(self, rows: range, bands: range | None = None) -> bool:
        """Whether `rows` can be drawn as they are (in `bands`, or the view's): read, or known
        to be unreadable."""
        bands = self._visible_bands() if bands is None else bands
        return all(
            self._has(block, band) or (block, band) in self._failed
            for block in self._blocks_of(rows)
            for band in bands
        )

    def _ensure_loaded(
        self, visible: range | None = None, *, margins: bool = True, bands: range | None = None
    ) -> None:
        """Fetch the blocks on screen (or of `visible`, where a jump goes), in the bands of
        columns on screen (or `bands`); once they are in, one screen either side (so PgUp/PgDn
        are usually ready) and a wide result's next bands, and once those are in, the last
        screen (so End is a repaint). Margins wait: on 2 cores they would slow the rows asked
        for."""
        if self.result is None or self.row_count == 0:
            return
        visible = self._visible_rows() if visible is None else visible
        bands = self._visible_bands() if bands is None else bands
        on_screen = self._blocks_of(visible)
        margin = self.body_height
        first = max(visible.start - margin, 0) // self.block_rows
        last = (min(visible.stop + margin, self.row_count) - 1) // self.block_rows
        last_screen = self._blocks_of(self._screen_from(max(self.row_count - margin, 0)))
        beside = range(max(bands.start - 1, 0), min(bands.stop + 1, self._band_count))
        wanted = (
            ((on_screen, bands), (range(first, last + 1), bands), (on_screen, beside),
             (last_screen, bands))
            if margins else ((on_screen, bands),)
        )  # fmt: skip
        for blocks, in_bands in wanted:
            missing: dict[int, list[int]] = {}
            for block in blocks:
                if block in self._blocks:
                    self._blocks.move_to_end(block)
                for band in in_bands:
                    tile = (block, band)
                    if not (self._has(*tile) or tile in self._pending or tile in self._failed):
                        missing.setdefault(band, []).append(block)
            # neighbouring blocks come in one query: one scan to the offset, not one each
            for band, absent in missing.items():
                only = columns_to_read(band, len(self.columns))
                for run in _runs(absent):
                    self._pending.update((block, band) for block in run)
                    self._fetch_blocks(self.result, run, band, only)
            if any((block, band) in self._pending for block in blocks for band in in_bands):
                return  # the next ones once these are in

    @work(thread=True, group="grid-fetch", exit_on_error=False)
    def _fetch_blocks(
        self, result: PagedResult, blocks: range, band: int, only: range | None
    ) -> None:
        size = self.block_rows
        try:
            table = result.fetch(blocks.start * size, len(blocks) * size, GRID_CELL_CHARS, only)
        except EngineError as error:
            self.post_message(self.BlocksFailed(result, blocks, band, error.message))
            return
        whole = only is None or table.num_columns != len(only)  # an engine may give them all
        rows = format_table(table)
        parts = [rows[i * size : (i + 1) * size] for i in range(len(blocks))]
        self.post_message(self.BlocksLoaded(result, blocks, band, whole, parts))  # one repaint

    def on_result_grid_blocks_loaded(self, message: BlocksLoaded) -> None:
        message.stop()
        if message.result is not self.result:
            return  # a late answer for a result no longer shown
        widths = [c.width for c in self.columns]
        for block, rows in zip(message.blocks, message.rows, strict=True):
            self._pending.discard((block, message.band))
            self._store(block, None if message.whole else message.band, rows)
        self._evict()
        if widths != [c.width for c in self.columns] and self._band_count > 1:
            self._keep_cursor_column_shown()  # columns left of it widened as their band came
        if self._jump is not None:
            x, y = self._jump
            if self._rows_ready(self._screen_from(y), self._visible_bands(x)):
                self._finish_jump()
            return
        on_screen = set(message.blocks) & set(self._blocks_of(self._visible_rows()))
        if on_screen and (message.whole or message.band in self._visible_bands()):
            self.refresh()  # margins off screen need no repaint
        # the margins once the screen's rows are painted: a fetch meanwhile slows the paint
        self.call_after_refresh(self._ensure_loaded)

    def _keep_cursor_column_shown(self) -> None:
        if self._jump is not None:
            self._jump = (self._left_showing_cursor(self._jump[0]), self._jump[1])
        elif self.cursor_row in self._visible_rows():
            x = self._left_showing_cursor(round(self.scroll_x))
            if x != round(self.scroll_x):
                self.scroll_to(x=x, animate=False, immediate=True)

    def _store(self, block: int, band: int | None, rows: Sequence[Row]) -> None:
        """Keep rows read for `block`: every column (`band` None), or one band of them."""
        count = len(self.columns)
        if band is None or self._band_count == 1:
            self._blocks[block] = list(rows)
            self._bands[block] = set(range(self._band_count))
            self._note_widths(block, rows, range(count))
            return
        span = band_columns(band, count)
        held = self._blocks.get(block) or [(None,) * count] * len(rows)
        self._blocks[block] = [
            old[: span.start] + tuple(part) + old[span.stop :]
            for old, part in zip(held, rows, strict=False)
        ]
        self._bands.setdefault(block, set()).add(band)
        self._note_widths(block, rows, span)

    def on_result_grid_blocks_failed(self, message: BlocksFailed) -> None:
        message.stop()
        if message.result is not self.result:
            return
        for block in message.blocks:
            self._pending.discard((block, message.band))
            self._failed[(block, message.band)] = message.error
        if self._jump is not None:
            self._finish_jump()  # the jump shows what went wrong, now
        self.refresh()
        self.notify(message.error, title="Could not read rows", severity="error")

    def _evict(self) -> None:
        keep = set(self._blocks_of(self._visible_rows()))
        if self._jump is not None:
            keep |= set(self._blocks_of(self._screen_from(self._jump[1])))
        while len(self._blocks) > MAX_CACHED_BLOCKS:
            oldest = next(b for b in self._blocks if b not in keep)
            del self._blocks[oldest]
            self._bands.pop(oldest, None)
            self._unshown_widths.pop(oldest, None)

    def _note_widths(self, block: int, rows: Sequence[Row], span: range) -> None:
        """What the columns of `span` (the rows' cells, in order) need to fit `block`'s rows;
        they widen to it once the block is shown (`_widen_for_shown_rows`)."""
        widths = self._unshown_widths.setdefault(block, {})
        for offset, index in enumerate(span):
            content = max((cell_len(r[offset] or NULL_TEXT) for r in rows), default=0)
            widths[index] = max(widths.get(index, 0), min(content, MAX_COLUMN_WIDTH))
        self._widen_for_shown_rows()

    def _widen_for_shown_rows(self) -> None:
        """Widen the columns to fit the rows on screen (or where a waiting jump goes), up to a
        cap; they never get narrower. Rows read ahead — the last screen, for End — widen them
        when they are shown, not while the user reads the rows above (the columns moved under
        them as a read-ahead came in, and as a Parquet head gave way to the engine's rows)."""
        rows = self._visible_rows() if self._jump is None else self._screen_from(self._jump[1])
        shown = set(self._blocks_of(rows)) & self._unshown_widths.keys()
        if not shown:
            return
        widened = list(self.columns)
        for block in shown:
            for index, content in self._unshown_widths.pop(block).items():
                column = widened[index]
                if content > column.width:
                    widened[index] = GridColumn(column.name, column.type, content, column.numeric)
        if widened != self.columns:
            self.columns = widened
            self._update_virtual_size()

    def _row(self, index: int) -> Row | None:
        rows = self._blocks.get(index // self.block_rows)
        if rows is None:
            return None
        offset = index % self.block_rows
        return rows[offset] if offset < len(rows) else None

    # --- rendering ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.result is None:
            lines = self._hint_lines(width)
            line = lines[y] if y < len(lines) else ""
            style = self.get_component_rich_style("result-grid--gutter")
            return Strip([Segment(line, style)]).adjust_cell_length(width)
        if y == 0:
            return self._line(self._gutter(""), self._header_segments(names=True), width)
        if y == 1:
            return self._line(self._gutter(""), self._header_segments(names=False), width)
        index = round(self.scroll_y) + y - HEADER_HEIGHT
        if index >= self.row_count:
            return Strip.blank(width)
        return self._line(self._gutter(f"{index + 1:,}"), self._row_segments(index), width)

    def show_hint(self, paragraphs: tuple[str, ...]) -> None:
        """What the grid says while it has no result (text from outside is made safe here)."""
        if paragraphs != self._hint:
            self._hint, self._hint_wrapped = paragraphs, None
            if self.result is None:
                self.refresh()

    def _hint_lines(self, width: int) -> list[str]:
        if self._hint_wrapped is None or self._hint_wrapped[0] != width:
            lines: list[str] = []
            for paragraph in self._hint:
                lines.append("")
                lines += ["  " + line for line in textwrap.wrap(sanitize(paragraph),
                          max(width - 4, 10), break_on_hyphens=False)]  # fmt: skip
            self._hint_wrapped = (width, lines)
        return self._hint_wrapped[1]

    def _gutter(self, label: str) -> Segment:
        style = self.get_component_rich_style("result-grid--gutter")
        return Segment(label.rjust(self.gutter_width - 1) + " ", style)

    def _line(self, gutter: Segment, cells: list[Segment], width: int) -> Strip:
        data_view = max(width - self.gutter_width, 0)
        left = round(self.scroll_x)
        right = left + data_view
        row = Strip(cells)
        spare = data_view - row.cell_length
        if left == 0 and spare >= 0:  # the whole row in view: nothing cut, no strip made twice
            pad = [Segment(" " * spare)] if spare else []
            return Strip([gutter, *cells, *pad], self.gutter_width + data_view)
        data = row.crop(left, right).adjust_cell_length(data_view)
        hidden_left, hidden_right = self._edge_spans(left, right)
        # a cell whose text the view's edge cuts says so: `…` where text is hidden
        cut_left = hidden_left is not None and bool(row.crop(*hidden_left).text.strip())
        cut_right = hidden_right is not None and bool(row.crop(*hidden_right).text.strip())
        if cut_left or cut_right:
            data = mark_edges(data, cut_left, cut_right, data_view)
        return Strip.join([Strip([gutter]), data])

    def _edge_spans(
        self, left: int, right: int
    ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """The cell text hidden beyond the left and the right edge: the part of a cell the edge
        cuts, or the whole of a cell whose padding the edge cuts (at 80 columns the view can end
        in the padding before a column: its `…` goes there, not over a whole value)."""
        hidden_left = hidden_right = None
        start = 0
        for column in self.columns:
            text_start = start + CELL_PAD
            text_end = text_start + column.width
            if text_start < left < text_end:
                hidden_left = (text_start, left)
            elif text_end <= left < text_end + CELL_PAD:
                hidden_left = (text_start, text_end)
            if text_start < right < text_end:
                hidden_right = (right, text_end)
            elif start < right <= text_start:
                hidden_right = (text_start, text_end)
            start = text_end + CELL_PAD + 1
        return hidden_left, hidden_right

    def _fit(self, text: str, column: GridColumn) -> str:
        length = cell_len(text)
        if length > column.width:
            return set_cell_size(text, column.width - 1) + "…"
        padding = " " * (column.width - length)
        return padding + text if column.numeric else text + padding

    def _cell(self, text: str, column: GridColumn, style: Style) -> list[Segment]:
        pad = " " * CELL_PAD
        separator = self.get_component_rich_style("result-grid--separator")
        return [Segment(pad + self._fit(text, column) + pad, style), Segment("│", separator)]

    def _header_segments(self, *, names: bool) -> list[Segment]:
        style = self.get_component_rich_style(
            "result-grid--header" if names else "result-grid--type"
        )
        segments: list[Segment] = []
        for column in self.columns:
            label = sanitize(column.name) if names else column.type.lower()
            segments += self._cell(label, column, style)
        return segments

    def _row_segments(self, index: int) -> list[Segment]:
        row = self._row(index)
        on_cursor_row = index == self.cursor_row
        base = (
            self.get_component_rich_style("result-grid--cursor-row") if on_cursor_row else Style()
        )
        segments: list[Segment] = []
        block = index // self.block_rows
        pending_style = base + self.get_component_rich_style("result-grid--pending")
        if row is None:
            failed = next((e for (b, _), e in self._failed.items() if b == block), None)
            text = f"could not read rows: {failed}" if failed else "…"
            return [Segment(" " + sanitize(text).ljust(max(self.data_width - 1, 1)),
                            pending_style)]  # fmt: skip
        read = self._bands.get(block, ())
        null_style = self.get_component_rich_style("result-grid--null")
        cursor_style = self.get_component_rich_style("result-grid--cursor")
        for col, (value, column) in enumerate(zip(row, self.columns, strict=False)):
            if band_of(col) not in read:  # a wide result's band still on its way
                unread = "could not read" if (block, band_of(col)) in self._failed else "…"
                segments += self._cell(unread, column, pending_style)
                continue
            style = base + null_style if value is None else base
            if on_cursor_row and col == self.cursor_col:
                style = style + cursor_style
            segments += self._cell(NULL_TEXT if value is None else value, column, style)
        return segments

    # --- cursor and keys ------------------------------------------------------------------

    def move_cursor(self, row: int | None = None, col: int | None = None) -> None:
        self._end_pending = False
        if row is not None:
            self.cursor_row = max(0, min(row, self.row_count - 1))
        if col is not None:
            self.cursor_col = max(0, min(col, len(self.columns) - 1))
        self._scroll_cursor_into_view()
        if self._jump is not None:
            return  # drawn once its rows are in (`_finish_jump`)
        self._update_subtitle()
        self.refresh()
        self.call_after_refresh(self._ensure_loaded)  # a scroll read the screen's rows already

    def _top(self) -> int:
        """The first row shown, or about to be (where a waiting jump goes)."""
        return self._jump[1] if self._jump is not None else round(self.scroll_y)

    def _top_showing(self, row: int) -> int:
        """The first row shown once `row` is brought into view (the least scroll)."""
        top = self._top()
        if row < top:
            return row
        if row >= top + self.body_height:
            return row - self.body_height + 1
        return top

    def _left_showing_cursor(self, x: int) -> int:
        """The least horizontal scroll from `x` that shows the cursor's column."""
        if not self.columns:
            return x
        start = sum(c.width + 2 * CELL_PAD + 1 for c in self.columns[: self.cursor_col])
        end = start + self.columns[self.cursor_col].width + 2 * CELL_PAD + 1
        view = max(self.scrollable_content_region.width - self.gutter_width, 1)
        if start < x or end - start > view:
            return start  # a column wider than the view starts at its left edge
        return end - view if end > x + view else x

    def _scroll_cursor_into_view(self) -> None:
        y = self._top_showing(self.cursor_row)
        x = self._left_showing_cursor(round(self.scroll_x))
        target, bands = self._screen_from(y), self._visible_bands(x)
        moved = y != round(self.scroll_y) or x != round(self.scroll_x)
        if moved and not self._rows_ready(target, bands):
            self._jump = (x, y)  # shown when its rows are in, or after JUMP_WAIT_S
            self._ensure_loaded(target, bands=bands)
            if self._jump_timer is None:
                self._jump_timer = self.set_timer(JUMP_WAIT_S, self._finish_jump)
            return
        self._drop_jump()
        self.scroll_to(x, y, animate=False, immediate=True)

    def _finish_jump(self) -> None:
        """Scroll to where the waiting jump goes, and draw it (placeholders for rows still on
        their way)."""
        jump, self._jump = self._jump, None  # not a scroll elsewhere (`watch_scroll_y`)
        if jump is not None:
            self.scroll_to(*jump, animate=False, immediate=True)
            self._update_subtitle()
            self.refresh()
        self._drop_jump()  # what waited for it runs now, in the same repaint

    def _drop_jump(self) -> None:
        """No jump waits any more: its timer stops, what waited for it runs."""
        self._jump = None
        if self._jump_timer is not None:
            self._jump_timer.stop()
            self._jump_timer = None
        waiting, self._when_shown = self._when_shown, []
        for then in waiting:
            then()

    def when_shown(self, then: Callable[[], None]) -> None:
        """Call `then` when the cursor's rows are drawn: now, or as a waiting jump is shown (a
        prompt that asked for the jump closes in the same repaint)."""
        if self._jump is None:
            then()
        else:
            self._when_shown.append(then)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._jump is not None:  # scrolled meanwhile (the mouse): the jump is dropped
            self._drop_jump()
            self._update_subtitle()
            self.refresh()
        self._widen_for_shown_rows()
        self._ensure_loaded(margins=False)
        self.call_after_refresh(self._ensure_loaded)  # the margins after the paint

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        if self._band_count > 1 and self._jump is None:  # a wide result's next band
            self._ensure_loaded(margins=False)
            self.call_after_refresh(self._ensure_loaded)

    def on_resize(self, event: events.Resize) -> None:
        self._widen_for_shown_rows()  # a taller grid shows more rows
        self._ensure_loaded()

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_left(self) -> None:
        self.move_cursor(col=self.cursor_col - 1)

    def action_cursor_right(self) -> None:
        self.move_cursor(col=self.cursor_col + 1)

    def action_page_up(self) -> None:
        top = self._top()
        self._drop_jump()
        self.scroll_to(y=max(top - self.body_height, 0), animate=False, immediate=True)
        self.move_cursor(row=self.cursor_row - self.body_height)

    def action_page_down(self) -> None:
        top = self._top()
        self._drop_jump()
        self.scroll_to(y=top + self.body_height, animate=False, immediate=True)
        self.move_cursor(row=self.cursor_row + self.body_height)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=self.row_count - 1)
        self._end_pending = self._partial  # the first rows' last is not the result's

    def action_first_column(self) -> None:
        self.move_cursor(col=0)

    def action_last_column(self) -> None:
        self.move_cursor(col=len(self.columns) - 1)

    def action_toggle_width(self) -> None:
        """`_`: widen the cursor's column to its widest loaded value (up to the view's width),
        or, when it is that wide already, back to the usual fitted width."""
        column = self.current_column
        if column is None:
            return
        index = self.cursor_col
        widths = [cell_len(row[index] or NULL_TEXT) for block, rows in self._blocks.items()
                  if self._has(block, band_of(index)) for row in rows]  # fmt: skip
        header = self._header_width(column.name, column.type)
        view = max(self.scrollable_content_region.width - self.gutter_width - 2 * CELL_PAD - 1, 3)
        full = max(min(max(widths, default=header), view), header)
        fitted = max(header, min(max(widths, default=header), MAX_COLUMN_WIDTH))
        width = fitted if column.width >= full else full
        self.columns = [
            replace(c, width=width) if i == index else c for i, c in enumerate(self.columns)
        ]
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self.refresh()

    def action_explore(self, action: str) -> None:
        if self.result is not None:
            self.post_message(self.Explore(self, action))

    def action_where(self) -> None:
        """Ask for a SQL condition; the rows where it holds are the next explore step."""
        if self.result is None or self.current_column is None:
            return

        def answer(expression: str | None) -> None:
            if expression:
                self.post_message(self.Explore(self, "where", expression))

        ask(self, "Keep rows where (a SQL expression)", answer, placeholder="e.g. width > 1000")

    def action_go_to_column(self) -> None:
        """Ask for a column by name (whole, else a part of it) and move the cursor there."""
        if not self.columns:
            return

        def answer(name: str | None) -> None:
            if not name:
                return
            names = [c.name.lower() for c in self.columns]
            wanted = name.strip().lower()
            match = next((i for i, n in enumerate(names) if n == wanted), None)
            if match is None:
                match = next((i for i, n in enumerate(names) if wanted in n), None)
            if match is None:
                self.notify(f"No column like {name!r}", severity="warning")
            else:
                self.move_cursor(col=match)

        ask(self, "Go to column", answer, placeholder="column name")

    @property
    def current_column(self) -> GridColumn | None:
        return self.columns[self.cursor_col] if self.columns else None

    def visible_range(self) -> range:
        return self._visible_rows()

    def action_go_to_row(self) -> None:
        """Ask for a row on the prompt bar; as a number is typed its rows are read, and Enter
        draws them as the question closes, in one repaint."""
        if not self.row_count:
            return

        def go(answer: str) -> WhenReady | None:
            row = parse_row_target(answer, self.row_count)
            if row is None:
                return None
            self.go_to_row(row)
            return self.when_shown

        def closed(answer: str | None) -> None:
            self.read_ahead(None)
            if answer and parse_row_target(answer, self.row_count) is None:
                self.notify(f"Not a row number: {answer!r}", severity="warning")

        def typed(text: str) -> None:
            self.read_ahead(parse_row_target(text, self.row_count))

        question = f"Go to row (1 – {self.row_count:,}; -1 = last; 50% = middle)"
        ask(self, question, closed, placeholder="row number", on_submit=go, on_change=typed)

    def go_to_row(self, row_number: int) -> None:
        """Move to a 1-based row number."""
        self._stop_read_ahead()
        self.move_cursor(row=row_number - 1)

    def read_ahead(self, row_number: int | None) -> None:
        """Read the screen a jump to this 1-based row would show, in a moment (a prompt calls
        this as the number is typed: by Enter its rows are in, and the jump is a repaint).
        None forgets the one waiting."""
        self._stop_read_ahead()
        if row_number is None or self.result is None or not 0 < row_number <= self.row_count:
            return
        rows = self._screen_from(self._top_showing(row_number - 1))

        def read() -> None:
            self._read_ahead_timer = None
            self._ensure_loaded(rows, margins=False)

        self._read_ahead_timer = self.set_timer(READ_AHEAD_WAIT_S, read)

    def _stop_read_ahead(self) -> None:
        if self._read_ahead_timer is not None:
            self._read_ahead_timer.stop()
            self._read_ahead_timer = None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.result is None:
            return
        row = round(self.scroll_y) + offset.y - HEADER_HEIGHT
        x = round(self.scroll_x) + offset.x - self.gutter_width
        col, edge = None, 0
        for index, column in enumerate(self.columns):
            edge += column.width + 2 * CELL_PAD + 1
            if x < edge:
                col = index
                break
        self.move_cursor(row=row if row >= 0 else None, col=col if x >= 0 else None)


def _runs(blocks: list[int]) -> list[range]:
    """Sorted block numbers as runs of consecutive ones: [3, 4, 7] → [range(3, 5), range(7, 8)]."""
    runs: list[range] = []
    for block in sorted(blocks):
        if runs and runs[-1].stop == block:
            runs[-1] = range(runs[-1].start, block + 1)
        else:
            runs.append(range(block, block + 1))
    return runs
