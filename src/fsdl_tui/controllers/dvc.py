"""DVC work for the app: build the demo, read the repo, fetch, diff — each in a thread worker
that reports with a typed message. The app turns messages into state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..data_plane import register_dvc_tables
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

NO_REPO = "dvc_version() needs a DVC repository: start fsdl-tui inside one, or with --repo DIR."


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
        from ..dvc.history import History
        from ..dvc.repo import NotADvcRepo, open_repo
        from ..dvc.snapshot import load_snapshot

        assert self.repo_path is not None
        missing = self.build_demo and not (self.repo_path / ".dvc").is_dir()
        if missing and not self._build_demo(self.repo_path):
            return
        self.app.post_message(DvcProgress(f"reading {self.repo_path}"))
        try:
            history = History(open_repo(self.repo_path))
        except NotADvcRepo as error:
            self.app.post_message(DvcFailed(str(error)))
            return
        self.app.post_message(DvcLoaded(load_snapshot(history), history))

    def _build_demo(self, target: Path) -> bool:
        """Build the demo repo in a child process, reporting its progress lines."""
        self.app.post_message(DvcProgress("building the demo DVC repository…", building=True))
        command = [sys.executable, "-m", "fsdl_tui", "demo", str(target)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, text=True)  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(("committed", "git init")):
                self.app.post_message(DvcProgress(f"building the demo: {line.strip()}", True))
        error = process.stderr.read() if process.stderr else ""
        if process.wait() != 0:
            last = [line for line in error.splitlines() if line.strip()][-1:] or ["failed"]
            self.app.post_message(DvcFailed(f"Building the demo repository failed: {last[0]}"))
            return False
        return True

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
        history = self.history

        def expand(sql: str) -> str:
            from ..dvc.timetravel import DVC_VERSION_CALL, expand_dvc_versions

            if history is None:
                if DVC_VERSION_CALL.search(sql):
                    raise DvcError(NO_REPO)
                return sql
            return expand_dvc_versions(sql, history, engine.scan_sql)

        return expand

    # --- versions, fetch, diff ------------------------------------------------------------

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
