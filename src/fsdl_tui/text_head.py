"""The first rows of a local CSV, TSV or JSON-lines file, read with the standard library alone,
to be shown while the engine starts (importing DuckDB and pyarrow and sniffing the file take
longer than the app's first frame). What is shown is the file's own values; the engine's
preview, with the types it detects, replaces it a moment later.

Only the unambiguous is shown: CSV rows of one width; JSON objects with the same keys and plain
values. Anything else (ragged rows, undecodable bytes, one huge field, nested values) gives
None, and the engine's rows come first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .column_bands import columns_to_read
from .engine.base import Column
from .formatting import Row, format_rows, format_value

HEAD_BYTES = 128 * 1024  # read at most this much of the file
HEAD_ROWS = 200  # and show at most this many rows
SUFFIXES = {".csv": None, ".tsv": "\t"}  # the delimiter each implies (None: find it)
JSON_LINES = (".jsonl", ".ndjson")
JSON_TYPES = {bool: "BOOLEAN", int: "BIGINT", float: "DOUBLE", str: "VARCHAR"}
DELIMITERS = (",", "\t", ";", "|")
INTEGER = re.compile(r"\s*[+-]?\d+\s*", re.ASCII)
DECIMAL = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", re.ASCII)


HeadValue = str | int | float | bool | Decimal | dt.date | dt.time | None
PLAIN = tuple(JSON_TYPES)  # what a head's Arrow table holds as it is; the rest as text


@dataclass(frozen=True)
class TextHead:
    """A file's first rows: a CSV's text (None for an empty field, as the engine reads one), a
    JSON line's plain values or a Parquet file's values (`parquet_head`: numbers, text, dates,
    times, decimals)."""

    names: tuple[str, ...]
    types: tuple[str, ...]  # as the engine would most likely detect them from these rows
    rows: tuple[tuple[HeadValue, ...], ...]
    whole: bool  # the file ends within the head
    total: int | None = None  # the file's rows, when known without reading it (a footer)


def read_head(
    target: str, max_bytes: int = HEAD_BYTES, max_rows: int = HEAD_ROWS
) -> TextHead | None:
    """The head of `target` when it is one local CSV/TSV/JSON-lines file that parses cleanly;
    else None."""
    path = Path(target).expanduser()
    suffix = path.suffix.lower()
    if (suffix not in SUFFIXES and suffix not in JSON_LINES) or "://" in target:
        return None
    try:
        if not path.is_file():
            return None
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError:  # opening reports it
        return None
    whole = len(data) <= max_bytes
    if not whole:  # only complete lines
        data = data[: data.rfind(b"\n", 0, max_bytes) + 1]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if suffix in JSON_LINES:
        return _json_head(text, max_rows, whole)
    records = _parse(text, SUFFIXES[suffix], max_rows + 1)
    if not records:
        return None
    if _has_header(records):
        names, body = _names(records[0]), records[1:]
    else:  # named as the engine names them
        names, body = tuple(f"column{i}" for i in range(len(records[0]))), records
    rows = tuple(tuple(value if value != "" else None for value in row) for row in body)
    types = tuple(_type_of(row[i] for row in body) for i in range(len(names)))
    return TextHead(names, types, rows[:max_rows], whole and len(rows) <= max_rows)


def _json_head(text: str, max_rows: int, whole: bool) -> TextHead | None:
    """JSON lines of objects with the same keys in the same order, and plain values of one
    kind per key (integers and decimals mix, as numbers)."""
    names: tuple[str, ...] | None = None
    rows: list[tuple] = []
    for line in text.split("\n"):  # not splitlines(): a JSON string may hold U+2028
        if not line.strip():
            continue
        if len(rows) == max_rows:
            whole = False
            break
        try:
            record = json.loads(line, parse_constant=_not_json)
        except ValueError:  # a stray line, NaN, a number too large: the engine decides
            return None
        if not isinstance(record, dict) or names not in (None, tuple(record)):
            return None
        if not all(value is None or type(value) in JSON_TYPES for value in record.values()):
            return None
        names = tuple(record)
        rows.append(tuple(record.values()))
    if not rows or not names:
        return None
    types = [_json_type({type(row[i]) for row in rows} - {type(None)}) for i in range(len(names))]
    if None in types:
        return None
    doubles = [i for i, kind in enumerate(types) if kind == "DOUBLE"]
    shown = tuple(_as_doubles(row, doubles) for row in rows)
    return TextHead(names, tuple(types), shown, whole)


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def _json_type(kinds: set[type]) -> str | None:
    """The column's type, "VARCHAR" when it has only NULLs; None for values of mixed kinds."""
    if not kinds:
        return "VARCHAR"
    if kinds <= {int, float}:
        return "DOUBLE" if float in kinds else "BIGINT"
    return JSON_TYPES[kinds.pop()] if len(kinds) == 1 else None


