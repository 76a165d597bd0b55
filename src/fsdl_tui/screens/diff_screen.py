"""A data diff of two versions: schema, rows, statistics, and samples of added/removed rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..formatting import format_value, plain, sanitize
from ..widgets.key_footer import KeyFooter
from ..widgets.tables import TEXT_KEPT, CutCellsLine, RowList, fill_table

if TYPE_CHECKING:
    from ..dvc.diff import DataDiff

STAT_KEYS = ("nulls", "distinct_values", "min", "max", "mean")


def stat_text(value: object) -> str:
    """A statistic as people read it: a mean to 12 significant digits (0.495, not
    0.49500000000000005), everything else as the grid shows it."""
    return f"{value:.12g}" if isinstance(value, float) else format_value(value)


def _pair(before: object, after: object) -> Text:
    text = Text(stat_text(before))
    if before != after:
        text.append(" → ", style="dim")
        text.append(stat_text(after), style="bold yellow")
    return text


def summary(diff: DataDiff) -> Text:
    spec = diff.spec
    text = Text()
    text.append(f"{sanitize(spec.path)}: {spec.old_rev} → {spec.new_rev}\n", style="bold")
    text.append(f"rows {diff.rows_before:,} → {diff.rows_after:,}   ")
    text.append(f"+{diff.rows_added:,} added", style="green")
    text.append("   ")
    text.append(f"−{diff.rows_removed:,} removed", style="red")
    if diff.rows_changed is not None:
        text.append(f"   ~{diff.rows_changed:,} changed", style="yellow")
    how = f"by key {spec.key!r}" if spec.key else "whole rows"
    text.append(f"   (compared {how}, on {len(diff.compared_on)} common columns)\n", style="dim")
    if not (diff.added_columns or diff.removed_columns or diff.retyped_columns):
        text.append("schema unchanged\n", style="dim")
    for column in diff.added_columns:
        text.append(f"+ column {sanitize(column.name)} {column.type}\n", style="green")
    for column in diff.removed_columns:
        text.append(f"− column {sanitize(column.name)} {column.type}\n", style="red")
    for name, old, new in diff.retyped_columns:
        text.append(f"~ column {sanitize(name)}: {old} → {new}\n", style="yellow")
    return text


def sample_title(diff: DataDiff, *, added: bool) -> str:
    """`Added rows (first 50 of 144, by image_id)`, or `Removed rows (9)` when all are shown."""
    if added:
        what, shown, total = "Added", len(diff.added_sample), diff.rows_added
    else:
        what, shown, total = "Removed", len(diff.removed_sample), diff.rows_removed
    if shown >= total:
        return f"{what} rows ({total:,})"
    order = diff.spec.key or (diff.compared_on[0] if diff.compared_on else "")
    by = f", by {order}" if order else ""
    return f"{what} rows (first {shown:,} of {total:,}{by})"


class DiffScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="diff.close"),
        Binding("s", "open_sql", "Open rows as SQL", id="diff.open_sql"),
    ]
    DEFAULT_CSS = """
    DiffScreen #diff-summary { padding: 0 1; height: auto; }
    DiffScreen DataTable { height: auto; max-height: 16; margin: 0 0 1 0; }
    DiffScreen .section { padding: 0 1; color: $text-muted; text-style: bold; }
    """

    class OpenSql(Message):
        def __init__(self, sql: str) -> None:
            super().__init__()
            self.sql = sql

    def __init__(self, diff: DataDiff) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(summary(self.diff), id="diff-summary")
            yield Static("Column statistics (before → after)", classes="section")
            yield RowList(id="diff-stats", cursor_type="row")
            yield Static(plain(sample_title(self.diff, added=True)), classes="section")
            yield RowList(id="diff-added", cursor_type="row")
            yield Static(plain(sample_title(self.diff, added=False)), classes="section")
            yield RowList(id="diff-removed", cursor_type="row")
        yield CutCellsLine()
        yield KeyFooter()

    def on_row_list_cut_cells(self, event: RowList.CutCells) -> None:
        self.query_one(CutCellsLine).show_cut(event)

    def on_mount(self) -> None:
        stats_rows = [
            (Text(sanitize(s.name)), *(_pair(s.before.get(k), s.after.get(k)) for k in STAT_KEYS))
            for s in self.diff.stats
        ]
        fill_table(self.query_one("#diff-stats", DataTable),
                   ("column", "nulls", "distinct", "min", "max", "mean"), stats_rows,
                   max_widths=(24, 16, 16, 28, 28, 28))  # fmt: skip
        for table_id, sample in (("#diff-added", self.diff.added_sample),
                                 ("#diff-removed", self.diff.removed_sample)):  # fmt: skip
            columns = list(self.diff.compared_on)
            # cut to 40 with …: the line under the lists shows the highlighted row's whole
            # (`s` opens the rows as SQL, every value whole in the grid)
            rows = [tuple(Text(format_value(r.get(c))[:TEXT_KEPT]) for c in columns)
                    for r in sample]  # fmt: skip
            fill_table(self.query_one(table_id, DataTable), columns, rows,
                       max_widths=[40] * len(columns))  # fmt: skip

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open_sql(self) -> None:
        self.app.post_message(self.OpenSql(self.diff.rows_sql))
        self.dismiss(None)
