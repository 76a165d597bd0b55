"""The embedded DuckDB engine: one in-memory database, one cursor per query, thread and reader.

Sharing one DuckDB connection across threads returned wrong results here, so every query, page
fetch and registration takes its own `cursor()`. Views live in `main` (visible to every cursor);
a materialized result is a TEMP table of the cursor that made it, which the result keeps.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from .arrow_datasets import (
    DELTA_VERSION_CALL,
    arrow_scannable,
    delta_scannable,
    remote_scannable,
)
from .arrow_result import ArrowResult, columns_of_sql
from .base import (
    Column,
    Opened,
    QueryCancelled,
    QueryError,
    Source,
    SourceError,
    TableInfo,
    open_targets,
    table_words,
)
from .csv_dialect import SniffedCsv, sniff_csv
from .discovery import Dataset, find, view_name
from .duckdb_connect import connect
from .duckdb_dialect import DuckDBDialect
from .duckdb_errors import error_text, query_error, unreadable
from .duckdb_export import DuckDBExportJob
from .duckdb_guard import ReadOnlyGuard, statement_text
from .duckdb_results import MaterializedResult, StreamedResult
from .paging_plan import Plan, Strategy, plan_select
from .parquet_schema import one_parquet_schema
from .remote import is_remote
from .shard_windows import ShardIndex, shard_index
from .sql_text import first_lines, quote_ident, quote_literal, sub_in_code

if TYPE_CHECKING:
    import pyarrow.dataset as ds

ROW_RETURNING = {"SELECT", "EXPLAIN", "PRAGMA", "CALL", "EXECUTE", "RELATION", "MULTI"}
# CSVs up to this size are counted when opened; larger ones later, in the background.
CSV_COUNT_AT_OPEN_BYTES = 16 * 1024 * 1024
# Parquet datasets of up to this many files are indexed (their footers' row counts) when
# opened; larger ones when first paged or counted: the first rows come from the first files
# meanwhile (10,000 files: the index pass takes ~0.5 s).
SHARDS_INDEXED_AT_OPEN = 1_000
INDEX_BATCH = 500  # files a footer-count query reads: what a cancel waits for (~50 ms here)

SCANNED_BY_ARROW = ("arrow", "delta")
SCAN_PREFIX = "fsdl_scan_"  # Arrow files read by scan_sql (dvc_version): not listed as tables
FAST_KINDS = ("parquet", *SCANNED_BY_ARROW)  # a window is sliced without reading what precedes
_READERS = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json"}
CSV_DELIMITERS = (",", "\t", ";", "|")
NOT_UTF8_WARNING = (
    "Not UTF-8: read as Latin-1, so every byte is shown, but letters outside ASCII may be wrong."
)
RAGGED_CSV_WARNING = (
    "Ragged CSV: its lines have differing numbers of {delim!r}-separated fields, so it was read "
    "leniently: short lines are padded with NULL and lines that cannot be parsed are skipped."
)


def _scalar(cursor: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The first value of a query's result, read to the end (DuckDB 2 refuses other work on a
    cursor whose `execute()` result is unfinished)."""
    return cursor.execute(sql, params).fetchall()[0][0]


class _AskedNames:
    """`name in names` for a plan, reading the names only when the plan first asks: the
    aggregates are never asked for `SELECT * FROM file`, the fast tables never for a query
    that aggregates (a catalog read each, slow while the screen paints)."""

    def __init__(self, read: Callable[[], frozenset[str]]) -> None:
        self._read = read
        self._names: frozenset[str] | None = None

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            self._names = self._read()
        return name in self._names


