"""Params and metrics of every commit as one table, and a line chart of one column over commits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from ..formatting import format_value, sanitize
from .tables import TEXT_KEPT, RowList, fill_table

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

    from ..dvc.metrics import MetricsHistory

FIXED = ("rev", "tags", "date", "message")


def short(column: str, columns: tuple[str, ...]) -> str:
    """`metrics.json:accuracy` -> `accuracy` when no other file has that key."""
    file, key = column.split(":", 1)
    clash = sum(1 for c in columns if c.split(":", 1)[1] == key) > 1
    return f"{file}:{key}" if clash else key


class MetricsView(Vertical):
    DEFAULT_CSS = """
    MetricsView > #metrics-table { height: 1fr; border: round $panel-lighten-2; }
    MetricsView > #metrics-table:focus { border: round $accent; }
    MetricsView > #metrics-chart { height: 1fr; min-height: 8; border: round $panel-lighten-2; }
    """

    class ChartChosen(Message):
        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple | None = None
        self._columns: tuple[str, ...] = ()
        self._table_history: MetricsHistory | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # plotext takes 65 ms to import: not at start-up

        yield RowList(id="metrics-table", cursor_type="cell")
        yield PlotextPlot(id="metrics-chart")

    def on_mount(self) -> None:
        self.query_one(
            "#metrics-table"
        ).border_title = "Params and metrics per commit · move to a numeric column to chart it"

    def show(self, history: MetricsHistory | None, chart: str | None) -> None:
        if (history, chart) == self._shown:
            return
        self._shown = (history, chart)
        table = self.query_one(DataTable)
        if history is None or not history.rows:
            fill_table(table, ("no params or metrics in this repository's history",), [])
            self._draw(None, None)
            return
        self._columns = history.params + history.metrics
        if history is not self._table_history:
            self._table_history = history
            headers = [*FIXED, *(short(c, self._columns) for c in self._columns)]
            rows = [
                (
                    Text(r.rev), Text(", ".join(r.tags), style="cyan"), Text(r.date[:10]),
                    Text(sanitize(r.message[:TEXT_KEPT])),  # cut to 40 with …, whole below
                    *(Text(format_value(r.values.get(c)) if c in r.values else "",
                           justify="right",
                           style="bold" if c in history.metrics else "")
                      for c in self._columns),
                )
                for r in history.rows
            ]  # fmt: skip
            fill_table(table, headers, rows, max_widths=[9, 12, 10, 40] + [14] * len(self._columns))
        self._draw(history, chart)

    def _draw(self, history: MetricsHistory | None, column: str | None) -> None:
        plot: PlotextPlot = self.query_one("#metrics-chart")  # type: ignore[assignment]
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if history is None or column is None:
            plt.title("nothing to chart")
            plot.refresh()
            return
        points = [(r, r.values.get(column)) for r in reversed(history.rows)]  # oldest first
        points = [
            (r, v) for r, v in points if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        xs = list(range(1, len(points) + 1))
        plt.plot(xs, [float(v) for _, v in points], marker="braille")
        plt.scatter(xs, [float(v) for _, v in points], marker="dot")
        plt.xticks(xs, [r.tags[0] if r.tags else r.rev[:7] for r, _ in points])
        plt.title(f"{short(column, self._columns)} over commits (oldest → newest)")
        plot.refresh()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        index = event.coordinate.column - len(FIXED)
        if 0 <= index < len(self._columns):
            self.post_message(self.ChartChosen(self._columns[index]))
