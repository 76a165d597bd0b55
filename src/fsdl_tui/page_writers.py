"""What `fsdl-tui query` writes when its SQL cannot be streamed (several statements, a PRAGMA, a
Spark cluster): the result a page at a time, through Python. A single query on DuckDB streams
instead (`DuckDBExportJob.write`), at DuckDB's speed."""

from __future__ import annotations

import csv
import json
import math
from typing import IO, Any, BinaryIO

from .engine import PagedResult
from .formatting import (
    column_values,
    counted,
    format_cell,
    format_value,
    is_map_pairs,
    is_numeric_type,
    sanitize,
)

PAGE_ROWS = 10_000


def _pages(result: PagedResult, limit: int):
    offset = 0
    while offset < min(result.row_count, limit):
        page = result.fetch(offset, min(PAGE_ROWS, limit - offset))
        if page.num_rows == 0:
            return
        yield page
        offset += page.num_rows


def _plain(value: Any) -> Any:
    """A JSON/CSV-friendly form of one value."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, list) and is_map_pairs(
        value
    ):  # Arrow gives a MAP as (key, value) pairs: an object, as DuckDB's JSON
        return {format_value(k) if not isinstance(k, str) else k: _plain(v) for k, v in value}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return format_value(value)  # dates, times, intervals: as the grid (and DuckDB) write them


def _rows(page) -> list[tuple[Any, ...]]:
    columns = [column_values(column) for column in page.columns]
    return list(zip(*columns, strict=True)) if columns else []


def write_csv(result: PagedResult, out: IO[str], limit: int, delimiter: str = ",") -> None:
    # as DuckDB's COPY: `cut`/`awk` see no \r
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    writer.writerow([c.name for c in result.columns])
    for page in _pages(result, limit):
        for row in _rows(page):
            writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: Any) -> Any:
    """One CSV field: nested values as JSON, NaN and infinities as DuckDB's COPY writes them
    (JSON has no NaN, so `_plain` makes them null; CSV can say what they are)."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    plain = _plain(value)
    return json.dumps(plain) if isinstance(plain, dict | list) else plain


def write_json(result: PagedResult, out: IO[str], limit: int) -> None:
    names = [c.name for c in result.columns]
    out.write("[")
    first = True
    for page in _pages(result, limit):
        for row in _rows(page):
            record = {name: _plain(value) for name, value in zip(names, row, strict=True)}
            out.write(("\n  " if first else ",\n  ") + json.dumps(record, default=str))
            first = False
    out.write("\n]\n" if not first else "]\n")


def write_jsonl(result: PagedResult, out: IO[str], limit: int) -> None:
    names = [c.name for c in result.columns]
    for page in _pages(result, limit):
        for row in _rows(page):
            record = {name: _plain(value) for name, value in zip(names, row, strict=True)}
            out.write(json.dumps(record, default=str) + "\n")


def write_parquet(result: PagedResult, out: BinaryIO, limit: int) -> None:
    import pyarrow.parquet as pq

    writer = None
    for page in _pages(result, limit):
        writer = writer or pq.ParquetWriter(out, page.schema)
        writer.write_table(page)
    if writer is None:  # no rows: the columns still
        writer = pq.ParquetWriter(out, result.fetch(0, 0).schema)
    writer.close()


def write_table(result: PagedResult, out: IO[str], limit: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=False)
    if result.message and not result.columns:
        console.print(Text(result.message))
        return
    table = Table()
    for column in result.columns:
        table.add_column(
            Text(sanitize(column.name)), justify="right" if is_numeric_type(column.type) else "left"
        )
    shown = 0
    for page in _pages(result, limit):
        for row in _rows(page):
            table.add_row(
                *[Text("NULL", style="dim") if v is None else Text(format_cell(v)) for v in row]
            )
            shown += 1
    console.print(table)
    more = result.row_count - shown
    note = f"{counted(result.row_count, 'row')} × {counted(len(result.columns), 'column')}"
    if more > 0:
        note += f" ({more:,} not shown: use --max-rows or --format csv)"
    console.print(Text(note, style="dim"))


TEXT_WRITERS = {
    "csv": write_csv,
    "tsv": lambda result, out, limit: write_csv(result, out, limit, "\t"),
    "json": write_json,
    "jsonl": write_jsonl,
    "table": write_table,
}
