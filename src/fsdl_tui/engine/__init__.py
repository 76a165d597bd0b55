"""Data access: the only package that talks to a database. No Textual imports here."""

from __future__ import annotations

from pathlib import Path

from .base import (
    Column,
    Engine,
    EngineError,
    ExportJob,
    PagedResult,
    QueryCancelled,
    QueryError,
    QueryJob,
    Source,
    SourceChanged,
    SourceError,
    TableInfo,
)

__all__ = [
    "Column",
    "Engine",
    "EngineError",
    "ExportJob",
    "PagedResult",
    "QueryCancelled",
    "QueryError",
    "QueryJob",
    "Source",
    "SourceChanged",
    "SourceError",
    "TableInfo",
    "create_engine",
]


def create_engine(
    *,
    temp_dir: Path | None = None,
    memory_limit: str | None = None,
    read_only: bool = False,
    url: str | None = None,
    token: str | None = None,
    cache_dir: Path | None = None,
) -> Engine:
    """The embedded DuckDB engine, or Spark through Spark Connect when `url` is sc://...
    Imports the engine's library on first call, so call it in a worker.

    read_only: user SQL may only read (the app's own exports and tables still work).
    cache_dir: where DuckDB's catalog facts that cost time at each start are kept."""
    if url:
        from .spark_engine import SparkEngine

        return SparkEngine(url, token=token, read_only=read_only)
    from .duckdb_engine import DuckDBEngine

    return DuckDBEngine(temp_dir=temp_dir, memory_limit=memory_limit, read_only=read_only,
                        cache_dir=cache_dir)  # fmt: skip
