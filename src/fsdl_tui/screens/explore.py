"""What the grid's exploring keys do: each builds SQL on top of what is on screen (shown in the
editor, editable, run on the full result), or opens a view over it. Undo goes back a step."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from ..engine import EngineError
from ..formatting import column_values, format_value
from .prompt import PromptScreen

if TYPE_CHECKING:
    from ..engine import Engine
    from ..widgets.result_grid import ResultGrid

HISTOGRAM_BINS = 20


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
    """A worker host (no display) that the Data pane asks to run exploring actions."""

    DEFAULT_CSS = "ExploreActions { display: none; }"

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []  # SQL to return to with undo, newest last
        self.base_sql = ""  # the SQL whose result the grid shows

    @property
    def engine(self) -> Engine | None:
        return getattr(self.app, "engine", None)

    def run(self, sql: str) -> None:
        """Show `sql` in the editor and run it, remembering where we came from."""
        if self.base_sql:
            self.stack.append(self.base_sql)
        self.parent.run_sql(sql)  # type: ignore[union-attr]

    def handle(self, grid: ResultGrid, action: str) -> None:
        engine, column = self.engine, grid.current_column
        if engine is None or column is None or grid.result is None:
            return
        base = engine.last_statement(self.base_sql) if self.base_sql else ""
        dialect = engine.dialect
        if action in ("sort", "sort_desc"):
            self.run(dialect.sort(base, column.name, action == "sort_desc"))
        elif action == "inspect":
            self._inspect(grid.result, grid.cursor_row, grid.cursor_col)
        elif action in ("keep", "drop"):
            self._filter_on_cell(grid, base, negate=action == "drop")
        elif action == "where":
            self._ask_where(base)
        elif action == "frequency":
            self.run(dialect.frequency(base, column.name))
        elif action == "hide":
            self.run(dialect.exclude(base, [column.name]))
        elif action == "show_all":
            self._show_all_columns()
        elif action == "go_to_column":
            self._ask_column(grid)
        elif action == "undo":
            self._undo()
        elif action == "profile":
            from .profile_screen import ProfileScreen

            sql = dialect.profile(base, column.name, column.type)
            self.app.push_screen(ProfileScreen(engine, sql, column.name))
        elif action == "histogram":
            self._histogram(engine, base, column)
        elif action in ("copy_cell", "copy_row"):
            self._copy(grid, action)
        elif action == "copy_column":
            rows = grid.visible_range()
            self._copy_rows(grid.result, rows.start, len(rows), grid.cursor_col, "column")
        elif action in ("copy_page", "copy_page_markdown"):
            self.copy_page(grid, markdown=action == "copy_page_markdown")

    def _filter_on_cell(self, grid: ResultGrid, base: str, *, negate: bool) -> None:
        self._fetch_cell(grid.result, grid.cursor_row, grid.cursor_col, base, negate)

    @work(thread=True, group="explore", exit_on_error=False)
    def _fetch_cell(self, result, row: int, col: int, base: str, negate: bool) -> None:
        engine = self.engine
        try:
            table = result.fetch(row, 1)
        except EngineError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return
        value = column_values(table.column(col))[0] if table.num_rows else None
        column = result.columns[col]
        sql = engine.dialect.filter_value(base, column.name, value, column.type, negate=negate)
        if sql is None:
            self.app.call_from_thread(self.notify, "Cannot filter on a nested value; use W.",
                                      severity="warning")  # fmt: skip
            return
        self.app.call_from_thread(self.run, sql)

    @work(thread=True, group="explore", exit_on_error=False)
    def _inspect(self, result, row: int, col: int) -> None:
        """Fetch the raw value (the grid holds only truncated text) and show it whole."""
        from .inspect_screen import InspectScreen, inspect_text

        try:
            table = result.fetch(row, 1)
        except EngineError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return
        if not table.num_rows:
            return
        value = column_values(table.column(col))[0]
        column = result.columns[col]
        text, total = inspect_text(value)  # bounded, and formatted here, off the UI thread
        self.app.call_from_thread(
            self.app.push_screen, InspectScreen(column.name, column.type, row, text, total)
        )

    def _ask_where(self, base: str) -> None:
        def answer(expression: str | None) -> None:
            if expression:
                self.run(self.engine.dialect.where(base, expression))  # type: ignore[union-attr]

        self.app.push_screen(
            PromptScreen("Keep rows where (a SQL expression)", placeholder="e.g. width > 1000"),
            answer,
        )

    def _ask_column(self, grid: ResultGrid) -> None:
        def answer(name: str | None) -> None:
            if not name:
                return
            names = [c.name for c in grid.columns]
            wanted = name.strip().lower()
            match = next((i for i, n in enumerate(names) if n.lower() == wanted), None)
            if match is None:
                match = next((i for i, n in enumerate(names) if wanted in n.lower()), None)
            if match is None:
                self.notify(f"No column like {name!r}", severity="warning")
            else:
                grid.move_cursor(col=match)
            grid.focus()

        self.app.push_screen(PromptScreen("Go to column", placeholder="column name"), answer)

    def _undo(self) -> None:
        if not self.stack:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.parent.run_sql(self.stack.pop())  # type: ignore[union-attr]

    def _show_all_columns(self) -> None:
        while self.stack and "EXCLUDE (" in self.base_sql:
            self.base_sql = self.stack.pop()
        self.parent.run_sql(self.base_sql)  # type: ignore[union-attr]

    def _histogram(self, engine: Engine, base: str, column) -> None:
        if not (column.numeric or engine.dialect.is_temporal(column.type)):
            self.notify("A histogram needs a numeric or date/time column; try F (frequency).",
                        severity="warning")  # fmt: skip
            return
        from .profile_screen import HistogramScreen

        sql = engine.dialect.histogram(base, column.name, column.type, HISTOGRAM_BINS)
        self.app.push_screen(HistogramScreen(engine, sql, column.name))

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
        table = result.fetch(start, count)
        names = table.column_names
        rows = list(zip(*(column_values(c) for c in table.columns), strict=True))
        text = rows_as_markdown(names, rows) if markdown else rows_as_csv(names, rows)
        self.app.call_from_thread(self.app.copy_to_clipboard, text)
        self.app.call_from_thread(self.notify, f"Copied {len(rows)} rows as "
                                  f"{'Markdown' if markdown else 'CSV'} (OSC 52).")  # fmt: skip
