"""Quoting helpers for building SQL text safely."""

from __future__ import annotations

import re
from collections.abc import Callable


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def first_lines(message: str, limit: int = 4) -> str:
    """Trim an engine's error to its first few meaningful lines."""
    lines = [line.rstrip() for line in message.strip().splitlines() if line.strip()]
    return "\n".join(lines[:limit])


def sub_in_code(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], sql: str) -> str:
    """`pattern.sub(replace, sql)`, but only for matches that start in SQL code: never inside a
    string literal, a quoted identifier or a comment (`--` to the end of the line, `/* */`)."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif sql[i] in "'\"":
            end = _closing_quote(sql, i)
        else:
            match = pattern.match(sql, i)
            if match is not None and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                out.append(replace(match))
                i = match.end()
                continue
            end = i + 1
        out.append(sql[i:end])
        i = end
    return "".join(out)


def _closing_quote(sql: str, start: int) -> int:
    """The index after the quote that closes the one at `start` (doubled quotes escape)."""
    quote, i = sql[start], start + 1
    while i < len(sql):
        if sql[i] == quote:
            if sql.startswith(quote * 2, i):
                i += 2
                continue
            return i + 1
        i += 1
    return len(sql)


def lengths_histogram_sql(source: str, ident: str, chars: str, tokens: str, bins: int) -> str:
    """Equal-width bins of a text column's lengths in characters and in tokens (`chars` and
    `tokens` are the dialect's expressions of them): measure, bin start, end and count. Plain
    SQL both dialects run; `source` is the wrapped query."""
    width = f"(b.hi - b.lo) / {bins}"
    return (
        f"WITH src AS (\n  SELECT {chars} AS chars, {tokens} AS tokens\n"
        f"  FROM {source} WHERE {ident} IS NOT NULL),\n"
        f"long AS (SELECT 'characters' AS measure, chars AS v FROM src\n"
        f"  UNION ALL SELECT 'tokens' AS measure, tokens AS v FROM src),\n"
        f"bounds AS (SELECT measure, min(v) AS lo, max(v) AS hi FROM long GROUP BY measure),\n"
        f"binned AS (\n  SELECT l.measure AS measure,\n"
        f"    least(floor((l.v - b.lo) / nullif({width}, 0)), {bins - 1}) AS bin,\n"
        f"    count(*) AS count FROM long l JOIN bounds b ON l.measure = b.measure GROUP BY 1, 2)\n"
        f"SELECT x.measure AS measure, b.lo + coalesce(x.bin, 0) * {width} AS bin_start,\n"
        f"  b.lo + (coalesce(x.bin, 0) + 1) * {width} AS bin_end, x.count AS count\n"
        f"FROM binned x JOIN bounds b ON x.measure = b.measure ORDER BY x.measure, x.bin"
    )
