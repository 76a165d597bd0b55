"""Run the benchmark: `uv run --group bench [--group peers] python -m bench [--runs 3]`.

Generates its data once (into bench/.cache/), runs every case in a pseudo-terminal, prints a
table of medians and ratios to DuckDB's floor (and the peers, when installed) and writes it to
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import time
from importlib.metadata import version
from pathlib import Path

from . import cases, curves, data, headless
from .cases import Bench, Figure
from .entry_points import entry_points
from .results_table import merged

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
GROUPS = ("launch", "jumps", "grid", "memory", "datasets", "session", "dvc", "headless",
          "curves")  # fmt: skip


def _value(seconds: float, unit: str) -> str:
    return f"{seconds:.0f} {unit}" if unit != "s" else f"{seconds:.3f} s"


def table(figures: list[Figure]) -> list[str]:
    lines = [
        "| case | fsdl-tui | floor | ratio | target | met | peers |",
        "|---|---:|---:|---:|---|:-:|---|",
    ]
    for f in figures:
        floor = f.floor_median
        met = {True: "yes", False: "**no**", None: "–"}[f.met]
        peers = "; ".join(f"{k} {v}" for k, v in f.peers.items())
        lines.append(
            f"| {f.case} | {_value(f.median, f.unit)} | "
            f"{_value(floor, f.unit) if floor is not None else '–'} | "
            f"{f'{f.ratio:.2f}×' if f.ratio is not None else '–'} | {f.target} | {met} | {peers} |"
        )
    notes = [f"- {f.case}: {f.note}" for f in figures if f.note]
    return lines + (["", *notes] if notes else [])


def header(bench: Bench, elapsed: float) -> list[str]:
    versions = ", ".join(f"{p} {version(p)}" for p in ("fsdl-tui", "textual", "duckdb", "pyarrow"))
    return [
        "# fsdl-tui benchmark results",
        "",
        f"{datetime.date.today().isoformat()} · {os.cpu_count()} cores · "
        f"{platform.python_implementation()} {platform.python_version()} · {versions}",
        f"{bench.rows:,}-row tables · medians of {bench.runs} · run took {elapsed / 60:.1f} min · "
        "`uv run --group bench --group peers python -m bench`",
        "",
        "Times are from a key press (or the launch) to the emulated screen showing the answer,",
        "in a real pseudo-terminal (pyte). Floors are measured in the same run.",
        "",
    ]


def partial_header(
    top: list[str], old: list[str], only: list[str], elapsed: float, runs: int
) -> list[str]:
    """The header of a partial run: the last full run's line of sizes and duration kept, and
    which groups were run again since (their rows are from this run)."""
    sizes = next((i for i, line in enumerate(top) if "-row tables" in line), None)
    before = next((line for line in old if "-row tables" in line), None)
    if sizes is None or before is None:
        return top
    again = (f"The {', '.join(only)} rows are from a later `--only` run "
             f"({elapsed / 60:.1f} min, medians of {runs}).")  # fmt: skip
    marker = " rows are from a later `--only` run"

    def groups_of(line: str) -> set[str]:
        return set(line.removeprefix("The ").split(marker)[0].split(", "))

    # notes of groups run again now are replaced by this one
    kept = [line for line in old if marker in line and not groups_of(line) <= set(only)]
    return [*top[:sizes], before, *kept, again, *top[sizes + 1 :]]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=data.DEFAULT_CACHE)
    parser.add_argument("--only", nargs="*", choices=GROUPS, help="run only these groups")
    parser.add_argument("--no-peers", action="store_true", help="skip harlequin and visidata")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    # bytecode caches, as on an ordinary machine (a sandbox's PYTHONDONTWRITEBYTECODE would make
    # every cold start, ours and the floors', compile its imports again)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    bench = Bench(args.cache, args.rows, args.runs, peers=not args.no_peers)
    groups = set(args.only or GROUPS)
    print(f"generating data into {args.cache} (once) …", flush=True)
    big = data.parquet(args.cache, args.rows)
    figures: list[Figure] = []

    def run(new: list[Figure]) -> None:
        for figure in new:
            print("\n".join(table([figure])[2:3]), flush=True)
        figures.extend(new)

    if "launch" in groups:
        run([cases.first_screen(bench)])
        run([cases.first_rows(bench, big, "10M-row Parquet" if args.rows == 10_000_000
                              else f"{args.rows:,}-row Parquet",
                              f"read_parquet('{big}')")])  # fmt: skip
        big_csv = data.csv(args.cache, args.rows)
        run([cases.first_rows(bench, big_csv, "same rows as CSV", f"read_csv('{big_csv}')")])
        wide = data.wide(args.cache)
        run([cases.first_rows(bench, wide, "100-column Parquet (wide)",
                              f"read_parquet('{wide}')")])  # fmt: skip
        run(entry_points(bench, big))
    if "jumps" in groups:
        run(cases.jumps(bench, big))
    if "grid" in groups:
        run(cases.grid_work(bench, big))
    if "memory" in groups:
        small = data.parquet(args.cache, args.rows // 10)
        run(cases.memory(bench, small, big))
    if "datasets" in groups:
        made = (data.shards(args.cache, args.rows), data.jsonl(args.cache, args.rows),
                data.arrow_stream(args.cache, args.rows))  # fmt: skip
        run(cases.datasets(bench, *made))
        run([cases.gallery_rss(bench, data.pictures(args.cache))])
    if "session" in groups:
        run(cases.long_session(bench))
    if "dvc" in groups:
        run(cases.dvc_cases(bench))
    if "headless" in groups:
        run(headless.headless_output(bench, big))
    if "curves" in groups:
        run(curves.curves(bench))
    lines = table(figures)
    top = header(bench, time.perf_counter() - started)
    if args.only and args.output.exists():  # a partial run updates its rows, keeps the others
        old = args.output.read_text().splitlines()
        lines = merged(old, lines)
        top = partial_header(top, old, args.only, time.perf_counter() - started, args.runs)
    text = "\n".join(top + lines) + "\n"
    print("\n" + text)
    args.output.write_text(text)
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
