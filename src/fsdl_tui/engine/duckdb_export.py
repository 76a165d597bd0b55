"""Export a query's full result: DuckDB streams it as Arrow batches (never held whole), the app
writes them to a temporary file beside the target and renames it into place.

Not `COPY ... TO`: in read-only mode DuckDB's sandbox lets it touch only the opened paths."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from .arrow_writers import TEXT_FORMATS, export_format, is_nested, open_writer
from .base import QueryCancelled, QueryError
from .sql_text import first_lines, quote_ident

if TYPE_CHECKING:
    from .duckdb_engine import DuckDBEngine

BATCH_ROWS = 64 * 1024
CANCELLED = "The export was cancelled."


class DuckDBExportJob:
    def __init__(
        self, engine: DuckDBEngine, sql: str, target: Path, transform: Callable[[str], str] | None
    ) -> None:
        self.sql = sql
        self.target = target
        self._transform = transform
        self._engine = engine
        self._cursor = engine.export_cursor  # one export at a time, on the cursor set up for it
        self._cancelled = threading.Event()

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
        kind = export_format(self.target)
        if kind is None:
            raise QueryError(
                f"Export to .csv, .tsv, .parquet, .json or .jsonl, not {self.target.name!r}."
            )
        if not self.target.parent.is_dir():
            raise QueryError(f"No such folder: {self.target.parent}")
        if not self._engine.export_lock.acquire(blocking=False):
            raise QueryError("Another export is still running; wait for it or cancel it.")
        temporary = self.target.with_name(f".{self.target.name}.fsdl-tui-{os.getpid()}.part")
        try:
            sql = self._transform(self.sql) if self._transform else self.sql
            self._engine.register_scans(self._cursor)  # Arrow datasets opened since it was made
            if self._engine.guard is not None:  # the export runs the user's SQL too
                self._engine.guard.check(self._cursor, self._cursor.extract_statements(sql))
            reader = self._cursor.sql(self._shaped(sql, kind)).to_arrow_reader(BATCH_ROWS)
            rows = 0
            with open(temporary, "wb") as out:
                writer = open_writer(kind, out, reader.schema)
                for batch in reader:
                    if self._cancelled.is_set():
                        raise QueryCancelled(CANCELLED)
                    writer.write(batch)
                    rows += batch.num_rows
                writer.close()
            if self._cancelled.is_set():
                raise QueryCancelled(CANCELLED)
            os.replace(temporary, self.target)
            return rows
        except duckdb.InterruptException as error:
            raise QueryCancelled(CANCELLED) from error
        except (duckdb.Error, pa.ArrowException, OSError) as error:
            raise QueryError(first_lines(str(error))) from error
        finally:
            temporary.unlink(missing_ok=True)
            self._engine.export_lock.release()

    def _shaped(self, sql: str, kind: str) -> str:
        """The query as the writer needs it: JSON rows as DuckDB's own JSON text, and for
        CSV/TSV nested values (lists, structs, maps) as JSON text too."""
        if kind in TEXT_FORMATS.values():
            return f"SELECT to_json(row_data)::VARCHAR AS json FROM (\n{sql}\n) AS row_data"
        if kind in ("csv", "tsv"):
            schema = self._cursor.sql(f"SELECT * FROM (\n{sql}\n) LIMIT 0").to_arrow_table().schema
            # nested values as JSON text, bytes as hex (as `fsdl-tui query` writes them)
            as_text = {field.name: "to_json({})::VARCHAR" for field in schema
                       if is_nested(field.type)}  # fmt: skip
            as_text |= {field.name: "lower(hex({}))" for field in schema if _is_binary(field.type)}
            if as_text and len(set(schema.names)) == len(schema.names):
                replaced = ", ".join(
                    f"{shape.format(quote_ident(name))} AS {quote_ident(name)}"
                    for name, shape in as_text.items()
                )
                return f"SELECT * REPLACE ({replaced}) FROM (\n{sql}\n)"
        return sql


def _is_binary(type_: pa.DataType) -> bool:
    return (
        pa.types.is_binary(type_)
        or pa.types.is_large_binary(type_)
        or (pa.types.is_fixed_size_binary(type_))
    )
