"""Export a query's full result to CSV, Parquet or JSON with DuckDB's COPY: streamed, never
held in memory, written to a temporary file beside the target and renamed into place."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .base import QueryCancelled, QueryError
from .sql_text import first_lines, quote_literal

if TYPE_CHECKING:
    from .duckdb_engine import DuckDBEngine

FORMATS = {
    ".csv": "(FORMAT csv, HEADER true)",
    ".tsv": "(FORMAT csv, HEADER true, DELIMITER '\t')",
    ".parquet": "(FORMAT parquet)",
    ".pq": "(FORMAT parquet)",
    ".json": "(FORMAT json, ARRAY true)",
    ".jsonl": "(FORMAT json)",
    ".ndjson": "(FORMAT json)",
}


def export_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


class DuckDBExportJob:
    def __init__(
        self, engine: DuckDBEngine, sql: str, target: Path, transform: Callable[[str], str] | None
    ) -> None:
        self.sql = sql
        self.target = target
        self._transform = transform
        self._cursor = engine.cursor()
        self._cancelled = threading.Event()
        self._cursor.execute("SET enable_progress_bar = true").complete()
        self._cursor.execute("SET enable_progress_bar_print = false").complete()

    def progress(self) -> float | None:
        """Percent done, when DuckDB can tell."""
        with contextlib.suppress(duckdb.Error):
            value = self._cursor.query_progress()
            return value if value >= 0 else None
        return None

    def cancel(self) -> None:
        self._cancelled.set()
        with contextlib.suppress(duckdb.Error):
            self._cursor.interrupt()

    def run(self) -> int:
        """Blocking: the number of rows written. Raises QueryError / QueryCancelled."""
        options = export_format(self.target)
        if options is None:
            raise QueryError(
                f"Export to .csv, .tsv, .parquet, .json or .jsonl, not {self.target.name!r}."
            )
        if not self.target.parent.is_dir():
            raise QueryError(f"No such folder: {self.target.parent}")
        temporary = self.target.with_name(f".{self.target.name}.fsdl-tui-{os.getpid()}.part")
        sql = self._transform(self.sql) if self._transform else self.sql
        try:
            self._cursor.execute(f"COPY (\n{sql}\n) TO {quote_literal(str(temporary))} {options}")
            rows = int(self._cursor.fetchall()[0][0])
            if self._cancelled.is_set():
                raise QueryCancelled("The export was cancelled.")
            os.replace(temporary, self.target)
            return rows
        except duckdb.InterruptException as error:
            raise QueryCancelled("The export was cancelled.") from error
        except (duckdb.Error, OSError) as error:
            raise QueryError(first_lines(str(error))) from error
        finally:
            temporary.unlink(missing_ok=True)
            self._cursor.close()
