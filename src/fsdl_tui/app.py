"""The app: composes the panes, owns the state store and runs every blocking job in a worker."""

from __future__ import annotations

import contextlib
import gc
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.reactive import reactive, var
from textual.screen import ModalScreen, Screen
from textual.widget import AwaitMount
from textual.widgets import TabbedContent, TabPane, Tabs
from textual.worker import Worker, WorkerState

from . import state as st
from .atomic import StateWriteError
from .config import Config, remember_theme
from .controllers.dvc import DvcController
from .controllers.history import HistoryController
from .controllers.query import QueryController
from .controllers.sources import SourcesController
from .engine import Engine
from .engine_boot import EngineBoot
from .formatting import counted, sanitize
from .images.terminal import choose_mode
from .key_order import after_typed_keys
from .messages import (
    EngineFailed,
    EngineStarted,
    QueryFailed,
    SourceCounted,
    SourcesOpened,
)
from .paths import history_path
from .query_history import HistoryStore
from .routes.catalog import CatalogRoutes
from .routes.dvc import DvcRoutes
from .routes.queries import QueryRoutes
from .screens.action_commands import ActionCommands
from .screens.catalog_commands import CatalogCommands
from .screens.data_pane import DataPane
from .screens.first_screen import FirstScreen
from .screens.help_screen import HelpScreen, active_keys, binding_ids
from .started_thread import StartedThread
from .state import AppState, Pane, QueryStatus
from .text_head import TextHead
from .widgets.key_footer import KeyFooter
from .widgets.prompt_bar import PromptBar

# Work the first screen and the first rows do not need (catalog scan, history, DVC, completion
# words) starts once the first result is in, or after this long: on 2 cores it would otherwise
# compete with them for the CPU and the GIL (measured: first rows 0.25 s later).
BACKGROUND_GRACE_S = 2.0
# How long the first frame waits for a Parquet head the child is still reading (as a rule it is
# in by the app's mount: the child has the other core); a folder's long walk is not waited for
HEAD_WAIT_S = 0.3
FREEZE_AGAIN_S = 3.0  # start-up's background work is done by then (~0.8 s of a core here)


