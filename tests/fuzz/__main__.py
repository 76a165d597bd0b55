"""`uv run python -m tests.fuzz [--seed 1] [--count 1200]`: the full fuzz run, each case in a
supervised child process (a DuckDB crash or a hang is counted, not fatal). Exit 1 on any bug,
crash or hang; reproduce one case with `--in-process --start N --count 1`."""

from __future__ import annotations

import argparse
import sys

from .run import cases, run_case, summary, supervise, worker


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--in-process", action="store_true", help="no child processes")
    args = parser.parse_args()
    if args.worker:
        worker(args.seed, args.start, args.count)
        return 0
    if args.in_process:
        outcomes = [run_case(case) for case in cases(args.seed, args.count, args.start)]
    else:
        outcomes = supervise(args.seed, args.count)
    print(summary(outcomes))
    return 1 if any(o.verdict in ("bug", "crash", "hang") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