class DuckDBQueryJob:
    """One query on its own cursor. `run` is blocking; `cancel` interrupts it from any thread."""

    def __init__(
        self, engine: DuckDBEngine, sql: str, transform: Callable[[str], str] | None = None
    ) -> None:
        self.sql = sql
        self._transform = transform
        self._engine = engine
        self._cursor = engine.cursor()
        self._cancelled = threading.Event()
        self._statements: list[duckdb.Statement] | None = None
        self._handed_over = False  # the cursor now belongs to a materialized result
        self._planned: tuple[duckdb.Statement, Plan] | None = None

    def cancel(self) -> None:
        """Safe at any time: before, during or after `run`."""
        self._cancelled.set()
        if self._handed_over:  # finished: interrupting would cut the result's page fetches
            return
        with contextlib.suppress(duckdb.Error):  # already finished: the cursor is closed
            self._cursor.interrupt()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise QueryCancelled("The query was cancelled.")

    def _parse(self) -> list[duckdb.Statement]:
        if self._statements is None:
            if self._transform is not None:
                self.sql = self._transform(self.sql)
                self._transform = None
                self._engine.register_scans(self._cursor)  # what the transform read
            try:
                statements = self._cursor.extract_statements(self.sql)
            except duckdb.Error as error:
                raise QueryError(error_text(error)) from error
            if not statements:
                raise QueryError("There is no SQL to run.", title="Nothing to run")
            if self._engine.guard is not None:
                self._engine.guard.check(self._cursor, statements)
            self._statements = statements
        return self._statements

    def _plan(self, statement: duckdb.Statement) -> Plan:
        """How to page the statement's rows (made once: the preview and the run both ask)."""
        if self._planned is None or self._planned[0] is not statement:
            serialized = _scalar(
                self._cursor, "SELECT json_serialize_sql(?)", [statement_text(statement)]
            )
            plan = plan_select(
                json.loads(serialized),
                _AskedNames(self._engine.fast_tables),
                _AskedNames(lambda: self._engine.aggregates),
            )
            self._planned = (statement, plan)
        return self._planned[1]

    def preview(self, limit: int) -> ArrowResult | None:
        """First rows of a lone SELECT whose full result must be materialized, via `LIMIT`."""
        try:
            statements = self._parse()
            if len(statements) != 1 or statements[0].type.name != "SELECT":
                return None
            plan = self._plan(statements[0])
            # a dataset of many files not indexed yet: its first files' rows while it is
            unindexed = plan.table is not None and self._engine.index_pending(plan.table)
            if not plan.preview and not unindexed:
                return None
            self._check_cancelled()
            query = f"SELECT * FROM (\n{statement_text(statements[0])}\n) LIMIT {int(limit)}"
            return _fetched(self.sql, self._cursor.sql(query))
        except duckdb.InterruptException as error:
            raise QueryCancelled("The query was cancelled.") from error
        except duckdb.Error:
            return None  # `run` reports the error properly

    def run(self):  # -> PagedResult
        started = time.perf_counter()
        try:
            statements = self._parse()
            if any(s.type.name in ("LOAD", "CREATE") for s in statements):
                self._engine.forget_functions()  # an extension or a macro may add some
            if any(s.type.name not in ("SELECT", "EXPLAIN") for s in statements):
                self._engine.forget_shards()  # a view may be replaced or dropped
            for statement in statements[:-1]:
                self._check_cancelled()
                self._cursor.execute(statement_text(statement))
                self._cursor.complete()
            self._check_cancelled()
            return self._run_last(statements[-1], started)
        except duckdb.InterruptException as error:
            raise QueryCancelled("The query was cancelled.") from error
        except (duckdb.Error, pa.ArrowException, OSError) as error:
            if self._cancelled.is_set():
                raise QueryCancelled("The query was cancelled.") from error
            raise query_error(error) from error
        finally:
            if not self._handed_over:
                self._cursor.close()

    def _run_last(self, statement: duckdb.Statement, started: float):
        kind = statement.type.name
        if kind == "SELECT":
            plan = self._plan(statement)
            if plan.strategy is Strategy.STREAM:
                shards = None
                if plan.table:
                    shards = self._engine.shard_index(plan.table, self._cursor, self._cancelled)
                    self._check_cancelled()
                if shards is not None:
                    return self._stream_shards(statement_text(statement), shards, started)
                return self._stream(statement_text(statement), started)
            if plan.strategy is Strategy.FETCH:
                relation = self._cursor.sql(statement_text(statement))
                return _fetched(statement.query, relation, started)
            return self._materialize(statement_text(statement), started)
        self._cursor.execute(statement_text(statement))
        elapsed = time.perf_counter() - started
        if kind in ROW_RETURNING and self._cursor.description:
            with warnings.catch_warnings():  # the extra copy of a small EXPLAIN/PRAGMA is fine
                warnings.simplefilter("ignore", UserWarning)
                rows = self._cursor.to_arrow_table()
            return ArrowResult(statement.query, rows, elapsed)
        self._cursor.complete()
        return ArrowResult(statement.query, pa.table({}), elapsed, message=f"{kind}: done")

    def _stream(self, query: str, started: float) -> StreamedResult:
        columns = columns_of_sql(self._cursor, query)
        counted = _scalar(self._cursor, f"SELECT count(*) FROM (\n{query}\n)")
        return StreamedResult(
            self._engine.cursor, query, columns, int(counted), time.perf_counter() - started
        )

    def _stream_shards(self, query: str, shards: ShardIndex, started: float) -> StreamedResult:
        """A row-for-row query of a view over many Parquet files: typed from its first file,
        counted from the files' footers, each window read from the files that hold it."""
        files, _ = shards.covering(0, 1)
        columns = columns_of_sql(self._cursor, shards.reading(self._cursor, files, query))
        return StreamedResult(self._engine.cursor, query, columns, shards.rows,
                              time.perf_counter() - started, shards=shards)  # fmt: skip

    def _materialize(self, query: str, started: float) -> MaterializedResult:
        """The result as a TEMP table of this job's cursor, which the result then keeps: no
        other connection (nor the user's `information_schema`) sees it, and closing the
        result's cursor drops it."""
        table = f"temp.{quote_ident(self._engine.next_result_name())}"
        created = self._cursor.execute(f"CREATE TEMP TABLE {table} AS\n{query}\n").fetchone()
        columns = columns_of_sql(self._cursor, f"SELECT * FROM {table}")
        # DuckDB answers a CREATE TABLE AS with the rows it wrote
        counted = created[0] if created else _scalar(self._cursor, f"SELECT count(*) FROM {table}")
        elapsed = time.perf_counter() - started
        self._handed_over = True
        return MaterializedResult(self._cursor, query, table, columns, int(counted), elapsed)


