"""`fsdl-tui query SQL [PATH ...]`: the app's data plane without the UI, for scripts and SSH.

The same engine registers the same views as the app. A single query on DuckDB streams from
DuckDB as Arrow batches straight into pyarrow's CSV and Parquet writers (JSON as DuckDB's own
text) — no Python per row; anything else is written a page at a time (`page_writers`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from .data_plane import (
    dvc_transform,
    open_history,
    register_builtin_tables,
    register_dvc_tables,
    register_history_table,
)
from .engine import Engine, EngineError, SourceError
from .engine.arrow_writers import export_format, replacing, write_error
from .engine_boot import boot_engine
from .formatting import sanitize
from .page_writers import TEXT_WRITERS, write_parquet

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "parquet")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fsdl-tui query",
        description="Run SQL on the fsdl-tui data plane and print the result. Every dataset "
        "opened is a view named after it (a file after its stem, shards and partitions after "
        "what they share); with no PATH, the bundled sample data is opened.",
    )
    parser.add_argument("sql", metavar="SQL", help="the SQL to run (several statements allowed)")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders, globs, s3:// gs:// hf:// paths"
    )
    parser.add_argument(
        "--repo", metavar="DIR", help="the DVC repository for dvc_version() and dvc_* tables"
    )
    parser.add_argument(
        "--allow-writes", action="store_true", help="let the SQL write: read-only by default"
    )
    parser.add_argument("--engine", metavar="URL", help="sc://host:15002: run on Spark")
    parser.add_argument("--token", help="the Spark Connect token")
    parser.add_argument(
        "--format", choices=FORMATS, default=None,
        help="output format (default: from --output's extension, else table)",
    )  # fmt: skip
    parser.add_argument(
        "-o", "--output", metavar="PATH", default=None,
        help="write to PATH (replaced whole, or not at all) instead of stdout; - is stdout",
    )  # fmt: skip
    parser.add_argument(
        "--max-rows",
        type=int,
        default=None,
        help="write at most this many rows (default: all, but 1000 for table)",
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


def say(kind: str, text: str, err: IO[str]) -> None:
    """One line on stderr; data in it (a file name, a value) never reaches the terminal as an
    escape sequence."""
    first = text.splitlines()[0] if text else ""
    print(f"fsdl-tui: {kind}: {sanitize(first)}", file=err)


class UsageError(Exception):
    """Arguments that cannot work together, said in a line."""


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output and args.output != "-":
        kind = export_format(Path(args.output))
        if kind is None:
            raise UsageError(f"say --format for {args.output!r} (or end it in .csv, .tsv, "
                             ".json, .jsonl or .parquet)")  # fmt: skip
        return kind
    return "table"


class _TextAsBytes:
    """A text stream (a caller's StringIO) that the byte writers can write to; rows end on
    character boundaries, so each chunk decodes whole."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text

    def write(self, data: bytes | memoryview) -> int:
        self._text.write(bytes(data).decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


class Sink:
    """Where the result goes: bytes for the streamed writers and Parquet, text for the page
    writers — stdout (or the caller's stream) or a file."""

    def __init__(self, binary: BinaryIO, text: IO[str]) -> None:
        self.binary, self.text = binary, text


@contextlib.contextmanager
def _sink(output: str | None, out: IO[str]) -> Iterator[Sink]:
    """Stdout (or the caller's stream), or a file replaced only when the whole result is
    written (a temporary file beside it, renamed)."""
    if not output or output == "-":
        buffer = getattr(out, "buffer", None)
        out.flush()
        yield Sink(buffer if buffer is not None else _TextAsBytes(out), out)  # type: ignore[arg-type]
        if buffer is not None:
            buffer.flush()
        return
    target = Path(output).expanduser()
    if not target.parent.is_dir():
        raise UsageError(f"no such folder: {target.parent}")
    with replacing(target) as file:
        text = io.TextIOWrapper(file, encoding="utf-8", newline="")
        yield Sink(file, text)
        text.flush()
        text.detach()  # the file is closed by `replacing`


def write_result(engine: Engine, sql: str, transform, fmt: str, sink: Sink,
                 max_rows: int | None) -> None:  # fmt: skip
    """Run `sql` and write its rows to `sink` as `fmt`: streamed when the engine can."""
    if fmt != "table" and engine.streams(sql):
        if max_rows is not None:
            sql = f"SELECT * FROM (\n{sql.strip().rstrip(';')}\n) LIMIT {max(max_rows, 0)}"
        engine.export(sql, None, transform).write(sink.binary, fmt)  # type: ignore[attr-defined]
        return
    limit = max_rows if max_rows is not None else (1000 if fmt == "table" else 10**18)
    result = engine.query(sql, transform).run()
    try:
        if fmt == "parquet":
            write_parquet(result, sink.binary, max(limit, 0))
        else:
            TEXT_WRITERS[fmt](result, sink.text, max(limit, 0))
    finally:
        result.close()


def query_main(argv: list[str], out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        fmt = output_format(args)
    except UsageError as error:
        say("error", str(error), err)
        return 2
    to_terminal = not args.output or args.output == "-"
    if fmt == "parquet" and to_terminal and out.isatty():
        say("error", "Parquet is binary: write it to a file (-o result.parquet) or pipe it "
            "(… | duckdb -c \"FROM read_parquet('/dev/stdin')\")", err)  # fmt: skip
        return 2
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
        with _sink(args.output, out) as sink:
            write_result(engine, args.sql, transform, fmt, sink, args.max_rows)
    except (EngineError, UsageError) as error:
        say("error", error.message if isinstance(error, EngineError) else str(error), err)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        with contextlib.suppress(OSError):  # no "Exception ignored" when Python exits
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a full disk, a folder not writable
        say("error", write_error(args.output or "the output", error), err)
        return 1
    finally:
        engine.close()
    return 0
