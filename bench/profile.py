"""Profile fsdl-tui where a target is out of reach: `uv run --group bench python -m bench.profile`.

Runs the app in the benchmark's pseudo-terminal under pyinstrument (every thread's Python, the UI
thread's asyncio loop included) from launch to the first rows of the 10M-row Parquet, and from a
key press (F: frequency of a column) to its table on screen. Text profiles go to bench/profiles/.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from . import data
from .cases import FIRST_ROW
from .terminal import Terminal

OUT = Path(__file__).resolve().parent / "profiles"


def _profiled_app() -> None:
    """Inside the pty: start the profiler, run the app; SIGUSR1 writes the profile so far,
    SIGUSR2 starts a fresh one (the bench sends them as the screen changes)."""
    from pyinstrument import Profiler

    folder = Path(os.environ["FSDL_BENCH_PROFILE"])
    state = {"profiler": Profiler(interval=0.001, async_mode="disabled"), "written": 0}
    state["profiler"].start()

    def write(*_: object) -> None:
        profiler = state["profiler"]
        if profiler.is_running:
            profiler.stop()
            state["written"] += 1
            text = profiler.output_text(
                unicode=True,
                show_all=False,
                processor_options={"show_regex": r".*/(textual|fsdl_tui|rich|duckdb)/.*"},
            )
            (folder / f"profile-{state['written']}.txt").write_text(text)

    def restart(*_: object) -> None:
        state["profiler"] = Profiler(interval=0.001, async_mode="disabled")
        state["profiler"].start()

    signal.signal(signal.SIGUSR1, write)
    signal.signal(signal.SIGUSR2, restart)
    from fsdl_tui.cli import main

    main(sys.argv[2:])


def _run(path: Path) -> None:
    OUT.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "bench.profile", "--inside", str(path)]
    env = {"FSDL_BENCH_PROFILE": str(OUT)}
    with Terminal(command, env=env, cwd=Path(__file__).resolve().parent.parent) as term:
        launch = term.wait_for_since(FIRST_ROW, term.started)
        os.kill(term.pid, signal.SIGUSR1)
        time.sleep(1.0)
        for key in ("ctrl+r", "right", "right"):
            term.press(key)
            time.sleep(0.3)
        os.kill(term.pid, signal.SIGUSR2)
        time.sleep(0.2)
        key = term.press_and_wait("F", r"│\s+1\s+\d+ │\s+10000 │")
        time.sleep(0.1)  # the frame after: Textual's writes
        os.kill(term.pid, signal.SIGUSR1)
        time.sleep(0.5)
    (OUT / "profile-1.txt").replace(OUT / "launch_first_rows.txt")
    (OUT / "profile-2.txt").replace(OUT / "frequency_key.txt")
    print(f"first rows after {launch:.3f} s (profiled): {OUT / 'launch_first_rows.txt'}")
    print(f"frequency table after {key:.3f} s (profiled): {OUT / 'frequency_key.txt'}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        _profiled_app()
        return
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--cache", type=Path, default=data.DEFAULT_CACHE)
    args = parser.parse_args()
    _run(data.parquet(args.cache, args.rows))


if __name__ == "__main__":
    main()
