"""A CSV's dialect and columns, sniffed once by DuckDB, as a `read_csv` call that needs no
sniffing: every later bind of a view over `read_csv(path)` sniffed the file again (~50–90 ms
each for a large file; opening and showing one took five)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from .sql_text import quote_literal

EMPTY = "(empty)"  # how sniff_csv writes an option that is not set


@dataclass(frozen=True)
class SniffedCsv:
    reader: str  # a read_csv(...) call with every option fixed
    skip_rows: int
    delimiter: str


def sniff_csv(cursor: duckdb.DuckDBPyConnection, path: str) -> SniffedCsv | None:
    """The file's dialect as DuckDB detects it; None when sniffing fails (the caller reads the
    file with auto-detection and reports what goes wrong). Every name and option is quoted
    here: DuckDB's own `Prompt` column does not escape quotes in the path or column names."""
    try:
        row = cursor.execute(
            "SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, "
            "Columns, DateFormat, TimestampFormat FROM sniff_csv(?)",
            [path],
        ).fetchone()
    except duckdb.Error:
        return None
    if row is None:
        return None
    delim, quote, escape, new_line, comment, skip, header, columns, dates, stamps = row
    if not columns:
        return None
    types = ", ".join(f"{quote_literal(c['name'])}: {quote_literal(c['type'])}" for c in columns)
    options = [
        "auto_detect=false",
        f"delim={quote_literal(_option(delim))}",
        f"quote={quote_literal(_option(quote))}",
        f"escape={quote_literal(_option(escape))}",
        f"new_line={quote_literal(_option(new_line))}",
        f"skip={int(skip)}",
        f"comment={quote_literal(_option(comment))}",
        f"header={'true' if header else 'false'}",
        f"columns={{{types}}}",
    ]
    if dates:
        options.append(f"dateformat={quote_literal(dates)}")
    if stamps:
        options.append(f"timestampformat={quote_literal(stamps)}")
    reader = f"read_csv({quote_literal(path)}, {', '.join(options)})"
    return SniffedCsv(reader, int(skip), _option(delim))


def _option(value: object) -> str:
    text = "" if value is None else str(value)
    return "" if text == EMPTY else text
