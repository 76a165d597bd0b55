"""`fsdl-tui query SQL [PATH ...]`: the app's data plane without the UI, for scripts and SSH.

The same engine registers the same views as the app; results stream out a page at a time.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from pathlib import Path
from typing import IO, Any

from .data_plane import (
    dvc_transform,
    open_history,
    register_builtin_tables,
    register_dvc_tables,
    register_history_table,
)
from .engine import Engine, EngineError, PagedResult, SourceError
from .engine_boot import boot_engine
from .formatting import (
    column_values,
    counted,
    format_cell,
    format_value,
    is_map_pairs,
    is_numeric_type,
    sanitize,
)

PAGE_ROWS = 10_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fsdl-tui query",
        description="Run SQL on the fsdl-tui data plane and print the result. Every opened file "
        "is a view named after its file stem; with no PATH, the bundled sample data is opened.",
    )
    parser.add_argument("sql", metavar="SQL", help="the SQL to run (several statements allowed)")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or globs to open")
    parser.add_argument(
        "--repo", metavar="DIR", help="the DVC repository for dvc_version() and dvc_* tables"
    )
    parser.add_argument(
        "--allow-writes", action="store_true", help="let the SQL write: read-only by default"
    )
    parser.add_argument("--engine", metavar="URL", help="sc://host:15002: run on Spark")
    parser.add_argument("--token", help="the Spark Connect token")
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format"
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=None,
        help="print at most this many rows (default: all for csv/json, 1000 for table)",
    )
    return parser


def open_engine(
    paths: list[str],
    repo: str | None = None,
    *,
    allow_writes: bool = False,
    engine_url: str | None = None,
    token: str | None = None,
    sql: str | None = None,
) -> tuple[Engine, list[str], object]:
    """The data plane as the app assembles it for the same arguments (`boot_engine`,
    `open_history`): the files (or the sample data), the catalog, and the DVC repo's tables.
    Returns the engine, warnings for unreadable files, and the SQL transform for dvc_version().
    Given `sql`, only the app's tables it names are built (building any imports pandas, when
    installed, through pyarrow: ~0.4 s). Raises EngineError for a path that cannot be opened."""
    from .config import load_config
    from .launch import plan_launch

    launch = plan_launch(paths, repo, Path.cwd())
    config, _ = load_config(
        {"read_only": False if allow_writes else None, "engine": engine_url, "token": token}
    )
    history = None
    if launch.repo is not None:
        if launch.build_demo:
            print("fsdl-tui: building the demo DVC repository (once)…", file=sys.stderr)
        history = open_history(launch.repo, launch.build_demo)  # built before the seal
    engine, opened = boot_engine(config, tuple(launch.targets), launch.repo, False)
    if opened.errors and paths:  # the repo folder opened by default may hold no data files
        engine.close()
        raise SourceError(opened.errors.splitlines()[0])

    def named(pattern: str) -> bool:
        return sql is None or re.search(rf"\b{pattern}\b", sql, re.IGNORECASE) is not None

    if named("catalog"):
        register_builtin_tables(engine)
    if named("query_history"):
        register_history_table(engine)
    if history is not None and named(r"dvc_(outputs|versions|metrics|experiments|exp_values)"):
        from .dvc.snapshot import load_snapshot

        register_dvc_tables(engine, load_snapshot(history))
    warnings = [
        f"skipped {s.path}: {s.error.splitlines()[0]}" if s.error else f"{s.path}: {s.warning}"
        for s in opened.sources
        if s.error or s.warning
    ]
    return engine, warnings, dvc_transform(engine, history)


def _pages(result: PagedResult, limit: int):
    offset = 0
    while offset < min(result.row_count, limit):
        page = result.fetch(offset, min(PAGE_ROWS, limit - offset))
        if page.num_rows == 0:
            return
        yield page
        offset += page.num_rows


def _plain(value: Any) -> Any:
    """A JSON/CSV-friendly form of one value."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if type(value).__name__ == "MonthDayNano":  # an interval, as the grid writes it
        return format_value(value)
    if isinstance(value, list) and is_map_pairs(
        value
    ):  # Arrow gives a MAP as (key, value) pairs: an object, as DuckDB's JSON
        return {format_value(k) if not isinstance(k, str) else k: _plain(v) for k, v in value}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return format_value(value)  # dates, times, decimals: as the grid (and DuckDB) write them


def _rows(page) -> list[tuple[Any, ...]]:
    columns = [column_values(column) for column in page.columns]
    return list(zip(*columns, strict=True)) if columns else []


def write_csv(result: PagedResult, out: IO[str], limit: int) -> None:
    writer = csv.writer(out, lineterminator="\n")  # as DuckDB's COPY: `cut`/`awk` see no \r
    writer.writerow([c.name for c in result.columns])
    for page in _pages(result, limit):
        for row in _rows(page):
            writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: Any) -> Any:
    """One CSV field: nested values as JSON, NaN and infinities as DuckDB's COPY writes them
    (JSON has no NaN, so `_plain` makes them null; CSV can say what they are)."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    plain = _plain(value)
    return json.dumps(plain) if isinstance(plain, dict | list) else plain


def write_json(result: PagedResult, out: IO[str], limit: int) -> None:
    names = [c.name for c in result.columns]
    out.write("[")
    first = True
    for page in _pages(result, limit):
        for row in _rows(page):
            record = {name: _plain(value) for name, value in zip(names, row, strict=True)}
            out.write(("\n  " if first else ",\n  ") + json.dumps(record, default=str))
            first = False
    out.write("\n]\n" if not first else "]\n")


def write_table(result: PagedResult, out: IO[str], limit: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=False)
    if result.message and not result.columns:
        console.print(Text(result.message))
        return
    table = Table()
    for column in result.columns:
        table.add_column(
            Text(sanitize(column.name)), justify="right" if is_numeric_type(column.type) else "left"
        )
    shown = 0
    for page in _pages(result, limit):
        for row in _rows(page):
            table.add_row(
                *[Text("NULL", style="dim") if v is None else Text(format_cell(v)) for v in row]
            )
            shown += 1
    console.print(table)
    more = result.row_count - shown
    note = f"{counted(result.row_count, 'row')} × {counted(len(result.columns), 'column')}"
    if more > 0:
        note += f" ({more:,} not shown: use --max-rows or --format csv)"
    console.print(Text(note, style="dim"))


WRITERS = {"csv": write_csv, "json": write_json, "table": write_table}


def say(kind: str, text: str, err: IO[str]) -> None:
    """One line on stderr; data in it (a file name, a value) never reaches the terminal as an
    escape sequence."""
    first = text.splitlines()[0] if text else ""
    print(f"fsdl-tui: {kind}: {sanitize(first)}", file=err)


def query_main(argv: list[str], out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    limit = (
        args.max_rows if args.max_rows is not None else (1000 if args.format == "table" else 10**18)
    )
    try:
        engine, warnings, transform = open_engine(
            args.paths,
            args.repo,
            allow_writes=args.allow_writes,
            engine_url=args.engine,
            token=args.token,
            sql=args.sql,
        )
    except EngineError as error:
        say("error", error.message, err)
        return 1
    try:
        for warning in warnings:
            say("warning", warning, err)
        result = engine.query(args.sql, transform).run()
        try:
            WRITERS[args.format](result, out, max(limit, 0))
        finally:
            result.close()
    except EngineError as error:
        say("error", error.message, err)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    finally:
        engine.close()
    return 0
