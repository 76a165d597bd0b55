"""The Data pane: opened files and their schemas, the SQL editor, the result grid, a status line.

It shows the state it is given and posts what the user asked for; the app runs the queries.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive, var
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..atomic import StateWriteError
from ..controllers.query import ExploreKind, QueryController
from ..editor_buffers import Buffers, load_buffers, save_buffers
from ..engine import Column
from ..key_order import after_typed_keys
from ..state import AppState, DataState
from ..widgets.completion import CompletionPopup
from ..widgets.file_list import FileList
from ..widgets.focus_memory import FocusMemory, focus_now
from ..widgets.result_grid import EMPTY_HINT, ResultGrid
from ..widgets.schema_view import SchemaView
from ..widgets.sql_editor import SqlEditor
from ..widgets.status_line import StatusLine
from .explore import ExploreActions
from .export_screen import ExportScreen
from .history_screen import HistoryScreen
from .prompt import ConfirmScreen, ask

# A query started elsewhere (an explore key, the DVC pane) is shown in the editor with its
# answer, or after this long if the answer takes longer.
SQL_SHOWN_S = 0.3


class DataPane(FocusMemory, Horizontal):
    BINDINGS = [
        Binding("ctrl+enter,ctrl+j,f5", "run_query", "Run", id="data.run", priority=True),
        Binding("escape", "cancel_query", "Cancel", id="data.cancel"),
        # priority (also Ctrl+S, which asks for a path): handled as the app reads the key, so
        # keys typed right behind it (a script, a macro, a fast typist) reach the box it
        # focuses, not the one before
        Binding(
            "ctrl+e", "focus_editor", "Editor", show=False, id="data.focus_editor", priority=True
        ),
        Binding("ctrl+r", "focus_grid", "Result", show=False, id="data.focus_grid", priority=True),
        Binding("ctrl+s", "export", "Export", id="data.export", priority=True),  # asks at once
        Binding("f8", "history", "History", id="data.history", priority=True),
        Binding("f9", "reload_files", "Reload files", id="data.reload", priority=True),
        Binding("ctrl+t", "new_buffer", "New buffer", show=False, id="data.new_buffer"),
        Binding("alt+right", "next_buffer", "Next buffer", show=False, id="data.next_buffer"),
        Binding(
            "alt+left", "previous_buffer", "Previous buffer", show=False, id="data.previous_buffer"
        ),
        Binding("alt+w", "close_buffer", "Close buffer", show=False, id="data.close_buffer"),
        Binding(
            "ctrl+b",
            "toggle_sidebar",
            "Files and schema",
            show=False,
            id="data.sidebar",
            priority=True,
        ),
    ]

    state: reactive[AppState] = var(AppState, init=False)  # no repaint: widgets show changes

    class RunQuery(Message):
        def __init__(self, sql: str, *, record: bool = True) -> None:
            super().__init__()
            self.sql = sql
            self.record = record  # False for a file's automatic preview

    class CancelQuery(Message):
        pass

    class Explore(Message):
        """An explore key on the grid: a step over the result on screen."""

        def __init__(self, kind: ExploreKind, column: Column | None, value: object = None,
                     expression: str = "") -> None:  # fmt: skip
            super().__init__()
            self.kind, self.column, self.value, self.expression = kind, column, value, expression

    class ViewRequested(Message):
        """A view over the shown result's column: "profile" or "histogram"."""

        def __init__(self, kind: str, column: Column) -> None:
            super().__init__()
            self.kind, self.column = kind, column

    class ReloadRequested(Message):
        """Read the opened files again from disk (changed, added or gone)."""

    class SourceSelected(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, plane: QueryController, page_rows: int, *, soft_wrap: bool = False,
                 id: str | None = None) -> None:  # fmt: skip
        """`plane` answers what the pane asks of the data plane (results by id, completion
        words, an export); queries themselves are asked for with messages."""
        super().__init__(id=id)
        self.plane = plane
        self.page_rows = page_rows
        self.soft_wrap = soft_wrap
        self._auto_sql = ""  # the editor text we put there; replaced freely on selection
        self.buffers = Buffers()
        self._save_timer: Timer | None = None
        self._background = False
        self._sql_to_show: tuple[int, str] | None = None  # a started job's SQL, not shown yet
        self._sql_timer: Timer | None = None
        self._sql_after_refresh: str | None = None  # an answered job's SQL, the frame after

    def compose(self) -> ComposeResult:
        with Vertical(id="data-sidebar"):
            yield FileList(id="file-list")
            yield SchemaView(id="schema-view")
        with Vertical(id="data-main"):
            yield SqlEditor(id="sql-editor", soft_wrap=self.soft_wrap)
            yield ResultGrid(id="result-grid")
            yield StatusLine(id="status-line")
        yield ExploreActions()
        yield CompletionPopup()

    def on_mount(self) -> None:
        self._editor = self.query_one(SqlEditor)  # for the way out, when children are going
        self.query_one(ResultGrid).block_rows = self.page_rows
        self.query_one(FileList).border_title = "Files"
        self.query_one(SchemaView).border_title = "Schema"
        self._load_buffers()
        self.query_one(ResultGrid).border_title = "Result"

    def start_background_work(self) -> None:
        """What the first rows do not wait for: SQL highlighting and completion words."""
        self._background = True
        self.query_one(SqlEditor).highlight()
        self.refresh_completions()

    @work(thread=True, group="completion", exclusive=True, exit_on_error=False)
    def refresh_completions(self) -> None:
        """The data plane's names change as files open and queries create tables."""
        words = self.plane.completion_words()
        if words:
            self.app.call_from_thread(setattr, self.query_one(SqlEditor), "words", words)

    def watch_state(self, old: AppState, new: AppState) -> None:
        data = new.data
        changed = data.sources != old.data.sources or new.query.result_id != old.query.result_id
        if changed and self._background:  # after the new result is painted: not competing
            self.call_after_refresh(self.refresh_completions)
        files = self.query_one(FileList)
        files.show_sources(data.sources, data.selected)
        self.query_one(ResultGrid).show_hint(_hint(data))
        if data.skipped != old.data.skipped:  # a title set repaints the list, even unchanged
            files.border_title = f"Files · {data.skipped} skipped" if data.skipped else "Files"
        self.query_one(SchemaView).show_source(data.source(data.selected))
        self.query_one(StatusLine).show_state(new)
        query = new.query
        if query.show_in_editor and query.running and query.job_id != old.query.job_id:
            self._show_sql_soon(query.job_id, query.sql)  # started elsewhere (explore, DVC)
        if self._sql_to_show is not None and not (
            query.running and query.job_id == self._sql_to_show[0]
        ):
            # the frame after its answer's: the answer is painted first (the editor's repaint
            # took ~15 ms of the answer's ~40 on 2 cores)
            self._sql_after_refresh = self._take_waiting_sql()
            self.call_after_refresh(self._write_sql_after_refresh)
        selected = data.source(data.selected) if data.selected != old.data.selected else None
        if selected is not None and selected.ok:  # an unreadable file's error is in the schema
            self._preview_source(selected.name)
        self._show_result(old, new)

    def _show_sql_soon(self, job_id: int, sql: str) -> None:
        """The editor shows a query started elsewhere with its answer, or after SQL_SHOWN_S if
        it takes longer: a repaint of the editor at its start would take the cores from it (on
        2 cores, F's 80 ms frequency query took ~0.1 s longer)."""
        self._sql_to_show = (job_id, sql)
        if self._sql_timer is not None:
            self._sql_timer.stop()
        self._sql_timer = self.set_timer(SQL_SHOWN_S, self._show_waiting_sql)

    def _show_waiting_sql(self) -> None:
        waiting = self._take_waiting_sql()
        if waiting is not None:
            self._write_app_sql(waiting)

    def _write_sql_after_refresh(self) -> None:
        sql = self._sql_after_refresh
        if sql is not None:  # unless SQL was written since
            self._write_app_sql(sql)

    def _take_waiting_sql(self) -> str | None:
        if self._sql_timer is not None:
            self._sql_timer.stop()
            self._sql_timer = None
        waiting, self._sql_to_show = self._sql_to_show, None
        return waiting[1] if waiting is not None else None

    def _show_result(self, old: AppState, new: AppState) -> None:
        grid = self.query_one(ResultGrid)
        query, before = new.query, old.query
        if query.preview_id is not None and query.preview_id != before.preview_id:
            grid.show(self.plane.result(query.preview_id), first_rows=query.first_rows,
                      keep_position=before.preview_id is not None, partial=True)  # fmt: skip
            grid.border_title = "Result · first rows"
        elif query.result_id != before.result_id or (
            before.preview_id is not None and query.preview_id is None  # a preview that failed
        ):
            keep = before.preview_id is not None  # the user may already be moving in the preview
            first = query.first_rows if query.result_id != before.result_id else None
            grid.show(self.plane.result(query.result_id), keep_position=keep, first_rows=first,
                      partial=query.partial)  # fmt: skip
            grid.border_title = "Result · first rows" if query.partial else "Result"

    def _preview_source(self, name: str) -> None:
        """Show a newly selected source's rows, and its SQL unless the user wrote their own."""
        sql = self.plane.select_all_sql(name)
        if sql is None:
            return
        self._write_app_sql(sql)
        query = self.state.query
        if query.sql == sql and (query.running or query.result_sql == sql):
            return  # the app started it with the files (their first rows, made at start-up)
        self.post_message(self.RunQuery(sql, record=False))

    def _write_app_sql(self, sql: str) -> None:
        """The one way the app puts SQL in the editor: never over text the user typed (it goes
        to the app's own buffer then, made when needed)."""
        self._sql_after_refresh = None
        buffers = self.buffers.with_app_sql(sql)
        editor = self.query_one(SqlEditor)
        self._auto_sql = sql
        if buffers.current != self.buffers.current or len(buffers.texts) != len(self.buffers.texts):
            self.buffers = buffers
            editor.load_text(sql)
            self._title_editor()
        else:
            self.buffers = buffers
            editor.set_sql(sql)
        self._save_soon()  # not now: the query just started would wait for the GIL

    def on_file_list_source_highlighted(self, event: FileList.SourceHighlighted) -> None:
        event.stop()
        if event.name != self.state.data.selected:
            self.post_message(self.SourceSelected(event.name))

    def on_result_grid_explore(self, event: ResultGrid.Explore) -> None:
        event.stop()
        self.query_one(ExploreActions).handle(event.grid, event.action, event.text)

    def run_sql(self, sql: str) -> None:
        """Show `sql` in the editor and run it (what exploring actions do)."""
        self.post_message(self.RunQuery(sql))
        self._write_app_sql(sql)

    def action_run_query(self) -> None:
        """Run the editor's SQL once the keys typed before this one are in it (typed fast, it
        ran `SELECT count(*`)."""
        after_typed_keys(self.app, self._run_editor_sql)

    def _run_editor_sql(self) -> None:
        sql = self.query_one(SqlEditor).sql_to_run()
        if not sql:
            self.notify("Write some SQL first.", severity="warning")
            return
        self.post_message(self.RunQuery(sql))

    def action_reload_files(self) -> None:
        self.post_message(self.ReloadRequested())

    def action_cancel_query(self) -> None:
        """Esc: cancel the running query, or a fetch this pane's query waits for."""
        if self.state.query.running or self.state.dvc.busy:
            self.post_message(self.CancelQuery())

    # --- editor buffers ------------------------------------------------------------------

    @work(thread=True, group="buffers", exit_on_error=False)
    def _load_buffers(self) -> None:
        buffers = load_buffers()
        self.app.call_from_thread(self._show_buffers, buffers)

    def _show_buffers(self, buffers: Buffers) -> None:
        editor = self.query_one(SqlEditor)
        if self._auto_sql and editor.text == self._auto_sql:
            # the app showed the opened data's SQL meanwhile: it belongs to this launch, in the
            # app's buffer; the user's buffers from before stay one Alt+←/→ away
            buffers = buffers.with_app_sql(self._auto_sql)
        self.buffers = buffers
        if editor.text != buffers.text:
            editor.load_text(buffers.text)
        self._title_editor()

    def _title_editor(self) -> None:
        count = len(self.buffers.texts)
        which = f" {self.buffers.current + 1}/{count}" if count > 1 else ""
        self.query_one(SqlEditor).border_title = f"SQL{which} · Ctrl+Enter or F5 runs"

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if text == self._auto_sql or text == self.buffers.text:
            self.buffers = self.buffers.edited(text)  # the app's own write, echoed
        else:
            self.buffers = self.buffers.typed(text)
            self._auto_sql = ""
        self._save_soon()

    def on_unmount(self) -> None:
        """A save still waiting for its half second is done now, on the way out — with the
        editor's text as it is: the Changed messages of its last keys may not have reached
        this pane (quitting right after typing)."""
        waiting = self._save_timer is not None  # a save still to do (none once it has run)
        if self._save_timer is not None:
            self._save_timer.stop()
        text = self._editor.text
        if text not in (self.buffers.text, self._auto_sql):
            self.buffers, waiting = self.buffers.typed(text), True
        if waiting:
            with contextlib.suppress(StateWriteError):
                save_buffers(self.buffers)

    def _save_soon(self) -> None:
        """Save the buffers once the text has been still for half a second."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.5, self._save)

    def _save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        buffers = self.buffers

        def save() -> None:
            try:
                save_buffers(buffers)
            except StateWriteError as error:  # a full disk, say: said, not silent
                self.app.call_from_thread(self.notify, error.message, title=error.title,
                                          severity="warning", timeout=10)  # fmt: skip

        self.run_worker(save, thread=True, group="buffers-save", exit_on_error=False)

    def _switch(self, buffers: Buffers) -> None:
        self.buffers = buffers
        self._auto_sql = ""
        self.query_one(SqlEditor).load_text(buffers.text)
        self._title_editor()
        self.query_one(SqlEditor).focus()
        self._save()

    def action_new_buffer(self) -> None:
        self._switch(self.buffers.added())

    def action_next_buffer(self) -> None:
        self._switch(self.buffers.moved(1))

    def action_previous_buffer(self) -> None:
        self._switch(self.buffers.moved(-1))

    def action_close_buffer(self) -> None:
        self._switch(self.buffers.closed())

    def first_focus_target(self) -> Widget:
        return self.query_one(SqlEditor)

    def action_export(self) -> None:
        """Ask for a path, confirm an overwrite, then write the full result there."""
        state = self.state
        if state.query.result_id is None or not state.query.result_sql:
            self.notify("Run a query first: the export writes its full result.",
                        severity="warning")  # fmt: skip
            return

        def start(target: Path) -> None:
            job = self.plane.export_job(state, target)
            if job is not None:
                self.app.push_screen(ExportScreen(job, target))

        def create_then_start(target: Path) -> None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self.notify(f"Cannot create {target.parent}: {error.strerror}", severity="error")
                return
            start(target)

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            target = Path(answer.strip()).expanduser().resolve()
            if not target.parent.is_dir():
                self.app.push_screen(
                    ConfirmScreen(f"{target.parent} does not exist. Create it?"),
                    lambda yes: create_then_start(target) if yes else None,
                )
            elif target.exists():
                self.app.push_screen(
                    ConfirmScreen(f"{target} exists. Overwrite it?"),
                    lambda yes: start(target) if yes else None,
                )
            else:
                start(target)

        ask(self, "Export the full result to (.csv, .tsv, .parquet, .json, .jsonl)", chosen,
            placeholder="results.parquet")  # fmt: skip

    def action_history(self) -> None:
        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            mode, sql = answer
            if mode == "run":
                self.run_sql(sql)
            else:
                self._write_app_sql(sql)
                self.query_one(SqlEditor).focus()

        self.app.push_screen(HistoryScreen(self.state.history), chosen)

    def action_toggle_sidebar(self) -> None:
        """Hide the Files and Schema lists (the editor and the grid take the width: at 80
        columns the grid shows 78 columns of cells, not 46), or show them again."""
        sidebar = self.query_one("#data-sidebar")
        focused = self.app.focused
        inside = focused is not None and sidebar in focused.ancestors_with_self
        sidebar.display = not sidebar.display
        if inside and not sidebar.display:
            self.query_one(ResultGrid).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a text box Ctrl+E is the box's own (end of line): it goes on to the box."""
        if action == "focus_editor":
            return not isinstance(self.app.focused, (TextArea, Input))
        return True

    def action_focus_editor(self) -> None:
        focus_now(self.query_one(SqlEditor))

    def action_focus_grid(self) -> None:
        focus_now(self.query_one(ResultGrid))


def _hint(data: DataState) -> tuple[str, ...]:
    """What the empty grid says: why nothing opened, when nothing did, and what to do."""
    if data.loading or not data.error or any(source.ok for source in data.sources):
        return EMPTY_HINT
    return (
        "Nothing opened.",
        data.error,
        "Check the path and start fsdl-tui with it again, or write SQL above and run it with "
        "Ctrl+Enter or F5.",
    )
