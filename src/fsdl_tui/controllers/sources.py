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
    from ..engine.base import Opened
    from ..engine_boot import EngineBoot, FirstRows


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

    def start(
        self, boot: EngineBoot | None, repo: Path | None, build_demo: bool
    ) -> tuple[Message, ...]:
        """Start the engine (or wait for the one the command line started), then report it
        and the files it opened (the first rows come from those). When the command line's
        engine is up already, the reports are returned, for the caller to handle at once
        (the first rows then go into the app's first frame); otherwise they are posted."""
        if boot is not None:
            boot.start()  # a boot deferred until the app's first frame
            if boot.ready():
                return self._started(boot)

        def work() -> None:
            booted = self._started(boot) if boot is not None else self._booted(repo, build_demo)
            for message in booted:
                self._post(message)

        self._run_in_thread(work, "engine")
        return ()

    @staticmethod
    def _started(boot: EngineBoot) -> tuple[Message, ...]:
        """The reports of the command line's engine (waiting for it)."""
        try:
            engine, opened = boot.result()
        except Exception as error:
            return (_failed(error),)
        return _reports(engine, opened, boot.first())

    def _booted(self, repo: Path | None, build_demo: bool) -> tuple[Message, ...]:
        """The reports of an engine started here."""
        try:
            engine, opened = boot_engine(self._config, self.targets, repo, build_demo)
        except Exception as error:
            return (_failed(error),)
        return _reports(engine, opened, None)

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


def _reports(engine: Engine, opened: Opened, first: FirstRows | None) -> tuple[Message, ...]:
    return (EngineStarted(engine, first),
            SourcesOpened(opened.sources, opened.errors, skipped=opened.skipped))  # fmt: skip


def _failed(error: Exception) -> EngineFailed:
    if isinstance(error, EngineError):
        return EngineFailed(error.message)
    # e.g. DuckDB refusing a setting: never a spinner forever
    return EngineFailed(f"{type(error).__name__}: {error}")
