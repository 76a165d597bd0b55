"""`fsdl-tui query` writing a big result (CSV, JSON lines) against DuckDB's own COPY of the same
query, each a cold process, with each process's peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .cases import Bench, Figure

COPY = {"csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json"}


def _peak_kib(pid: int) -> int:
    """The process's peak RSS so far (VmHWM: its own, not inherited across exec as the
    rusage of wait4 is on Linux)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one process, from launch to exit."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    peak = 0
    while process.poll() is None:
        peak = max(peak, _peak_kib(process.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{command[:4]} failed: {error[-300:]}")
    return elapsed, peak / 1024


def headless_output(bench: Bench, big: Path) -> list[Figure]:
    env = {**os.environ, **bench.env}
    view = big.name.removesuffix(".parquet")
    figures = []
    out_dir = Path(tempfile.mkdtemp(prefix="fsdl-bench-out-"))
    for rows in sorted({min(2_000_000, bench.rows), bench.rows}):
        for kind in ("csv", "jsonl"):
            target = out_dir / f"out.{kind}"
            sql = f"SELECT * FROM {view} LIMIT {rows}"
            ours = [_run([sys.executable, "-m", "fsdl_tui", "query", sql, str(big), "-o",
                          str(target)], env) for _ in range(bench.runs)]  # fmt: skip
            size = target.stat().st_size / 2**20
            copy = (f"import duckdb; duckdb.sql(\"COPY (SELECT * FROM read_parquet('{big}') "
                    f"LIMIT {rows}) TO '{target}' ({COPY[kind]})\")")  # fmt: skip
            floor = [_run([sys.executable, "-c", copy], env) for _ in range(bench.runs)]
            rss = statistics.median(r for _, r in ours)
            floor_rss = statistics.median(r for _, r in floor)
            figures.append(Figure(
                f"`fsdl-tui query -o out.{kind}`, {rows:,} rows", [t for t, _ in ours],
                [t for t, _ in floor], target="≤ 1.5× floor", limit=1.5,
                note=f"floor: a cold Python running DuckDB's COPY of the same query; "
                f"{size:.0f} MiB written; peak RSS {rss:.0f} MiB (COPY {floor_rss:.0f} MiB)",
            ))  # fmt: skip
    for leftover in out_dir.iterdir():
        leftover.unlink()
    out_dir.rmdir()
    return figures
