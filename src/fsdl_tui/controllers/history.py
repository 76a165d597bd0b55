"""The query history: loaded, appended and kept as the SQL table `query_history`, each write in
a thread worker. No App reference."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import state as st
from ..messages import HistoryLoaded, Notice
from ..query_history import HistoryEntry, HistoryStore, history_table

if TYPE_CHECKING:
    from textual.message import Message

    from ..engine import Engine
    from ..state import AppState


class HistoryController:
    def __init__(
        self,
        post: Callable[[Message], None],
        run_in_thread: Callable[..., object],
        store: HistoryStore,
    ) -> None:
        self._post = post
        self._run_in_thread = run_in_thread
        self._store = store

    def load(self) -> None:
        def work() -> None:
            entries, warning = self._store.load()
            self._post(HistoryLoaded(tuple(entries), warning))

        self._run_in_thread(work, "history")

    def loaded(self, state: AppState, message: HistoryLoaded, engine: Engine | None) -> AppState:
        new = st.history_loaded(state, message.entries + state.history)
        if message.warning:
            self._post(Notice(message.warning, "Query history", "warning", 10))
        self.register(engine, new)
        return new

    def record(
        self,
        state: AppState,
        entry: HistoryEntry,
        engine: Engine | None,
        later: Callable[[Callable[[], None]], object] = lambda start: start(),
    ) -> AppState:
        """The query just ended goes into the history (unless it was a file's preview); the
        file and the table are written by a worker, started through `later` (the app passes
        `call_after_refresh`: the result is painted first)."""
        if not state.query.record:
            return state
        new = st.history_appended(state, entry)
        entries = new.history

        def work() -> None:
            try:
                self._store.append(entry)
            except OSError as error:
                reason = error.strerror or str(error)
                self._post(Notice(f"Cannot save the query history: {reason}", "Query history",
                                  "warning"))  # fmt: skip
            if engine is not None:
                engine.register_table("query_history", history_table(entries))

        later(lambda: self._run_in_thread(work, "history-write"))
        return new

    def register(self, engine: Engine | None, state: AppState) -> None:
        """The history as the SQL table `query_history`."""
        entries = state.history
        if engine is not None:
            self._run_in_thread(
                lambda: engine.register_table("query_history", history_table(entries)),
                "history-table",
            )
