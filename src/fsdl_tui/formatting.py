"""Turn values into safe, single-line display text. No Textual imports; used by grid and CLI.

Data is never interpreted: control characters (ANSI/OSC escapes included) are shown as visible
symbols, and callers render text as plain segments, never as markup.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import struct
from collections.abc import Iterable
from typing import Any

MAX_CELL_CHARS = 300
# what the grid fetches of a text: one character more than a cell shows, so a cut is marked
GRID_CELL_CHARS = MAX_CELL_CHARS + 1
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
        return "nan"  # as DuckDB writes it
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def is_map_pairs(value: Any) -> bool:
    """A MAP as Arrow gives it: a non-empty list of (key, value) tuples."""
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, tuple) and len(item) == 2 for item in value)
    )


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
        text = f"{value.date().isoformat()} {_time_text(value.time())}"
        offset = value.utcoffset()
        return text if offset is None else text + _offset_text(offset)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _time_text(value)
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
        if is_map_pairs(value):  # Arrow maps arrive as lists of (key, value) pairs
            return "{" + ", ".join(f"{format_value(k)}: {format_value(v)}" for k, v in value) + "}"
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return sanitize(str(value))


def _time_text(value: dt.time) -> str:
    """As DuckDB writes a time: `04:05:06`, `04:05:06.5` (no trailing zeros)."""
    text = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return text + f".{value.microsecond:06d}".rstrip("0") if value.microsecond else text


def _offset_text(offset: dt.timedelta) -> str:
    """A UTC offset as DuckDB writes it: `+00`, `+05:30`, `-08`."""
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours:02d}" + (f":{minutes:02d}" if minutes else "")


OUT_OF_RANGE = "<value out of range: "  # how pyarrow gives timestamps Python cannot hold


def _infinity(text: str) -> str:
    """DuckDB's infinite dates and timestamps are the extreme integers of their storage."""
    number = text.removeprefix(OUT_OF_RANGE).rstrip(">")
    if number.lstrip("-") in ("9223372036854775807", "2147483647"):
        return "-infinity" if number.startswith("-") else "infinity"
    return sanitize(text)


def _format_interval(months: int, days: int, nanoseconds: int) -> str:
    parts = []
    years = int(months / 12)  # toward zero, as DuckDB: -14 months is "-1 year -2 months"
    months -= years * 12
    for amount, unit in ((years, "year"), (months, "month"), (days, "day")):
        if amount:
            parts.append(f"{amount} {unit}{'s' if abs(amount) != 1 else ''}")
    if nanoseconds or not parts:  # the time part as DuckDB writes it: 04:05:06.789
        sign = "-" if nanoseconds < 0 else ""
        whole, fraction = divmod(abs(nanoseconds), 1_000_000_000)
        hours, rest = divmod(whole, 3600)
        text = f"{sign}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
        if fraction:
            text += f".{fraction:09d}".rstrip("0")
        parts.append(text)
    return " ".join(parts)


