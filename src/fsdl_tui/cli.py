"""The `fsdl-tui` command: the app, or `fsdl-tui query` for headless SQL on the same data plane."""

from __future__ import annotations

import argparse
import sys

from . import __version__

DESCRIPTION = """\
A keyboard-driven terminal app for data management in ML projects.

fsdl-tui [PATH ...]        open the app on Parquet/CSV files, folders (every data file
                           below them) or globs; with no PATH, on the bundled sample data
fsdl-tui query SQL [PATH]  run SQL headless on the same data plane and print the result

Every opened file is a SQL view named after its file stem (images.parquet -> images).

Keys in the app: F2/F3/F4 (or Alt+1/2/3) switch panes, Ctrl+Enter or F5 runs the SQL,
Esc cancels a running query, Home/End/PgUp/PgDn and Ctrl+G move through results, Ctrl+Q quits.
"""


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fsdl-tui",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or globs to open")
    parser.add_argument("--version", action="version", version=f"fsdl-tui {__version__}")
    return parser


def default_targets(paths: list[str]) -> list[str]:
    if paths:
        return paths
    from .sample import sample_data_dir

    return [str(sample_data_dir())]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "query":
        from .headless import query_main

        return query_main(args[1:])
    parsed = _app_parser().parse_args(args)
    from .app import FsdlApp

    FsdlApp(default_targets(parsed.paths)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
