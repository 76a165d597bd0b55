"""The `dvc_version('path', 'rev')` call in SQL text: finding, reading and writing it. Light (no
git, YAML or Arrow): every query is checked for a call before the time-travel code loads."""

from __future__ import annotations

import re

from ..engine.sql_text import quote_literal, sub_in_code

DVC_VERSION_CALL = re.compile(
    r"dvc_version\s*\(\s*'((?:[^']|'')*)'\s*,\s*'((?:[^']|'')*)'\s*\)", re.IGNORECASE
)


def dvc_version_call(path: str, rev: str) -> str:
    """The SQL text `dvc_version('path', 'rev')`, quoted."""
    return f"dvc_version({quote_literal(path)}, {quote_literal(rev)})"


def call_args(match: re.Match[str]) -> tuple[str, str]:
    """The path and rev of one `dvc_version` call, unquoted."""
    return match.group(1).replace("''", "'"), match.group(2).replace("''", "'")


def dvc_version_calls(sql: str) -> list[tuple[str, str]]:
    """(path, rev) of each `dvc_version` call in `sql`'s code (not in strings or comments)."""
    calls: list[tuple[str, str]] = []

    def collect(match: re.Match[str]) -> str:
        calls.append(call_args(match))
        return match.group(0)

    sub_in_code(DVC_VERSION_CALL, collect, sql)
    return calls
