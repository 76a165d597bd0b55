"""How the app routes the Catalog pane's intents and the catalog's loading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from .. import state as st
from ..data_plane import catalog_tools, register_builtin_tables
from ..engine import Engine
from ..messages import CatalogLoaded
from ..state import AppState
from . import AppBase

if TYPE_CHECKING:  # the Catalog pane's module loads when it is first shown
    from ..screens.catalog_pane import CatalogPane


class CatalogRoutes(AppBase):
    """Catalog intents → state (a mixin of FsdlApp)."""

    # what the app provides (FsdlApp mixes this class in)
    state: AppState
    engine: Engine | None
    if TYPE_CHECKING:

        async def action_show_pane(self, pane: str) -> None: ...

    @work(thread=True, group="catalog", exit_on_error=False)
    def _load_catalog(self) -> None:
        self.post_message(CatalogLoaded(catalog_tools()))

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        self.state = st.catalog_loaded(self.state, message.tools)
        self._register_catalog()

    def _register_catalog(self) -> None:
        engine, tools = self.engine, self.state.catalog.tools
        if engine is not None and tools:
            self.run_worker(lambda: register_builtin_tables(engine, tools), thread=True,
                            group="catalog-table", exit_on_error=False)  # fmt: skip

    def on_catalog_pane_filter_changed(self, message: CatalogPane.FilterChanged) -> None:
        self.state = st.catalog_filtered(self.state, message.text)

    def on_catalog_pane_category_chosen(self, message: CatalogPane.CategoryChosen) -> None:
        self.state = st.catalog_category_chosen(self.state, message.category)

    def on_catalog_pane_tool_selected(self, message: CatalogPane.ToolSelected) -> None:
        self.state = st.catalog_tool_selected(self.state, message.tool_id)

    async def on_catalog_pane_jump_requested(self, message: CatalogPane.JumpRequested) -> None:
        await self.action_show_pane(message.pane)
