"""A directory output's files added, removed and changed between two versions; Enter on a
changed table (Parquet, CSV, JSON, Arrow) diffs its data."""

from __future__ import annotations

from pathlib import PurePosixPath

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..dvc.dir_diff import DirDiff, Member
from ..engine.discovery import file_kind
from ..formatting import human_bytes, sanitize
from ..widgets.key_footer import KeyFooter
from ..widgets.tables import CutCellsLine, RowList, fill_table
from .dvc_pane import DvcPane

STYLES = {"added": "green", "removed": "red", "changed": "yellow"}


def _size(member: Member | None) -> str:
    if member is None:
        return ""
    return human_bytes(member.size) if member.size is not None else "not cached"


class DirDiffScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close", id="dir_diff.close")]
    DEFAULT_CSS = """
    DirDiffScreen #dir-diff-summary { padding: 0 1; height: auto; }
    DirDiffScreen #dir-diff-files { height: 1fr; }
    """

    def __init__(self, diff: DirDiff) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="dir-diff-summary")
            yield RowList(id="dir-diff-files", cursor_type="row")
        yield CutCellsLine()
        yield KeyFooter()

    def on_row_list_cut_cells(self, event: RowList.CutCells) -> None:
        self.query_one(CutCellsLine).show_cut(event)

    def on_mount(self) -> None:
        diff = self.diff
        summary = Text()
        summary.append(f"{sanitize(diff.path)}/  {sanitize(diff.old)} → {sanitize(diff.new)}",
                       style="bold")  # fmt: skip
        summary.append(f"\n{len(diff.added)} added · {len(diff.removed)} removed · "
                       f"{len(diff.changed)} changed · {diff.unchanged} unchanged"
                       " — Enter on a changed table diffs its data")  # fmt: skip
        self.query_one("#dir-diff-summary", Static).update(summary)
        rows, keys = [], []
        entries = ([("changed", before, after) for before, after in diff.changed]
                   + [("added", None, m) for m in diff.added]
                   + [("removed", m, None) for m in diff.removed])  # fmt: skip
        for status, before, after in entries:
            member = after or before
            assert member is not None
            rows.append((Text(status, style=STYLES[status]), Text(sanitize(member.relpath)),
                         Text(_size(before), justify="right"),
                         Text(_size(after), justify="right")))  # fmt: skip
            keys.append(f"{status}:{member.relpath}")
        table = self.query_one("#dir-diff-files", DataTable)
        if rows:
            fill_table(table, ("", "file", "before", "after"), rows, keys=keys, flex=1)
        else:
            fill_table(table, ("",), [(Text("the two versions hold the same files"),)])
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value or ""
        status, _, relpath = key.partition(":")
        if status != "changed":
            return
        if file_kind(PurePosixPath(relpath)) is None:
            self.notify(f"{relpath} is not a table fsdl-tui reads; only its hash changed.",
                        severity="warning")  # fmt: skip
            return
        member = f"{self.diff.path}/{relpath}"
        self.post_message(DvcPane.DiffRequested(member, self.diff.old, self.diff.new))

    def action_close(self) -> None:
        self.dismiss(None)
