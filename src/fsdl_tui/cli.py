"""The `fsdl-tui` command: the app, or `fsdl-tui query` for headless SQL on the same data plane."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from . import __version__
from .launch import plan_launch

DESCRIPTION = """\
A keyboard-driven terminal app for data management in ML projects.

fsdl-tui [PATH ...]        open the app on data files (Parquet, CSV/TSV, JSON/JSONL,
                           Arrow, Hugging Face datasets, Delta tables), folders (every
                           dataset below them), globs or s3://, gs://, hf:// paths. A PATH
                           inside a DVC repository (or the current folder, with no PATH)
                           also opens that repository in the DVC pane. With no PATH outside
                           a DVC repository: the bundled sample data and a demo DVC
                           repository (built once, in the background, into the cache folder)
fsdl-tui query SQL [PATH]  run SQL headless on the same data plane and print the result
fsdl-tui demo [DIR]        build a demo git + DVC repository (versions, tags, a pipeline)

Every dataset is a SQL view named after it: a file after its stem (images.parquet -> images),
shards and partitions after what they share (train-00000-of-00004.parquet, ... -> train).

SQL anywhere (app and query): dvc_version('data/train.parquet', 'v1.0') is that file at a
tag, branch or commit, as a table; dvc_outputs and dvc_versions list what DVC tracks.

Keys in the app: F2/F3/F4 (or Alt+1/2/3) switch panes, Ctrl+Enter or F5 runs the SQL,
Esc cancels a running query, Home/End/PgUp/PgDn and Ctrl+G move through results, Ctrl+Q quits;
F1 lists every key that works where you are.
"""


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fsdl-tui",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or globs to open")
    parser.add_argument("--repo", metavar="DIR", help="the DVC repository for the DVC pane")
    parser.add_argument("--theme", help="a Textual theme, e.g. nord, gruvbox, textual-light")
    parser.add_argument("--page-rows", type=int, help="rows the grid fetches per request")
    parser.add_argument("--memory-limit", help="DuckDB's memory limit, e.g. 4GB")
    parser.add_argument("--engine", metavar="URL",
                        help="sc://host:15002 runs on Spark through Spark Connect "
                        "(needs the 'spark' extra); default: embedded DuckDB")  # fmt: skip
    parser.add_argument("--token", help="the Spark Connect token")
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="let SQL write (COPY, CREATE, SET, ...); it may only read by default",
    )
    parser.add_argument("--web", action="store_true",
                        help="serve the app in a web browser instead (on localhost)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8000, help="the --web port (default 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the --web address (default 127.0.0.1: this machine)")  # fmt: skip
    parser.add_argument("--version", action="version", version=f"fsdl-tui {__version__}")
    return parser


def demo_main(argv: list[str]) -> int:
    from .paths import default_demo_dir

    parser = argparse.ArgumentParser(
        prog="fsdl-tui demo",
        description="Build a real git + DVC demo repository: a dataset with tagged versions "
        "(rows added and removed, a new column), a directory output, a 3-stage pipeline with "
        "params and metrics, and a local remote holding every version (in DIR-remote).",
    )
    parser.add_argument("dir", nargs="?", default=None, metavar="DIR",
                        help=f"where to build it (default: {default_demo_dir()})")  # fmt: skip
    parsed = parser.parse_args(argv)
    target = Path(parsed.dir).expanduser().resolve() if parsed.dir else default_demo_dir()
    if target.exists() and any(target.iterdir()) and not (target / ".dvc").is_dir():
        print(f"fsdl-tui: error: {target} exists and is not a demo repo; pick another DIR",
              file=sys.stderr)  # fmt: skip
        return 1
    from .dvc.demo import build_demo

    try:
        build_demo(target, lambda step: print(step, flush=True))
    except Exception as error:  # DVC and git raise many types; report, do not trace
        print(f"fsdl-tui: error: building the demo failed: {error}", file=sys.stderr)
        return 1
    print(f"demo repo ready: {target}", flush=True)
    return 0


def serve_web(args: list[str], host: str, port: int) -> int:
    """Serve the same app in a browser: each page load runs `fsdl-tui` with the same arguments."""
    import shlex

    from .web import base_url, is_loopback, make_server, new_token

    forwarded, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--port", "--host"):
            skip = True
        elif arg != "--web" and not arg.startswith(("--port=", "--host=")):
            forwarded.append(arg)
    command = shlex.join([sys.executable, "-m", "fsdl_tui", *forwarded])
    token = new_token()
    if not is_loopback(host):
        print(f"fsdl-tui: warning: --host {host} serves the app beyond this machine; anyone "
              "with the link below can use it (and your files) — prefer an SSH tunnel to "
              "127.0.0.1", file=sys.stderr, flush=True)  # fmt: skip
    print(f"fsdl-tui on {base_url(host, port)}/?token={token} (Ctrl+C stops)", flush=True)
    make_server(command, host, port, token).serve()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "query":
        from .headless import query_main

        return query_main(args[1:])
    if args and args[0] == "demo":
        return demo_main(args[1:])
    parsed = _app_parser().parse_args(args)
    if parsed.web:
        return serve_web(args, parsed.host, parsed.port)
    # no collections while start-up makes its ~10^6 long-lived objects (launch → first rows
    # 0.63 → 0.60 s here): the app freezes them and turns the collector on once the first
    # rows are shown (FsdlApp._start_background_work)
    gc.disable()
    launch = plan_launch(parsed.paths, parsed.repo, Path.cwd())
    # one Parquet file, folder or glob: its head is read by a child process from now on, on
    # the other core, while this one imports Textual (`head_process`)
    one = launch.targets[0] if len(launch.targets) == 1 and not parsed.engine else None
    from .head_process import HeadProcess, has_spare_core, may_have_parquet_head

    head_of = None
    if one is not None and has_spare_core() and may_have_parquet_head(one):
        head_of = HeadProcess(one)
    from .config import load_config

    config, problems = load_config(
        {
            "theme": parsed.theme,
            "page_rows": parsed.page_rows,
            "memory_limit": parsed.memory_limit,
            "engine": parsed.engine,
            "token": parsed.token,
            "read_only": False if parsed.allow_writes else None,
        }
    )
    from dataclasses import replace

    from .images.terminal import choose_mode, prepare

    # asking the terminal about pictures must come before Textual reads the keyboard
    config = replace(config, images=prepare(choose_mode(config.images)))
    from .engine_boot import EngineBoot
    from .text_head import read_head

    # one file: its head is shown in the first frame and the engine starts after it — a CSV's
    # read with the standard library, a Parquet dataset's by the child (the app's first frame
    # waits a moment for it); else DuckDB loads and opens the files while Textual is imported
    # and sets up the screen
    head = read_head(one) if one and head_of is None and not config.engine else None
    targets = tuple(launch.targets)
    boot = EngineBoot(config, targets, launch.repo, launch.build_demo,
                      deferred=head is not None, head_of=head_of)  # fmt: skip
    if head is None and head_of is None:
        boot.wait_for_imports(timeout=1.0)
    from .app import FsdlApp

    FsdlApp(
        launch.targets,
        repo=launch.repo,
        build_demo=launch.build_demo,
        config=config,
        config_problems=problems,
        boot=boot,
        head=head,
    ).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
