"""The one owner of the query lifecycle: the only code that runs the user's queries.

It holds the engine's live objects — the running job and every result on screen, in a registry
keyed by id — while the state store holds only their ids and plain values. Panes post intents
(`RunQuery`, `Explore`); the app hands them here; a thread worker runs the job and posts a typed
message; the handler here makes the next state with the pure functions of `state.py`.

No App reference: it gets `post` (send a message to the UI thread) and `run_in_thread`.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from .. import state as st
from ..column_bands import columns_to_read
from ..dvc.errors import DataUnavailable
from ..engine import EngineError, QueryCancelled
from ..engine_boot import PREVIEW_ROWS, FirstRows
from ..formatting import GRID_CELL_CHARS, format_table, is_numeric_type, is_text_type
from ..messages import QueryFailed, QueryFinished, QueryPreviewed, ViewEnded
from ..text_head import HeadResult

if TYPE_CHECKING:
    from pathlib import Path

    from textual.message import Message

    from ..engine import Column, Engine, ExportJob, PagedResult, QueryJob
    from ..state import AppState
    from ..text_head import TextHead

VIEW_ROWS = 1000


class ExploreKind(StrEnum):
    """What an explore key does to the result on screen."""

    SORT = "sort"
    SORT_DESC = "sort_desc"
    KEEP = "keep"  # rows equal to the cell
    DROP = "drop"  # rows not equal to the cell
    WHERE = "where"  # rows where an expression holds
    FREQUENCY = "frequency"
    HIDE = "hide"
    SHOW_ALL = "show_all"
    UNDO = "undo"


@dataclass(frozen=True)
class Step:
    """One explore step: the SQL it left and the kind that made it (undo pops these)."""

    sql: str
    kind: ExploreKind | None  # None: SQL the user ran


class QueryController:
    def __init__(
        self,
        post: Callable[[Message], None],
        run_in_thread: Callable[[Callable[[], None], str], None],
        page_rows: Callable[[], int],
        transform: Callable[[Engine], Callable[[str], str] | None],
    ) -> None:
        self._post = post
        self._run_in_thread = run_in_thread
        self._page_rows = page_rows
        self._transform = transform
        self.engine: Engine | None = None
        self._job: QueryJob | None = None
        self._ids = itertools.count(1)
        self._results: dict[int, PagedResult] = {}
        self._steps: list[Step] = []  # what undo goes back to, newest last
        self._pending_step: ExploreKind | None = None
        self.rerun_after_fetch: str | None = None
        self._view_job: QueryJob | None = None
        self._first: FirstRows | None = None  # made during start-up, for the first `run`
        self._head_job: int | None = None  # the job whose preview is a file's head
        # what a key asked for before the engine was up: ("run", (sql, record)) or
        # ("explore", explore's arguments), over a file's head; run once it can be
        self._asked_early: tuple[str, tuple] | None = None

    def prepare(self, first: FirstRows | None) -> None:
        """Rows made while the app started: the first `run` of their SQL shows them at once."""
        self._first = first

    def show_head(self, state: AppState, head: TextHead) -> AppState:
        """A file's first rows read before the engine is up (`text_head`), shown as the preview
        of a query still to come: the engine's preview or result replaces them."""
        result = HeadResult(head)
        job_id = self._head_job = next(self._ids)
        started = st.query_started(state, job_id, "", time.monotonic(), record=False)
        rows = result.first_rows(self._page_rows())
        return st.query_previewed(started, job_id, self._keep(result), rows)

    def end_head(self, state: AppState, title: str, message: str) -> AppState:
        """Take the head down when no query follows it (the engine did not start, the file did
        not open): rows nothing can query would be left on screen, 'running' for ever."""
        job_id, self._head_job = self._head_job, None
        if self._asked_early is not None and self._asked_early[0] == "explore":
            self._asked_early = None  # no first result to build it on
        if job_id is None:
            return state
        new = st.query_failed(state, job_id, title, message, cancelled=False, now=time.monotonic())
        self._drop(state.query.preview_id, new)
        return new

    def run_prepared(self, state: AppState) -> AppState:
        """Start the query of the rows made during start-up (the first file's), if they are
        still waiting: the state shows them at once, without a round trip through a pane."""
        if self._first is None:
            return state
        return self.run(state, self._first.sql, record=False)

    # --- the registry ---------------------------------------------------------------------

    def result(self, result_id: int | None) -> PagedResult | None:
        return self._results.get(result_id) if result_id is not None else None

    def _keep(self, result: PagedResult) -> int:
        result_id = next(self._ids)
        self._results[result_id] = result
        return result_id

    def _drop(self, result_id: int | None, state: AppState) -> None:
        """Close a result nobody shows any more (in a worker: closing may drop a table)."""
        if result_id is None or result_id in (state.query.result_id, state.query.preview_id):
            return
        result = self._results.pop(result_id, None)
        if result is not None:
            self._run_in_thread(result.close, "close")

    # --- running --------------------------------------------------------------------------

    def run(
        self, state: AppState, sql: str, *, record: bool = True, step: ExploreKind | None = None,
        show_in_editor: bool = False,
    ) -> AppState:  # fmt: skip
        """Start `sql` (cancelling a running job); the state with it running. Before the engine
        is up, the SQL waits for it (`take_asked_early`)."""
        if self.engine is None:
            self._asked_early = ("run", (sql, record))
            return state
        if self._job is not None:
            self._job.cancel()
        job_id = next(self._ids)
        first, self._first = self._first, None
        self._head_job = None  # a query follows the head: its rows replace the head's
        started = st.query_started(state, job_id, sql, time.monotonic(), record=record,
                                   show_in_editor=show_in_editor)  # fmt: skip
        # rows made during start-up are shown at once (in the same frame as the app's first)
        if first is not None and first.sql == sql and first.result is not None:
            self._job, self._pending_step = None, step
            return self.finished(started, QueryFinished(job_id, first.result, first.rows))
        if first is not None and first.result is not None:
            self._run_in_thread(first.result.close, "close")  # another query came first
        job = self.engine.query(sql, self._transform(self.engine))
        self._job, self._pending_step = job, step
        previewed = first is not None and first.sql == sql and first.preview is not None
        self._run_in_thread(lambda: self._work(job_id, job, previewed=previewed), "query")
        if previewed:
            return self.previewed(started, QueryPreviewed(job_id, first.preview, first.rows))
        return started

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _work(self, job_id: int, job: QueryJob, previewed: bool = False) -> None:
        """In a thread: the preview (unless start-up made it), the result and its first block,
        as messages."""
        try:
            if not previewed:
                preview = job.preview(PREVIEW_ROWS)
                if preview is not None:
                    self._post(QueryPreviewed(job_id, preview, self._first_rows(preview)))
            result = job.run()
            first_rows = self._first_rows(result)
        except QueryCancelled as error:
            self._post(QueryFailed(job_id, error.title, error.message, cancelled=True))
        except DataUnavailable as error:
            self._post(QueryFailed(job_id, error.title, error.message, unavailable=error))
        except EngineError as error:
            self._post(QueryFailed(job_id, error.title, error.message))
        except Exception as error:  # never leave the spinner running
            self._post(QueryFailed(job_id, "Unexpected error", f"{type(error).__name__}: {error}"))
        else:
            self._post(QueryFinished(job_id, result, first_rows))

    def _first_rows(self, result: PagedResult) -> tuple | None:
        """The grid's first block, fetched in the query's worker: one round trip less before
        the first rows are on screen. None when it fails (the grid asks again and reports)."""
        try:
            only = columns_to_read(0, len(result.columns))
            return tuple(format_table(result.fetch(0, self._page_rows(), GRID_CELL_CHARS, only)))
        except EngineError:
            return None

    def previewed(self, state: AppState, message: QueryPreviewed) -> AppState:
        if not state.query.running or state.query.job_id != message.job_id:
            message.preview.close()
            return state
        new = st.query_previewed(state, message.job_id, self._keep(message.preview),
                                 message.first_rows)  # fmt: skip
        self._drop(state.query.preview_id, new)
        return new

    def finished(self, state: AppState, message: QueryFinished) -> AppState:
        """The state with the result shown; the same state for a superseded job."""
        if not state.query.running or state.query.job_id != message.job_id:
            self._run_in_thread(message.result.close, "close")
            return state
        self._job = None
        self._record_step(state)
        new = st.query_finished(state, message.job_id, self._keep(message.result),
                                message.result.row_count, message.result.elapsed,
                                message.result.message, len(message.result.columns),
                                message.first_rows)  # fmt: skip
        self._drop(state.query.result_id, new)
        self._drop(state.query.preview_id, new)
        return new

    def failed(self, state: AppState, message: QueryFailed) -> AppState:
        if not state.query.running or state.query.job_id != message.job_id:
            return state
        self._job = None
        preview = self.result(state.query.preview_id)
        if message.cancelled and preview is not None:  # the first rows shown stay
            self._record_step(state)
            new = st.query_cut_short(state, message.job_id, preview.row_count,
                                     len(preview.columns), message.message,
                                     now=time.monotonic())  # fmt: skip
            self._drop(state.query.result_id, new)
            return new
        new = st.query_failed(state, message.job_id, message.title, message.message,
                              cancelled=message.cancelled, now=time.monotonic())  # fmt: skip
        self._drop(state.query.preview_id, new)
        return new

    # --- exploring ------------------------------------------------------------------------

    def _record_step(self, state: AppState) -> None:
        """A result replaces the shown one: remember the one it replaces for undo."""
        kind, self._pending_step = self._pending_step, None
        if kind is ExploreKind.UNDO:
            return
        if kind is None:
            self._steps.clear()  # new SQL from the user: a new exploring session
            self._steps.append(Step(state.query.sql, None))
            return
        self._steps.append(Step(state.query.sql, kind))

    def explore(self, state: AppState, kind: ExploreKind, column: Column | None = None,
                value: object = None, expression: str = "") -> AppState:  # fmt: skip
        """Build the step's SQL over what the grid shows and run it (or say why not)."""
        engine, base = self.engine, self.shown_statement(state)
        if engine is None and self._head_job is not None:  # run over the first result, soon
            self._asked_early = ("explore", (kind, column, value, expression))
            return state
        if engine is None or not base:
            return state
        dialect = engine.dialect
        if kind is ExploreKind.UNDO or kind is ExploreKind.SHOW_ALL:
            return self._back(state, kind)
        if column is None:
            return state
        if kind in (ExploreKind.SORT, ExploreKind.SORT_DESC):
            sql = dialect.sort(base, column.name, kind is ExploreKind.SORT_DESC)
        elif kind in (ExploreKind.KEEP, ExploreKind.DROP):
            sql = dialect.filter_value(base, column.name, value, column.type,
                                       negate=kind is ExploreKind.DROP)  # fmt: skip
            if sql is None:
                raise EngineError("Cannot filter on a nested value; use W.", title="Explore")
        elif kind is ExploreKind.WHERE:
            sql = dialect.where(base, expression)
        elif kind is ExploreKind.FREQUENCY:
            sql = dialect.frequency(base, column.name)
        else:  # HIDE
            sql = dialect.exclude(base, [column.name])
        return self.run(state, sql, step=kind, show_in_editor=True)

    def take_asked_early(self, state: AppState, failed: bool = False) -> tuple[str, tuple] | None:
        """What a key asked for before the engine was up, once it can run: SQL as soon as the
        engine is up, an explore step once the first result is shown (none if it `failed`:
        nothing to build on). The app runs it."""
        asked = self._asked_early
        if asked is None or self.engine is None:
            return None
        if asked[0] == "explore" and not failed and not self.shown_statement(state):
            return None  # the first result is not in yet
        self._asked_early = None
        return None if asked[0] == "explore" and failed else asked

    def _back(self, state: AppState, kind: ExploreKind) -> AppState:
        """Undo one step, or (show all) every hide step on top."""
        steps = self._steps
        if len(steps) < 2:
            raise EngineError("Nothing to undo." if kind is ExploreKind.UNDO
                              else "No column is hidden.", title="Explore")  # fmt: skip
        if kind is ExploreKind.SHOW_ALL:
            if steps[-1].kind is not ExploreKind.HIDE:
                raise EngineError("No column is hidden.", title="Explore")
            while len(steps) > 1 and steps[-1].kind is ExploreKind.HIDE:
                steps.pop()
        else:
            steps.pop()
        return self.run(state, steps[-1].sql, step=ExploreKind.UNDO, show_in_editor=True)

    def shown_statement(self, state: AppState) -> str:
        """The last statement of the SQL behind the result on screen: what explore builds on."""
        if self.engine is None or not state.query.shown_sql:
            return ""
        return self.engine.last_statement(state.query.shown_sql)

    def view_sql(self, state: AppState, kind: str, column: Column, bins: int = 20) -> str | None:
        """The SQL of a view over the shown result: `profile` or `histogram` of a column."""
        engine, base = self.engine, self.shown_statement(state)
        if engine is None or not base:
            return None
        dialect = engine.dialect
        if kind == "profile":
            return dialect.profile(base, column.name, column.type)
        if is_text_type(column.type):  # the lengths of its texts, the check before fine-tuning
            return dialect.text_lengths(base, column.name, bins)
        if not (is_numeric_type(column.type) or dialect.is_temporal(column.type)):
            raise EngineError("A histogram needs a numeric, date/time or text column; try F "
                              "(frequency).", title="Histogram")  # fmt: skip
        return dialect.histogram(base, column.name, column.type, bins)

    # --- what the Data pane asks of the data plane ----------------------------------------

    def select_all_sql(self, table: str) -> str | None:
        return self.engine.select_all_sql(table) if self.engine is not None else None

    def completion_words(self) -> list[tuple[str, str]]:
        """Blocking: call in a worker."""
        return self.engine.completion_words() if self.engine is not None else []

    def export_job(self, state: AppState, target: Path) -> ExportJob | None:
        """An export of the whole result on screen to `target` (None: nothing shown)."""
        engine, sql = self.engine, state.query.result_sql
        if engine is None or not sql or state.query.result_id is None:
            return None
        return engine.export(sql, target, self._transform(engine))

    # --- views over the shown result ------------------------------------------------------

    def open_view(self, state: AppState, kind: str, column: Column) -> AppState:
        """Start a profile or histogram of `column` over the shown result. Raises EngineError
        when the view does not apply (a histogram of text)."""
        sql = self.view_sql(state, kind, column)
        if sql is None or self.engine is None:
            return state
        self.close_view(state)
        view_id = next(self._ids)
        job = self.engine.query(sql)
        self._view_job = job

        def work() -> None:
            try:
                result = job.run()
                try:
                    rows = tuple(result.fetch(0, VIEW_ROWS).to_pylist())
                finally:
                    result.close()
            except QueryCancelled:
                self._post(ViewEnded(view_id, cancelled=True))
            except EngineError as error:
                self._post(ViewEnded(view_id, error=error.message))
            except Exception as error:  # the view's spinner always ends
                self._post(ViewEnded(view_id, error=f"{type(error).__name__}: {error}"))
            else:
                self._post(ViewEnded(view_id, rows))

        self._run_in_thread(work, "view")
        return st.view_opened(state, st.ViewState(view_id, kind, column.name, sql))

    def view_ended(self, state: AppState, message: ViewEnded) -> AppState:
        if state.view is not None and state.view.view_id == message.view_id:
            self._view_job = None
        return st.view_ended(state, message.view_id, message.rows, message.error,
                             cancelled=message.cancelled)  # fmt: skip

    def close_view(self, state: AppState) -> AppState:
        """Close the view, cancelling its query if it still runs."""
        job, self._view_job = self._view_job, None
        if job is not None:
            job.cancel()
        return st.view_closed(state)

    def close(self) -> None:
        for result in self._results.values():
            result.close()
        self._results.clear()
