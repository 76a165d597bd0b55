"""A column's profile (type, nulls, distinct, min/max, mean/std, quartiles) and its histogram.

Each runs one query in a worker; Esc closes the view and cancels a query still running."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from ..engine import EngineError
from ..formatting import format_value, plain, sanitize
from ..widgets.tables import fill_table

if TYPE_CHECKING:
    from ..engine import Engine, QueryJob

PROFILE_LABELS = {
    "column_type": "type", "count": "rows", "null_percentage": "nulls %",
    "approx_unique": "distinct (approx.)", "min": "min", "max": "max", "avg": "mean",
    "std": "std", "q25": "25%", "q50": "median", "q75": "75%",
}  # fmt: skip


class QueryView(ModalScreen[None]):
    """Runs `sql` in a worker, then `show`s the rows; Esc cancels and closes."""

    BINDINGS = [Binding("escape,q", "close", "Close")]
    DEFAULT_CSS = """
    QueryView { align: center middle; }
    QueryView > Vertical {
        width: 90%; height: 80%; border: round $accent; background: $surface; padding: 0 1;
    }
    QueryView #view-status { height: auto; color: $text-muted; }
    """

    def __init__(self, engine: Engine, sql: str, title: str) -> None:
        super().__init__()
        self.engine = engine
        self.sql = sql
        self.title_text = title
        self.rows: list[dict] | None = None
        self._job: QueryJob | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            box.border_subtitle = "Esc closes"
            yield Static("⠿ computing… (Esc cancels)", id="view-status")
            yield from self.body()

    def body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._job = self.engine.query(self.sql)
        self._run(self._job)

    @work(thread=True, group="view", exit_on_error=False)
    def _run(self, job: QueryJob) -> None:
        try:
            result = job.run()
            rows = result.fetch(0, 1000).to_pylist()
            result.close()
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
            return
        self.app.call_from_thread(self._done, rows)

    def _failed(self, message: str) -> None:
        self.query_one("#view-status", Static).update(Text(message, style="red"))

    def _done(self, rows: list[dict]) -> None:
        self.rows = rows
        self.query_one("#view-status", Static).update(Text(self.sql.splitlines()[0] + " …",
                                                           style="dim"))  # fmt: skip
        self.show(rows)

    def show(self, rows: list[dict]) -> None: ...

    def action_close(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self.dismiss(None)


class ProfileScreen(QueryView):
    def __init__(self, engine: Engine, sql: str, column: str) -> None:
        super().__init__(engine, sql, f"Profile · {sanitize(column)}")

    def body(self) -> ComposeResult:
        yield DataTable(id="profile-table", cursor_type="row")

    def show(self, rows: list[dict]) -> None:
        stats = rows[0] if rows else {}
        table_rows = [
            (Text(label, style="bold"), Text(format_value(stats.get(key))))
            for key, label in PROFILE_LABELS.items()
            if key in stats
        ]
        fill_table(self.query_one(DataTable), ("statistic", "value"), table_rows,
                   max_widths=(20, 60))  # fmt: skip


def bin_label(value: object) -> str:
    """A bin edge, short: 4 significant digits, or a date (and time when not midnight)."""
    if isinstance(value, float):
        return f"{value:.4g}"
    text = format_value(value)
    return text[:10] if text.endswith("00:00:00") or len(text) <= 10 else text[:16]


class HistogramScreen(QueryView):
    def __init__(self, engine: Engine, sql: str, column: str) -> None:
        super().__init__(engine, sql, f"Histogram · {sanitize(column)}")
        self.column = column

    def body(self) -> ComposeResult:
        yield PlotextPlot(id="histogram-plot")

    def show(self, rows: list[dict]) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if not rows:
            plt.title("no values")
        else:
            positions = list(range(len(rows)))
            plt.bar(positions, [r["count"] for r in rows], marker="sd", width=0.8)
            step = max(1, len(rows) // 5)
            ticks = positions[::step]
            plt.xticks(ticks, [bin_label(rows[i]["bin_start"]) for i in ticks])
            total = sum(r["count"] for r in rows)
            plt.title(f"{self.column}: {total:,} non-null values in {len(rows)} bins")
        plot.refresh()
