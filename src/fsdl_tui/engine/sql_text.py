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