class DuckDBEngine:
    """The default engine: DuckDB in memory; nothing is written next to the user's data."""

    name = "duckdb"
    dialect = DuckDBDialect()
    reads_remote = False  # lists buckets itself and reads them as pyarrow datasets

    def __init__(
        self,
        *,
        temp_dir: Path | None = None,
        memory_limit: str | None = None,
        read_only: bool = False,
        cache_dir: Path | None = None,
    ) -> None:
        self.read_only = read_only
        self._temp_dir = temp_dir
        self.sandboxed = False
        self.connection = connect(temp_dir, memory_limit)
        self.guard = ReadOnlyGuard(self.connection, cache_dir) if read_only else None
        self._lock = threading.Lock()
        self._scannable: dict[str, ds.Dataset | pa.Table] = {}  # Arrow/Delta datasets, by view name
        self._scan_names: dict[str, str] = {}  # an Arrow file `scan_sql` read: its name
        # exports report progress: their cursor is set up now, as a sandbox locks settings
        self.export_cursor = self.connection.cursor()
        for setting in ("enable_progress_bar = true", "enable_progress_bar_print = false"):
            self.export_cursor.execute(f"SET {setting}").complete()
        self.export_lock = threading.Lock()
        self._sources: dict[str, Source] = {}  # by view name
        self._shards: dict[str, ShardIndex] = {}  # views over many Parquet files, by lower name
        # those not indexed yet: what indexing them needs (the source, its columns, options)
        self._unindexed: dict[str, tuple[Source, tuple[Column, ...], str]] = {}
        self._index_lock = threading.Lock()  # one index pass at a time
        self._result_ids = itertools.count(1)
        self._aggregates: frozenset[str] | None = None  # read when a plan first needs them
        self._functions: list[str] | None = None  # completion words, read once
        self._keyword_names: list[str] | None = None
        reserved = self.connection.execute(
            "SELECT keyword_name FROM duckdb_keywords() "
            "WHERE keyword_category IN ('reserved', 'type_function')"  # neither names a table
        ).fetchall()
        self._reserved = frozenset(word for (word,) in reserved)

    @property
    def aggregates(self) -> frozenset[str]:
        """DuckDB's aggregate functions (what makes a query one to store whole), read with the
        function names."""
        if self._aggregates is None:
            self._function_words()
        return self._aggregates or frozenset()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, with the Arrow-scanned datasets registered on it."""
        cursor = self.connection.cursor()
        self.register_scans(cursor)
        return cursor

    def sandbox(self, directories: list[Path]) -> None:
        """From now on DuckDB may touch only the opened files, `directories` and its spill
        folder: no other file, URL, extension or setting (DuckDB's own sandbox, in the order it
        needs). Together with read-only mode's statement check, SQL cannot write anywhere."""
        with self._lock:
            files = sorted({p for s in self._sources.values() for p in s.paths})
        folders = [*directories, *([self._temp_dir] if self._temp_dir else [])]
        allowed = sorted({str(Path(f).expanduser().resolve()).rstrip("/") + "/" for f in folders})
        folders_sql = ", ".join(quote_literal(f) for f in allowed)
        # a file in an allowed folder needs no entry of its own (10,000 of them: 0.17 s)
        files_sql = ", ".join(quote_literal(f) for f in files
                              if not os.path.abspath(f).startswith(tuple(allowed)))  # fmt: skip
        cursor = self.cursor()
        try:
            for statement in (
                f"SET allowed_directories = [{folders_sql}]",
                f"SET allowed_paths = [{files_sql}]",
                "SET autoinstall_known_extensions = false",
                "SET enable_external_access = false",
                "SET lock_configuration = true",
            ):
                cursor.execute(statement).complete()
        finally:
            cursor.close()
        self.sandboxed = True

    def next_result_name(self) -> str:
        return f"r{next(self._result_ids)}"

    def fast_tables(self) -> frozenset[str]:
        """Names a window can be sliced from cheaply: Parquet views and real tables."""
        with self._lock:
            names = {s.name for s in self._sources.values() if s.ok and s.kind in FAST_KINDS}
        cursor = self.cursor()
        try:
            rows = cursor.execute(
                "SELECT lower(table_name) FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        finally:
            cursor.close()
        return frozenset(names | {name for (name,) in rows})

    @property
    def sources(self) -> list[Source]:
        with self._lock:
            return list(self._sources.values())

    def open_path(self, target: str) -> list[Source]:
        return self.open_datasets(find(target).datasets)

    def open_datasets(self, datasets: tuple[Dataset, ...]) -> list[Source]:
        cursor = self.cursor()
        try:
            return [self._register(cursor, dataset) for dataset in datasets]
        finally:
            cursor.close()

    def reload(self, targets: tuple[str, ...]) -> Opened:
        """Drop every dataset's view and open `targets` again, as they are on disk now."""
        with self._lock:
            views = [quote_ident(s.name) for s in self._sources.values()
                     if s.name not in self._scannable]  # fmt: skip
            self._sources.clear()
            self._scannable.clear()
            self._shards.clear()
            self._unindexed.clear()
        cursor = self.cursor()
        try:
            for view in views:
                cursor.execute(f"DROP VIEW IF EXISTS {view}").complete()
        finally:
            cursor.close()
        return open_targets(self, targets)

    def _register(self, cursor: duckdb.DuckDBPyConnection, dataset: Dataset) -> Source:
        with self._lock:
            for source in self._sources.values():
                if source.paths == dataset.files:
                    return source
            name = view_name(dataset.stem, set(self._sources), self._reserved)
        base = Source(name, dataset.root, dataset.kind, dataset.size_bytes, files=dataset.files,
                      layout=dataset.layout, file_sizes=dataset.file_sizes)  # fmt: skip
        if dataset.kind in SCANNED_BY_ARROW or is_remote(dataset.root):
            source = self._register_scannable(cursor, base)
        elif len(dataset.files) == 1:
            source = self._register_file(cursor, base)
        else:
            source = self._register_files(cursor, base)
        with self._lock:
            self._sources[name] = source
        return source

    def _register_scannable(self, cursor: duckdb.DuckDBPyConnection, base: Source) -> Source:
        """Arrow and Delta datasets: a pyarrow dataset registered on every cursor (a
        registration is cursor-local), scanned lazily by DuckDB."""
        try:
            if base.kind == "delta":
                scannable = delta_scannable(base.path)
            elif is_remote(base.path):
                scannable = remote_scannable(Dataset(base.name, base.kind, base.path, base.files,
                                                     base.size_bytes, base.layout))  # fmt: skip
            else:
                scannable = arrow_scannable(base.files)
        except SourceError as error:
            return replace(base, error=error.message)
        with self._lock:
            self._scannable[base.name] = scannable.dataset
        cursor.register(base.name, scannable.dataset)
        columns = columns_of_sql(cursor, f"SELECT * FROM {quote_ident(base.name)}")
        return replace(base, rows=scannable.rows, columns=columns, version=scannable.version)

    def _register_files(self, cursor: duckdb.DuckDBPyConnection, base: Source) -> Source:
        """Shards and partitions: one view over all the files, columns matched by name — unless
        they are Parquet files of one schema: then DuckDB binds the view from the first file."""
        files = ", ".join(quote_literal(f) for f in base.files)
        hive = ", hive_partitioning=true" if base.layout == "hive" else ""
        view = quote_ident(base.name)
        try:
            # A view matching columns by name binds every file's footer on each query that
            # reads it (0.6 s for 10,000 files here, twice a query with the read-only check);
            # one pass over the footers now spares that
            same = base.kind == "parquet" and one_parquet_schema(cursor, files)
            union = "" if same else ", union_by_name=true"
            self._make_view(cursor, view, f"{_READERS[base.kind]}([{files}]{union}{hive})")
            columns = self._view_columns(cursor, base.name)
            if base.kind == "parquet" and len(base.files) > SHARDS_INDEXED_AT_OPEN:
                with self._lock:  # indexed when first paged or counted
                    self._unindexed[base.name.lower()] = (base, columns, hive)
                return replace(base, columns=columns)
            shards = self._index_shards(cursor, base, columns, hive)
            small = base.size_bytes <= CSV_COUNT_AT_OPEN_BYTES
            if shards is not None:
                rows = shards.rows
            else:
                rows = self._count(cursor, view) if base.kind == "parquet" or small else None
        except duckdb.Error as error:
            cursor.execute(f"DROP VIEW IF EXISTS {view}").complete()
            return replace(base, error=unreadable(base.kind, error))
        if shards is not None:
            with self._lock:
                self._shards[base.name.lower()] = shards
        return replace(base, rows=rows, columns=columns)

    @staticmethod
    def _view_columns(cursor: duckdb.DuckDBPyConnection, name: str) -> tuple[Column, ...]:
        """A view's columns as it was bound when made: binding it again would read every
        file's schema again (1.3 s for 10,000 files here)."""
        rows = cursor.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' "
            "AND table_name = ? ORDER BY column_index",
            [name],
        ).fetchall()
        return tuple(Column(column, kind) for column, kind in rows)

    @staticmethod
    def _index_shards(
        cursor: duckdb.DuckDBPyConnection,
        base: Source,
        columns: tuple[Column, ...],
        hive: str,
        cancelled: threading.Event | None = None,
    ) -> ShardIndex | None:
        """Where each Parquet file's rows start (their footers' counts), or None (not Parquet,
        or a count DuckDB did not give). Read INDEX_BATCH files at a time: DuckDB does not
        interrupt one `parquet_file_metadata` call (~1 s for 10,000 files here), so a cancel
        is seen between batches."""
        if base.kind != "parquet":
            return None
        counts: dict[str, int] = {}
        for start in range(0, len(base.files), INDEX_BATCH):
            if cancelled is not None and cancelled.is_set():
                raise QueryCancelled("The query was cancelled.")
            batch = ", ".join(quote_literal(f) for f in base.files[start : start + INDEX_BATCH])
            rows = cursor.execute(
                f"SELECT file_name, num_rows FROM parquet_file_metadata([{batch}])"
            ).fetchall()
            counts.update((str(name), int(count)) for name, count in rows if count is not None)
        return shard_index(base.name, base.files, counts, columns, hive)

    def _register_file(self, cursor: duckdb.DuckDBPyConnection, base: Source) -> Source:
        resolved, kind, size = base.path, base.kind, base.size_bytes
        view = quote_ident(base.name)
        try:
            warning = None
            sniffed = sniff_csv(cursor, resolved) if kind == "csv" else None
            reader = sniffed.reader if sniffed else f"{_READERS[kind]}({quote_literal(resolved)})"
            try:
                columns = self._create_view(cursor, view, reader)
            except duckdb.InvalidInputException as error:
                if kind != "csv" or "not utf-8 encoded" not in str(error):
                    raise
                latin = f"read_csv({quote_literal(resolved)}, encoding='latin-1')"
                columns = self._create_view(cursor, view, latin)
                warning = NOT_UTF8_WARNING
            if kind == "json":
                columns = self._fix_json_columns(cursor, view, resolved, columns)
            small = size <= CSV_COUNT_AT_OPEN_BYTES  # read whole at open: counted, rejects too
            if kind == "csv" and warning is None:
                columns, warning = self._mend_ragged_csv(cursor, view, resolved, columns, small)
            if kind == "csv" and warning is None:
                delim = self._skipped_lines_delimiter(resolved, sniffed)
                if delim is not None:  # DuckDB skipped lines it could not fit: say so
                    columns, warning = self._lenient_csv(cursor, view, resolved, delim, small)
            rows = None
            if kind == "parquet" or small:
                try:
                    rows = self._count(cursor, view)
                except duckdb.InvalidInputException:  # a CSV with lines DuckDB cannot parse
                    if kind != "csv":
                        raise
                    columns, warning = self._lenient_csv(cursor, view, resolved, None, small)
                    rows = self._count(cursor, view)
            return replace(base, rows=rows, columns=columns, warning=warning)
        except duckdb.Error as error:
            cursor.execute(f"DROP VIEW IF EXISTS {view}").complete()
            return replace(base, error=unreadable(kind, error))

    @staticmethod
    def _make_view(cursor: duckdb.DuckDBPyConnection, view: str, reader: str) -> None:
        cursor.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {reader}").complete()

    def _create_view(
        self, cursor: duckdb.DuckDBPyConnection, view: str, reader: str
    ) -> tuple[Column, ...]:
        self._make_view(cursor, view, reader)
        return columns_of_sql(cursor, f"SELECT * FROM {view}")

    def _fix_json_columns(
        self,
        cursor: duckdb.DuckDBPyConnection,
        view: str,
        path: str,
        columns: tuple[Column, ...],
    ) -> tuple[Column, ...]:
        """The view again, with the columns DuckDB just detected fixed: each bind of an
        auto-detecting read_json samples the file anew (the columns, the read-only check's
        plan, the preview: ~50 ms each for a large file, and a LIMIT read 10× slower)."""
        types = ", ".join(f"{quote_literal(c.name)}: {quote_literal(c.type)}" for c in columns)
        fixed = f"read_json({quote_literal(path)}, columns={{{types}}})"
        try:
            if self._create_view(cursor, view, fixed) == columns:
                return columns
        except duckdb.Error:
            pass
        # a type DuckDB cannot spell back the same: the view stays auto-detecting
        self._create_view(cursor, view, f"read_json({quote_literal(path)})")
        return columns

    def _mend_ragged_csv(
        self,
        cursor: duckdb.DuckDBPyConnection,
        view: str,
        path: str,
        columns: tuple[Column, ...],
        count_rejects: bool,
    ) -> tuple[tuple[Column, ...], str | None]:
        """DuckDB reads a ragged CSV as one text column named after the whole header line,
        without an error. Spot that, and read it again with the delimiter the header shows."""
        if len(columns) != 1:
            return columns, None
        header = columns[0].name
        delim = next((d for d in CSV_DELIMITERS if d in header), None)
        if delim is None:
            return columns, None
        try:
            return self._lenient_csv(cursor, view, path, delim, count_rejects)
        except duckdb.Error:
            self._create_view(cursor, view, f"read_csv({quote_literal(path)})")
            return columns, f"Ragged CSV: read as a single text column (split on {delim!r} failed)."

    @staticmethod
    def _skipped_lines_delimiter(path: str, sniffed: SniffedCsv | None) -> str | None:
        """The delimiter, when DuckDB's sniffer would silently skip leading lines (a ragged
        file of any size reads as its last lines only); None when it skips nothing or the
        file could not be sniffed."""
        if sniffed is None:
            return None
        skip, delim = sniffed.skip_rows, sniffed.delimiter
        if not skip or delim not in CSV_DELIMITERS:
            return None
        # a preamble (a title, comments) has no delimiters: skipping it is right
        try:
            with open(path, "rb") as handle:
                skipped = [handle.readline(64 * 1024) for _ in range(min(int(skip), 100))]
        except OSError:
            return None
        sep = str(delim).encode()
        return str(delim) if any(sep in line for line in skipped) else None

    def _lenient_csv(
        self,
        cursor: duckdb.DuckDBPyConnection,
        view: str,
        path: str,
        delim: str | None,
        count_rejects: bool,
    ) -> tuple[tuple[Column, ...], str]:
        """Read a CSV whose lines do not all parse: pad short lines, skip unparseable ones
        (and, when `count_rejects`, say how many were skipped)."""
        options = f"delim={quote_literal(delim)}, " if delim else ""
        lenient = (
            f"read_csv({quote_literal(path)}, {options}header=true, null_padding=true, "
            "ignore_errors=true)"
        )
        columns = self._create_view(cursor, view, lenient)
        warning = RAGGED_CSV_WARNING.format(delim=delim or ",")
        if count_rejects:
            warning += self._rejected_lines(cursor, path, delim or ",")
        return columns, warning

    @staticmethod
    def _rejected_lines(cursor: duckdb.DuckDBPyConnection, path: str, delim: str) -> str:
        """How many lines the lenient read skipped, and the first of them (DuckDB's
        store_rejects), to add to the warning."""
        scan = (
            f"SELECT count(*) FROM read_csv({quote_literal(path)}, delim={quote_literal(delim)}, "
            "header=true, null_padding=true, ignore_errors=true, store_rejects=true)"
        )
        try:
            cursor.execute(scan).fetchall()
            rejected = cursor.execute(
                "SELECT line, error_message FROM reject_errors ORDER BY line"
            ).fetchall()
        except duckdb.Error:
            return ""
        finally:
            for table in ("reject_errors", "reject_scans"):
                with contextlib.suppress(duckdb.Error):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}").complete()
        if not rejected:
            return " No line was skipped."
        line, message = rejected[0]
        first = first_lines(str(message), 1)[:120]
        return f" {len(rejected)} line(s) skipped; the first, line {line}: {first}"

    @staticmethod
    def _count(cursor: duckdb.DuckDBPyConnection, view: str) -> int:
        return int(_scalar(cursor, f"SELECT count(*) FROM {view}"))

    def count_rows(self, source: Source) -> int:
        shards = self.shard_index(source.name)  # many Parquet files: their footers' counts
        if shards is not None:
            return shards.rows
        cursor = self.cursor()
        try:
            rows = self._count(cursor, quote_ident(source.name))
        except duckdb.Error as error:
            raise QueryError(error_text(error)) from error
        finally:
            cursor.close()
        with self._lock:
            self._sources[source.name] = replace(source, rows=rows)
        return rows

    def register_table(self, name: str, data: pa.Table) -> None:
        cursor = self.cursor()
        staging = f"fsdl_staging_{next(self._result_ids)}"
        try:
            cursor.register(staging, data)
            cursor.execute(
                f"CREATE OR REPLACE TABLE {quote_ident(name)} AS SELECT * FROM {staging}"
            ).complete()
        except duckdb.Error as error:
            raise QueryError(error_text(error)) from error
        finally:
            cursor.unregister(staging)
            cursor.close()

    def _statements(self, sql: str) -> list[duckdb.Statement] | None:
        """`sql` split into statements by DuckDB's parser; None when it does not parse."""
        cursor = self.connection.cursor()  # parsing reads no view: no registrations needed
        try:
            return cursor.extract_statements(sql)
        except duckdb.Error:
            return None
        finally:
            cursor.close()

    def last_statement(self, sql: str) -> str:
        statements = self._statements(sql)
        if statements is None:
            return sql.strip().rstrip(";")
        return statement_text(statements[-1]) if statements else ""

    def select_all_sql(self, table: str) -> str:
        plain = table.isidentifier() and table.islower() and table not in self._reserved
        return f"SELECT * FROM {table if plain else quote_ident(table)}"

    def query(self, sql: str, transform: Callable[[str], str] | None = None) -> DuckDBQueryJob:
        return DuckDBQueryJob(self, sql, self._with_delta_versions(transform))

    def streams(self, sql: str) -> bool:
        """Whether `sql` is one query whose rows `export(...).write` can stream as they come
        (several statements, or a PRAGMA, run as a query and are written page by page)."""
        statements = self._statements(sql)
        return (statements is not None and len(statements) == 1
                and statements[0].type == duckdb.StatementType.SELECT)  # fmt: skip

    def export(
        self, sql: str, target: Path | None, transform: Callable[[str], str] | None = None
    ) -> DuckDBExportJob:
        return DuckDBExportJob(self, self.last_statement(sql), target,
                               self._with_delta_versions(transform))  # fmt: skip

    def scan_sql(self, path: str, kind: str) -> str:
        if kind not in SCANNED_BY_ARROW:
            return f"{_READERS[kind]}({quote_literal(path)})"
        return self._scan_name(path, lambda: arrow_scannable((path,)).dataset)

    def _scan_name(self, key: str, make: Callable[[], ds.Dataset | pa.Table]) -> str:
        """The name a dataset read by SQL (not opened) is registered under, made once."""
        with self._lock:
            name = self._scan_names.get(key)
        if name is None:
            dataset = make()
            with self._lock:
                name = self._scan_names.setdefault(key, f"{SCAN_PREFIX}{len(self._scan_names)}")
                self._scannable[name] = dataset
        return quote_ident(name)

    def _with_delta_versions(self, transform: Callable[[str], str] | None) -> Callable[[str], str]:
        """`transform`, then each `delta_version('path', n)` replaced by a scan of that version
        of an opened Delta table (read-only mode reaches no other)."""

        def replace_call(match: re.Match[str]) -> str:
            path = match.group(1).replace("''", "'")
            if not is_remote(path):
                path = str(Path(path).expanduser().resolve())
            version = int(match.group(2))
            with self._lock:
                opened = any(s.kind == "delta" and s.path == path for s in self._sources.values())
            if not opened and self.read_only:
                raise QueryError(f"delta_version reads the Delta tables opened; not {path}.")
            key = f"{path}@{version}"
            return self._scan_name(key, lambda: delta_scannable(path, version).dataset)

        def run(sql: str) -> str:
            sql = transform(sql) if transform is not None else sql
            if not DELTA_VERSION_CALL.search(sql):
                return sql
            return sub_in_code(DELTA_VERSION_CALL, replace_call, sql)

        return run

    def register_scans(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """Register on `cursor` what was registered since it was made (`scan_sql`'s names)."""
        with self._lock:
            scannable = list(self._scannable.items())
        for name, dataset in scannable:
            cursor.register(name, dataset)

    def completion_words(self) -> list[tuple[str, str]]:
        words = table_words(self.tables())
        for name in self._function_words():
            words.setdefault(name, "function")
        for name in self._keywords():
            words.setdefault(name.upper(), "keyword")
        return sorted(words.items())

    def _function_words(self) -> list[str]:
        """Function names to complete, and the aggregates among them: read once (again after
        a LOAD or CREATE) — the first GROUP BY's plan finds them read at start-up."""
        if self._functions is None:
            cursor = self.cursor()
            try:
                rows = cursor.execute(
                    "SELECT DISTINCT function_name, function_type = 'aggregate' "
                    "FROM duckdb_functions() "
                    "WHERE NOT internal OR function_type IN ('aggregate', 'scalar', 'table')"
                ).fetchall()
            finally:
                cursor.close()
            self._aggregates = frozenset(name.lower() for name, aggregate in rows if aggregate)
            self._functions = sorted({name for name, _ in rows if name.isidentifier()})
        return self._functions

    def forget_functions(self) -> None:
        self._functions = None

    def shard_index(
        self,
        view: str,
        cursor: duckdb.DuckDBPyConnection | None = None,
        cancelled: threading.Event | None = None,
    ) -> ShardIndex | None:
        """The index of a view over many Parquet files, made now if it was left for later (the
        first window or count waits for it); None for any other view. A query passes its own
        `cursor` and `cancelled`: cancelling it interrupts the pass (which stays pending: the
        next query makes it) or the wait for another thread's pass."""
        with self._lock:
            found = self._shards.get(view.lower())
        if found is not None or not self.index_pending(view):
            return found
        while not self._index_lock.acquire(timeout=0.05):
            if cancelled is not None and cancelled.is_set():
                raise QueryCancelled("The query was cancelled.")
        try:
            with self._lock:
                pending = self._unindexed.get(view.lower())
                found = self._shards.get(view.lower())
            if pending is None:  # made meanwhile, or forgotten
                return found
            base, columns, hive = pending
            own = cursor or self.cursor()
            try:
                shards = self._index_shards(own, base, columns, hive, cancelled)
            except duckdb.InterruptException:
                raise
            except duckdb.Error:
                shards = None  # windows read the whole view; reading it reports the problem
            finally:
                if cursor is None:
                    own.close()
            with self._lock:
                if self._unindexed.pop(view.lower(), None) is not None and shards is not None:
                    self._shards[view.lower()] = shards
                    known = self._sources.get(base.name)
                    if known is not None:
                        self._sources[base.name] = replace(known, rows=shards.rows)
            return shards
        finally:
            self._index_lock.release()

    def index_pending(self, view: str) -> bool:
        """Whether `view` is a dataset of many Parquet files not indexed yet."""
        with self._lock:
            return view.lower() in self._unindexed

    def forget_shards(self) -> None:
        """Windows read the whole view again (SQL may have replaced it)."""
        with self._lock:
            self._shards.clear()
            self._unindexed.clear()

    def _keywords(self) -> list[str]:
        if self._keyword_names is None:
            cursor = self.cursor()
            try:
                rows = cursor.execute("SELECT keyword_name FROM duckdb_keywords()").fetchall()
            finally:
                cursor.close()
            self._keyword_names = [name for (name,) in rows]
        return self._keyword_names

    def tables(self) -> list[TableInfo]:
        cursor = self.cursor()
        try:
            rows = cursor.execute(
                "SELECT t.table_name, t.table_type, c.column_name, c.data_type "
                "FROM information_schema.tables t JOIN information_schema.columns c "
                "USING (table_catalog, table_schema, table_name) "
                "WHERE t.table_schema = 'main' ORDER BY t.table_name, c.ordinal_position"
            ).fetchall()
        finally:
            cursor.close()
        tables: dict[str, tuple[str, list[Column]]] = {}
        for name, kind, column, data_type in rows:
            if name.startswith(SCAN_PREFIX):
                continue
            entry = tables.setdefault(name, ("view" if kind == "VIEW" else "table", []))
            entry[1].append(Column(column, data_type))
        return [TableInfo(name, kind, tuple(cols)) for name, (kind, cols) in tables.items()]

    def close(self) -> None:
        self.connection.close()


def _fetched(
    sql: str, relation: duckdb.DuckDBPyRelation, started: float | None = None
) -> ArrowResult:
    """A relation's rows held whole, its columns named by DuckDB's types (Arrow's differ: int64
    for BIGINT, large_string for VARCHAR) as a stored or streamed result's are."""
    types = tuple(str(kind) for kind in relation.types)
    rows = relation.to_arrow_table()
    elapsed = 0.0 if started is None else time.perf_counter() - started
    return ArrowResult(sql, rows, elapsed, types=types)
