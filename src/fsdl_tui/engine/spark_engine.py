"""The Engine on a Spark cluster through Spark Connect (`fsdl-tui --engine sc://host:15002`).

Everything runs on the server; the client only ever pulls a window of rows (`OFFSET`/`LIMIT` on
the server - a whole result pulled to the client can take the driver down). Imported only when
a Spark engine is asked for: pyspark is the optional `spark` extra.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from .arrow_result import ArrowResult
from .arrow_writers import export_format, open_writer, replacing, write_error
from .base import (
    Column,
    EngineError,
    Opened,
    QueryCancelled,
    QueryError,
    Source,
    TableInfo,
    open_targets,
    table_words,
)
from .discovery import KIND_NAMES, Dataset, find, is_json_lines, view_name
from .spark_dialect import SparkDialect, quote_ident
from .sql_text import first_lines

# what read-only mode lets through: statements that read
READING = re.compile(r"^\s*(\(\s*)*(SELECT|WITH|VALUES|FROM|TABLE|SHOW|DESCRIBE|DESC|EXPLAIN)\b",
                     re.IGNORECASE)  # fmt: skip
EXPLAIN_PREFIX = re.compile(r"^\s*EXPLAIN(\s+(EXTENDED|CODEGEN|COST|FORMATTED))?\s+", re.I)
PLAN_NODE = re.compile(r"^[\s:|+\-]*'?([A-Za-z]+)")  # a node of Spark's plan tree, by name
WRITE_NODE = re.compile(
    r"Insert|Command|Statement|Create|Drop|Alter|Cache|Truncate|Delete|Update|Merge|Replace"
    r"|Append|Overwrite|Load|Repair|Refresh|Analyze|SetCatalog|SetNamespace|Comment",
)
SPARK_KINDS = ("parquet", "csv", "json")
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:/", re.IGNORECASE)  # s3a://, abfss://, dbfs:/, file:/
EXPORT_BATCH = 50_000
PROBE_DEADLINE_S = 8.0
CANCELLED = "The query was cancelled."


def connect(url: str, token: str | None = None):
    """A Spark Connect session; raises EngineError with what to do when it cannot."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineError(
            "The Spark engine needs pyspark: run `uv run --extra spark fsdl-tui --engine URL`.",
            title="Spark is not installed",
        ) from error
    _reachable(url)
    remote = url if token is None else f"{url.rstrip('/')}/;token={token}"
    try:
        session = SparkSession.builder.remote(remote).create()  # its own session: own views
    except Exception as error:  # grpc, connection refused, bad URL
        raise EngineError(f"Cannot reach Spark Connect at {url}: {_message(error)}",
                          title="Spark is not reachable") from error  # fmt: skip
    _probe(session, url)
    return session


def _probe(session, url: str, deadline: float = PROBE_DEADLINE_S) -> None:
    """One real RPC (the server's version) within `deadline`: a port that accepts and never
    answers, or a server that is not Spark Connect, fails here in seconds with one line, not
    after the client's minutes of retries. The RPC runs in a daemon thread left to the client's
    own retries when the deadline passes, so it never holds up the app or its exit."""
    outcome: list[BaseException | str] = []
    done = threading.Event()

    def ask() -> None:
        try:
            outcome.append(session.version)
        except BaseException as error:  # reported below, in the caller's thread
            outcome.append(error)
        done.set()

    threading.Thread(target=ask, name="spark-probe", daemon=True).start()
    if not done.wait(deadline):
        with contextlib.suppress(Exception):
            session.client.close()
        raise EngineError(f"Spark Connect at {url} accepted the connection but did not answer "
                          f"within {deadline:.0f} s. Is it a Spark Connect server?",
                          title="Spark is not reachable")  # fmt: skip
    if isinstance(outcome[0], BaseException):
        with contextlib.suppress(Exception):
            session.client.close()
        raise EngineError(f"Spark Connect at {url} failed: {_message(outcome[0])}",
                          title="Spark is not reachable") from outcome[0]  # fmt: skip