class FsdlApp(QueryRoutes, DvcRoutes, CatalogRoutes, App[None]):
    TITLE = "fsdl-tui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,alt+1", "show_pane('data')", "Data", id="app.pane_data", priority=True),
        Binding("f3,alt+2", "show_pane('dvc')", "DVC", id="app.pane_dvc", priority=True),
        Binding(
            "f4,alt+3", "show_pane('catalog')", "Catalog", id="app.pane_catalog", priority=True
        ),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "help", "Help", id="app.help", priority=True),
    ]

    COMMANDS = App.COMMANDS | {CatalogCommands, ActionCommands}

    state: reactive[AppState] = var(AppState, init=False)  # no repaint: widgets show changes

    def __init__(
        self,
        targets: list[str] | None = None,
        *,
        repo: Path | None = None,
        build_demo: bool = False,
        config: Config | None = None,
        config_problems: list[str] | None = None,
        boot: EngineBoot | None = None,
        head: TextHead | None = None,
    ) -> None:
        super().__init__()
        config = config or Config()
        # how pictures are drawn, decided once (`cli` readies the graphics library before this)
        self.config = replace(config, images=choose_mode(config.images))
        self._config_problems = list(config_problems or [])
        self.targets = tuple(targets or ())
        self.prompt_bar = PromptBar()  # where panes ask (screens/prompt.py `ask`)
        self.engine: Engine | None = None
        self.dvc = DvcController(self.post_message, self._in_thread, repo, build_demo)
        self.queries = QueryController(
            post=self.post_message,
            run_in_thread=self._in_thread,
            page_rows=lambda: self.config.page_rows,
            transform=self.dvc.transform,
        )
        self.history = HistoryController(
            self.post_message, self._in_thread, HistoryStore(history_path())
        )
        self.sources = SourcesController(self.post_message, self._in_thread, self.config,
                                         self.targets)  # fmt: skip
        self.background_started = False
        self._boot = boot  # the engine, already starting (the command line starts it early)
        self._head = head  # the first file's first rows, read before the engine is up

    def get_default_screen(self) -> Screen:
        return FirstScreen(id="_default")

    def _in_thread(self, work, group: str, exclusive: bool = False) -> None:
        """What controllers get to start a thread worker (they hold no App reference). Work
        that always runs (not exclusive) starts at once (`StartedThread`); an exclusive group's
        work may be cancelled before it starts, so it waits for its worker."""
        if not exclusive:
            work = StartedThread(work, f"fsdl-{group}").join
        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def compose(self) -> ComposeResult:
        with TabbedContent(initial=Pane.DATA.value, id="panes"):
            with TabPane("Data · F2", id=Pane.DATA.value):
                yield DataPane(self.queries, self.config.page_rows,
                               soft_wrap=self.config.soft_wrap, id="data-pane").data_bind(
                    FsdlApp.state
                )  # fmt: skip
            with TabPane("DVC · F3", id=Pane.DVC.value):
                pass  # the DVC and Catalog panes are mounted when first shown
            with TabPane("Catalog · F4", id=Pane.CATALOG.value):
                pass
        yield KeyFooter()
        yield self.prompt_bar

    def on_mount(self) -> None:
        self._apply_config()
        self.query_one("#panes", TabbedContent).query_one(Tabs).can_focus = False  # F2/F3/F4
        self.state = AppState()
        self.query_one(DataPane).focus_default()
        if self._head is None and self._boot is not None:  # before the first frame is drawn
            self._head = self._boot.head(timeout=HEAD_WAIT_S)
        if self._head is not None:  # shown now; the engine starts after this frame
            self.state = self.queries.show_head(self.state, self._head)
            self.call_after_refresh(self._start_engine)
        else:
            self._start_engine()
        self.set_timer(BACKGROUND_GRACE_S, self._start_background_work)

    def _start_engine(self) -> None:
        # an engine up before this frame: its rows are handled now, to be in the first frame
        for report in self.sources.start(self._boot, self.dvc.repo_path, self.dvc.build_demo):
            getattr(self, report.handler_name)(report)  # on_engine_started, …, as if posted

    def _start_background_work(self) -> None:
        """Start what the first rows do not wait for (once): the catalog, the history, the DVC
        repo, SQL highlighting and completion words. The hidden panes are mounted when first
        shown: composing them takes ~0.2 s of the UI thread, which a key pressed right after
        the first rows would wait for."""
        if self.background_started:
            return
        self.background_started = True
        # What start-up made (modules, styles, widgets: ~10^6 objects) lives as long as the app:
        # out of the collector's full passes, which took 90–130 ms of the UI thread here and
        # fell on key presses every second or two. Again once the background work is done.
        # The command line turned the collector off for start-up: on again now.
        gc.freeze()
        gc.enable()
        self.set_timer(FREEZE_AGAIN_S, gc.freeze)
        self._load_catalog()
        self.history.load()
        self.dvc.start()
        self.query_one(DataPane).start_background_work()

    async def action_quit(self) -> None:
        """Quit once the keys typed before Ctrl+Q are in their box (text typed just before it
        was lost with the buffers saved on the way out)."""
        after_typed_keys(self, self.exit)

    def on_unmount(self) -> None:
        """Close the engine on the way out (a Spark session left open makes the process's exit
        wait on its server)."""
        engine, self.engine = self.engine, None
        if engine is not None:
            with contextlib.suppress(Exception):
                engine.close()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast of the app (widgets' `notify` comes here): its texts hold file names,
        values and error messages, so control characters are made visible and nothing is
        parsed as markup."""
        text = sanitize(str(message), keep_newlines=True)
        super().notify(
            text, title=sanitize(str(title)), severity=severity, timeout=timeout, markup=False
        )

    # --- settings and help -----------------------------------------------------------------

    def _apply_config(self) -> None:
        config = self.config
        if config.keys:
            unknown = sorted(set(config.keys) - binding_ids(self))
            if unknown:
                self._config_problems.append(
                    f"[keys]: no binding has the id {', '.join(map(repr, unknown))} "
                    "(F1 lists the ids)"
                )
            self.set_keymap(config.keys)
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self._config_problems.append(f"unknown theme {config.theme!r}")
        for problem in self._config_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10)

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted:
            self.run_worker(lambda: self._remember_theme(theme), thread=True, group="settings",
                            exit_on_error=False)  # fmt: skip

    def _remember_theme(self, theme: str) -> None:
        try:
            remember_theme(theme)
        except StateWriteError as error:
            self.call_from_thread(self.notify, error.message, title=error.title,
                                  severity="warning")  # fmt: skip

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.state.pane.value.capitalize() + " pane",
                                    active_keys(self)))  # fmt: skip

    # --- panes ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F2–F4 are priority bindings (so that they wait for a pane's mount), which a modal
        prompt would not otherwise stop: the keys go to the prompt instead, as before."""
        asking = isinstance(self.screen, ModalScreen) or self.prompt_bar.asking
        return not (action == "show_pane" and asking)

    async def action_show_pane(self, pane: str) -> None:
        """Show a pane, mounting it first if it was never shown. F2–F4 are priority bindings, so
        this runs in the app's own queue: keys typed right after wait for the mount and reach
        the new pane, not the one left."""
        await self._mounted(Pane(pane))
        self.state = st.pane_switched(self.state, Pane(pane))

    @on(TabbedContent.TabActivated, "#panes")
    def _pane_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = Pane(event.pane.id)
        if pane is not self.state.pane:  # a click on a tab
            self.state = st.pane_switched(self.state, pane)

    def watch_state(self, old: AppState, new: AppState) -> None:
        if old.pane is not new.pane:
            mounting = self._mount_pane(new.pane)
            tabs = self.query_one(TabbedContent)
            with tabs.prevent(TabbedContent.TabActivated):  # ours, not a click: no echo
                tabs.active = new.pane.value
            # focus into the shown pane: focus left in a hidden pane would switch back to it
            if mounting is None:
                self._focus_pane(new.pane)
            else:  # keys pressed meanwhile wait in the app's queue behind this
                self.call_later(self._focus_when_mounted, mounting, new.pane)

    def _mount_pane(self, pane: Pane) -> AwaitMount | None:
        """Mount a hidden pane the first time it is shown (the Data pane is always there)."""
        if pane is Pane.DATA:
            return None
        if pane is Pane.DVC:
            from .screens.dvc_pane import DvcPane as kind
        else:
            from .screens.catalog_pane import CatalogPane as kind
        holder = self.query_one(f"TabPane#{pane.value}")
        if holder.children:
            return None
        return holder.mount(kind(id=f"{pane.value}-pane").data_bind(FsdlApp.state))

    async def _focus_when_mounted(self, mounting: AwaitMount, pane: Pane) -> None:
        await mounting
        self._focus_pane(pane)

    def _focus_pane(self, pane: Pane) -> None:
        if pane is not self.state.pane:
            return
        try:
            self.query_one(f"#{pane.value}-pane").focus_default()  # type: ignore[attr-defined]
        except NoMatches:  # a pane mounted a moment ago has not composed yet
            self.call_after_refresh(self._focus_pane, pane)

    async def show_catalog_tool(self, tool_id: str) -> None:
        await self._mounted(Pane.CATALOG)
        self.state = st.catalog_tool_shown(self.state, tool_id)

    async def _mounted(self, pane: Pane) -> None:
        """Before a pane is shown by a key or a command: the background work started, and the
        pane mounted if it never was (a tab click mounts it from `watch_state`)."""
        self._start_background_work()
        mounting = self._mount_pane(pane)
        if mounting is not None:
            await mounting

    # --- engine and sources ---------------------------------------------------------------

    def on_engine_started(self, message: EngineStarted) -> None:
        self.engine = self.queries.engine = message.engine
        self.queries.prepare(message.first)
        self.dvc.register_tables(message.engine)
        if self.background_started:
            self.history.register(self.engine, self.state)
            self._register_catalog()
        self.state = st.sources_loading(
            st.engine_ready(self.state, message.engine.name), self.targets
        )

    def on_engine_failed(self, message: EngineFailed) -> None:
        failed = st.engine_failed(self.state, message.error)
        self.state = self.queries.end_head(failed, "The engine did not start", message.error)
        self.notify(message.error, title="The engine did not start", severity="error", timeout=30)
        self._start_background_work()

    def on_sources_opened(self, message: SourcesOpened) -> None:
        if message.reloaded:
            self.state = st.sources_reloaded(self.state, message.sources, message.error,
                                             message.skipped)  # fmt: skip
            self.notify(f"{counted(len(message.sources), 'dataset')} read again from disk.",
                        title="Reloaded")  # fmt: skip
            if self.state.query.sql:  # show the result as the files are now
                self.state = self.queries.run(self.state, self.state.query.sql, record=False)
        else:  # the first file's rows, when start-up made them, in the same state change
            opened = st.sources_opened(self.state, message.sources, message.error,
                                       message.skipped)  # fmt: skip
            self.state = self.queries.run_prepared(opened)
            if self.state.query.status is QueryStatus.DONE:  # start-up's rows, shown at once
                self.call_after_refresh(self._start_background_work)  # not 2 s later, at a key
                # a key pressed over the head, say: once the panes have shown these rows (a
                # query started now would look, to the Data pane, like one to replace)
                self.call_after_refresh(self.run_asked_early)
        if not any(source.ok for source in message.sources):
            self.state = self.queries.end_head(self.state, "Cannot open",
                                               message.error or "Nothing to show.")  # fmt: skip
            self.run_asked_early(failed=True)  # SQL typed meanwhile needs no file
            self._start_background_work()  # no first rows to wait for
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
        if self.engine is not None:
            self.sources.count(self.engine, message.sources)

    def on_data_pane_reload_requested(self, _: DataPane.ReloadRequested) -> None:
        if self.engine is None:
            return
        self.state = st.sources_loading(self.state, self.targets)
        self.sources.reload(self.engine)

    def on_source_counted(self, message: SourceCounted) -> None:
        self.state = st.source_updated(self.state, message.source)

    def on_data_pane_source_selected(self, message: DataPane.SourceSelected) -> None:
        self.state = st.source_selected(self.state, message.name)

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
