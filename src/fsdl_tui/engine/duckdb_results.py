"""Pageable results of the DuckDB engine: streamed, materialized, or small and in memory."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from .base import Column

if TYPE_CHECKING:
    import duckdb


def columns_of(schema_names: list[str], schema_types: list[object]) -> tuple[Column, ...]:
    return tuple(
        Column(name, str(kind)) for name, kind in zip(schema_names, schema_types, strict=True)
    )


@dataclass
class StreamedResult:
    """Re-runs `LIMIT/OFFSET` over the query for each window: used for plain Parquet scans."""

    con: duckdb.DuckDBPyConnection
    sql: str
    columns: tuple[Column, ...]
    row_count: int
    elapsed: float
    message: str = ""

    def fetch(self, offset: int, limit: int) -> pa.Table:
        cursor = self.con.cursor()
        try:
            window = f"SELECT * FROM (\n{self.sql}\n) LIMIT {int(limit)} OFFSET {int(offset)}"
            return cursor.sql(window).to_arrow_table()
        finally:
            cursor.close()

    def close(self) -> None:
        pass


@dataclass
class MaterializedResult:
    """The result stored once in a table of the results schema; windows are cheap slices of it."""

    con: duckdb.DuckDBPyConnection
    sql: str
    table: str  # qualified, quoted name
    columns: tuple[Column, ...]
    row_count: int
    elapsed: float
    message: str = ""
    _closed: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fetch(self, offset: int, limit: int) -> pa.Table:
        cursor = self.con.cursor()
        try:
            window = f"SELECT * FROM {self.table} LIMIT {int(limit)} OFFSET {int(offset)}"
            return cursor.sql(window).to_arrow_table()
        finally:
            cursor.close()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        cursor = self.con.cursor()
        try:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}").complete()
        finally:
            cursor.close()


@dataclass
class ArrowResult:
    """A small result held in memory: EXPLAIN, PRAGMA, or a statement's status message."""

    sql: str
    data: pa.Table
    elapsed: float
    message: str = ""

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self.data.schema.names, list(self.data.schema.types))

    @property
    def row_count(self) -> int:
        return self.data.num_rows

    def fetch(self, offset: int, limit: int) -> pa.Table:
        return self.data.slice(offset, limit)

    def close(self) -> None:
        pass