def _reachable(url: str, timeout: float = 5.0) -> None:
    """Fail fast on a wrong host or port: the client itself would retry for minutes."""
    import socket
    from urllib.parse import urlparse

    parsed = urlparse(url.split(";")[0].replace("sc://", "http://", 1))
    host, port = parsed.hostname or "localhost", parsed.port or 15002
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as error:
        why = error.strerror or str(error)
        raise EngineError(f"Cannot reach Spark Connect at {host}:{port}: {why}. Is the server "
                          "running, and is the URL sc://HOST:PORT right?",
                          title="Spark is not reachable") from error  # fmt: skip


def _message(error: BaseException) -> str:
    """Spark's error without its JVM stack and plan dump."""
    text = str(error).split("\n\nJVM stacktrace:")[0]
    return first_lines(text.split(";\n'")[0], 3)


def _columns(schema) -> tuple[Column, ...]:
    return tuple(Column(f.name, f.dataType.simpleString().upper()) for f in schema.fields)


def _blocked(verb: str) -> QueryError:
    return QueryError(
        f"Read-only mode runs queries that read; {verb} is not run. Export results "
        "with Ctrl+S, or start with --allow-writes.",
        title="Blocked in read-only mode",
    )


def _refuse_writes(spark, sql: str) -> None:
    """Each statement must start like a query and its parsed plan (Spark's EXPLAIN, nothing
    run) must hold no write or command node: `WITH t AS (…) INSERT OVERWRITE DIRECTORY …` and
    Hive's `FROM t INSERT …` start like queries."""
    statements = [s for s in re.split(r";\s*(?=\S)", sql.strip().rstrip(";")) if s.strip()]
    for statement in statements:
        if not READING.match(statement):
            raise _blocked(statement.split()[0].upper() if statement.split() else "it")
        inner = EXPLAIN_PREFIX.sub("", statement, count=1)  # Spark's EXPLAIN never runs it
        try:
            plan = spark.sql(f"EXPLAIN EXTENDED {inner}").collect()[0][0]
        except Exception as error:
            raise QueryError(_message(error)) from error
        parsed = plan.split("== Analyzed Logical Plan ==")[0]
        for line in parsed.splitlines()[1:]:
            node = PLAN_NODE.match(line)
            if node and WRITE_NODE.search(node[1]):
                raise _blocked(f"a statement that does {node[1]}")


class SparkResult:
    """A result that stays on the server: each window is its own `OFFSET/LIMIT` job."""

    def __init__(self, sql: str, frame, row_count: int, elapsed: float) -> None:
        self.sql = sql
        self._frame = frame
        self.columns = _columns(frame.schema)
        self.row_count = row_count
        self.elapsed = elapsed
        self.message = ""

    def fetch(
        self, offset: int, limit: int, cell_chars: int | None = None, only: range | None = None
    ) -> pa.Table:
        """Every column, whatever `only` asks (a projection by position is not worth a plan)."""
        try:
            return self._frame.offset(int(offset)).limit(int(limit)).toArrow()
        except Exception as error:
            raise QueryError(_message(error)) from error

    def close(self) -> None:
        pass  # nothing is held on the client; the server forgets the plan with the session


class SparkQueryJob:
    def __init__(self, engine: SparkEngine, sql: str, transform: Callable[[str], str] | None):
        self.sql = sql
        self._engine = engine
        self._transform = transform
        self._tag = f"fsdl-{uuid.uuid4().hex[:12]}"
        self._cancelled = threading.Event()

    def preview(self, limit: int) -> None:
        return None  # the first window comes straight after the count

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()
        with contextlib.suppress(Exception):
            self._engine.spark.interruptTag(self._tag)

    def run(self):  # -> PagedResult
        started = time.perf_counter()
        sql = self._transform(self.sql) if self._transform else self.sql
        if not sql.strip():
            raise QueryError("There is no SQL to run.", title="Nothing to run")
        if self._engine.read_only:
            _refuse_writes(self._engine.spark, sql)
        spark = self._engine.spark
        spark.addTag(self._tag)
        try:
            statements = [s for s in re.split(r";\s*(?=\S)", sql.strip().rstrip(";")) if s]
            for statement in statements[:-1]:
                spark.sql(statement).collect()
            frame = spark.sql(statements[-1])
            if self._cancelled.is_set():
                raise QueryCancelled(CANCELLED)
            if not frame.columns:  # a command (CREATE VIEW ...): Spark ran it already
                return ArrowResult(sql, pa.table({}), time.perf_counter() - started,
                                   message="done")  # fmt: skip
            rows = frame.count()
            return SparkResult(statements[-1], frame, rows, time.perf_counter() - started)
        except EngineError:
            raise
        except Exception as error:
            if self._cancelled.is_set():
                raise QueryCancelled(CANCELLED) from error
            raise QueryError(_message(error)) from error
        finally:
            with contextlib.suppress(Exception):
                spark.removeTag(self._tag)


