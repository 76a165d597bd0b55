"""DVC work for the app: build the demo, read the repo, fetch, diff — each in a thread worker
that reports with a typed message. The app turns messages into state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..data_plane import dvc_transform, open_history, register_dvc_tables
from ..dvc.errors import DvcError
from ..engine import Engine, EngineError
from ..messages import (
    DvcDiffReady,
    DvcFailed,
    DvcFetched,
    DvcJobFailed,
    DvcLoaded,
    DvcProgress,
    DvcVersionsLoaded,
)

if TYPE_CHECKING:
    from textual.app import App

    from ..dvc.diff import DiffSpec
    from ..dvc.fetch import Fetch
    from ..dvc.history import History
    from ..dvc.snapshot import DvcSnapshot

# The DVC modules (YAML, Arrow) are imported where they are used, in workers: the app's first
# screen does not wait for them.



class DvcController:
    def __init__(self, app: App, repo_path: Path | None, build_demo: bool) -> None:
        self.app = app
        self.repo_path = repo_path
        self.build_demo = build_demo
        self.history: History | None = None
        self.snapshot: DvcSnapshot | None = None
        self._fetch: Fetch | None = None

    # --- opening --------------------------------------------------------------------------

    def start(self) -> None:
        if self.repo_path is not None:
            self.app.run_worker(self._open, thread=True, group="dvc", exit_on_error=False)

    def _open(self) -> None:
        from ..dvc.snapshot import load_snapshot

        assert self.repo_path is not None
        building = self.build_demo and not (self.repo_path / ".dvc").is_dir()

        def progress(line: str) -> None:
            self.app.post_message(DvcProgress(line, building=building and "demo" in line))

        try:
            history = open_history(self.repo_path, self.build_demo, progress)
        except DvcError as error:
            self.app.post_message(DvcFailed(str(error)))
            return
        self.app.post_message(DvcLoaded(load_snapshot(history), history))

    def loaded(self, message: DvcLoaded, engine: Engine | None) -> None:
        if self.history is not None and self.history is not message.history:
            self.history.close()
        self.history = message.history
        self.snapshot = message.snapshot
        if engine is not None:
            self.register_tables(engine)

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

        self.app.run_worker(lambda: register_dvc_tables(engine, snapshot), thread=True,
                            group="dvc-tables", exit_on_error=False)  # fmt: skip

    # --- SQL ------------------------------------------------------------------------------

    def transform(self, engine: Engine):
        """What the engine runs on SQL first: `dvc_version(path, rev)` becomes a file scan."""
        return dvc_transform(engine, self.history)

    def load_versions(self, path: str) -> None:
        history = self.history
        if history is None:
            return

        def work() -> None:
            self.app.post_message(DvcVersionsLoaded(path, tuple(history.versions(path))))

        self.app.run_worker(work, thread=True, group="dvc-versions", exclusive=True,
                            exit_on_error=False)  # fmt: skip

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
                self.app.post_message(DvcJobFailed(error.title, error.message))
                return
            self.app.post_message(DvcFetched(path, rev, count))

        self.app.run_worker(work, thread=True, group="dvc-fetch", exit_on_error=False)

    def diff(self, engine: Engine, spec: DiffSpec) -> None:
        transform = self.transform(engine)

        def work() -> None:
            from ..dvc.diff import compute_diff

            try:
                diff = compute_diff(engine, transform, spec)
            except EngineError as error:
                self.app.post_message(DvcJobFailed(error.title, error.message))
                return
            self.app.post_message(DvcDiffReady(diff))

        self.app.run_worker(work, thread=True, group="dvc-diff", exclusive=True,
                            exit_on_error=False)  # fmt: skip

    def cancel(self) -> None:
        if self._fetch is not None:
            self._fetch.cancel()
