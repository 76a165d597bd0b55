"""Start the engine: DuckDB with the user's files opened and, in read-only mode, sealed.

`EngineBoot` does it in a thread started before Textual is imported. Measured with bench/
(byte-compiled packages): first rows of a 10M-row Parquet 0.54 s -> 0.47 s, first screen
0.25 s -> 0.31 s (the two share the GIL). Without byte-compiled packages it was a loss."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config
    from .engine import Engine, PagedResult
    from .engine.base import Opened
    from .engine.discovery import Found
    from .head_process import HeadProcess
    from .text_head import TextHead

PREVIEW_ROWS = 200  # the first rows shown while a result that must be stored whole is made


def start_engine(config: Config) -> Engine:
    """The engine `config` asks for."""
    from .engine import create_engine
    from .paths import cache_dir, engine_temp_dir

    return create_engine(
        temp_dir=engine_temp_dir(),
        cache_dir=cache_dir(),
        memory_limit=config.memory_limit,
        read_only=config.read_only,
        url=config.engine,
        token=config.token,
    )


def dvc_readable_dirs(repo: Path | None, build_demo: bool) -> list[Path]:
    """What SQL over a DVC repo reads: the workspace, the cache and a local remote (the demo's
    sits beside it, and may not be built yet)."""
    from .dvc.repo import NotADvcRepo, open_repo

    if repo is None:
        return []
    root = repo.expanduser().resolve()
    try:
        opened = open_repo(root)
    except NotADvcRepo:
        if not build_demo:
            return [root]
        from .dvc.demo import remote_dir

        return [root, remote_dir(root)]
    remote = opened.local_remote_dir()
    return [opened.root, opened.cache_dir, *([remote] if remote else [])]


def target_dirs(targets: tuple[str, ...] | list[str]) -> list[Path]:
    """Folders the user opened (and the folder a glob starts in): files added there later
    must open too when the files are reloaded."""
    folders = []
    for target in targets:
        if any(ch in target for ch in "*?["):
            base = Path(target.split("*")[0].split("?")[0].split("[")[0] or ".")
            folders.append(base if _is_dir(base) else base.parent)
        elif _is_dir(Path(target).expanduser()):
            folders.append(Path(target).expanduser())
    return folders


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: opening it reports the problem
        return False


def seal(
    engine: Engine,
    config: Config,
    targets: tuple[str, ...] | list[str],
    repo: Path | None,
    build_demo: bool,
) -> None:
    """In read-only mode, close the engine's sandbox over what it opened and the DVC repo."""
    if config.read_only:
        engine.sandbox([*target_dirs(targets), *dvc_readable_dirs(repo, build_demo)])


Booted = tuple["Engine", "Opened"]


def boot_engine(
    config: Config,
    targets: tuple[str, ...],
    repo: Path | None,
    build_demo: bool,
    known: dict[str, Found] | None = None,
) -> Booted:
    """The engine with `targets` opened (and sealed when read-only), with what was `known`
    found at targets already. Raises EngineError."""
    from .engine.base import open_targets

    engine = start_engine(config)
    opened = open_targets(engine, targets, known)
    seal(engine, config, targets, repo, build_demo)
    return engine, opened


@dataclass(frozen=True)
class FirstRows:
    """What the app shows first, made while Textual is still being imported: the first
    source's query, its result (or, when the whole result must be stored first, its preview)
    and the grid's first block, formatted."""

    sql: str
    rows: Any  # format_table's rows
    result: PagedResult | None = None
    preview: PagedResult | None = None


def first_rows(engine: Engine, opened: Opened, page_rows: int) -> FirstRows | None:
    """The first source's rows as the query controller would make them; None when there is
    no source, it is not on this machine, or anything fails (the app then runs the query
    itself and reports). The app waits for these before it says the engine is up, and Esc
    cannot cancel them: a bucket or a cluster, which may be slow, is left to the app."""
    from .column_bands import columns_to_read
    from .engine import EngineError
    from .engine.remote import is_remote
    from .formatting import GRID_CELL_CHARS, format_table

    source = next((s for s in opened.sources if s.ok), None)
    if source is None or engine.reads_remote or any(map(is_remote, source.paths)):
        return None
    sql = engine.select_all_sql(source.name)
    job = engine.query(sql)
    try:
        preview = job.preview(PREVIEW_ROWS)
        if preview is not None:  # a result stored whole first (a CSV): its first rows now
            return FirstRows(sql, tuple(format_table(preview.fetch(0, page_rows))),
                             preview=preview)  # fmt: skip
        result = job.run()
        only = columns_to_read(0, len(result.columns))  # a wide table: the first band's
        rows = tuple(format_table(result.fetch(0, page_rows, GRID_CELL_CHARS, only)))
        return FirstRows(sql, rows, result=result)
    except EngineError:
        return None


