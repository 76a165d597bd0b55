"""A column's profile (type, nulls, distinct, min/max, mean/std, quartiles) and its histogram.

Each shows the store's view, whose one query the query controller runs in a worker; Esc
closes the view and cancels a query still running."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from ..formatting import format_value, plain, sanitize
from ..state import QueryStatus
from ..widgets.tables import CutCellsLine, RowList, fill_table

if TYPE_CHECKING:
    from ..state import AppState, ViewState

PROFILE_LABELS = {
    "column_type": "type", "count": "rows", "null_percentage": "nulls %",
    "approx_unique": "distinct (approx.)", "min": "min", "max": "max", "avg": "mean",
    "std": "std", "q25": "25%", "q50": "median", "q75": "75%",
}  # fmt: skip


def _clamp_distinct(stats: dict) -> dict:
    """The distinct estimate (HyperLogLog) can exceed the values there are (1,731 of 1,663):
    never more than the non-NULL values."""
    estimate, count, nulls = (stats.get(k) for k in ("approx_unique", "count", "null_percentage"))
    try:
        present = round(int(count) * (100 - float(nulls or 0)) / 100)
        if int(estimate) > present:
            return {**stats, "approx_unique": present}
    except (TypeError, ValueError):  # a missing or odd statistic: shown as it came
        pass
    return stats


class QueryView(ModalScreen[None]):
    """Shows the store's view (its query runs in the query controller); Esc closes it and
    cancels a query still running."""

    BINDINGS = [Binding("escape,q", "close", "Close")]
    DEFAULT_CSS = """
    QueryView { align: center middle; }
    QueryView > Vertical {
        width: 90%; height: 80%; border: round $accent; background: $surface; padding: 0 1;
    }
    QueryView #view-status { height: auto; color: $text-muted; }
    """

    class Closed(Message):
        """The user closed the view: its query, if still running, is cancelled."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.view: ViewState | None = None

    @property
    def sql(self) -> str:
        return self.view.sql if self.view is not None else ""

    @property
    def rows(self) -> list[dict] | None:
        done = self.view is not None and self.view.status is QueryStatus.DONE
        return list(self.view.rows) if done and self.view is not None else None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            box.border_subtitle = "Esc closes"
            yield Static("⠿ computing… (Esc cancels)", id="view-status")
            yield from self.body()

    def body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "state", self._render_state)

    def _render_state(self, state: AppState) -> None:
        view = state.view
        if view is None or view == self.view:
            return
        self.view = view
        status = self.query_one("#view-status", Static)
        if view.status is QueryStatus.FAILED:
            status.update(plain(view.error, style="red"))
        elif view.status is QueryStatus.DONE:
            status.update(plain(view.sql.splitlines()[0] + " …", style="dim"))
            self.show(list(view.rows))

    def show(self, rows: list[dict]) -> None: ...

    def action_close(self) -> None:
        self.app.post_message(self.Closed())  # to the app: this screen is going away
        self.dismiss(None)


class ProfileScreen(QueryView):
    def __init__(self, column: str) -> None:
        super().__init__(f"Profile · {sanitize(column)}")

    def body(self) -> ComposeResult:
        yield RowList(id="profile-table", cursor_type="row")
        yield CutCellsLine()

    def on_row_list_cut_cells(self, event: RowList.CutCells) -> None:
        self.query_one(CutCellsLine).show_cut(event)

    def show(self, rows: list[dict]) -> None:
        stats = _clamp_distinct(rows[0]) if rows else {}
        table_rows = [
            (Text(label, style="bold"), Text(format_value(stats.get(key))))
            for key, label in PROFILE_LABELS.items()
            if key in stats
        ]
        fill_table(self.query_one(DataTable), ("statistic", "value"), table_rows,
                   max_widths=(20, 60), flex=1)  # fmt: skip


def bin_label(value: object) -> str:
    """A bin edge, short: 4 significant digits, or a date (and time when not midnight)."""
    if isinstance(value, float):
        return f"{value:.4g}"
    text = format_value(value)
    return text[:10] if text.endswith("00:00:00") or len(text) <= 10 else text[:16]


class HistogramScreen(QueryView):
    def __init__(self, column: str) -> None:
        super().__init__(f"Histogram · {sanitize(column)}")
        self.column = column

    def body(self) -> ComposeResult:
        yield PlotextPlot(id="histogram-plot")
        # a text column's second chart (lengths in tokens): plotext's subplots drew every
        # series into every panel here, so it is a plot of its own
        second = PlotextPlot(id="histogram-plot-2")
        second.display = False
        yield second

    def show(self, rows: list[dict]) -> None:
        first, second = self.query(PlotextPlot).results()
        for plot in (first, second):
            plot.plt.clear_data()
            plot.plt.clear_figure()
        if not rows:
            first.plt.title("no values")
        elif "measure" in rows[0]:  # a text column: its lengths in characters and in tokens
            measures = list(dict.fromkeys(r["measure"] for r in rows))
            for plot, measure in zip((first, second), measures, strict=False):
                self._bars(plot.plt, [r for r in rows if r["measure"] == measure],
                           f"{self.column}: length in {measure}")  # fmt: skip
            second.display = len(measures) > 1
        else:
            self._bars(first.plt, rows, self.column)
        first.refresh()
        second.refresh()

    @staticmethod
    def _bars(plt, rows: list[dict], what: str) -> None:
        """One bar a bin; the x axis spans the bins' edges, from the first bin's start to the
        last one's end (ticks at bin starts alone stopped a bin short of the maximum)."""
        count = len(rows)
        plt.bar(list(range(count)), [r["count"] for r in rows], marker="sd", width=0.8)
        step = max(1, count // 5)
        starts = list(range(0, count, step))
        if count - starts[-1] < step / 2 and len(starts) > 1:
            starts.pop()  # the end's tick would crowd the last start's
        edges = [i - 0.5 for i in starts] + [count - 0.5]  # bin i is drawn over i ± 0.5
        labels = [bin_label(rows[i]["bin_start"]) for i in starts]
        plt.xlim(-0.5, count - 0.5)
        plt.xticks(edges, [*labels, bin_label(rows[-1]["bin_end"])])
        total = sum(r["count"] for r in rows)
        plt.title(f"{what}: {total:,} non-null values in {len(rows)} bins")