class SparkExportJob:
    """Windows pulled from the server one after another into the app's writers."""

    def __init__(self, engine: SparkEngine, sql: str, target: Path, transform) -> None:
        self._job = SparkQueryJob(engine, sql, transform)
        self.target = target
        self._done = 0
        self._total: int | None = None

    def progress(self) -> float | None:
        return 100.0 * self._done / self._total if self._total else None

    def cancel(self) -> None:
        self._job.cancel()

    def run(self) -> int:
        kind = export_format(self.target)
        if kind is None or kind in ("json", "jsonl"):
            raise QueryError("On Spark, export to .csv, .tsv or .parquet.")
        if not self.target.parent.is_dir():
            raise QueryError(f"No such folder: {self.target.parent}")
        result = self._job.run()
        self._total = result.row_count
        try:
            with replacing(self.target) as out:
                first = result.fetch(0, EXPORT_BATCH)
                writer = open_writer(kind, out, first.schema)
                batch = first
                while batch.num_rows:
                    if self._job.cancelled:
                        raise QueryCancelled("The export was cancelled.")
                    for record_batch in batch.to_batches():
                        writer.write(record_batch)
                    self._done += batch.num_rows
                    batch = result.fetch(self._done, EXPORT_BATCH)
                writer.close()
            return self._done
        except OSError as error:
            raise QueryError(write_error(self.target, error)) from error
        except pa.ArrowException as error:
            raise QueryError(first_lines(str(error))) from error


