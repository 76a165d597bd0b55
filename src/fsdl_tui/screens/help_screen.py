"""F1: the keys that work right now (for the focused pane and box), with the binding ids the
config's [keys] table uses to remap them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ..widgets.tables import RowList, fill_table

GROUP_NAMES = {
    "FsdlApp": "everywhere",
    "DataPane": "Data pane",
    "ResultGrid": "result grid",
    "SqlEditor": "SQL editor",
    "DvcPane": "DVC pane",
    "ExperimentsView": "DVC experiments",
    "CatalogPane": "Catalog pane",
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90%; min-width: 78; height: 85%; padding: 0 1;
        border: round $accent; background: $surface;
    }
    HelpScreen DataTable { height: 1fr; }
    """

    def __init__(self, where: str, keys: list[tuple[str, str, str, str]]) -> None:
        """`keys`: (group, key, description, binding id)."""
        super().__init__()
        self.where = where
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Keys · {self.where}"
            box.border_subtitle = "Esc closes · Ctrl+P searches every action"
            yield Static(
                'Remap a key in config.toml: [keys] "binding id" = "key" (ids below).',
                id="help-intro",
                markup=False,
            )
            yield RowList(cursor_type="row", id="help-table")

    def on_mount(self) -> None:
        rows = [
            (Text(group, style="dim"), Text(key, style="bold"), Text(text), Text(ident, "dim"))
            for group, key, text, ident in self.keys
        ]
        # the ids are what [keys] needs: never cut; a long description is cut (with `…`) first
        box_width = min(self.app.size.width, max(78, self.app.size.width * 9 // 10))
        room = box_width - 4 - 8 - 1  # border and padding; cell padding; a scrollbar
        widest = [max((len(row[i]) for row in self.keys), default=0) for i in range(4)]
        where, key, ident = min(widest[0], 12), min(widest[1], 14), widest[3]
        does = max(10, room - where - key - ident)
        fill_table(self.query_one(DataTable), ("where", "key", "does", "binding id"), rows,
                   max_widths=(where, key, does, ident))  # fmt: skip
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def binding_ids(app) -> set[str]:
    """Every binding id of the app and its panes, screens and widgets: what `[keys]` remaps."""
    from textual.binding import Binding

    from ..widgets.experiments_view import ExperimentsView
    from ..widgets.result_grid import ResultGrid
    from ..widgets.sql_editor import SqlEditor
    from .catalog_pane import CatalogPane
    from .data_pane import DataPane
    from .diff_screen import DiffScreen
    from .dvc_pane import DvcPane
    from .history_screen import HistoryScreen

    owners = (type(app), DataPane, ResultGrid, SqlEditor, DvcPane, CatalogPane, DiffScreen,
              HistoryScreen, ExperimentsView)  # fmt: skip
    return {b.id for owner in owners for b in owner.BINDINGS
            if isinstance(b, Binding) and b.id}  # fmt: skip


def active_keys(app) -> list[tuple[str, str, str, str]]:
    """The bindings active for the focused widget: fsdl-tui's own (the pane's, then app-wide),
    then the editing keys of the box that has focus."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        group = GROUP_NAMES.get(type(active.node).__name__, type(active.node).__name__)
        display = app.get_key_display(binding)
        ident = binding.id or ""
        seen.setdefault(f"{group}:{binding.action}",
                        (group, display, binding.description, ident))  # fmt: skip
    return sorted(seen.values(), key=lambda row: (not row[3], _rank(row[0]), row[1]))


# fsdl-tui's own keys (each has a binding id) first: the focused widget's and pane's, then those
# that work everywhere; a box's editing keys (Textual's: Copy, Undo, …) after them
GROUP_ORDER = ("result grid", "SQL editor", "Data pane", "DVC experiments", "DVC pane",
               "Catalog pane")  # fmt: skip


def _rank(group: str) -> int:
    if group in GROUP_ORDER:
        return GROUP_ORDER.index(group)
    return len(GROUP_ORDER) + (group == GROUP_NAMES["FsdlApp"])
