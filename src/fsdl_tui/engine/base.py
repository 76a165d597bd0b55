"""The engine interface: everything outside `engine/` talks to data through these types.

A concrete engine (embedded DuckDB today, a Spark cluster later) registers sources, runs SQL into
pageable, cancellable results and describes its tables. Nothing here names DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa

    from .discovery import Dataset, Found


@dataclass(frozen=True)
class Column:
    """One column of a table or result."""

    name: str
    type: str


@dataclass(frozen=True)
class Source:
    """A dataset the user opened (a file, shards, partitions, …), registered as view `name`."""

    name: str
    path: str  # the file, or the folder holding the dataset's files
    kind: str  # "parquet" | "csv" | "json" | "arrow" | "delta"
    size_bytes: int
    rows: int | None = None  # None: not counted yet
    columns: tuple[Column, ...] = ()
    error: str | None = None  # set when the file could not be read; no view exists then
    warning: str | None = None  # set when it was read, but not cleanly (e.g. a ragged CSV)
    files: tuple[str, ...] = ()  # the files read, when more than `path` itself
    file_sizes: tuple[int, ...] = ()  # of `files`, when there are several
    layout: str = "file"  # "file" | "shards" | "hive" | "huggingface" | "delta"
    version: int | None = None  # a Delta table's version

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def paths(self) -> tuple[str, ...]:
        """Every file (or table folder) the view reads."""
        return self.files or (self.path,)


@dataclass(frozen=True)
class TableInfo:
    """A table or view visible to SQL."""

    name: str
    kind: str  # "view" | "table"
    columns: tuple[Column, ...] = field(default=())


class EngineError(Exception):
    """A failure to show a person: `title` is a short heading, the message says what happened."""

    title = "Error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        if title is not None:
            self.title = title

    @property
    def message(self) -> str:
        return str(self)


class QueryError(EngineError):
    title = "Query failed"


class SourceChanged(QueryError):
    """An opened file vanished or changed (a checkout, a rewrite) since it was opened."""

    title = "A file changed on disk"


class QueryCancelled(EngineError):
    title = "Query cancelled"


class SourceError(EngineError):
    title = "Cannot open"


class PagedResult(Protocol):
    """A query result that is never held whole: rows are fetched a window at a time."""

    sql: str
    columns: tuple[Column, ...]
    row_count: int
    elapsed: float  # seconds the engine spent producing it
    message: str  # e.g. "CREATE VIEW: done" for statements that return no rows

    def fetch(
        self, offset: int, limit: int, cell_chars: int | None = None, only: range | None = None
    ) -> pa.Table:
        """Rows [offset, offset + limit) as an Arrow table. Safe to call from any thread.
        `cell_chars`: text may be cut to this many characters (the grid shows no more), so a
        page of huge strings costs what the screen needs; engines that hold the result in
        memory anyway may ignore it. `only`: just the columns at these positions (a wide
        table's band on screen); an engine may give every column instead."""
        ...

    def close(self) -> None:
        """Free whatever the engine holds for this result."""
        ...


class QueryJob(Protocol):
    """One submitted query: `run` blocks (call it in a worker); `cancel` is safe from any thread."""

    sql: str

    def preview(self, limit: int) -> PagedResult | None:
        """The first rows, fast, before `run` finishes — or None when there is no quick route."""
        ...

    def run(self) -> PagedResult: ...

    def cancel(self) -> None: ...


class Dialect(Protocol):
    """SQL for exploring a result without writing SQL, in the engine's dialect."""

    def sort(self, sql: str, column: str, descending: bool) -> str: ...
    def filter_value(
        self, sql: str, column: str, value: object, type_name: str, *, negate: bool
    ) -> str | None: ...
    def where(self, sql: str, expression: str) -> str: ...
    def frequency(self, sql: str, column: str) -> str: ...
    def exclude(self, sql: str, columns: list[str]) -> str: ...
    def profile(self, sql: str, column: str | None, type_name: str = "") -> str: ...
    def histogram(self, sql: str, column: str, type_name: str, bins: int) -> str: ...
    def text_lengths(self, sql: str, column: str, bins: int) -> str: ...
    def is_temporal(self, type_name: str) -> bool: ...
    def quote(self, name: str) -> str: ...
    def as_text(self, expression: str) -> str: ...
    def as_double(self, expression: str) -> str: ...


class ExportJob(Protocol):
    """Writing a result to a file: `run` blocks; `progress` and `cancel` work from any thread.
    Engines whose `streams(sql)` is true also `write(out, kind)` to an open binary stream."""

    def run(self) -> int: ...
    def progress(self) -> float | None: ...
    def cancel(self) -> None: ...


class Engine(Protocol):
    """What every engine offers the app."""

    name: str
    dialect: Dialect
    read_only: bool
    reads_remote: bool  # opens s3://… paths itself (a cluster's own credentials), unlisted

    def open_path(self, target: str) -> list[Source]:
        """Register every dataset of a file, folder or glob as a view (see `discovery`)."""
        ...

    def open_datasets(self, datasets: tuple[Dataset, ...]) -> list[Source]:
        """Register each dataset as a view (one already open is not opened again)."""
        ...

    def count_rows(self, source: Source) -> int: ...

    def reload(self, targets: tuple[str, ...]) -> Opened:
        """Open `targets` again from disk (files added, changed or gone)."""
        ...

    def sandbox(self, directories: list[Path]) -> None:
        """Read-only mode: from now on reach only the opened files and `directories`."""
        ...

    def register_table(self, name: str, data: pa.Table) -> None:
        """Make an in-memory Arrow table a SQL table `name` (replacing one of that name)."""
        ...

    def scan_sql(self, path: str, kind: str) -> str:
        """The engine's SQL table expression reading one file (kind "parquet" or "csv")."""
        ...

    def last_statement(self, sql: str) -> str:
        """The last statement of a script (what a result shows), parsed, not run."""
        ...

    def select_all_sql(self, table: str) -> str:
        """The engine's SQL for "every row of `table`", its name quoted as the dialect needs."""
        ...

    def query(self, sql: str, transform: Callable[[str], str] | None = None) -> QueryJob:
        """A job for `sql`; `transform` (e.g. expanding dvc_version calls) runs in `run`."""
        ...

    def streams(self, sql: str) -> bool:
        """Whether the export job of `sql` can `write` its rows to a stream as they come."""
        ...

    def export(
        self, sql: str, target: Path | None, transform: Callable[[str], str] | None = None
    ) -> ExportJob:
        """A job writing the full result of `sql` to `target` (format from its extension)."""
        ...

    def completion_words(self) -> list[tuple[str, str]]:
        """(word, kind) for SQL completion: tables, columns, functions, keywords."""
        ...

    def tables(self) -> list[TableInfo]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Opened:
    sources: tuple[Source, ...]
    errors: str = ""  # one line per target that could not be opened
    skipped: int = 0  # files of other kinds inside the folders opened


def open_targets(
    engine: Engine, targets: tuple[str, ...] | list[str], known: dict[str, Found] | None = None
) -> Opened:
    """Every dataset of `targets` opened, and one line per target that could not be opened.
    `known`: what was found at some targets moments before (the launch's head looked)."""
    from .discovery import MAX_FILES, find

    opened: list[Source] = []
    errors: list[str] = []
    skipped = 0
    from .remote import is_remote

    for target in targets:
        if engine.reads_remote and is_remote(target):
            opened.extend(engine.open_path(target))
            continue
        try:
            found = (known or {}).get(target) or find(target)
        except SourceError as error:
            errors.append(error.message)
            continue
        skipped += found.skipped
        sources = engine.open_datasets(found.datasets)
        if found.capped:  # said beside each of its tables (and by `fsdl-tui query`)
            note = (f"{found.capped:,} more data files in {target} are not opened (at most "
                    f"{MAX_FILES:,}): open a sub-folder or a glob for the rest")  # fmt: skip
            sources = [s if s.error or s.warning else replace(s, warning=note) for s in sources]
        opened.extend(sources)
    return Opened(tuple(opened), "\n".join(errors), skipped)


def table_words(tables: list[TableInfo]) -> dict[str, str]:
    """Completion words of the data plane's tables: their names and their columns'."""
    words: dict[str, str] = {}
    for table in tables:
        words.setdefault(table.name, table.kind)
        for column in table.columns:
            words.setdefault(column.name, "column")
    return words
