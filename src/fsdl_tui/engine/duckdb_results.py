"""Pageable results of the DuckDB engine: streamed, or materialized into a results table."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from .base import Column, QueryError
from .duckdb_errors import query_error
from .shard_windows import ShardIndex
from .sql_text import quote_ident

if TYPE_CHECKING:
    import duckdb


NewCursor = Callable[[], "duckdb.DuckDBPyConnection"]  # the engine's: registrations included


# DuckDB types that do not survive the trip to Arrow: UHUGEINT wraps into a signed decimal,
# TIME WITH TIME ZONE loses its offset, BIT becomes bytes, BIGNUM an opaque blob, VARIANT a
# struct of encoded bytes. At any depth
# (a list of them, a struct holding one), the column travels as DuckDB's own text instead.
ARROW_LOSSY = re.compile(r"UHUGEINT|TIME WITH TIME ZONE|\bBIT\b|BIGNUM|VARINT|VARIANT")


AS_TEXT = "CAST({0} AS VARCHAR)"


def is_arrow_lossy(type_name: str) -> bool:
    """Whether Arrow would change values of this DuckDB type (see ARROW_LOSSY)."""
    return ARROW_LOSSY.search(type_name.upper()) is not None


def select_replacing(source: str, forms: dict[str, str]) -> str:
    """`SELECT * FROM source` with each named column computed by its form instead (`{0}` is
    the column): `SELECT * REPLACE (…)`, or plain when there is nothing to replace."""
    if not forms:
        return f"SELECT * FROM {source}"
    replaced = ", ".join(f"{form.format(quote_ident(name))} AS {quote_ident(name)}"
                         for name, form in forms.items())  # fmt: skip
    return f"SELECT * REPLACE ({replaced}) FROM {source}"


def _cell_form(type_name: str, cell_chars: int | None) -> str | None:
    """How a column is read for the screen, when not as it is (`{0}` is the column)."""
    if is_arrow_lossy(type_name):
        return AS_TEXT
    if cell_chars is not None and type_name.upper() in ("VARCHAR", "JSON"):
        return f"left({{0}}, {int(cell_chars)})"
    return None


def faithful_select(
    source: str,
    columns: Iterable[tuple[str, str]],
    cell_chars: int | None = None,
    only: range | None = None,
) -> str:
    """`SELECT * FROM source`, with the columns Arrow cannot carry as DuckDB's text, and text
    cut to `cell_chars` characters when given; `only` these columns (by position: names may
    repeat) when given."""
    listed = list(columns)
    if only is not None:
        picked = []
        for index in only:
            name, type_name = listed[index]
            form = _cell_form(type_name, cell_chars) or "{0}"
            picked.append(f"{form.format(f'#{index + 1}')} AS {quote_ident(name)}")
        return f"SELECT {', '.join(picked)} FROM {source}"
    forms = {}
    for name, type_name in listed:
        form = _cell_form(type_name, cell_chars)
        if form is not None:
            forms[name] = form
    return select_replacing(source, forms)


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
        window = f"{select} LIMIT {int(limit)} OFFSET {int(offset)}"
        with self._lock:  # a connection serves one thread at a time
            if self._closed:
                raise QueryError("This result was closed; run the query again.")
            try:
                return self.cursor.sql(window).to_arrow_table()
            except (duckdb.Error, pa.ArrowException, OSError) as error:
                raise query_error(error) from error

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self.cursor.close()  # its TEMP table goes with it
