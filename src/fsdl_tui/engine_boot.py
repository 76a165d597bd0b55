"""Start the engine: DuckDB with the user's files opened and, in read-only mode, sealed.

`EngineBoot` does it in a thread started before Textual is imported. Measured with bench/
(byte-compiled packages): first rows of a 10M-row Parquet 0.54 s -> 0.47 s, first screen
0.25 s -> 0.31 s (the two share the GIL). Without byte-compiled packages it was a loss."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config
    from .engine import Engine
    from .engine.base import Opened


def start_engine(config: Config) -> Engine:
    from .engine import create_engine
    from .paths import engine_temp_dir

    return create_engine(
        temp_dir=engine_temp_dir(),
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
    config: Config, targets: tuple[str, ...], repo: Path | None, build_demo: bool
) -> Booted:
    """The engine with `targets` opened (and sealed when read-only). Raises EngineError."""
    from .engine.base import open_targets

    engine = start_engine(config)
    opened = open_targets(engine, targets)
    seal(engine, config, targets, repo, build_demo)
    return engine, opened


class EngineBoot:
    """`boot_engine` in a thread from the moment this is made; `result()` waits for it."""

    def __init__(
        self, config: Config, targets: tuple[str, ...], repo: Path | None, build_demo: bool
    ) -> None:
        self._future: Future[Booted] = Future()
        self._args = (config, targets, repo, build_demo)
        threading.Thread(target=self._run, name="engine-boot", daemon=True).start()

    def _run(self) -> None:
        try:
            self._future.set_result(boot_engine(*self._args))
        except BaseException as error:  # given to whoever waits
            self._future.set_exception(error)

    def result(self) -> Booted:
        return self._future.result()
