"""The one state store: frozen dataclasses, replaced wholesale, changed only by pure functions.

The App holds an `AppState` in a reactive; panes watch it. Workers never touch it: they post
messages, and handlers on the UI thread call the functions below to make the next state.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalog import Tool
    from .dvc.diff import DataDiff
    from .dvc.experiments import Experiments
    from .dvc.history import Version
    from .dvc.metrics import MetricsHistory
    from .dvc.pipeline import Pipeline
    from .dvc.snapshot import OutputInfo
    from .engine import Source
    from .formatting import Row
    from .query_history import HistoryEntry


class Pane(StrEnum):
    DATA = "data"
    DVC = "dvc"
    CATALOG = "catalog"


class QueryStatus(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class QueryState:
    """The query being run or last run, and the result on screen. Results themselves live in
    the QueryController's registry; the store holds their ids and plain figures."""

    status: QueryStatus = QueryStatus.IDLE
    job_id: int = 0
    sql: str = ""
    started_at: float | None = None  # time.monotonic() when it started
    elapsed: float | None = None
    error_title: str = ""
    error: str = ""
    result_id: int | None = None  # what the grid shows; kept when a later query fails
    preview_id: int | None = None  # first rows while a long query materializes
    result_sql: str = ""  # the SQL behind result_id
    rows: int = 0  # the shown result's size, and its message for statements without rows
    columns: int = 0
    message: str = ""
    record: bool = True  # goes into the query history (a file's automatic preview does not)
    show_in_editor: bool = False  # started elsewhere (explore, DVC): the editor shows its SQL
    first_rows: tuple[Row, ...] | None = None  # the shown result's first block, formatted
    partial: bool = False  # the shown result is its query's first rows (cancelled after them)

    @property
    def running(self) -> bool:
        return self.status is QueryStatus.RUNNING

    @property
    def shown_sql(self) -> str:
        """The SQL behind what the grid shows: what explore keys build on."""
        return self.sql if self.preview_id is not None else self.result_sql


@dataclass(frozen=True)
class ViewState:
    """A view over the shown result (a profile or a histogram): its query and its rows."""

    view_id: int
    kind: str  # "profile" | "histogram"
    column: str
    sql: str
    status: QueryStatus = QueryStatus.RUNNING
    rows: tuple[dict, ...] = ()  # plain values, at most VIEW_ROWS
    error: str = ""


@dataclass(frozen=True)
class DataState:
    targets: tuple[str, ...] = ()  # what the user opened: files, folders, globs
    loading: bool = False
    sources: tuple[Source, ...] = ()
    selected: str | None = None  # the name of the highlighted source
    error: str = ""
    skipped: int = 0  # files of other kinds inside the folders opened

    def source(self, name: str | None) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)


@dataclass(frozen=True)
class CatalogState:
    tools: tuple[Tool, ...] = ()
    filter: str = ""
    category: str | None = None  # None: every category
    selected: str | None = None  # a tool id
    # counts changes of the filter made elsewhere (the palette clears it): the filter box shows
    # the filter then; while the user types, the box leads and the state follows
    filter_resets: int = 0

    @property
    def loaded(self) -> bool:
        return bool(self.tools)

    def tool(self, tool_id: str | None) -> Tool | None:
        return next((t for t in self.tools if t.id == tool_id), None)


class DvcStatus(StrEnum):
    NONE = "none"  # no repository opened
    BUILDING = "building"  # building the demo repository
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class DvcState:
    status: DvcStatus = DvcStatus.NONE
    message: str = ""  # progress, or why it failed
    root: str = ""
    remote: str = ""
    outputs: tuple[OutputInfo, ...] = ()
    versions: tuple[tuple[str, tuple[Version, ...]], ...] = ()  # (path, newest first)
    selected: str | None = None  # an output path, or a file inside a directory output
    marked: tuple[str, ...] = ()  # revs marked for a diff (at most two)
    busy: str = ""  # a running fetch or diff, described
    diff: DataDiff | None = None
    pipeline: Pipeline | None = None
    dag: str = ""
    metrics: MetricsHistory | None = None
    chart: str | None = None  # the metrics column drawn over commits
    experiments: Experiments | None = None

    def versions_of(self, path: str | None) -> tuple[Version, ...] | None:
        return next((v for p, v in self.versions if p == path), None)


@dataclass(frozen=True)
class AppState:
    pane: Pane = Pane.DATA
    engine_name: str = ""
    engine_ready: bool = False
    engine_error: str = ""  # why the engine did not start
    data: DataState = field(default_factory=DataState)
    query: QueryState = field(default_factory=QueryState)
    catalog: CatalogState = field(default_factory=CatalogState)
    dvc: DvcState = field(default_factory=DvcState)
    history: tuple[HistoryEntry, ...] = ()
    view: ViewState | None = None


