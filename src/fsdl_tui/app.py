"""The app: composes the panes, owns the state store and runs every blocking job in a worker."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from . import state as st
from .data_plane import catalog_tools, register_builtin_tables
from .engine import Engine, EngineError, PagedResult, QueryCancelled, QueryJob, Source, SourceError
from .messages import (
    CatalogLoaded,
    EngineFailed,
    EngineStarted,
    QueryFailed,
    QueryFinished,
    QueryPreviewed,
    SourceCounted,
    SourcesOpened,
)
from .paths import engine_temp_dir
from .screens.catalog_commands import CatalogCommands
from .screens.catalog_pane import CatalogPane
from .screens.data_pane import DataPane
from .screens.dvc_pane import DvcPane
from .state import AppState, Pane

PREVIEW_ROWS = 256


class FsdlApp(App[None]):
    TITLE = "fsdl-tui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,alt+1", "show_pane('data')", "Data", id="app.pane_data"),
        Binding("f3,alt+2", "show_pane('dvc')", "DVC", id="app.pane_dvc"),
        Binding("f4,alt+3", "show_pane('catalog')", "Catalog", id="app.pane_catalog"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    COMMANDS = App.COMMANDS | {CatalogCommands}

    state: reactive[AppState] = reactive(AppState, init=False)

    def __init__(self, targets: list[str] | None = None) -> None:
        super().__init__()
        self.targets = tuple(targets or ())
        self.engine: Engine | None = None
        self._job_ids = itertools.count(1)
        self._job: QueryJob | None = None

    def compose(self) -> ComposeResult:
        with TabbedContent(initial=Pane.DATA.value, id="panes"):
            with TabPane("Data · F2", id=Pane.DATA.value):
                yield DataPane(id="data-pane").data_bind(FsdlApp.state)
            with TabPane("DVC · F3", id=Pane.DVC.value):
                yield DvcPane(id="dvc-pane")
            with TabPane("Catalog · F4", id=Pane.CATALOG.value):
                yield CatalogPane(id="catalog-pane").data_bind(FsdlApp.state)
        yield Footer()

    def on_mount(self) -> None:
        self.state = AppState()
        self.query_one(DataPane).focus_default()
        self._start_engine(self.targets)
        self._load_catalog()

    # --- panes ----------------------------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        self.state = st.pane_switched(self.state, Pane(pane))

    @on(TabbedContent.TabActivated)
    def _pane_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = Pane(event.pane.id)
        if pane is not self.state.pane:  # a click on a tab
            self.state = st.pane_switched(self.state, pane)

    def watch_state(self, old: AppState, new: AppState) -> None:
        if old.pane is not new.pane:
            self.query_one(TabbedContent).active = new.pane.value
            # focus into the shown pane: focus left in a hidden pane would switch back to it
            self.query_one(f"#{new.pane.value}-pane").focus_default()  # type: ignore[attr-defined]

    def show_catalog_tool(self, tool_id: str) -> None:
        self.state = st.catalog_tool_shown(self.state, tool_id)

    # --- engine and sources ---------------------------------------------------------------

    @work(thread=True, group="engine", exit_on_error=False)
    def _start_engine(self, targets: tuple[str, ...]) -> None:
        """Import and start the engine off the UI thread, then open what the user asked for."""
        from .engine import create_engine

        try:
            engine = create_engine(temp_dir=engine_temp_dir())
        except EngineError as error:
            self.post_message(EngineFailed(error.message))
            return
        register_builtin_tables(engine)
        self.post_message(EngineStarted(engine))
        self._open_targets(engine, targets)

    def _open_targets(self, engine: Engine, targets: tuple[str, ...]) -> None:
        opened: list[Source] = []
        errors: list[str] = []
        for target in targets:
            try:
                opened.extend(engine.open_path(target))
            except SourceError as error:
                errors.append(error.message)
        self.post_message(SourcesOpened(tuple(opened), "\n".join(errors)))

    def on_engine_started(self, message: EngineStarted) -> None:
        self.engine = message.engine
        self.state = st.sources_loading(
            st.engine_ready(self.state, message.engine.name), self.targets
        )

    def on_engine_failed(self, message: EngineFailed) -> None:
        self.notify(message.error, title="The engine did not start", severity="error", timeout=30)

    def on_sources_opened(self, message: SourcesOpened) -> None:
        self.state = st.sources_opened(self.state, message.sources, message.error)
        if message.error:
            self.notify(message.error, title="Cannot open", severity="error", timeout=10)
        unreadable = sum(1 for s in message.sources if s.error)
        degraded = sum(1 for s in message.sources if s.warning)
        if unreadable or degraded:
            parts = [f"{unreadable} unreadable"] if unreadable else []
            parts += [f"{degraded} read leniently"] if degraded else []
            self.notify(
                f"{', '.join(parts)}: highlight a marked file to see why.",
                title="Some files need a look",
                severity="warning",
                timeout=8,
            )
        for source in message.sources:
            if source.ok and source.rows is None:
                self._count_rows(source)

    @work(thread=True, group="count", exit_on_error=False)
    def _count_rows(self, source: Source) -> None:
        assert self.engine is not None
        try:
            rows = self.engine.count_rows(source)
        except EngineError:
            return  # the count stays "?"; reading the file reports the problem
        self.post_message(SourceCounted(replace(source, rows=rows)))

    def on_source_counted(self, message: SourceCounted) -> None:
        self.state = st.source_updated(self.state, message.source)

    def on_data_pane_source_selected(self, message: DataPane.SourceSelected) -> None:
        self.state = st.source_selected(self.state, message.name)

    # --- catalog --------------------------------------------------------------------------

    @work(thread=True, group="catalog", exit_on_error=False)
    def _load_catalog(self) -> None:
        self.post_message(CatalogLoaded(catalog_tools()))

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        self.state = st.catalog_loaded(self.state, message.tools)

    def on_catalog_pane_filter_changed(self, message: CatalogPane.FilterChanged) -> None:
        self.state = st.catalog_filtered(self.state, message.text)

    def on_catalog_pane_category_chosen(self, message: CatalogPane.CategoryChosen) -> None:
        self.state = st.catalog_category_chosen(self.state, message.category)

    def on_catalog_pane_tool_selected(self, message: CatalogPane.ToolSelected) -> None:
        self.state = st.catalog_tool_selected(self.state, message.tool_id)

    def on_catalog_pane_jump_requested(self, message: CatalogPane.JumpRequested) -> None:
        self.action_show_pane(message.pane)

    # --- queries --------------------------------------------------------------------------

    def on_data_pane_run_query(self, message: DataPane.RunQuery) -> None:
        if self.engine is None:
            self.notify("The engine is still starting; try again in a moment.", severity="warning")
            return
        if self._job is not None:
            self._job.cancel()
        job_id = next(self._job_ids)
        self._job = self.engine.query(message.sql)
        self.state = st.query_started(self.state, job_id, message.sql, time.monotonic())
        self._run_query(job_id, self._job)

    def on_data_pane_cancel_query(self, _: DataPane.CancelQuery) -> None:
        if self._job is not None:
            self._job.cancel()

    @work(thread=True, group="query", exit_on_error=False)
    def _run_query(self, job_id: int, job: QueryJob) -> None:
        try:
            preview = job.preview(PREVIEW_ROWS)
            if preview is not None:
                self.post_message(QueryPreviewed(job_id, preview))
            result = job.run()
        except QueryCancelled as error:
            self.post_message(QueryFailed(job_id, error.title, error.message, cancelled=True))
        except EngineError as error:
            self.post_message(QueryFailed(job_id, error.title, error.message))
        else:
            self.post_message(QueryFinished(job_id, result))

    def on_query_previewed(self, message: QueryPreviewed) -> None:
        self.state = st.query_previewed(self.state, message.job_id, message.preview)

    def on_query_finished(self, message: QueryFinished) -> None:
        previous = self.state.query.result
        new_state = st.query_finished(self.state, message.job_id, message.result)
        if new_state is self.state:  # a superseded job: nobody will show this result
            self._close_result(message.result)
            return
        self._job = None
        self.state = new_state
        if previous is not None and previous is not message.result:
            self._close_result(previous)

    def on_query_failed(self, message: QueryFailed) -> None:
        new_state = st.query_failed(
            self.state,
            message.job_id,
            message.title,
            message.message,
            cancelled=message.cancelled,
            now=time.monotonic(),
        )
        if new_state is self.state:
            return
        self._job = None
        self.state = new_state
        if not message.cancelled:
            self.notify(message.message, title=message.title, severity="error", timeout=8)

    @work(thread=True, group="close", exit_on_error=False)
    def _close_result(self, result: PagedResult) -> None:
        result.close()

    # --- the one place unexpected failures become messages --------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        title = getattr(error, "title", "Unexpected error")
        self.notify(f"{type(error).__name__}: {error}", title=title, severity="error", timeout=15)
        if event.worker.group == "query" and self.state.query.running:
            job_id = self.state.query.job_id
            self.post_message(QueryFailed(job_id, title, str(error)))
