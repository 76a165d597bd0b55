"""Export a query's full result: DuckDB streams it as Arrow batches (never held whole) into the
app's writers — into a temporary file beside the target, renamed into place, or into a stream
(`fsdl-tui query` writing to stdout).

Not `COPY ... TO`: in read-only mode DuckDB's sandbox lets it touch only the opened paths."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import duckdb
import pyarrow as pa

from .arrow_writers import JSON_ROW_SQL, export_format, open_writer, replacing, write_error
from .base import QueryCancelled, QueryError
from .cell_select import AS_TEXT, is_arrow_lossy, select_replacing
from .sql_text import first_lines

if TYPE_CHECKING:
    from .duckdb_engine import DuckDBEngine

BATCH_ROWS = 64 * 1024
CANCELLED = "The export was cancelled."


class DuckDBExportJob:
    def __init__(
        self, engine: DuckDBEngine, sql: str, target: Path | None,
        transform: Callable[[str], str] | None,
    ) -> None:  # fmt: skip
        """`target`: the file `run` writes; None when only `write` (to a stream) is used."""
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
        """Blocking: the number of rows written to the target (whole, or not at all). Raises
        QueryError / QueryCancelled."""
        assert self.target is not None
        kind = export_format(self.target)
        if kind is None:
            raise QueryError(
                f"Export to .csv, .tsv, .parquet, .json or .jsonl, not {self.target.name!r}."
            )
        if not self.target.parent.is_dir():
            raise QueryError(f"No such folder: {self.target.parent}")
        try:
            with replacing(self.target) as out:
                return self.write(out, kind)
        except OSError as error:  # a full disk, a folder that takes no new files
            raise QueryError(write_error(self.target, error)) from error

    def write(self, out: BinaryIO, kind: str) -> int:
        """Blocking: stream the result into `out` as `kind` (csv, tsv, json, jsonl, parquet);
        the number of rows written. Raises QueryError / QueryCancelled."""
        if not self._engine.export_lock.acquire(blocking=False):
            raise QueryError("Another export is still running; wait for it or cancel it.")
        try:
            sql = self._transform(self.sql) if self._transform else self.sql
            self._engine.register_scans(self._cursor)  # Arrow datasets opened since it was made
            if self._engine.guard is not None:  # the export runs the user's SQL too
                self._engine.guard.check(self._cursor, self._cursor.extract_statements(sql))
            reader = self._cursor.sql(self._shaped(sql, kind)).to_arrow_reader(BATCH_ROWS)
            rows = 0
            writer = open_writer(kind, out, reader.schema)
            for batch in reader:
                if self._cancelled.is_set():
                    raise QueryCancelled(CANCELLED)
                writer.write(batch)
                rows += batch.num_rows
            writer.close()
            if self._cancelled.is_set():
                raise QueryCancelled(CANCELLED)
            return rows
        except duckdb.InterruptException as error:
            raise QueryCancelled(CANCELLED) from error
        except (duckdb.Error, pa.ArrowException) as error:
            raise QueryError(first_lines(str(error))) from error
        finally:
            self._engine.export_lock.release()

    def _shaped(self, sql: str, kind: str) -> str:
        """The query as the writer needs it. CSV/TSV: every value as `fsdl-tui query` writes
        it — nested values as JSON, bytes as hex, dates, times and the rest as DuckDB's text.
        Parquet: the types kept, except those Arrow changes or pyarrow cannot write. JSON: one
        JSON text per row, DuckDB's `to_json`."""
        head = self._cursor.sql(f"SELECT * FROM (\n{sql}\n) LIMIT 0")
        names, types = head.columns, [str(t).upper() for t in head.types]
        shape = {"csv": _text_shape, "tsv": _text_shape, "parquet": _parquet_shape}.get(
            kind, _json_shape
        )
        forms = {name: form for name, type_name in zip(names, types, strict=True)
                 if (form := shape(type_name)) is not None}  # fmt: skip
        if forms and len(set(names)) == len(names):  # `REPLACE` names one column each
            sql = select_replacing(f"(\n{sql}\n)", forms)
        if kind in JSON_ROW_SQL:
            row = JSON_ROW_SQL[kind].format("row_data")
            return f"SELECT {row} AS json FROM (\n{sql}\n) AS row_data"
        return sql


# written by pyarrow as DuckDB writes them; floats are not (pyarrow writes 10.0 as `10`)
KEPT_IN_TEXT = ("VARCHAR", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
                "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")  # fmt: skip
# Parquet's widest integer is DECIMAL(38, 0): a 128-bit integer beyond it is a message, never a
# file a reader cannot decode (Arrow would carry the 39-digit value into it unchecked)
DECIMAL_38_END = "100000000000000000000000000000000000000"  # 10^38


def _as_decimal_38(signed: bool) -> str:
    beyond = f"{{0}} >= {DECIMAL_38_END}" + (f" OR {{0}} <= -{DECIMAL_38_END}" if signed else "")
    return (f"CASE WHEN {beyond} THEN error('A 128-bit integer is beyond DECIMAL(38, 0), the "
            "widest Parquet holds: export it to CSV or JSON') "
            "ELSE CAST({0} AS DECIMAL(38, 0)) END")  # fmt: skip


def _json_shape(type_name: str) -> str | None:
    """JSON has no NaN or infinities (`to_json` would write `NaN`, which strict readers
    refuse): null, as `fsdl-tui query` writes them. A FLOAT as its shortest text
    (`to_json` writes it widened: 0.10000000149011612)."""
    if type_name == "FLOAT":
        return "CASE WHEN isfinite({0}) THEN CAST(CAST({0} AS VARCHAR) AS DOUBLE) END"
    if type_name == "DOUBLE":
        return "CASE WHEN isfinite({0}) THEN {0} END"
    return None


def _is_nested(type_name: str) -> bool:
    return type_name.endswith("]") or type_name.startswith(("STRUCT", "MAP", "UNION"))


def _text_shape(type_name: str) -> str | None:
    """How a CSV/TSV writes a column of this DuckDB type (None: as Arrow has it)."""
    if _is_nested(type_name):
        return "to_json({0})::VARCHAR"
    if type_name == "BLOB":
        return "lower(hex({0}))"
    if type_name in KEPT_IN_TEXT or type_name.startswith("DECIMAL"):
        return None
    return AS_TEXT  # dates, times, intervals, UUIDs, enums, …: DuckDB's own text


def _parquet_shape(type_name: str) -> str | None:
    """Parquet keeps types, except those Arrow changes or pyarrow cannot write (intervals,
    unions)."""
    if type_name in ("HUGEINT", "UHUGEINT"):
        return _as_decimal_38(signed=type_name == "HUGEINT")
    if is_arrow_lossy(type_name) or "INTERVAL" in type_name or "UNION" in type_name:
        return AS_TEXT
    return None
