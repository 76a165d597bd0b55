"""Typed messages that workers post to the UI thread. Handlers turn them into new state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from .catalog import Tool
    from .engine import Engine, PagedResult, Source


@dataclass
class EngineStarted(Message):
    engine: Engine


@dataclass
class EngineFailed(Message):
    error: str


@dataclass
class SourcesOpened(Message):
    sources: tuple[Source, ...]
    error: str = ""


@dataclass
class SourceCounted(Message):
    source: Source


@dataclass
class QueryPreviewed(Message):
    job_id: int
    preview: Any  # pyarrow.Table


@dataclass
class QueryFinished(Message):
    job_id: int
    result: PagedResult


@dataclass
class QueryFailed(Message):
    job_id: int
    title: str
    message: str
    cancelled: bool = False


@dataclass
class CatalogLoaded(Message):
    tools: tuple[Tool, ...]