# --- pure transitions -------------------------------------------------------------------------


def engine_ready(state: AppState, name: str) -> AppState:
    return replace(state, engine_ready=True, engine_name=name)


def engine_failed(state: AppState, error: str) -> AppState:
    return replace(state, engine_error=error)


def sources_loading(state: AppState, targets: tuple[str, ...]) -> AppState:
    return replace(state, data=replace(state.data, targets=targets, loading=True, error=""))


def sources_opened(
    state: AppState, sources: tuple[Source, ...], error: str = "", skipped: int = 0
) -> AppState:
    data = state.data
    known = {s.name: s for s in data.sources}
    known.update({s.name: s for s in sources})
    selected = data.selected
    if selected is None:
        selected = next((s.name for s in sources if s.ok), None)
    merged = tuple(known.values())
    data = replace(data, sources=merged, loading=False, error=error, selected=selected,
                   skipped=data.skipped + skipped)  # fmt: skip
    return replace(state, data=data)


def sources_reloaded(
    state: AppState, sources: tuple[Source, ...], error: str = "", skipped: int = 0
) -> AppState:
    """The files as they are on disk now: gone ones drop out, the selection stays if it can."""
    data = state.data
    names = [s.name for s in sources]
    selected = data.selected if data.selected in names else next(
        (s.name for s in sources if s.ok), None)  # fmt: skip
    return replace(state, data=replace(data, sources=sources, loading=False, error=error,
                                       selected=selected, skipped=skipped))  # fmt: skip


def source_updated(state: AppState, source: Source) -> AppState:
    sources = tuple(source if s.name == source.name else s for s in state.data.sources)
    return replace(state, data=replace(state.data, sources=sources))


def source_selected(state: AppState, name: str) -> AppState:
    return replace(state, data=replace(state.data, selected=name))


def query_started(
    state: AppState, job_id: int, sql: str, now: float, *, record: bool = True,
    show_in_editor: bool = False,
) -> AppState:  # fmt: skip
    query = replace(
        state.query,
        record=record,
        show_in_editor=show_in_editor,
        status=QueryStatus.RUNNING,
        job_id=job_id,
        sql=sql,
        started_at=now,
        elapsed=None,
        error="",
        error_title="",
    )
    pane = Pane.DATA if show_in_editor else state.pane
    return replace(state, query=query, pane=pane)


def _current(state: AppState, job_id: int) -> bool:
    return state.query.job_id == job_id and state.query.running


def query_previewed(
    state: AppState, job_id: int, preview_id: int, first_rows: tuple[Row, ...] | None = None
) -> AppState:
    if not _current(state, job_id):
        return state
    query = replace(state.query, preview_id=preview_id, first_rows=first_rows)
    return replace(state, query=query)


def query_finished(
    state: AppState,
    job_id: int,
    result_id: int,
    rows: int,
    elapsed: float,
    message: str = "",
    columns: int = 0,
    first_rows: tuple[Row, ...] | None = None,
) -> AppState:
    if not _current(state, job_id):
        return state
    query = replace(
        state.query,
        status=QueryStatus.DONE,
        result_id=result_id,
        preview_id=None,
        result_sql=state.query.sql,
        rows=rows,
        columns=columns,
        message=message,
        elapsed=elapsed,
        first_rows=first_rows,
        partial=False,
    )
    return replace(state, query=query)


def query_cut_short(
    state: AppState, job_id: int, rows: int, columns: int, message: str, *, now: float
) -> AppState:
    """Cancelled after its first rows were shown: they stay, as the shown result."""
    if not _current(state, job_id) or state.query.preview_id is None:
        return state
    started = state.query.started_at
    query = replace(
        state.query,
        status=QueryStatus.CANCELLED,
        error_title="Cancelled",
        error=message,
        elapsed=None if started is None else now - started,
        result_id=state.query.preview_id,
        preview_id=None,
        result_sql=state.query.sql,
        rows=rows,
        columns=columns,
        message="",
        partial=True,
    )
    return replace(state, query=query)


def query_failed(
    state: AppState, job_id: int, title: str, message: str, *, cancelled: bool, now: float
) -> AppState:
    if not _current(state, job_id):
        return state
    started = state.query.started_at
    query = replace(
        state.query,
        status=QueryStatus.CANCELLED if cancelled else QueryStatus.FAILED,
        error_title=title,
        error=message,
        elapsed=None if started is None else now - started,
        preview_id=None,
    )
    return replace(state, query=query)


def pane_switched(state: AppState, pane: Pane) -> AppState:
    return replace(state, pane=pane)


def catalog_loaded(state: AppState, tools: tuple[Tool, ...]) -> AppState:
    selected = state.catalog.selected or (tools[0].id if tools else None)
    return replace(state, catalog=replace(state.catalog, tools=tools, selected=selected))


