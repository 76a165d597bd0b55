"""The Catalog pane: the course notes' data-management tools by category, filterable as you type,
with details, whether each is installed here, its homepage, and a jump to the pane that does the
job inside fsdl-tui."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive, var
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..browser import open_in_browser
from ..catalog import CATEGORIES, Tool, by_id, category_counts, filter_tools
from ..state import AppState, CatalogState
from ..widgets.focus_memory import FocusMemory
from ..widgets.tables import RowList, fill_table, is_current

ALL = "__all__"
IN_APP_HINTS = {
    "data": "The Data pane (F2) does this: every file is a DuckDB SQL view. To hand a result to "
    "pandas, run COPY (SELECT …) TO 'result.parquet' there and read it with pd.read_parquet.",
    "dvc": "The DVC pane (F3) is the place for DVC-tracked data and pipelines.",
}


def tool_details(tool: Tool, tools: dict[str, Tool]) -> Text:
    """The details box of one entry, as plain Rich text (no markup is parsed)."""
    text = Text()
    text.append(tool.name + "\n", style="bold")
    text.append(f"{tool.kind} · {' · '.join(tool.categories)}\n", style="italic")
    if tool.database_of:
        text.append(f"a database of {tool.database_of}\n", style="cyan")
    text.append("\n" + tool.summary + "\n\n")
    text.append("Homepage   ", style="bold")
    text.append(tool.homepage + "\n", style="underline")
    text.append("Python     ", style="bold")
    if tool.installed:
        text.append(f"installed here: {tool.installed_text}\n", style="green")
    elif tool.distributions:
        text.append(f"pip install {tool.distributions[0]}", style="")
        text.append("  (not installed here)\n", style="dim")
    else:
        text.append("no Python package\n", style="dim")
    if tool.related:
        names = [tools[r].name for r in tool.related if r in tools]
        text.append("Related    ", style="bold")
        text.append(", ".join(names) + "\n")
    if tool.tags:
        text.append("Tags       ", style="bold")
        text.append(", ".join(tool.tags) + "\n", style="dim")
    if tool.in_app:
        text.append("\n" + IN_APP_HINTS[tool.in_app], style="green")
        text.append("  Ctrl+G goes there.", style="bold green")
    text.append("\n\nCtrl+O opens the homepage (or copies its address over SSH).", style="dim")
    return text


class CatalogPane(FocusMemory, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "open_homepage", "Homepage", id="catalog.open_homepage"),
        Binding("ctrl+g", "jump", "Use in fsdl-tui", id="catalog.jump"),
        Binding("slash", "focus_filter", "Filter", show=False, id="catalog.focus_filter"),
    ]

    state: reactive[AppState] = var(AppState, init=False)  # no repaint: widgets show changes

    class FilterChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class CategoryChosen(Message):
        def __init__(self, category: str | None) -> None:
            super().__init__()
            self.category = category

    class ToolSelected(Message):
        def __init__(self, tool_id: str) -> None:
            super().__init__()
            self.tool_id = tool_id

    class JumpRequested(Message):
        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown_ids: tuple[str, ...] | None = None
        self._shown_counts: dict[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Type to filter: name, summary, tags…  (/ from anywhere here)",
            id="catalog-filter",
        )
        with Horizontal(id="catalog-body"):
            yield OptionList(id="catalog-categories")
            yield RowList(cursor_type="row", id="catalog-entries")
            with VerticalScroll(id="catalog-details-box"):
                yield Static(id="catalog-details")

    def on_mount(self) -> None:
        self.query_one("#catalog-categories").border_title = "Categories"
        self.query_one("#catalog-entries").border_title = "Tools"
        self.query_one("#catalog-details-box").border_title = "Details"

    def first_focus_target(self) -> Widget:
        return self.query_one("#catalog-filter", Input)

    # --- state -> widgets -----------------------------------------------------------------

    def watch_state(self, old: AppState, new: AppState) -> None:
        catalog = new.catalog
        if not catalog.loaded:
            return
        if catalog.filter_resets != old.catalog.filter_resets:  # changed elsewhere
            filter_input = self.query_one("#catalog-filter", Input)
            if filter_input.value != catalog.filter:
                with filter_input.prevent(Input.Changed):  # not the user's typing: no echo
                    filter_input.value = catalog.filter
        self._show_categories(catalog)
        visible = filter_tools(catalog.tools, catalog.filter, catalog.category)
        self._show_entries(visible, catalog.selected)
        if visible and catalog.selected not in {t.id for t in visible}:
            self.post_message(self.ToolSelected(visible[0].id))
        self._show_details(catalog, visible)

    def _show_categories(self, catalog: CatalogState) -> None:
        matching = filter_tools(catalog.tools, catalog.filter, None)
        counts = {ALL: len(matching), **category_counts(matching, CATEGORIES)}
        options = self.query_one("#catalog-categories", OptionList)
        if counts != self._shown_counts:
            self._shown_counts = counts
            options.clear_options()
            for key, count in counts.items():
                name = "All" if key == ALL else key.capitalize()
                label = Text.assemble((f"{count:>2} ", "dim" if count else "dim italic"), name)
                options.add_option(Option(label, id=key))
        wanted = options.get_option_index(catalog.category or ALL)
        if options.highlighted != wanted:
            options.highlighted = wanted

    def _show_entries(self, visible: tuple[Tool, ...], selected: str | None) -> None:
        table = self.query_one("#catalog-entries", DataTable)
        ids = tuple(t.id for t in visible)
        if ids != self._shown_ids:
            self._shown_ids = ids
            rows = [
                (Text("✓", style="bold green") if t.installed else Text(""), Text(t.name))
                for t in visible
            ]
            fill_table(table, ("✓", "tool"), rows, keys=list(ids), max_widths=(1, 30), flex=1)
        if selected in ids and table.cursor_row != ids.index(selected):
            table.move_cursor(row=ids.index(selected), animate=False)

    def _show_details(self, catalog: CatalogState, visible: tuple[Tool, ...]) -> None:
        details = self.query_one("#catalog-details", Static)
        tool = catalog.tool(catalog.selected)
        if tool is None or tool not in visible:
            details.update(Text("No tool matches. Esc clears the filter.", style="dim"))
            return
        details.update(tool_details(tool, by_id(catalog.tools)))

    # --- widgets -> messages --------------------------------------------------------------

    @on(Input.Changed, "#catalog-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(event.value))

    @on(Input.Submitted, "#catalog-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#catalog-entries").focus()

    @on(OptionList.OptionHighlighted, "#catalog-categories")
    def _category_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != event.option_list.highlighted:
            return  # stale: from a refill
        category = None if event.option.id == ALL else event.option.id
        if category != self.state.catalog.category:
            self.post_message(self.CategoryChosen(category))

    @on(DataTable.RowHighlighted, "#catalog-entries")
    def _entry_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not is_current(event):
            return  # stale: from a refill, about a row no longer under the cursor
        tool_id = event.row_key.value
        if tool_id is not None and tool_id != self.state.catalog.selected:
            self.post_message(self.ToolSelected(tool_id))

    def on_key(self, event) -> None:
        """In the filter box, Up/Down move through the tools and Esc clears the filter."""
        filter_input = self.query_one("#catalog-filter", Input)
        if self.app.focused is not filter_input:
            return
        table = self.query_one("#catalog-entries", DataTable)
        if event.key in ("down", "up"):
            event.stop()
            event.prevent_default()
            table.action_cursor_down() if event.key == "down" else table.action_cursor_up()
        elif event.key == "escape" and filter_input.value:
            event.stop()
            event.prevent_default()
            filter_input.value = ""

    # --- actions --------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.first_focus_target().focus()

    def _selected(self) -> Tool | None:
        return self.state.catalog.tool(self.state.catalog.selected)

    def action_open_homepage(self) -> None:
        tool = self._selected()
        if tool is None:
            return
        if open_in_browser(tool.homepage):
            self.notify(tool.homepage, title=f"Opening {tool.name}")
            return
        self.app.copy_to_clipboard(tool.homepage)
        self.notify(
            f"{tool.homepage}\nCopied to your clipboard (OSC 52): paste it in a local browser.",
            title=f"{tool.name} homepage",
            timeout=10,
        )

    def action_jump(self) -> None:
        tool = self._selected()
        if tool is None:
            return
        if not tool.in_app:
            self.notify(f"fsdl-tui has no pane for {tool.name}.", severity="warning")
            return
        self.post_message(self.JumpRequested(tool.in_app))
