"""Turn values into safe, single-line display text. No Textual imports; used by grid and CLI.

Data is never interpreted: control characters (ANSI/OSC escapes included) are shown as visible
symbols, and callers render text as plain segments, never as markup.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

MAX_CELL_CHARS = 300
NULL_TEXT = "NULL"

# C0 controls -> their Unicode "control picture"; DEL and C1 controls -> a visible escape.
_CONTROL_MAP = {code: 0x2400 + code for code in range(0x20)}
_CONTROL_MAP[0x7F] = 0x2421
_CONTROL_MAP.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
_CONTROL_MAP[0x0A] = 0x21B5  # newline -> ↵
_CONTROL_MAP[0x09] = 0x21E5  # tab -> ⇥
# bidi overrides and isolates would reorder the rest of the line
_CONTROL_MAP.update(
    {code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)

NUMERIC_TYPE_PREFIXES = (
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
    "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL", "INT", "UINT", "HALF",
)  # fmt: skip


_LINES_MAP = {**_CONTROL_MAP, 0x0A: 0x0A}


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """Make text safe for the terminal: every control character becomes visible (newlines too,
    for one line, unless `keep_newlines`)."""
    return text.translate(_LINES_MAP if keep_newlines else _CONTROL_MAP)


def plain(text: str, style: str = ""):  # -> rich.text.Text
    """Text from data, settings or an error, for a widget: control characters made visible and
    never parsed as markup (a `[/]` in a file name must not crash the app)."""
    from rich.text import Text

    return Text(sanitize(text), style=style)


def counted(n: int, noun: str) -> str:
    """`1 row`, `2 rows`, `1,000 rows`."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def is_numeric_type(type_name: str) -> bool:
    upper = type_name.upper()
    return upper.startswith(NUMERIC_TYPE_PREFIXES) or upper.startswith(("DOUBLE", "FLOAT"))


def is_text_type(type_name: str) -> bool:
    return type_name.upper() in ("VARCHAR", "STRING", "TEXT") or type_name.upper().startswith(
        "VARCHAR("
    )


def _format_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def format_value(value: Any) -> str:
    """Full display text of one value (not truncated), with control characters made visible."""
    if value is None:
        return NULL_TEXT
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        shown = raw[:64].hex(" ")
        return f"<{len(raw)} bytes> {shown}{' …' if len(raw) > 64 else ''}"
    if type(value).__name__ == "MonthDayNano":  # Arrow's interval: months, days, nanoseconds
        return _format_interval(*value)
    if isinstance(value, str) and value.startswith(OUT_OF_RANGE):
        return _infinity(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{sanitize(str(k))}: {format_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            # Arrow maps arrive as lists of (key, value) pairs
            return "{" + ", ".join(f"{format_value(k)}: {format_value(v)}" for k, v in value) + "}"
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return sanitize(str(value))


OUT_OF_RANGE = "<value out of range: "  # how pyarrow gives timestamps Python cannot hold


def _infinity(text: str) -> str:
    """DuckDB's infinite dates and timestamps are the extreme integers of their storage."""
    number = text.removeprefix(OUT_OF_RANGE).rstrip(">")
    if number.lstrip("-") in ("9223372036854775807", "2147483647"):
        return "-infinity" if number.startswith("-") else "infinity"
    return sanitize(text)


def _format_interval(months: int, days: int, nanoseconds: int) -> str:
    parts = []
    years, months = divmod(months, 12) if months >= 0 else (0, months)
    for amount, unit in ((years, "year"), (months, "month"), (days, "day")):
        if amount:
            parts.append(f"{amount} {unit}{'s' if abs(amount) != 1 else ''}")
    if nanoseconds or not parts:
        seconds = nanoseconds / 1e9
        parts.append(str(dt.timedelta(seconds=seconds)) if abs(seconds) >= 1 else f"{seconds} s")
    return " ".join(parts)


def format_cell(value: Any, limit: int = MAX_CELL_CHARS) -> str:
    """Display text for a grid cell: one line, at most `limit` characters."""
    if isinstance(value, str) and not value.startswith(OUT_OF_RANGE):
        text = sanitize(value[: limit + 1])
    else:
        text = format_value(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_values(column: Any) -> list[Any]:
    """Python values of an Arrow column; values Python cannot hold (e.g. year 10000) as text."""
    try:
        return column.to_pylist()
    except (ValueError, OverflowError, TypeError, NotImplementedError):
        pass
    import pyarrow as pa

    try:
        return column.cast(pa.string()).to_pylist()
    except (pa.ArrowException, ValueError, OverflowError, TypeError, NotImplementedError):
        return [None if not s.is_valid else f"<unrepresentable {column.type}>" for s in column]


Row = tuple[str | None, ...]  # one row's cell texts, None for NULL


def format_table(table: Any) -> list[Row]:
    """An Arrow table's rows as tuples of cell texts, None for NULL (duplicate names are fine)."""
    columns = [column_values(column) for column in table.columns]
    if not columns:
        return [() for _ in range(table.num_rows)]
    return [
        tuple(None if value is None else format_cell(value) for value in row)
        for row in zip(*columns, strict=True)
    ]


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def human_count(count: int | None) -> str:
    return "?" if count is None else f"{count:,}"
