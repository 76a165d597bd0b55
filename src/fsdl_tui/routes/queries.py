"""How the app routes the Data pane's query intents to the QueryController and its results back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..controllers.dvc import DvcController
from ..controllers.history import HistoryController
from ..controllers.query import QueryController
from ..dvc.errors import DataUnavailable
from ..engine import Engine, EngineError
from ..messages import HistoryLoaded, Notice, QueryFailed, QueryFinished, QueryPreviewed, ViewEnded
from ..query_history import HistoryEntry
from ..screens.data_pane import DataPane
from ..state import AppState
from . import AppBase

if TYPE_CHECKING:  # the profile and histogram screens (plotext) load when first opened
    from ..controllers.query import ExploreKind
    from ..engine import Column
    from ..screens.profile_screen import QueryView


class QueryRoutes(AppBase):
    """Query intents → QueryController → state (a mixin of FsdlApp)."""

    # what the app provides (FsdlApp mixes this class in)
    state: AppState
    engine: Engine | None
    queries: QueryController
    history: HistoryController
    dvc: DvcController

    if TYPE_CHECKING:

        def _start_background_work(self) -> None: ...
        def _offer_fetch(self, unavailable: DataUnavailable, sql: str) -> None: ...

    def on_data_pane_run_query(self, message: DataPane.RunQuery) -> None:
        if self.engine is None:  # the controller keeps it (`run_asked_early`)
            self.notify("The engine is still starting: the query runs as soon as it is up.")
        self.state = self.queries.run(self.state, message.sql, record=message.record)

    def on_data_pane_cancel_query(self, _: DataPane.CancelQuery) -> None:
        self.queries.cancel()
        if self.dvc.cancel():
            self.queries.rerun_after_fetch = None

    def on_data_pane_explore(self, message: DataPane.Explore) -> None:
        self._explore(message.kind, message.column, message.value, message.expression)

    def _explore(self, kind: ExploreKind, column: Column | None = None, value: object = None,
                 expression: str = "") -> None:  # fmt: skip
        try:
            self.state = self.queries.explore(self.state, kind, column, value, expression)
        except EngineError as error:
            self.notify(error.message, title=error.title, severity="warning")

    def run_asked_early(self, failed: bool = False) -> None:
        """What a key asked for before the engine was up — SQL run with Ctrl+Enter, a step
        over a file's head (sort, filter, frequency…) — once it can run: keys are not lost to
        the engine's start."""
        asked = self.queries.take_asked_early(self.state, failed)
        if asked is None:
            return
        what, args = asked
        if what == "run":  # shown in the editor: the file's SQL went to a buffer of its own
            sql, record = args
            self.state = self.queries.run(self.state, sql, record=record, show_in_editor=True)
        else:
            self._explore(*args)

    def on_data_pane_view_requested(self, message: DataPane.ViewRequested) -> None:
        try:
            new_state = self.queries.open_view(self.state, message.kind, message.column)
        except EngineError as error:
            self.notify(error.message, title=error.title, severity="warning")
            return
        if new_state is self.state:
            return
        from ..screens.profile_screen import HistogramScreen, ProfileScreen

        screen = ProfileScreen if message.kind == "profile" else HistogramScreen
        self.push_screen(screen(message.column.name))
        self.state = new_state

    def on_view_ended(self, message: ViewEnded) -> None:
        self.state = self.queries.view_ended(self.state, message)

    def on_query_view_closed(self, _: QueryView.Closed) -> None:
        self.state = self.queries.close_view(self.state)

    def on_query_previewed(self, message: QueryPreviewed) -> None:
        self.state = self.queries.previewed(self.state, message)

    def on_query_finished(self, message: QueryFinished) -> None:
        self.call_after_refresh(self._start_background_work)  # after the first rows are shown
        new_state = self.queries.finished(self.state, message)
        if new_state is self.state:  # a superseded job: nobody will show this result
            return
        query = new_state.query
        entry = HistoryEntry.now(query.sql, "done", query.rows, round(query.elapsed or 0, 4))
        # one assignment: each sets every pane's state watchers going
        self.state = self.history.record(new_state, entry, self.engine, self.call_after_refresh)
        self.run_asked_early()

    def on_query_failed(self, message: QueryFailed) -> None:
        self.call_after_refresh(self._start_background_work)
        new_state = self.queries.failed(self.state, message)
        if new_state is self.state:
            return
        status = "cancelled" if message.cancelled else "failed"
        entry = HistoryEntry.now(new_state.query.sql, status, None, new_state.query.elapsed,
                                 message.message)  # fmt: skip
        self.state = self.history.record(new_state, entry, self.engine)
        self.run_asked_early(failed=True)
        unavailable = message.unavailable
        if unavailable is not None and unavailable.fetchable is not False:
            self._offer_fetch(unavailable, self.state.query.sql)
        elif not message.cancelled:
            self.notify(message.message, title=message.title, severity="error", timeout=8)

    # --- query history ------------------------------------------------------------------

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        self.state = self.history.loaded(self.state, message, self.engine)

    def on_notice(self, message: Notice) -> None:
        severity = message.severity if message.severity in ("warning", "error") else "information"
        self.notify(message.message, title=message.title, severity=severity,
                    timeout=message.timeout)  # fmt: skip