class SparkEngine:
    name = "spark"
    dialect = SparkDialect()
    reads_remote = True

    def __init__(self, url: str, *, token: str | None = None, read_only: bool = True) -> None:
        self.url = url
        self.read_only = read_only
        self.spark = connect(url, token)
        self._lock = threading.Lock()
        self._sources: dict[str, Source] = {}
        self._tables: set[str] = set()
        self._ids = itertools.count(1)

    # --- files ----------------------------------------------------------------------------

    def open_path(self, target: str) -> list[Source]:
        if REMOTE.match(target) and not target.startswith("file:"):
            kind = "csv" if target.lower().endswith((".csv", ".tsv", ".csv.gz")) else "parquet"
            stem = Path(target.rstrip("/")).name or "data"
            return self.open_datasets((Dataset(stem, kind, target, (target,), 0),))
        return self.open_datasets(find(target).datasets)

    def open_datasets(self, datasets: tuple[Dataset, ...]) -> list[Source]:
        return [self._register(dataset) for dataset in datasets]

    def _reader(self, dataset: Dataset):
        read, files, kind = self.spark.read, dataset.files, dataset.kind
        if dataset.layout == "hive":  # partition columns from the folders below the root
            read = read.option("basePath", dataset.root)
        if len(files) > 1 and kind in ("parquet", "json"):
            read = read.option("mergeSchema", "true")
        if kind == "csv":
            read = read.option("header", "true").option("inferSchema", "true")
            if files[0].lower().endswith((".tsv", ".tsv.gz")):
                read = read.option("sep", "\t")
            return read.csv(list(files))
        if kind == "json":  # a JSON document (an array of records) spans lines; JSONL does not
            multi_line = "false" if is_json_lines(files[0]) else "true"
            return read.option("multiLine", multi_line).json(list(files))
        return read.parquet(*files)

    def _register(self, dataset: Dataset) -> Source:
        with self._lock:
            for source in self._sources.values():
                if source.paths == dataset.files:
                    return source
            name = view_name(dataset.stem, set(self._sources))
        base = Source(name, dataset.root, dataset.kind, dataset.size_bytes, files=dataset.files,
                      layout=dataset.layout, file_sizes=dataset.file_sizes)  # fmt: skip
        what = KIND_NAMES.get(dataset.kind, dataset.kind)
        if dataset.kind not in SPARK_KINDS:
            source = replace(base, error=f"{what} datasets are read by the DuckDB engine; the "
                             "Spark engine reads Parquet, CSV and JSON.")  # fmt: skip
        else:
            try:
                frame = self._reader(dataset)
                frame.createOrReplaceTempView(name)
                rows = frame.count() if dataset.kind == "parquet" else None
                source = replace(base, rows=rows, columns=_columns(frame.schema))
            except Exception as error:
                source = replace(base, error=f"Not readable as {what}: {_message(error)}")
        with self._lock:
            self._sources[name] = source
        return source

    def count_rows(self, source: Source) -> int:
        try:
            return self.spark.table(quote_ident(source.name)).count()
        except Exception as error:
            raise QueryError(_message(error)) from error

    def reload(self, targets: tuple[str, ...]) -> Opened:
        with self._lock:
            names = list(self._sources)
            self._sources.clear()
        for name in names:
            with contextlib.suppress(Exception):
                self.spark.catalog.dropTempView(name)
        return open_targets(self, targets)

    def sandbox(self, directories: list[Path]) -> None:
        """Nothing to seal on the client: what Spark may read is the cluster's to decide.
        Read-only mode still refuses statements that write."""

    # --- tables and SQL -------------------------------------------------------------------

    def register_table(self, name: str, data: pa.Table) -> None:
        if data.num_columns == 0:
            return
        frame = self.spark.createDataFrame(data.to_pandas())
        frame.createOrReplaceTempView(name)
        with self._lock:
            self._tables.add(name)

    def scan_sql(self, path: str, kind: str) -> str:
        if kind not in SPARK_KINDS:
            what = KIND_NAMES.get(kind, kind)
            raise QueryError(f"The Spark engine reads Parquet, CSV and JSON, not {what} files.")
        return f"{kind if kind in ('csv', 'json') else 'parquet'}.{quote_ident(path)}"

    def last_statement(self, sql: str) -> str:
        statements = [s for s in re.split(r";\s*(?=\S)", sql.strip().rstrip(";")) if s.strip()]
        return statements[-1] if statements else sql

    def select_all_sql(self, table: str) -> str:
        return f"SELECT * FROM {quote_ident(table)}"

    def query(self, sql: str, transform: Callable[[str], str] | None = None) -> SparkQueryJob:
        return SparkQueryJob(self, sql, transform)

    def streams(self, sql: str) -> bool:
        return False  # results come a window at a time: written page by page

    def export(
        self, sql: str, target: Path, transform: Callable[[str], str] | None = None
    ) -> SparkExportJob:
        return SparkExportJob(self, self.last_statement(sql), target, transform)

    def tables(self) -> list[TableInfo]:
        found = []
        with self._lock:
            views = [s.name for s in self._sources.values() if s.ok] + sorted(self._tables)
        for name in views:
            try:
                columns = _columns(self.spark.table(quote_ident(name)).schema)
            except Exception:
                continue
            found.append(TableInfo(name, "view", columns))
        return found

    def completion_words(self) -> list[tuple[str, str]]:
        words = table_words(self.tables())
        with contextlib.suppress(Exception):
            for row in self.spark.sql("SHOW FUNCTIONS").collect():
                name = row[0].split(".")[-1]
                if name.isidentifier():
                    words.setdefault(name, "function")
        for keyword in (
            "SELECT",
            "FROM",
            "WHERE",
            "GROUP BY",
            "ORDER BY",
            "LIMIT",
            "JOIN",
            "HAVING",
            "WITH",
            "DISTINCT",
            "UNION",
            "CASE",
            "WHEN",
            "THEN",
            "END",
        ):
            words.setdefault(keyword, "keyword")  # fmt: skip
        return sorted(words.items())

    def close(self) -> None:
        """Close the client's channel. Not spark.stop() (locally it stops the server) and no
        RPC: a cluster that has gone away would make quitting wait on the client's retries;
        an unclosed client's exit handler would do the same."""
        with contextlib.suppress(Exception):
            self.spark.client.close()
