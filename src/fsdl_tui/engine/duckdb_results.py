"""Pageable results of the DuckDB engine: streamed, or materialized into a results table."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from .base import Column, QueryError
from .cell_select import faithful_select
from .duckdb_errors import query_error
from .shard_windows import ShardIndex

if TYPE_CHECKING:
    import duckdb


NewCursor = Callable[[], "duckdb.DuckDBPyConnection"]  # the engine's: registrations included


def fetch_window(
    new_cursor: NewCursor, sql: str, shards: ShardIndex | None = None, files: tuple[str, ...] = ()
) -> pa.Table:
    """Run a window query on a fresh cursor (safe from any thread), reading only `files` of
    the `shards` view when given; failures as QueryError."""
    import duckdb

    cursor = new_cursor()
    try:
        if shards is not None:
            sql = shards.reading(cursor, files, sql)
        return cursor.sql(sql).to_arrow_table()
    except (duckdb.Error, pa.ArrowException, OSError) as error:
        raise query_error(error) from error
    finally:
        cursor.close()


@dataclass
class StreamedResult:
    """Re-runs `LIMIT/OFFSET` over the query for each window: used for plain Parquet scans.
    Over many files (`shards`), a window reads only the files that hold it."""

    new_cursor: NewCursor
    sql: str
    columns: tuple[Column, ...]
    row_count: int
    elapsed: float
    message: str = ""
    shards: ShardIndex | None = None

    def fetch(
        self, offset: int, limit: int, cell_chars: int | None = None, only: range | None = None
    ) -> pa.Table:
        source = f"(\n{self.sql}\n)"
        columns = ((c.name, c.type) for c in self.columns)
        select = faithful_select(source, columns, cell_chars, only)
        files: tuple[str, ...] = ()
        if self.shards is not None:
            files, offset = self.shards.covering(offset, limit)
        window = f"{select} LIMIT {int(limit)} OFFSET {int(offset)}"
        return fetch_window(self.new_cursor, window, self.shards, files)

    def close(self) -> None:
        pass


@dataclass
class MaterializedResult:
    """The result stored once in a TEMP table of its own cursor (invisible to every other
    connection); windows are cheap slices of it, fetched on that cursor one at a time."""

    cursor: duckdb.DuckDBPyConnection
    sql: str
    table: str  # qualified, quoted name
    columns: tuple[Column, ...]
    row_count: int
    elapsed: float
    message: str = ""
    _closed: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fetch(
        self, offset: int, limit: int, cell_chars: int | None = None, only: range | None = None
    ) -> pa.Table:
        import duckdb

        columns = ((c.name, c.type) for c in self.columns)
        select = faithful_select(self.table, columns, cell_chars, only)
        window = f"{select} {self._rows(int(offset), int(limit))}"
        with self._lock:  # a connection serves one thread at a time
            if self._closed:
                raise QueryError("This result was closed; run the query again.")
            try:
                return self.cursor.sql(window).to_arrow_table()
            except (duckdb.Error, pa.ArrowException, OSError) as error:
                raise query_error(error) from error

    def _rows(self, offset: int, limit: int) -> str:
        """The window's rows by their row numbers in the table (stored in the query's order):
        no scan up to the offset, nor the cost `OFFSET` has even at 0 (~1 ms of ~2 a page
        here). A column of the user's named `rowid` hides DuckDB's: then `LIMIT/OFFSET`."""
        if any(c.name.lower() == "rowid" for c in self.columns):
            return f"LIMIT {limit} OFFSET {offset}"
        return f"WHERE rowid >= {offset} AND rowid < {offset + limit}"

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self.cursor.close()  # its TEMP table goes with it