def _as_doubles(row: tuple, columns: list[int]) -> tuple:
    """Integers in a column of decimals shown as the engine shows them (1 as 1.0)."""
    if not columns:
        return row
    return tuple(float(v) if i in columns and v is not None else v for i, v in enumerate(row))


def _type_of(values) -> str:
    """BIGINT, DOUBLE or VARCHAR: for the head's alignment and headers, until the engine says.
    Numbers are plain decimal text (Python's int() and float() also take `1_000` and `nan`)."""
    kind = "BIGINT"
    for value in values:
        if value == "" or INTEGER.fullmatch(value):
            continue
        if not DECIMAL.fullmatch(value):
            return "VARCHAR"
        kind = "DOUBLE"
    return kind


def _has_header(records: list[list[str]]) -> bool:
    """Whether the first record names the columns: it does unless it fits the numeric columns
    below it (a file of numbers has no header; a file of text is taken to have one)."""
    numeric = [i for i in range(len(records[0])) if _all_numbers(r[i] for r in records[1:])]
    return not numeric or not _all_numbers(records[0][i] for i in numeric)


def _all_numbers(values) -> bool:
    found = [value for value in values if value != ""]
    return bool(found) and all(DECIMAL.fullmatch(value) for value in found)


def _parse(text: str, delimiter: str | None, limit: int) -> list[list[str]] | None:
    """Up to `limit` records of one width, with the delimiter given or the one that splits the
    lines most evenly; None when no delimiter does."""
    candidates = (delimiter,) if delimiter else DELIMITERS
    best: list[list[str]] | None = None
    for candidate in candidates:
        records = _records(text, candidate, limit)
        if records is not None and (best is None or len(records[0]) > len(best[0])):
            best = records
    return best


def _records(text: str, delimiter: str, limit: int) -> list[list[str]] | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if record:  # a blank line
                records.append(record)
            if len(records) >= limit:
                break
    except csv.Error:  # a field larger than csv allows, a stray quote
        return None
    if len(records) < 2 or len(records[0]) < 2:  # one column: nothing to tell it by
        return None
    if len({len(r) for r in records}) != 1:  # ragged: the engine decides what it means
        return None
    return records


def _names(header: list[str]) -> tuple[str, ...]:
    """Column names as the header gives them: empty ones numbered, repeated ones suffixed."""
    seen: Counter[str] = Counter()
    names = []
    for index, raw in enumerate(header):
        name = raw or f"column{index}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name] - 1}")
    return tuple(names)


class HeadResult:
    """A `TextHead` as a result the grid can page through (the engine's `PagedResult`)."""

    def __init__(self, head: TextHead) -> None:
        self.head = head
        self.sql = ""
        self.columns = tuple(Column(n, t) for n, t in zip(head.names, head.types, strict=True))
        self.row_count = len(head.rows)
        self.rows_expected = head.total  # the whole result's, for the grid's row numbers
        self.elapsed = 0.0
        self.message = ""

    def first_rows(self, limit: int) -> tuple[Row, ...]:
        """The grid's first block, formatted as the engine's rows are (without pyarrow): a
        wide table's first band of columns, as the engine's."""
        rows = self.head.rows[:limit]
        only = columns_to_read(0, len(self.columns))
        if only is not None:
            rows = tuple(tuple(row[i] for i in only) for row in rows)
        return tuple(format_rows(rows))

    def fetch(
        self, offset: int, limit: int, cell_chars: int | None = None, only: range | None = None
    ):  # -> pa.Table
        """Rows typed as their values are (a CSV's text stays text; a date, a time or a decimal
        comes as the text the grid would show), without importing pandas (`pa.array` would);
        every column, whatever `only` asks (the head is in memory)."""
        import pyarrow as pa

        from .arrow_rows import table_from_rows

        names = self.head.names
        rows = [tuple(v if v is None or isinstance(v, PLAIN) else format_value(v) for v in row)
                for row in self.head.rows[offset:][:limit]]  # fmt: skip
        kinds = [{type(row[i]) for row in rows if row[i] is not None} for i in range(len(names))]
        schema = pa.schema(
            [(name, _arrow_type(kind)) for name, kind in zip(names, kinds, strict=True)]
        )
        return table_from_rows((dict(zip(names, row, strict=True)) for row in rows), schema)

    def close(self) -> None:
        pass


def _arrow_type(kinds: set[type]):  # -> pa.DataType
    """The Arrow type of a head column holding values of `kinds` (plain JSON values or text)."""
    import pyarrow as pa

    if not kinds:
        return pa.null()
    if kinds == {bool}:
        return pa.bool_()
    if kinds == {int}:
        return pa.int64()
    if kinds <= {int, float}:
        return pa.float64()
    return pa.string()