class EngineBoot:
    """`boot_engine` in a thread from the moment this is made (or from `start()`, when
    deferred), then the first rows (`first_rows`); `result()` waits for the engine, `first()`
    hands the rows over once.

    With `head_of` (the child process reading the head of a local file, folder or glob whose
    first dataset may be Parquet), the thread waits for that head first (`head()` waits for
    it too); when there is one, the engine's imports and boot wait for `start()`, which the
    app calls once the head is on screen."""

    def __init__(
        self,
        config: Config,
        targets: tuple[str, ...],
        repo: Path | None,
        build_demo: bool,
        *,
        deferred: bool = False,
        head_of: HeadProcess | None = None,
    ) -> None:
        self._future: Future[Booted] = Future()
        self._first: Future[FirstRows | None] = Future()
        self._head: Future[TextHead | None] = Future()
        self._imported = threading.Event()
        self._go = threading.Event()  # the boot may begin
        self._args = (config, targets, repo, build_demo)
        if head_of is not None and config.engine:  # a Spark session: no DuckDB head
            head_of.stop()
            head_of = None
        self._head_of = head_of
        self._known: dict[str, Found] = {}  # what the head found at its target: not looked again
        self._thread = threading.Thread(target=self._run, name="engine-boot", daemon=True)
        if head_of is not None:
            self._thread.start()  # the head now, the boot once started
            return
        self._head.set_result(None)  # none to wait for
        if not deferred:
            self.start()

    def start(self) -> None:
        """Start the boot (once; later calls do nothing)."""
        self._go.set()
        if self._thread.ident is None:
            self._thread.start()

    def wait_for_imports(self, timeout: float) -> None:
        """Wait (up to `timeout`) until the engine's libraries are imported (not asked when a
        child reads a head: they follow the head's frame). Imports hold the GIL, so Textual's
        and DuckDB's at once only interleave; one after the other, DuckDB opens the files and
        reads the first rows (its own threads, no GIL) while Textual is imported and the app
        composes. Measured: first rows ~0.05 s sooner."""
        self._imported.wait(timeout)

    def head(self, timeout: float) -> TextHead | None:
        """The Parquet head (waiting up to `timeout`); None when there is none (yet), or none
        was asked for. Once the wait is over the boot goes on, head or not."""
        try:
            return self._head.result(timeout)
        except TimeoutError:
            self.start()  # the app shows the engine's rows: nothing to wait for
            return None

    def _run(self) -> None:
        if self._head_of is not None:
            self._read_head(self._head_of)
        self._go.wait()  # at once, unless a head is shown first
        try:
            if not self._args[0].engine:  # DuckDB; a Spark client is not worth the wait
                import duckdb  # noqa: F401
                import pyarrow  # noqa: F401

                from .engine import duckdb_engine  # noqa: F401
        except ImportError:
            pass  # start_engine reports it
        finally:
            self._imported.set()
        try:
            booted = boot_engine(*self._args, self._known)
        except BaseException as error:  # given to whoever waits
            self._future.set_exception(error)
            self._first.set_result(None)
            return
        self._future.set_result(booted)
        try:
            self._first.set_result(first_rows(*booted, self._args[0].page_rows))
        except Exception:  # the app runs the query itself, and says what is wrong
            self._first.set_result(None)

    def ready(self) -> bool:
        """Whether the engine is up (or failed) and the first rows are made: nothing to wait for."""
        return self._future.done() and self._first.done()

    def result(self, timeout: float | None = None) -> Booted:
        """The engine and what it opened (waiting up to `timeout`, for ever by default)."""
        return self._future.result(timeout)

    def first(self) -> FirstRows | None:
        """The first rows (waiting for them), once; None afterwards."""
        found, self._first = self._first.result(), Future()
        self._first.set_result(None)
        return found

    def _read_head(self, process: HeadProcess) -> None:
        """The child's head; without one the boot goes on at once. Nothing is imported here
        meanwhile: Textual's import has this process's GIL to itself."""
        found, head = process.result()
        if found is not None:
            self._known[process.target] = found
        if head is None:
            self._go.set()
        self._head.set_result(head)
