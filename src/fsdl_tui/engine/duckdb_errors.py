"""DuckDB's errors as messages for people: what the sandbox allows, which file changed."""

from __future__ import annotations

import duckdb

from .base import QueryError, SourceChanged
from .sql_text import first_lines

SANDBOX_HINT = (
    "Read-only mode reads only the files it opened and their DVC repository. Open the file "
    "with `fsdl-tui PATH`, or start with --allow-writes."
)


def error_text(error: BaseException) -> str:
    if isinstance(error, duckdb.PermissionException):
        return f"{first_lines(str(error), 1)}\n{SANDBOX_HINT}"
    return first_lines(str(error))


# DuckDB's words when a file a view reads has gone or changed since the view was made
CHANGED_FILE_SIGNS = (
    "No files found that match the pattern",
    "No such file or directory",
    "Contents of view were altered",
    "No magic bytes found",
    "Could not open file",
)


def query_error(error: BaseException) -> QueryError:
    text = error_text(error)
    if any(sign in str(error) for sign in CHANGED_FILE_SIGNS):
        return SourceChanged(
            f"{text}\nThe file may have changed or vanished since it was opened: reload the "
            "files (F9) to read them as they are now."
        )
    return QueryError(text)


def unreadable(kind: str, error: BaseException) -> str:
    """Why a file could not be opened, led by what was tried: DuckDB's own words can be as
    terse as "don't know what type:" for a damaged Parquet footer."""
    from .discovery import KIND_NAMES

    what = KIND_NAMES.get(kind, kind)
    text = error_text(error)
    return text if text.startswith("Permission") else f"Not readable as {what}: {text}"
