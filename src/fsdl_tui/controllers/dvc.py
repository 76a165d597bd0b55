"""DVC work for the app: build the demo, read the repo, fetch, diff — each in a thread worker
that reports with a typed message. The app turns messages into state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import state as st
from ..data_plane import dvc_transform, open_history, prepare_transform, register_dvc_tables
from ..dvc.errors import DvcError
from ..engine import Engine, EngineError
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
    Notice,
)
from ..paths import demo_is_built

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.message import Message

    from ..dvc.diff import DiffSpec
    from ..dvc.fetch import Fetch
    from ..dvc.history import History
    from ..dvc.snapshot import DvcSnapshot
    from ..state import AppState

# The DVC modules (YAML, Arrow) are imported where they are used, in workers: the app's first
# screen does not wait for them.


class DvcController:
    def __init__(
        self,
        post: Callable[[Message], None],
        run_in_thread: Callable[..., object],
        repo_path: Path | None,
        build_demo: bool,
    ) -> None:
        """`post` sends a message to the UI thread; `run_in_thread(work, group, exclusive)`
        starts a thread worker. No App reference."""
        self._post = post
        self._run_in_thread = run_in_thread
        self.repo_path = repo_path
        self.build_demo = build_demo
        self.history: History | None = None
        self.snapshot: DvcSnapshot | None = None
        self._fetch: Fetch | None = None

    # --- opening --------------------------------------------------------------------------

    def start(self) -> None:
        prepare_transform()
        if self.repo_path is not None:
            self._run_in_thread(self._open, "dvc", False)

    def _open(self) -> None:
        from ..dvc.snapshot import load_snapshot

        assert self.repo_path is not None
        building = self.build_demo and not demo_is_built(self.repo_path)

        def progress(line: str) -> None:
            self._post(DvcProgress(line, building=building and "demo" in line))

        try:
            history = open_history(self.repo_path, self.build_demo, progress)
        except DvcError as error:
            self._post(DvcFailed(str(error)))
            return
        self._post(DvcLoaded(load_snapshot(history), history))

    def loaded(self, state: AppState, message: DvcLoaded, engine: Engine | None) -> AppState:
        """The repo as read: its tables registered, what its config made us ignore said."""
        if self.history is not None and self.history is not message.history:
            self.history.close()
        self.history = message.history
        self.snapshot = snapshot = message.snapshot
        if engine is not None:
            self.register_tables(engine)
        repo = snapshot.repo
        if repo.git_error:
            self._post(Notice(f"{repo.git_error} — versions are not shown.", "DVC", "warning", 15))
        if repo.ignored:
            self._post(Notice("Ignored in the repository's committed .dvc/config: "
                              + "; ".join(repo.ignored)
                              + ". Set it in .dvc/config.local if you trust it.",
                              "DVC", "warning", 15))  # fmt: skip
        remote = f"{repo.remote_name} ({repo.remote_url})" if repo.remote_name else ""
        return st.dvc_loaded(state, str(repo.root), remote, snapshot.outputs,
                             tuple(snapshot.versions.items()), snapshot.pipeline, snapshot.dag,
                             snapshot.metrics, snapshot.experiments)  # fmt: skip

    def selected(self, state: AppState, path: str) -> AppState:
        new = st.dvc_selected(state, path)
        if new.dvc.versions_of(path) is None:
            self.load_versions(path)  # a file inside a directory output
        return new

    def start_diff(self, state: AppState, engine: Engine, spec: DiffSpec) -> AppState:
        self.diff(engine, spec)
        return st.dvc_busy(state, f"diffing {spec.old} → {spec.new}")

    def start_fetch(self, state: AppState, path: str, rev: str, commit: str) -> AppState:
        self.fetch(path, rev, commit)
        return st.dvc_busy(state, f"fetching {path} at {rev}")

    def reload(self) -> None:
        if self.history is not None:
            self.repo_path = self.history.repo.root
            self.build_demo = False
            self.start()

    def register_tables(self, engine: Engine) -> None:
        """dvc_outputs and dvc_versions in the data plane (once the engine and repo are up)."""
        snapshot = self.snapshot
        if snapshot is None:
            return

        self._run_in_thread(lambda: register_dvc_tables(engine, snapshot), "dvc-tables", False)

    # --- SQL ------------------------------------------------------------------------------

    def transform(self, engine: Engine):
        """What the engine runs on SQL first: `dvc_version(path, rev)` becomes a file scan."""
        return dvc_transform(engine, self.history)

    def load_versions(self, path: str) -> None:
        history = self.history
        if history is None:
            return

        def work() -> None:
            self._post(DvcVersionsLoaded(path, tuple(history.versions(path))))

        self._run_in_thread(work, "dvc-versions", True)

    def fetch(self, path: str, rev: str, commit: str) -> None:
        if self.history is None:
            return
        from ..dvc.fetch import Fetch

        fetch = Fetch(self.history.repo, path, commit)
        self._fetch = fetch

        def work() -> None:
            try:
                count = fetch.run()
            except EngineError as error:
                self._post(DvcJobFailed(error.title, error.message))
                return
            self._post(DvcFetched(path, rev, count))

        self._run_in_thread(work, "dvc-fetch", False)

    def diff(self, engine: Engine, spec: DiffSpec) -> None:
        transform = self.transform(engine)

        def work() -> None:
            from ..dvc.diff import compute_diff

            try:
                diff = compute_diff(engine, transform, spec)
            except EngineError as error:
                self._post(DvcJobFailed(error.title, error.message))
                return
            self._post(DvcDiffReady(diff))

        self._run_in_thread(work, "dvc-diff", True)

    def is_directory(self, path: str) -> bool:
        snapshot = self.snapshot
        return snapshot is not None and any(
            info.path == path and info.output.is_dir for info in snapshot.outputs
        )

    def start_dir_diff(self, state: AppState, path: str, old: str, new: str) -> AppState:
        history = self.history
        if history is None:
            return state

        def work() -> None:
            from ..dvc.dir_diff import dir_diff

            try:
                diff = dir_diff(history, path, old, new)
            except EngineError as error:
                self._post(DvcJobFailed(error.title, error.message))
                return
            self._post(DvcDirDiffReady(diff))

        self._run_in_thread(work, "dvc-diff", True)
        return st.dvc_busy(state, f"listing {path} at {old} and {new}")

    def compare(self, names: tuple[str, ...]) -> None:
        """Experiments side by side (their outputs read from git in a worker)."""
        history, snapshot = self.history, self.snapshot
        if history is None or snapshot is None:
            return

        def work() -> None:
            from ..dvc.compare import compare

            self._post(DvcCompareReady(compare(history, snapshot.experiments, names)))

        self._run_in_thread(work, "dvc-compare", True)

    def cancel(self) -> bool:
        """Cancel a running fetch (the DVC pane's Esc); whether there was one."""
        fetch, self._fetch = self._fetch, None
        if fetch is None:
            return False
        fetch.cancel()
        return True
