"""The engine and the user's files: starting, reloading and counting, each in a thread worker
that reports with a typed message. No App reference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..engine import EngineError
from ..engine_boot import boot_engine
from ..messages import EngineFailed, EngineStarted, SourceCounted, SourcesOpened

if TYPE_CHECKING:
    from pathlib import Path

    from textual.message import Message

    from ..config import Config
    from ..engine import Engine, Source
    from ..engine_boot import EngineBoot


class SourcesController:
    def __init__(
        self,
        post: Callable[[Message], None],
        run_in_thread: Callable[..., object],
        config: Config,
        targets: tuple[str, ...],
    ) -> None:
        self._post = post
        self._run_in_thread = run_in_thread
        self._config = config
        self.targets = targets

    def start(self, boot: EngineBoot | None, repo: Path | None, build_demo: bool) -> None:
        """Start the engine (or wait for the one the command line started), then report it
        and the files it opened (the first rows come from those)."""

        def work() -> None:
            try:
                if boot is not None:
                    engine, opened = boot.result()
                else:
                    engine, opened = boot_engine(self._config, self.targets, repo, build_demo)
            except EngineError as error:
                self._post(EngineFailed(error.message))
                return
            except Exception as error:  # e.g. DuckDB refusing a setting: never a spinner forever
                self._post(EngineFailed(f"{type(error).__name__}: {error}"))
                return
            first = boot.first() if boot is not None else None
            self._post(EngineStarted(engine, first))
            self._post(SourcesOpened(opened.sources, opened.errors, skipped=opened.skipped))

        self._run_in_thread(work, "engine")

    def reload(self, engine: Engine) -> None:
        """Open the same targets again, as they are on disk now."""

        def work() -> None:
            try:
                opened = engine.reload(self.targets)
            except Exception as error:  # the spinner ends with a message, whatever happened
                self._post(SourcesOpened((), f"Reloading the files failed: {error}",
                                         reloaded=True))  # fmt: skip
                return
            self._post(SourcesOpened(opened.sources, opened.errors, reloaded=True,
                                     skipped=opened.skipped))  # fmt: skip

        self._run_in_thread(work, "engine")

    def count(self, engine: Engine, sources: tuple[Source, ...]) -> None:
        """Count the rows of opened files whose size was not known at opening (large CSVs)."""
        for source in sources:
            if source.ok and source.rows is None:
                self._run_in_thread(lambda s=source: self._count(engine, s), "count")

    def _count(self, engine: Engine, source: Source) -> None:
        try:
            rows = engine.count_rows(source)
        except EngineError:
            return  # the count stays "?"; reading the file reports the problem
        self._post(SourceCounted(replace(source, rows=rows)))
