"""The shown result as a grid of thumbnails, a page at a time: the pictures of one column (bytes,
Hugging Face structs or paths), captioned by another. Only the page on screen is fetched and
decoded (in a worker), so paging through any number of rows keeps memory flat. Arrows move,
PgUp/PgDn page, Enter opens the picture in the inspector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ..engine import EngineError, PagedResult
from ..formatting import column_values, format_value, plain, sanitize
from ..images.decode import ImageError, Picture, decode
from ..images.source import ImageRef
from ..images.widget import picture_widget
from ..widgets.key_footer import KeyFooter

TILE_WIDTH = 20  # cells, border included
TILE_HEIGHT = 10


@dataclass(frozen=True)
class Tile:
    row: int
    caption: str
    picture: Picture | None
    problem: str = ""


class GalleryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="gallery.close"),
        Binding("pagedown,space", "page(1)", "Next page", id="gallery.next_page"),
        Binding("pageup", "page(-1)", "Previous page", id="gallery.previous_page"),
        Binding("home", "first", "First page", show=False),
        Binding("end", "last", "Last page", show=False),
        Binding("right,l", "move(1)", "Right", show=False),
        Binding("left,h", "move(-1)", "Left", show=False),
        Binding("down,j", "move_rows(1)", "Down", show=False),
        Binding("up,k", "move_rows(-1)", "Up", show=False),
        Binding("enter", "open", "Open", id="gallery.open"),
    ]
    DEFAULT_CSS = f"""
    GalleryScreen #gallery-head {{
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }}
    GalleryScreen #gallery-tiles {{ grid-gutter: 0; }}
    GalleryScreen .tile {{
        width: {TILE_WIDTH}; height: {TILE_HEIGHT}; border: round $panel-lighten-2;
    }}
    GalleryScreen .tile.-selected {{ border: round $accent; }}
    """

    def __init__(self, result: PagedResult, column: int, caption: int | None,
                 finder: Callable[[object], ImageRef | None], mode: str) -> None:  # fmt: skip
        """`finder` finds the picture a cell holds or names (see the explore keys); `mode` is
        how pictures are drawn (images/terminal.py)."""
        super().__init__()
        self.result, self.column, self.caption = result, column, caption
        self.finder, self.mode = finder, mode
        self.start = 0  # the first row of the page on screen
        self.selected = 0
        self.tiles: list[Tile] = []  # the page on screen, decoded

    # --- layout -----------------------------------------------------------------------------

    @property
    def tile_columns(self) -> int:
        return max(1, self.size.width // TILE_WIDTH)

    @property
    def page_size(self) -> int:
        rows = max(1, (self.size.height - 2) // TILE_HEIGHT)
        return self.tile_columns * rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="gallery-head")
            yield Grid(id="gallery-tiles")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._load)

    def on_resize(self) -> None:
        self.start -= self.start % self.page_size
        self._load()

    # --- loading a page -----------------------------------------------------------------------

    def _load(self) -> None:
        grid = self.query_one("#gallery-tiles", Grid)
        grid.styles.grid_size_columns = self.tile_columns
        self._head("⠿ loading…")
        self._fetch(self.start, self.page_size)

    @work(thread=True, exclusive=True, group="gallery", exit_on_error=False)
    def _fetch(self, offset: int, count: int) -> None:
        try:
            table = self.result.fetch(offset, count)
        except EngineError as error:
            self.app.call_from_thread(self._head, error.message)
            return
        images = column_values(table.column(self.column)) if table.num_rows else []
        captions: list = [None] * len(images)
        if self.caption is not None and table.num_rows:
            captions = column_values(table.column(self.caption))
        tiles = []
        for index, (value, caption) in enumerate(zip(images, captions, strict=True)):
            ref = self.finder(value)
            text = format_value(caption) if caption is not None else f"row {offset + index + 1:,}"
            if ref is None:
                tiles.append(Tile(offset + index, text, None, "no picture"))
                continue
            try:
                tiles.append(Tile(offset + index, text, decode(ref)))
            except ImageError as error:
                tiles.append(Tile(offset + index, text, None, str(error)))
        self.app.call_from_thread(self._show, offset, tiles)

    def _show(self, offset: int, tiles: list[Tile]) -> None:
        if offset != self.start:
            return  # a page the user already left
        self.tiles = tiles
        self.selected = min(self.selected, max(0, len(tiles) - 1))
        grid = self.query_one("#gallery-tiles", Grid)
        grid.remove_children()
        grid.mount_all(self._tile(t) for t in tiles)
        self._mark()
        end = offset + len(tiles)
        name = self.result.columns[self.column].name
        caption = self.result.columns[self.caption].name if self.caption is not None else "row"
        self._head(f"Gallery · {name} · rows {offset + 1:,}–{end:,} of "
                   f"{self.result.row_count:,} · captions: {caption}")  # fmt: skip

    def _tile(self, tile: Tile) -> Widget:
        caption = Static(Text(sanitize(tile.caption), no_wrap=True, overflow="ellipsis"))
        if tile.picture is None:
            shown: Widget = Static(Text(sanitize(tile.problem), style="dim"))
        else:
            shown = picture_widget(tile.picture, self.mode, TILE_HEIGHT - 3)
        return Vertical(shown, caption, classes="tile")

    def _head(self, text: str) -> None:
        self.query_one("#gallery-head", Static).update(plain(text))

    def _mark(self) -> None:
        for index, widget in enumerate(self.query(".tile")):
            widget.set_class(index == self.selected, "-selected")

    # --- keys ---------------------------------------------------------------------------------

    def action_page(self, step: int) -> None:
        offset = self.start + step * self.page_size
        if 0 <= offset < self.result.row_count:
            self.start = offset
            self._load()

    def action_first(self) -> None:
        self.start = 0
        self._load()

    def action_last(self) -> None:
        total = self.result.row_count
        self.start = max(0, (total - 1) // self.page_size * self.page_size)
        self._load()

    def action_move(self, step: int) -> None:
        if self.tiles:
            self.selected = max(0, min(self.selected + step, len(self.tiles) - 1))
            self._mark()

    def action_move_rows(self, step: int) -> None:
        self.action_move(step * self.tile_columns)

    def action_open(self) -> None:
        from .inspect_screen import InspectScreen, inspect_text

        if not self.tiles:
            return
        tile = self.tiles[self.selected]
        column = self.result.columns[self.column]
        text, total = inspect_text(tile.caption)
        self.app.push_screen(InspectScreen(column.name, column.type, tile.row, text, total,
                                           tile.picture, tile.problem, self.mode))  # fmt: skip

    def action_close(self) -> None:
        self.dismiss(None)
