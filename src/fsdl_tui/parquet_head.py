"""The first rows of a local Parquet dataset (a file, or a folder's or a glob's first dataset
when it is Parquet: shards of one schema, hive partitions), read by DuckDB alone — in a child
process while the app's imports Textual (`head_process`) — to be shown while the engine starts;
the engine's own rows replace them a moment later.

They must look as the engine's will: they are read with the engine's SQL for the screen
(`faithful_select`), and only where DuckDB's Python values are the ones Arrow gives — plain
numbers, text, dates, times and timestamps. Anything else (nested, intervals, time zones,
nanoseconds, blobs, an infinite or out-of-range date, over MAX_COLUMNS columns, shards whose
schemas differ — the engine's view matches them by name — or over MAX_FILES of them) gives None,
and the engine's rows come first.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .engine.cell_select import faithful_select, is_arrow_lossy
from .engine.parquet_schema import one_parquet_schema
from .engine.sql_text import quote_literal
from .formatting import GRID_CELL_CHARS, shortest_float32
from .text_head import HEAD_ROWS, TextHead

if TYPE_CHECKING:
    import duckdb

    from .engine.discovery import Found

MAX_COLUMNS = 128  # wider, the engine's first band comes first (a head reads every column)
MAX_FILES = 1000  # more shards, and checking their schemas twice costs more than a head saves
PLAIN_TYPES = re.compile(
    r"BOOLEAN|U?(TINYINT|SMALLINT|INTEGER|BIGINT)|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|VARCHAR"
    r"|DATE|TIME|TIMESTAMP"
)
TEMPORAL = (dt.date, dt.time)  # datetime is a date
EXTREMES = {dt.date.min, dt.date.max, dt.datetime.min, dt.datetime.max}  # DuckDB's infinities


def find_quietly(target: str) -> Found | None:
    """What `target` holds (`discovery.find`), or None when it cannot be read: opening it
    reports why."""
    from .engine.base import SourceError
    from .engine.discovery import find

    try:
        return find(target)
    except SourceError:
        return None


def head_files(found: Found) -> tuple[tuple[str, ...], bool] | None:
    """The files of the dataset the engine shows first of `found`, and whether they are hive
    partitions, when it is local Parquet of at most MAX_FILES files; else None."""
    first = found.datasets[0] if found.datasets else None
    if first is None or first.kind != "parquet" or first.layout not in ("file", "shards", "hive"):
        return None
    return (first.files, first.layout == "hive") if len(first.files) <= MAX_FILES else None


def read_parquet_head(
    connection: duckdb.DuckDBPyConnection,
    found: Found,
    max_rows: int = HEAD_ROWS,
) -> TextHead | None:
    """The head of the first dataset `found` at a target when it is local Parquet, read on
    DuckDB's `connection`, when its values show as the engine's would; else None. Never
    raises for a bad file: opening it reports the problem."""
    import duckdb

    dataset = head_files(found)
    if dataset is None:
        return None
    files = ", ".join(quote_literal(f) for f in dataset[0])
    source = f"read_parquet([{files}]{', hive_partitioning=true' if dataset[1] else ''})"
    try:
        if len(dataset[0]) > 1 and not one_parquet_schema(connection, files):
            return None  # the engine's view matches the files' columns by name
        relation = connection.sql(f"SELECT * FROM {source}")
        names = tuple(relation.columns)
        types = tuple(str(kind) for kind in relation.types)
        if not names or len(names) > MAX_COLUMNS:
            return None
        if not all(PLAIN_TYPES.fullmatch(t) or is_arrow_lossy(t) for t in types):
            return None
        select = faithful_select(source, zip(names, types, strict=True), GRID_CELL_CHARS)
        rows = connection.sql(f"{select} LIMIT {int(max_rows) + 1}").fetchall()
        (total,) = connection.sql(f"SELECT count(*) FROM {source}").fetchall()  # the footer's
    except (duckdb.Error, OSError, ValueError, OverflowError):  # values Python cannot hold
        return None
    shown = [_as_arrow_gives(row, types) for row in rows[:max_rows]]
    if any(row is None for row in shown):
        return None
    return TextHead(names, types, tuple(shown), whole=len(rows) <= max_rows,
                    total=total[0])  # type: ignore[arg-type]  # fmt: skip


def _as_arrow_gives(row: tuple, types: tuple[str, ...]) -> tuple | None:
    """A row's values as pyarrow's `to_pylist` gives them (None when one cannot be): a FLOAT
    as its shortest float32 text's value; an infinite or out-of-range date is refused (DuckDB
    gives Python's extreme dates or text, Arrow its integers, written as DuckDB writes them)."""
    values = []
    for value, kind in zip(row, types, strict=True):
        if value is not None and kind in ("DATE", "TIME", "TIMESTAMP"):
            if not isinstance(value, TEMPORAL) or value in EXTREMES:
                return None
        elif value is not None and kind == "FLOAT":
            value = shortest_float32(value)
        values.append(value)
    return tuple(values)
