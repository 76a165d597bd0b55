"""How the app routes the DVC pane's intents to the DvcController and its results back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import state as st
from ..controllers.dvc import DvcController
from ..controllers.query import QueryController
from ..engine import Engine
from ..formatting import counted
from ..messages import (
    DvcCompareReady,
    DvcDiffReady,
    DvcDirDiffReady,
    DvcFailed,
    DvcFetched,
    DvcJobFailed,
    DvcLoaded,
    DvcProgress,
    DvcVersionsLoaded,
)
from ..screens.prompt import ConfirmScreen
from ..state import AppState
from . import AppBase

if TYPE_CHECKING:  # the DVC pane's modules load when it is first shown, not at launch
    from ..screens.diff_screen import DiffScreen
    from ..screens.dvc_pane import DvcPane
    from ..widgets.experiments_view import ExperimentsView


class DvcRoutes(AppBase):
    """DVC intents → DvcController → state (a mixin of FsdlApp)."""

    # what the app provides (FsdlApp mixes this class in)
    state: AppState
    engine: Engine | None
    dvc: DvcController
    queries: QueryController
    if TYPE_CHECKING:

        def _start_background_work(self) -> None: ...

    def on_dvc_progress(self, message: DvcProgress) -> None:
        status = st.DvcStatus.BUILDING if message.building else st.DvcStatus.LOADING
        self.state = st.dvc_progress(self.state, status, message.message)

    def on_dvc_loaded(self, message: DvcLoaded) -> None:
        self.state = self.dvc.loaded(self.state, message, self.engine)

    def on_metrics_view_chart_chosen(self, message: DvcPane.ChartChosen) -> None:
        self.state = st.dvc_chart_chosen(self.state, message.column)

    def on_dvc_failed(self, message: DvcFailed) -> None:
        self.state = st.dvc_progress(self.state, st.DvcStatus.FAILED, message.message)
        self.notify(message.message, title="DVC", severity="error", timeout=10)

    def on_dvc_pane_output_selected(self, message: DvcPane.OutputSelected) -> None:
        self.state = self.dvc.selected(self.state, message.path)

    def on_dvc_versions_loaded(self, message: DvcVersionsLoaded) -> None:
        self.state = st.dvc_versions_loaded(self.state, message.path, message.versions)

    def on_dvc_pane_open_version(self, message: DvcPane.OpenVersion) -> None:
        from ..dvc.version_call import dvc_version_call

        sql = f"SELECT * FROM {dvc_version_call(message.path, message.rev)}"
        self._run_elsewhere(sql)

    def on_dvc_pane_mark_version(self, message: DvcPane.MarkVersion) -> None:
        self.state = st.dvc_marked(self.state, message.rev)

    def on_dvc_pane_diff_requested(self, message: DvcPane.DiffRequested) -> None:
        if self.engine is None:
            self.notify("The engine is still starting.", severity="warning")
            return
        if self.dvc.is_directory(message.path):  # its files added, removed and changed
            self.state = self.dvc.start_dir_diff(self.state, message.path, message.old,
                                                 message.new)  # fmt: skip
            return
        from ..dvc.diff import DiffSpec

        spec = DiffSpec(message.path, message.old, message.new, message.key)
        self.state = self.dvc.start_diff(self.state, self.engine, spec)

    def on_dvc_diff_ready(self, message: DvcDiffReady) -> None:
        self.state = st.dvc_diff_shown(self.state, message.diff)
        from ..screens.diff_screen import DiffScreen

        self.push_screen(DiffScreen(message.diff))

    def on_experiments_view_compare_requested(
        self, message: ExperimentsView.CompareRequested
    ) -> None:
        self.dvc.compare(message.names)

    def on_dvc_dir_diff_ready(self, message: DvcDirDiffReady) -> None:
        from ..screens.dir_diff_screen import DirDiffScreen

        self.state = st.dvc_busy(self.state, "")
        self.push_screen(DirDiffScreen(message.diff))

    def on_dvc_compare_ready(self, message: DvcCompareReady) -> None:
        from ..screens.compare_screen import CompareScreen

        self.push_screen(CompareScreen(message.comparison))

    def on_diff_screen_open_sql(self, message: DiffScreen.OpenSql) -> None:
        self._run_elsewhere(message.sql)

    def _run_elsewhere(self, sql: str) -> None:
        """SQL another pane asks for: run in the Data pane, shown in its editor."""
        if self.engine is None:
            self.notify("The engine is still starting.", severity="warning")
            return
        self.state = self.queries.run(self.state, sql, show_in_editor=True)

    def on_dvc_pane_fetch_requested(self, message: DvcPane.FetchRequested) -> None:
        version = message.version
        self.state = self.dvc.start_fetch(self.state, message.path, version.rev, version.commit)

    def _offer_fetch(self, unavailable, sql: str) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.queries.rerun_after_fetch = sql
                self.state = self.dvc.start_fetch(self.state, unavailable.path, unavailable.rev,
                                                  unavailable.commit)  # fmt: skip

        remote = self.dvc.history.repo.remote_name if self.dvc.history else "the remote"
        self.push_screen(
            ConfirmScreen(f"{unavailable.message}\n\nFetch it from {remote!r} now?"), answer
        )

    def on_dvc_fetched(self, message: DvcFetched) -> None:
        self.state = st.dvc_busy(self.state, "")
        self.notify(f"{counted(message.count, 'object')} of {message.path} at {message.rev}.",
                    title="Fetched from the remote")  # fmt: skip
        self.dvc.reload()
        if self.queries.rerun_after_fetch is not None:
            sql, self.queries.rerun_after_fetch = self.queries.rerun_after_fetch, None
            self.state = self.queries.run(self.state, sql, show_in_editor=True)

    def on_dvc_job_failed(self, message: DvcJobFailed) -> None:
        self.state = st.dvc_busy(self.state, "")
        self.queries.rerun_after_fetch = None
        self.notify(message.message, title=message.title, severity="error", timeout=10)

    def on_dvc_pane_cancel_requested(self, _: DvcPane.CancelRequested) -> None:
        if self.dvc.cancel():
            self.queries.rerun_after_fetch = None

    def on_dvc_pane_reload_requested(self, _: DvcPane.ReloadRequested) -> None:
        self.dvc.reload()