def format_cell(value: Any, limit: int = MAX_CELL_CHARS) -> str:
    """Display text for a grid cell: one line, at most `limit` characters."""
    if isinstance(value, str) and not value.startswith(OUT_OF_RANGE):
        text = sanitize(value[: limit + 1])
    else:
        text = format_value(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_values(column: Any) -> list[Any]:
    """Python values of an Arrow column. Values Python cannot hold (a timestamp in year 294247,
    at any depth inside lists, structs and maps) come as Arrow's own text for them."""
    import pyarrow.types as types

    if types.is_float32(column.type):  # the shortest text that is this float32, as DuckDB's
        return [None if v is None else shortest_float32(v) for v in column.to_pylist()]
    if not _has_nanoseconds(column.type):
        try:
            return column.to_pylist()
        except (ValueError, OverflowError, TypeError, NotImplementedError):
            pass
    chunks = column.chunks if hasattr(column, "chunks") else [column]
    return [value for chunk in chunks for value in _safe_values(chunk)]


def shortest_float32(value: float) -> float:
    """0.10000000149011612 (a float32 widened) back to 0.1: the shortest decimal that rounds
    to the same float32."""
    if not math.isfinite(value):
        return value
    packed = struct.pack("<f", value)
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.pack("<f", candidate) == packed:
            return candidate
    return value


def _has_nanoseconds(kind: Any) -> bool:
    """Whether a nanosecond timestamp is anywhere in the type: Python's datetime would drop
    its last three digits (or pandas would make it a Timestamp), so it is written here."""
    import pyarrow.types as types

    if types.is_timestamp(kind):
        return kind.unit == "ns"
    if types.is_struct(kind):
        return any(_has_nanoseconds(kind.field(i).type) for i in range(kind.num_fields))
    if types.is_map(kind):
        return _has_nanoseconds(kind.key_type) or _has_nanoseconds(kind.item_type)
    if types.is_list(kind) or types.is_large_list(kind) or types.is_fixed_size_list(kind):
        return _has_nanoseconds(kind.value_type)
    return False


def _safe_values(array: Any) -> list[Any]:
    """`array.to_pylist()`, descending into nested types where that fails, down to the leaves
    that cannot be Python values: those as text."""
    import pyarrow as pa
    import pyarrow.types as types

    kind = array.type
    if not _has_nanoseconds(kind):
        try:
            return array.to_pylist()
        except (ValueError, OverflowError, TypeError, NotImplementedError):
            pass
    valid = array.is_valid().to_pylist()
    if types.is_struct(kind):
        fields = [
            (kind.field(i).name, _safe_values(array.field(i))) for i in range(kind.num_fields)
        ]
        return [{name: values[j] for name, values in fields} if ok else None
                for j, ok in enumerate(valid)]  # fmt: skip
    if types.is_map(kind):
        # as a list of {key, value} structs: list kernels do not take maps
        entries = pa.ListArray.from_arrays(array.offsets, array.values, mask=array.is_null())
        flat = entries.flatten()
        keys, items = _safe_values(flat.field(0)), _safe_values(flat.field(1))
        return _split(list(zip(keys, items, strict=True)), entries, valid)
    if types.is_list(kind) or types.is_large_list(kind) or types.is_fixed_size_list(kind):
        return _split(_safe_values(array.flatten()), array, valid)
    if types.is_timestamp(kind) or types.is_date(kind):
        return _temporal_texts(array, valid)
    try:
        return array.cast(pa.string()).to_pylist()
    except (pa.ArrowException, ValueError, OverflowError, TypeError, NotImplementedError):
        return [f"<{kind} Python cannot hold>" if ok else None for ok in valid]


_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
_INFINITE = {2**63 - 1: "infinity", -(2**63 - 1): "-infinity", 2**31 - 1: "infinity",
             -(2**31 - 1): "-infinity"}  # fmt: skip


def _civil(days: int) -> tuple[int, int, int]:
    """The proleptic Gregorian (year, month, day) of a day count from 1970-01-01, for any year
    (Howard Hinnant's days_from_civil, inverted): what `datetime` cannot hold past year 9999."""
    days += 719_468
    era = days // 146_097  # Python floors: no correction for negative days (C truncates)
    doe = days - era * 146_097
    yoe = (doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def _temporal_texts(array: Any, valid: list[bool]) -> list[str | None]:
    """Dates and timestamps as DuckDB writes them (`294247-01-01 00:00:00`), from their
    integers, whatever the year; its extreme integers are DuckDB's infinities."""
    import pyarrow as pa
    import pyarrow.types as types

    kind = array.type
    if types.is_date32(kind):
        numbers, per_day, unit = array.cast(pa.int32()).to_pylist(), 1, ""
    elif types.is_date64(kind):
        numbers, per_day, unit = array.cast(pa.int64()).to_pylist(), _PER_DAY["ms"], ""
    else:
        unit = kind.unit
        numbers, per_day = array.cast(pa.int64()).to_pylist(), _PER_DAY[unit]
    texts: list[str | None] = []
    for ok, number in zip(valid, numbers, strict=True):
        if not ok or number is None:
            texts.append(None)
            continue
        if number in _INFINITE:
            texts.append(_INFINITE[number])
            continue
        days, rest = divmod(number, per_day)
        year, month, day = _civil(days)
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if year <= 0:  # no year zero: the year before 1 is 1 BC
            text = f"{1 - year:04d}-{month:02d}-{day:02d} (BC)"
        if types.is_timestamp(kind):
            fraction_digits = {"s": 0, "ms": 3, "us": 6, "ns": 9}[unit]
            seconds, fraction = divmod(rest, 10**fraction_digits)
            text += f" {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
            if fraction:
                text += f".{fraction:0{fraction_digits}d}".rstrip("0")
            if kind.tz:
                text += "+00"
        texts.append(text)
    return texts


def _split(values: list[Any], array: Any, valid: list[bool]) -> list[Any]:
    """Flattened list values back into one list per valid row."""
    lengths = array.value_lengths().to_pylist()
    rows, start = [], 0
    for ok, length in zip(valid, lengths, strict=True):
        if not ok:
            rows.append(None)
            continue
        rows.append(values[start : start + (length or 0)])
        start += length or 0
    return rows


Row = tuple[str | None, ...]  # one row's cell texts, None for NULL


def format_table(table: Any) -> list[Row]:
    """An Arrow table's rows as tuples of cell texts, None for NULL (duplicate names are fine)."""
    columns = [column_values(column) for column in table.columns]
    if not columns:
        return [() for _ in range(table.num_rows)]
    return format_rows(zip(*columns, strict=True))


def format_rows(rows: Iterable[Iterable[Any]]) -> list[Row]:
    """Rows of Python values as tuples of cell texts, None for NULL."""
    return [tuple(None if value is None else format_cell(value) for value in row) for row in rows]


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def human_count(count: int | None) -> str:
    return "?" if count is None else f"{count:,}"
