"""What the grid's exploring keys do: each builds SQL on top of what is on screen (shown in the
editor, editable, run on the full result), or opens a view over it. Undo goes back a step."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from ..controllers.query import ExploreKind
from ..engine import Column, EngineError
from ..formatting import column_values, format_value

if TYPE_CHECKING:
    from ..widgets.result_grid import ResultGrid


def rows_as_csv(names: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([["" if v is None else format_value(v) for v in row] for row in rows])
    return out.getvalue()


def rows_as_markdown(names: list[str], rows: list[tuple]) -> str:
    def cell(value: object) -> str:
        return ("" if value is None else format_value(value)).replace("|", "\\|")

    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


class ExploreActions(Widget):
    """The Data pane's explore keys: steps become `DataPane.Explore` intents (the query
    controller builds and runs their SQL over the shown result); inspecting, copying and the
    prompts are done here, with fetches in workers. A worker host: it displays nothing."""

    DEFAULT_CSS = "ExploreActions { display: none; }"

    STEPS = {
        "sort": ExploreKind.SORT, "sort_desc": ExploreKind.SORT_DESC,
        "frequency": ExploreKind.FREQUENCY, "hide": ExploreKind.HIDE,
        "show_all": ExploreKind.SHOW_ALL, "undo": ExploreKind.UNDO,
    }  # fmt: skip

    def _step(self, kind: ExploreKind, column: Column | None, value: object = None,
              expression: str = "") -> None:  # fmt: skip
        from .data_pane import DataPane

        plain = Column(column.name, column.type) if column is not None else None
        # made in this widget's own turn: a message made while the Data pane handles the key
        # would have the pane as sender, and Textual stops bubbling there
        self.call_later(lambda: self.post_message(DataPane.Explore(kind, plain, value, expression)))

    def handle(self, grid: ResultGrid, action: str, text: str = "") -> None:
        column = grid.current_column
        if column is None or grid.result is None:
            return
        if action in self.STEPS:
            self._step(self.STEPS[action], column)
        elif action == "inspect":
            self._inspect(grid.result, grid.cursor_row, grid.cursor_col)
        elif action == "record":
            self._record(grid.result, grid.cursor_row)
        elif action == "gallery":
            self._gallery(grid)
        elif action in ("keep", "drop"):
            kind = ExploreKind.KEEP if action == "keep" else ExploreKind.DROP
            self._fetch_cell(grid.result, grid.cursor_row, grid.cursor_col, kind)
        elif action == "where":  # the grid asked for the condition
            self._step(ExploreKind.WHERE, column, expression=text)
        elif action in ("profile", "histogram"):
            self._view(action, column)
        elif action in ("copy_cell", "copy_row"):
            self._copy(grid, action)
        elif action == "copy_column":
            rows = grid.visible_range()
            self._copy_rows(grid.result, rows.start, len(rows), grid.cursor_col, "column")
        elif action in ("copy_page", "copy_page_markdown"):
            self.copy_page(grid, markdown=action == "copy_page_markdown")

    def _view(self, kind: str, column) -> None:
        from .data_pane import DataPane

        plain = Column(column.name, column.type)
        self.call_later(lambda: self.post_message(DataPane.ViewRequested(kind, plain)))

    def _row_values(self, result, row: int) -> list | None:
        """The raw values of one row (the grid holds text), fetched in the calling worker;
        None (and said) when the fetch fails or the row is gone."""
        try:
            table = result.fetch(row, 1)
        except EngineError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return None
        if not table.num_rows:
            return None
        return [column_values(table.column(i))[0] for i in range(table.num_columns)]

    @work(thread=True, group="explore", exit_on_error=False)
    def _fetch_cell(self, result, row: int, col: int, kind: ExploreKind) -> None:
        """Keep or drop rows equal to the cell: its raw value (the grid holds text) first."""
        values = self._row_values(result, row)
        value = values[col] if values is not None else None
        column = result.columns[col]
        self.app.call_from_thread(self._step, kind, column, value)

    @work(thread=True, group="explore", exit_on_error=False)
    def _inspect(self, result, row: int, col: int) -> None:
        """Fetch the raw value (the grid holds only truncated text) and show it whole."""
        from .inspect_screen import InspectScreen, inspect_text

        values = self._row_values(result, row)
        if values is None:
            return
        value = values[col]
        column = result.columns[col]
        text, total = inspect_text(value)  # bounded, and formatted here, off the UI thread
        picture, problem = self._picture(value, self.picture_finder())
        screen = InspectScreen(column.name, column.type, row, text, total, picture, problem,
                               self.picture_mode)  # fmt: skip
        self.app.call_from_thread(self.app.push_screen, screen)

    def _gallery(self, grid: ResultGrid) -> None:
        """The result's pictures of the cursor's column, captioned by its first text column."""
        from ..formatting import is_text_type
        from ..images.source import picture_column
        from .gallery_screen import GalleryScreen

        if self.picture_mode == "off":
            self.notify("Pictures are off (images = off in the config or FSDL_TUI_IMAGES).",
                        severity="warning")  # fmt: skip
            return
        columns = grid.result.columns
        col = picture_column([c.name for c in columns], [c.type for c in columns],
                             grid.cursor_col)  # fmt: skip
        if col is None:
            self.notify("No column here can hold pictures: they come from bytes, an Image "
                        "struct or image paths.", title="Gallery", severity="warning")  # fmt: skip
            return
        caption = next((i for i, c in enumerate(columns) if i != col and is_text_type(c.type)),
                       None)  # fmt: skip
        self.app.push_screen(GalleryScreen(grid.result, col, caption, self.picture_finder(),
                                           self.picture_mode))  # fmt: skip

    @work(thread=True, group="explore", exit_on_error=False)
    def _record(self, result, row: int) -> None:
        """The cursor's row as a record: every column's whole (bounded) value."""
        from .record_screen import RecordScreen, record_fields

        values = self._row_values(result, row)
        if values is None:
            return
        columns = result.columns
        fields = record_fields([c.name for c in columns], [c.type for c in columns], values)
        self.app.call_from_thread(self.app.push_screen, RecordScreen(row, fields))

    @property
    def picture_mode(self) -> str:
        """How pictures are drawn: the `images` setting as the app resolved it."""
        return self.app.config.images

    def _picture(self, value: object, finder):
        """The picture the value holds or names, decoded (here, in the worker), or why not."""
        mode = self.picture_mode
        if mode == "off":
            return None, ""
        from ..images.decode import DRAW_SIZE, GRAPHICS_SIZE, ImageError, decode
        from ..images.terminal import GRAPHICS

        ref = finder(value)
        if ref is None:
            return None, ""
        try:
            return decode(ref, GRAPHICS_SIZE if mode in GRAPHICS else DRAW_SIZE), ""
        except ImageError as error:
            return None, f"Image: {error}"

    def picture_finder(self):
        """What finds the picture a cell of `result` holds or names: a relative path is looked
        up at the DVC version the result reads (`dvc_version`), then in the opened data's
        folders and the current directory."""
        from functools import partial
        from pathlib import Path

        from ..images.source import find_image
        from ..images.versions import image_lookup

        dirs = []
        for source in self.app.state.data.sources:
            path = Path(source.path)
            dirs.append(path if source.layout != "file" else path.parent)
        state = self.app.state  # result.sql has its dvc_version calls already expanded
        at_version = image_lookup(state.dvc.root, state.query.shown_sql)
        return partial(find_image, base_dirs=tuple(dict.fromkeys(dirs)), at_version=at_version)

    @work(thread=True, group="explore", exit_on_error=False)
    def _copy_rows(self, result, start: int, count: int, col: int | None, what: str) -> None:
        try:
            table = result.fetch(start, count)
        except EngineError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return
        names = table.column_names
        rows = list(zip(*(column_values(c) for c in table.columns), strict=True))
        if col is not None:
            names, rows = [names[col]], [(row[col],) for row in rows]
        text = format_value(rows[0][0]) if what == "cell" and rows else rows_as_csv(names, rows)
        self.app.call_from_thread(self.app.copy_to_clipboard, text)
        self.app.call_from_thread(self.notify, f"Copied the {what} (OSC 52).")

    def _copy(self, grid: ResultGrid, action: str) -> None:
        if action == "copy_cell":
            self._copy_rows(grid.result, grid.cursor_row, 1, grid.cursor_col, "cell")
        else:
            self._copy_rows(grid.result, grid.cursor_row, 1, None, "row")

    def copy_page(self, grid: ResultGrid, markdown: bool) -> None:
        rows = grid.visible_range()
        self._copy_page(grid.result, rows.start, len(rows), markdown)

    @work(thread=True, group="explore", exit_on_error=False)
    def _copy_page(self, result, start: int, count: int, markdown: bool) -> None:
        try:
            table = result.fetch(start, count)
        except EngineError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return
        names = table.column_names
        rows = list(zip(*(column_values(c) for c in table.columns), strict=True))
        text = rows_as_markdown(names, rows) if markdown else rows_as_csv(names, rows)
        self.app.call_from_thread(self.app.copy_to_clipboard, text)
        self.app.call_from_thread(self.notify, f"Copied {len(rows)} rows as "
                                  f"{'Markdown' if markdown else 'CSV'} (OSC 52).")  # fmt: skip
