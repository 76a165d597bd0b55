"""The experiments table — every experiment under the commit it was run from, with every param
and metric — sorted, filtered and trimmed over the whole table, and a chart below it: the
column under the cursor across the rows, or a `dvc.yaml` plot overlaying the marked rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from ..dvc.exp_query import FilterError, compile_filter, sorted_rows, value_of
from ..formatting import format_value, sanitize
from .tables import RowList, fill_table

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

    from ..dvc.experiments import ExperimentRow, Experiments

FIXED = ("", "name", "rev", "created")
HINT = ("Space marks · c (or Enter) compares · g plots · s/S sorts · w filters · - hides a "
        "column, + shows all · Esc clears")  # fmt: skip


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _key(row: ExperimentRow) -> str:
    return row.rev or "workspace"


class ExperimentsView(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", id="experiments.mark"),
        Binding("c", "compare", "Compare", id="experiments.compare"),
        Binding("g", "plot", "Plot", id="experiments.plot"),
        Binding("s", "sort(False)", "Sort ascending", id="experiments.sort"),
        Binding("S", "sort(True)", "Sort descending", id="experiments.sort_desc"),
        # priority: it asks as the key arrives, so the keys typed right behind it are the answer
        Binding("w", "filter", "Filter", id="experiments.filter", priority=True),
        Binding("minus", "hide", "Hide column", id="experiments.hide"),
        Binding("plus", "show_all", "Show all columns", id="experiments.show_all"),
        Binding("escape", "clear", "Clear sort and filter", id="experiments.clear"),
    ]
    DEFAULT_CSS = """
    ExperimentsView > #experiments-table { height: 3fr; border: round $panel-lighten-2; }
    ExperimentsView > #experiments-table:focus { border: round $accent; }
    ExperimentsView > #experiments-chart {
        height: 2fr; min-height: 7; border: round $panel-lighten-2;
    }
    ExperimentsView.-plotting > #experiments-table { height: 1fr; min-height: 7; }
    ExperimentsView.-plotting > #experiments-chart { height: 2fr; }
    """

    class CompareRequested(Message):
        def __init__(self, names: tuple[str, ...]) -> None:
            super().__init__()
            self.names = names  # names or revs of the rows, in table order

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.experiments: Experiments | None = None
        self.marked: list[str] = []  # row keys, in marking order
        self.sort: tuple[str, bool] | None = None
        self.filter = ""
        self.hidden: set[str] = set()
        self.plot: int | None = None  # a dvc.yaml plot drawn, or None: the cursor's column
        self._rows: list[ExperimentRow] = []  # as shown
        self._columns: list[str] = []  # value columns shown

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # plotext is imported when first shown

        yield RowList(id="experiments-table", cursor_type="cell")
        yield PlotextPlot(id="experiments-chart")

    @property
    def table(self) -> RowList:
        return self.query_one("#experiments-table", RowList)

    # --- state -> table ---------------------------------------------------------------------

    def show(self, experiments: Experiments | None) -> None:
        if experiments is self.experiments:
            return
        self.experiments = experiments
        keys = {_key(r) for r in experiments.rows} if experiments else set()
        self.marked = [k for k in self.marked if k in keys]
        self.refill()

    def refill(self) -> None:
        experiments = self.experiments
        table = self.table
        keep = (table.cursor_row, table.cursor_column)
        if experiments is None or not experiments.rows:
            fill_table(table, ("no experiments, params or metrics in this repository",), [])
            self._rows, self._columns = [], []
            self._draw()
            return
        rows: list[ExperimentRow] = list(experiments.rows)
        if self.filter:
            keep_row = compile_filter(self.filter, experiments.columns)
            rows = [r for r in rows if keep_row(r)]
        if self.sort is not None:
            rows = sorted_rows(tuple(rows), *self.sort)
        self._rows = rows
        self._columns = [c for c in experiments.columns if c not in self.hidden]
        grouped = self.sort is None and not self.filter
        headers = [*FIXED, *(self._header(c) for c in self._columns)]
        cells = [self._cells(r, grouped) for r in rows]
        fill_table(table, headers, cells, keys=[_key(r) for r in rows],
                   max_widths=[1, 24, 7, 16, *([14] * len(self._columns))])  # fmt: skip
        table.border_title = self._title(len(rows))
        if rows:
            table.move_cursor(row=min(keep[0], len(rows) - 1),
                              column=min(keep[1], len(headers) - 1), animate=False)  # fmt: skip
        self._draw()

    def _title(self, shown: int) -> str:
        experiments = self.experiments
        assert experiments is not None
        count = sum(1 for r in experiments.rows if r.kind == "experiment")
        parts = [f"Experiments · {count} experiment{'s' if count != 1 else ''}"]
        if self.filter:
            parts.append(f"where {self.filter} ({shown} rows)")
        if self.sort is not None:
            parts.append(f"sorted by {self._header(self.sort[0])} {'↓' if self.sort[1] else '↑'}")
        if self.hidden:
            parts.append(f"{len(self.hidden)} hidden")
        if experiments.note:
            parts.append(experiments.note)
        return " · ".join(parts)

    def _header(self, column: str) -> str:
        if ":" not in column:
            return column
        key = column.split(":", 1)[1]
        experiments = self.experiments
        columns = experiments.columns if experiments else ()
        last = key.split(".")[-1]
        clash = sum(1 for c in columns if c.split(":", 1)[1].split(".")[-1] == last) > 1
        return key if clash else last

    def _cells(self, row: ExperimentRow, grouped: bool) -> tuple[Text, ...]:
        experiments = self.experiments
        assert experiments is not None
        baseline = experiments.baseline_of(row) if row.kind == "experiment" else None
        mark = Text("●" if _key(row) in self.marked else "", style="cyan")
        prefix = "  ├ " if grouped and row.kind == "experiment" else ""
        style = {"commit": "bold", "workspace": "italic"}.get(row.kind, "")
        name = Text(prefix + sanitize(row.name), style=style)
        values = []
        for column in self._columns:
            value = row.values.get(column)
            changed = baseline is not None and baseline.values.get(column) != value
            text = format_value(value) if value is not None else ""
            style = ("yellow " if changed else "") + (
                "bold" if column in experiments.metrics else ""
            )
            values.append(Text(text, justify="right" if _number(value) else "left", style=style))
        created = row.created[:16].replace("T", " ")
        return (mark, name, Text(row.short, style="dim"), Text(created), *values)

    # --- the chart --------------------------------------------------------------------------

    def _cursor_column(self) -> str | None:
        index = self.table.cursor_column - len(FIXED)
        return self._columns[index] if 0 <= index < len(self._columns) else None

    def _draw(self) -> None:
        plot: PlotextPlot = self.query_one("#experiments-chart")  # type: ignore[assignment]
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        experiments = self.experiments
        if experiments is not None and self.plot is not None and self.plot < len(experiments.plots):
            self._draw_plot(plt, experiments)
        else:
            self._draw_bars(plt)
        plot.refresh()

    def _draw_bars(self, plt) -> None:
        column = self._cursor_column()
        points = [(r, value_of(r, column)) for r in self._rows] if column else []
        points = [(r, float(v)) for r, v in points if _number(v)]  # type: ignore[arg-type]
        if not points:
            plt.title("move to a numeric column to chart it · g: dvc.yaml plots")
            return
        labels = [sanitize(r.name)[:10] for r, _ in points]
        plt.bar(labels, [v for _, v in points], marker="sd")
        plt.title(f"{self._header(column or '')} across the rows shown")

    def _draw_plot(self, plt, experiments: Experiments) -> None:
        plot = experiments.plots[self.plot or 0]
        keys = self.marked or self._default_pair()
        drawn = 0
        for key in keys:
            row = next((r for r in experiments.rows if _key(r) == key), None)
            series = experiments.series.get((self.plot or 0, row.rev)) if row else None
            if row is None or series is None:
                continue
            plt.plot(series[0], series[1], marker="braille", label=sanitize(row.name)[:16])
            drawn += 1
        where = f"{self.plot + 1 if self.plot is not None else 1}/{len(experiments.plots)}"
        title = f"{plot.label} ({where}) · {plot.x or 'step'} →"
        plt.title(title if drawn else f"{title} · no data for these rows")

    def _default_pair(self) -> list[str]:
        """Without marks: the row under the cursor and the commit it was run from."""
        row = self.highlighted()
        if row is None or self.experiments is None:
            return []
        baseline = self.experiments.baseline_of(row)
        return [_key(row)] + ([_key(baseline)] if baseline is not None else [])

    # --- actions ----------------------------------------------------------------------------

    def highlighted(self) -> ExperimentRow | None:
        index = self.table.cursor_row
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if self.plot is None or not self.marked:
            self._draw()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_compare()

    def action_mark(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        key = _key(row)
        self.marked.remove(key) if key in self.marked else self.marked.append(key)
        self.refill()

    def action_compare(self) -> None:
        keys = self.marked if len(self.marked) >= 2 else self._default_pair()
        if len(keys) < 2:
            self.notify("Mark two or more rows with Space to compare them (or pick an experiment: "
                        "it is compared with its commit).", severity="warning")  # fmt: skip
            return
        rows = {_key(r): r for r in self._all()}
        keys = sorted(keys, key=lambda k: (rows[k].kind == "workspace", rows[k].created))
        names = tuple(rows[k].name if rows[k].kind == "experiment" else k for k in keys)
        self.post_message(self.CompareRequested(names))

    def _all(self) -> tuple[ExperimentRow, ...]:
        return self.experiments.rows if self.experiments else ()

    def action_plot(self) -> None:
        experiments = self.experiments
        if experiments is None or not experiments.plots:
            self.notify("dvc.yaml defines no plots (a CSV/JSON/TSV of a metric per step).",
                        severity="warning")  # fmt: skip
            return
        self.plot = 0 if self.plot is None else self.plot + 1
        if self.plot >= len(experiments.plots):
            self.plot = None
        self.set_class(self.plot is not None, "-plotting")  # a curve gets the room
        table = self.table  # the cursor's row stays in view in the smaller table
        self.call_after_refresh(lambda: table.move_cursor(row=table.cursor_row, animate=False))
        self._draw()

    def action_sort(self, descending: bool) -> None:
        column = self._cursor_column()
        fixed = {1: "name", 2: "rev", 3: "created"}.get(self.table.cursor_column)
        target = column or fixed
        if target is None:
            return
        self.sort = (target, descending)
        self.refill()

    def action_filter(self) -> None:
        from ..screens.prompt import ask

        def chosen(expression: str | None) -> None:
            if expression is None:
                return
            previous, self.filter = self.filter, expression.strip()
            try:
                self.refill()
            except FilterError as error:
                self.filter = previous
                self.notify(str(error), title="Filter", severity="error")
                self.refill()

        ask(self, "Keep the rows where… (Esc in the table shows all)", chosen,
            placeholder="e.g. accuracy > 0.8 and lr = 0.01")  # fmt: skip

    def action_hide(self) -> None:
        column = self._cursor_column()
        if column is not None:
            self.hidden.add(column)
            self.refill()

    def action_show_all(self) -> None:
        if self.hidden:
            self.hidden.clear()
            self.refill()

    def action_clear(self) -> None:
        if self.sort is None and not self.filter and not self.marked:
            raise SkipAction()  # Esc means the DVC pane's then (cancel a fetch)
        self.sort, self.filter = None, ""
        self.marked.clear()
        self.refill()
