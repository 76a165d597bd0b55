"""Experiments side by side: params and metrics (with the change from the first), and the
outputs that differ — Enter on one diffs its data between the first and the last."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..dvc.compare import Comparison
from ..formatting import format_value, sanitize
from ..widgets.key_footer import KeyFooter
from ..widgets.tables import CutCellsLine, RowList, fill_table
from .dvc_pane import DvcPane


def _delta(first: object, value: object) -> Text:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (first, value))
    if not numbers or first == value:
        return Text("")
    change = float(value) - float(first)  # type: ignore[arg-type]
    return Text(f"{change:+.6g}", style="green" if change > 0 else "red", justify="right")


class CompareScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close", id="compare.close")]
    DEFAULT_CSS = """
    CompareScreen .section { padding: 0 1; color: $text-muted; text-style: bold; }
    CompareScreen DataTable { height: auto; max-height: 20; margin: 0 0 1 0; }
    """

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        names = " · ".join(sanitize(r.name) for r in self.comparison.rows)
        with VerticalScroll():
            yield Static(Text(f"Comparing {names}", style="bold"), classes="section")
            yield Static("Params and metrics (changed ones bold; Δ is from the first)",
                         classes="section")  # fmt: skip
            yield RowList(id="compare-values", cursor_type="row")
            yield Static("Outputs that differ — Enter diffs the data (first → last)",
                         classes="section")  # fmt: skip
            yield RowList(id="compare-outputs", cursor_type="row")
        yield CutCellsLine()
        yield KeyFooter()

    def on_row_list_cut_cells(self, event: RowList.CutCells) -> None:
        self.query_one(CutCellsLine).show_cut(event)

    def on_mount(self) -> None:
        comparison = self.comparison
        rows = comparison.rows
        headers = ["", "key", *(r.name for r in rows)]
        headers += [f"Δ {r.name}" for r in rows[1:]]
        values = []
        for kind, keys in (("param", comparison.params), ("metric", comparison.metrics)):
            for key in keys:
                found = [r.values.get(key) for r in rows]
                changed = len({repr(v) for v in found}) > 1
                style = "bold yellow" if changed else ""
                values.append((
                    Text(kind, style="dim"), Text(sanitize(key.split(":", 1)[1]), style=style),
                    *(Text(format_value(v) if v is not None else "", justify="right",
                           style=style) for v in found),
                    *(_delta(found[0], v) for v in found[1:]),
                ))  # fmt: skip
        fill_table(self.query_one("#compare-values", DataTable), headers, values,
                   max_widths=[6, 32, *([16] * (len(headers) - 2))], flex=1)  # fmt: skip
        outputs = [
            (Text(sanitize(path)), *(Text(h[:8] if h else "—", style="dim") for h in hashes))
            for path, hashes in comparison.outputs
        ]
        table = self.query_one("#compare-outputs", DataTable)
        if outputs:
            fill_table(table, ["output", *(r.name for r in rows)], outputs,
                       keys=[p for p, _ in comparison.outputs], flex=0)  # fmt: skip
        else:
            fill_table(table, ["output"], [(Text("every output is the same", style="dim"),)])
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id != "compare-outputs" or event.row_key.value is None:
            return
        comparison = self.comparison
        old, new = comparison.rev(0), comparison.rev(len(comparison.rows) - 1)
        self.post_message(DvcPane.DiffRequested(event.row_key.value, old, new))

    def action_close(self) -> None:
        self.dismiss(None)