def _best_match(catalog: CatalogState) -> str | None:
    from .catalog import filter_tools

    visible = filter_tools(catalog.tools, catalog.filter, catalog.category)
    return visible[0].id if visible else catalog.selected


def catalog_filtered(state: AppState, text: str) -> AppState:
    """A new filter text selects the best match, as a fuzzy finder does."""
    catalog = replace(state.catalog, filter=text)
    return replace(state, catalog=replace(catalog, selected=_best_match(catalog)))


def catalog_category_chosen(state: AppState, category: str | None) -> AppState:
    catalog = replace(state.catalog, category=category)
    return replace(state, catalog=replace(catalog, selected=_best_match(catalog)))


def catalog_tool_selected(state: AppState, tool_id: str) -> AppState:
    return replace(state, catalog=replace(state.catalog, selected=tool_id))


def catalog_tool_shown(state: AppState, tool_id: str) -> AppState:
    """Show one entry from anywhere (the command palette): clear what could hide it."""
    catalog = replace(state.catalog, selected=tool_id, filter="", category=None,
                      filter_resets=state.catalog.filter_resets + 1)  # fmt: skip
    return replace(state, pane=Pane.CATALOG, catalog=catalog)


# --- DVC --------------------------------------------------------------------------------------


def dvc_progress(state: AppState, status: DvcStatus, message: str, root: str = "") -> AppState:
    return replace(state, dvc=replace(state.dvc, status=status, message=message,
                                      root=root or state.dvc.root))  # fmt: skip


def dvc_loaded(
    state: AppState,
    root: str,
    remote: str,
    outputs: tuple,
    versions: tuple,
    pipeline: Pipeline | None = None,
    dag: str = "",
    metrics: MetricsHistory | None = None,
    experiments: Experiments | None = None,
) -> AppState:
    selected = state.dvc.selected
    paths = {info.path for info in outputs}
    if selected not in paths and not any(selected and selected.startswith(p + "/") for p in paths):
        usable = [info for info in outputs if not info.output.error]
        files = [info for info in usable if not info.output.is_dir]
        selected = (files or usable)[0].path if usable else None
    chart = state.dvc.chart
    numeric = metrics.numeric_metrics() if metrics is not None else []
    if chart not in numeric:
        chart = numeric[0] if numeric else None
    dvc = replace(state.dvc, status=DvcStatus.READY, message="", root=root, remote=remote,
                  outputs=outputs, versions=versions, selected=selected, pipeline=pipeline,
                  dag=dag, metrics=metrics, chart=chart, experiments=experiments)  # fmt: skip
    return replace(state, dvc=dvc)


def dvc_chart_chosen(state: AppState, column: str) -> AppState:
    return replace(state, dvc=replace(state.dvc, chart=column))


def dvc_selected(state: AppState, path: str) -> AppState:
    if path == state.dvc.selected:
        return state
    return replace(state, dvc=replace(state.dvc, selected=path, marked=()))


def dvc_versions_loaded(state: AppState, path: str, versions: tuple) -> AppState:
    others = tuple((p, v) for p, v in state.dvc.versions if p != path)
    return replace(state, dvc=replace(state.dvc, versions=(*others, (path, versions))))


def dvc_marked(state: AppState, rev: str) -> AppState:
    """Toggle a version's mark; marking a third drops the oldest mark."""
    marked = state.dvc.marked
    marked = tuple(r for r in marked if r != rev) if rev in marked else (*marked, rev)[-2:]
    return replace(state, dvc=replace(state.dvc, marked=marked))


def dvc_busy(state: AppState, busy: str) -> AppState:
    return replace(state, dvc=replace(state.dvc, busy=busy))


def dvc_diff_shown(state: AppState, diff: DataDiff | None) -> AppState:
    return replace(state, dvc=replace(state.dvc, diff=diff, busy=""))


def view_opened(state: AppState, view: ViewState) -> AppState:
    return replace(state, view=view)


def view_ended(
    state: AppState, view_id: int, rows: tuple[dict, ...] = (), error: str = "",
    *, cancelled: bool = False,
) -> AppState:  # fmt: skip
    """A view's query ended; a view closed meanwhile (or replaced) stays as it is."""
    view = state.view
    if view is None or view.view_id != view_id:
        return state
    status = QueryStatus.CANCELLED if cancelled else (
        QueryStatus.FAILED if error else QueryStatus.DONE)  # fmt: skip
    return replace(state, view=replace(view, status=status, rows=rows, error=error))


def view_closed(state: AppState) -> AppState:
    return replace(state, view=None)


def history_loaded(state: AppState, entries: tuple[HistoryEntry, ...]) -> AppState:
    return replace(state, history=entries)


def history_appended(state: AppState, entry: HistoryEntry) -> AppState:
    return replace(state, history=(*state.history, entry)[-10_000:])
