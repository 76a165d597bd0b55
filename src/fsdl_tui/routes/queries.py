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
        if self.engine is None:
            self.notify("The engine is still starting; try again in a moment.", severity="warning")
            return
        self.state = self.queries.run(self.state, message.sql, record=message.record)

    def on_data_pane_cancel_query(self, _: DataPane.CancelQuery) -> None:
        self.queries.cancel()
        if self.dvc.cancel():
            self.queries.rerun_after_fetch = None

    def on_data_pane_explore(self, message: DataPane.Explore) -> None:
        self._explore(message.kind, message.column, message.value, message.expression)

    def _explore(self, *step: object) -> None:
        try:
            self.state = self.queries.explore(self.state, *step)  # type: ignore[arg-type]
        except EngineError as error:
            self.notify(error.message, title=error.title, severity="warning")

    def explore_asked_early(self) -> None:
        """A step a key asked for while a file's head was shown (sort, filter, frequency…),
        run once the first result is in: the key is not lost to the engine's start."""
        asked = self.queries.take_step_asked_early()
        if asked is not None:
            self._explore(*asked)

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
        self.explore_asked_early()

    def on_query_failed(self, message: QueryFailed) -> None:
        self.call_after_refresh(self._start_background_work)
        new_state = self.queries.failed(self.state, message)
        if new_state is self.state:
            return
        self.queries.take_step_asked_early()  # nothing to run it over
        status = "cancelled" if message.cancelled else "failed"
        entry = HistoryEntry.now(new_state.query.sql, status, None, new_state.query.elapsed,
                                 message.message)  # fmt: skip
        self.state = self.history.record(new_state, entry, self.engine)
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
