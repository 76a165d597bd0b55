"""Typed messages that workers post to the UI thread. Handlers turn them into new state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from .catalog import Tool
    from .dvc.compare import Comparison
    from .dvc.diff import DataDiff
    from .dvc.dir_diff import DirDiff
    from .dvc.history import History, Version
    from .dvc.snapshot import DvcSnapshot
    from .engine import Engine, PagedResult, Source


@dataclass
class EngineStarted(Message):
    engine: Engine
    first: Any = None  # engine_boot.FirstRows: the first source's rows, made during start-up


@dataclass
class EngineFailed(Message):
    error: str


@dataclass
class SourcesOpened(Message):
    sources: tuple[Source, ...]
    error: str = ""
    reloaded: bool = False  # the whole list, read again from disk
    skipped: int = 0  # files of other kinds inside the folders opened


@dataclass
class SourceCounted(Message):
    source: Source


@dataclass
class QueryPreviewed(Message):
    job_id: int
    preview: PagedResult  # the first rows while the whole result materializes
    first_rows: Any = None  # formatted, as QueryFinished's


@dataclass
class QueryFinished(Message):
    job_id: int
    result: PagedResult
    first_rows: Any = None  # the first block, formatted (saves the grid a round trip)


@dataclass
class QueryFailed(Message):
    job_id: int
    title: str
    message: str
    cancelled: bool = False
    unavailable: Any = None  # a DataUnavailable error: the app offers to fetch the data


@dataclass
class ViewEnded(Message):
    view_id: int
    rows: tuple[dict, ...] = ()
    error: str = ""
    cancelled: bool = False


@dataclass
class CatalogLoaded(Message):
    tools: tuple[Tool, ...]


@dataclass
class DvcProgress(Message):
    message: str
    building: bool = False


@dataclass
class DvcLoaded(Message):
    snapshot: DvcSnapshot
    history: History


@dataclass
class DvcFailed(Message):
    message: str


@dataclass
class DvcVersionsLoaded(Message):
    path: str
    versions: tuple[Version, ...]


@dataclass
class DvcJobFailed(Message):
    title: str
    message: str


@dataclass
class DvcFetched(Message):
    path: str
    rev: str
    count: int


@dataclass
class DvcDiffReady(Message):
    diff: DataDiff


@dataclass
class DvcDirDiffReady(Message):
    diff: DirDiff


@dataclass
class DvcCompareReady(Message):
    comparison: Comparison


@dataclass
class HistoryLoaded(Message):
    entries: tuple[Any, ...]
    warning: str = ""


@dataclass
class Notice(Message):
    """Something a controller's worker tells the user (controllers hold no App to notify)."""

    message: str
    title: str = ""
    severity: str = "information"
    timeout: float | None = None
