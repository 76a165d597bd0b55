"""How cost grows: first rows and memory over 1M, 10M and 100M rows and over 1 to 10,000 files,
a 1,000-column table, and DVC history over 200 and 5,000 commits and 2,000 outputs in one
`.dvc` — curves, each with its growth said."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from pathlib import Path

from . import data
from .cases import FIRST_ROW, Bench, Figure, _timed, launch_floor

WIDE_ROW = r"│\s+1\s+0 │"  # the first row of a table whose first column is `id`


def growth(sizes: list[int], values: list[float]) -> str:
    """`flat`, `linear` or `~n^k` between the last two points of a curve (where it is heading)
    — with the fixed cost (a launch) subtracted: the first point's value."""
    base = values[0] if len(values) > 2 else 0.0
    size_ratio = sizes[-1] / sizes[-2]
    value_ratio = (values[-1] - base) / max(values[-2] - base, values[-1] * 0.05, 1e-9)
    if value_ratio < 1.5:
        return "flat"
    exponent = math.log(value_ratio) / math.log(size_ratio)
    return "linear" if 0.75 <= exponent <= 1.25 else f"~n^{exponent:.2f}"


def _launch(bench: Bench, path: Path, pattern: str) -> tuple[float, float]:
    """Seconds from launch to the first rows, and the app's RSS (MiB) then."""
    with bench.app(str(path)) as term:
        seconds = term.wait_for_since(pattern, term.started, timeout=300)
        return seconds, term.rss_mb()


def _curve(bench: Bench, label: str, unit: str, points: list[tuple[int, Path, str]],
           pattern: str = FIRST_ROW) -> list[Figure]:  # fmt: skip
    figures, times, memory = [], [], []
    for size, path, reader in points:
        runs = [_launch(bench, path, pattern) for _ in range(bench.runs)]
        seconds = [s for s, _ in runs]
        rss = statistics.median(m for _, m in runs)
        floor = bench.repeat(lambda reader=reader: bench.cold_python(launch_floor(reader)))
        times.append(statistics.median(seconds))
        memory.append(rss)
        figures.append(Figure(f"curve: launch → first rows, {label} {size:,} {unit}", seconds,
                              floor, note=f"RSS at first rows {rss:.0f} MiB"))  # fmt: skip
    sizes = [size for size, _, _ in points]
    if len(sizes) > 1:
        figures[-1].note += (f"; from {sizes[-2]:,} to {sizes[-1]:,} {unit} (beyond the "
                             f"launch's own cost): time {growth(sizes, times)}, memory "
                             f"{growth(sizes, memory)}")  # fmt: skip
    return figures


def rows_curve(bench: Bench) -> list[Figure]:
    points = []
    for rows in (1_000_000, 10_000_000, 100_000_000):
        path = data.parquet(bench.cache, rows)
        points.append((rows, path, f"read_parquet('{path}')"))
    return _curve(bench, "Parquet of", "rows", points)


def files_curve(bench: Bench) -> list[Figure]:
    points = []
    for files in (1, 100, 1_000, 10_000):
        folder = data.folder_of(bench.cache, files)
        points.append((files, folder, f"read_parquet('{folder}/*.parquet')"))
    return _curve(bench, "a folder of", "files", points)


def wide_table(bench: Bench) -> list[Figure]:
    path = data.wide(bench.cache, rows=100_000, columns=1_000)
    return _curve(bench, "Parquet of 100,000 rows ×", "columns",
                  [(1_000, path, f"read_parquet('{path}')")], WIDE_ROW)  # fmt: skip


VERSIONS = """
import sys
from pathlib import Path
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.repo import open_repo
print(len(History(open_repo(Path(sys.argv[1]))).versions(sys.argv[2])))
"""
SNAPSHOT = """
import sys
from pathlib import Path
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.repo import open_repo
from fsdl_tui.dvc.snapshot import load_snapshot
load_snapshot(History(open_repo(Path(sys.argv[1]))))
"""


def _cold(bench: Bench, code: str, *args: str) -> list[float]:
    return bench.repeat(lambda: _timed(lambda: subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True)))  # fmt: skip


IMPORTS = "import fsdl_tui.dvc.history, fsdl_tui.dvc.repo, fsdl_tui.dvc.snapshot"


def dvc_curves(bench: Bench) -> list[Figure]:
    figures, medians = [], []
    counts = (200, 5_000)
    start = statistics.median(_cold(bench, IMPORTS))  # a cold process's own cost
    for commits in counts:
        root = data.dvc_long_history(bench.cache, commits)
        times = _cold(bench, VERSIONS, str(root), "data/train.csv")
        medians.append(statistics.median(times) - start)
        label = f"curve: DVC history of a file, {commits:,} commits (cold)"
        limit = 0.5 if commits == 200 else None
        figures.append(Figure(label, times, target="≤ 0.5 s at 200", limit=limit))
    figures[-1].note = (f"from {counts[0]:,} to {counts[-1]:,} commits (beyond the "
                        f"{start:.2f} s of starting Python and importing): "
                        f"{growth(list(counts), medians)}")  # fmt: skip
    root = data.dvc_many_outputs(bench.cache)
    one = _cold(bench, VERSIONS, str(root), "data/f_0001.csv")
    whole = _cold(bench, SNAPSHOT, str(root))
    figures.append(Figure("curve: DVC history of one of 2,000 outputs in one .dvc, 200 commits",
                          one))  # fmt: skip
    figures.append(Figure("curve: DVC pane's snapshot, 2,000 outputs × 200 commits (cold)",
                          whole, note="every output's versions: 17,880"))  # fmt: skip
    return figures


def curves(bench: Bench) -> list[Figure]:
    return [*rows_curve(bench), *files_curve(bench), *wide_table(bench), *dvc_curves(bench)]
