"""Launch fsdl-tui on a 10M-row Parquet in a real terminal (tmux) and time what a user sees.

    uv run python bench/tmux_paging.py [--rows 10000000]

Prints: launch to first data row on screen, End / go-to-row / PgDn from key to repainted rows,
and the app's RSS (peak while paging), next to DuckDB's own time for the same `LIMIT 100` read.
The data is generated once into bench/.cache/.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
SESSION = "fsdl-bench"


def make_parquet(rows: int) -> Path:
    path = CACHE / f"big_{rows}.parquet"
    if path.exists():
        return path
    import duckdb

    CACHE.mkdir(parents=True, exist_ok=True)
    duckdb.connect().execute(
        f"""COPY (SELECT i AS id, 'user_' || (i % 100000) AS user_name, (i % 1000) AS category,
        random() AS score, (random() * 100)::INT AS qty,
        TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, (i % 7 = 0) AS flag,
        md5(i::VARCHAR) AS hash FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)"""
    )
    return path


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(pattern: str, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    regex = re.compile(pattern)
    while time.perf_counter() - start < timeout:
        if regex.search(screen()):
            return time.perf_counter() - start
        time.sleep(0.005)
    raise TimeoutError(f"{pattern!r} not on screen after {timeout}s:\n{screen()}")


def app_pid() -> int:
    """The app's Python process (not the shell tmux started it with)."""
    out = subprocess.run(["pgrep", "-f", "fsdl_tui.cli"], capture_output=True, text=True).stdout
    pids = [int(p) for p in out.split()]
    return max(pids, key=rss_mb)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def duckdb_floor(path: Path) -> float:
    code = (
        "import duckdb, textual, pyarrow;"
        f"duckdb.connect().sql(\"SELECT * FROM read_parquet('{path}') LIMIT 100\").to_arrow_table()"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def one_session(path: Path, rows: int) -> dict[str, float]:
    tmux("kill-session", "-t", SESSION)
    cmd = f"{sys.executable} -m fsdl_tui.cli {path}"
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "35", cmd)
    wait_for(r"│\s+1\s+0 │ user_0 ")
    figures = {"first_rows_s": time.perf_counter() - start}
    time.sleep(0.5)
    pid = app_pid()
    tmux("send-keys", "-t", SESSION, "C-r")
    time.sleep(0.3)
    t0 = time.perf_counter()
    tmux("send-keys", "-t", SESSION, "End")
    wait_for(rf"{rows:,}\s+{rows - 1}")
    figures["end_s"] = time.perf_counter() - t0
    tmux("send-keys", "-t", SESSION, "C-g")
    time.sleep(0.3)
    target = rows // 2 + 12345
    tmux("send-keys", "-t", SESSION, str(target))
    t0 = time.perf_counter()
    tmux("send-keys", "-t", SESSION, "Enter")
    wait_for(rf"{target:,}\s+{target - 1}")
    figures["goto_s"] = time.perf_counter() - t0
    pgdn = []
    peak = rss_mb(pid)
    for _ in range(20):
        before = screen()
        t0 = time.perf_counter()
        tmux("send-keys", "-t", SESSION, "PPage" if _ % 2 else "NPage")
        while screen() == before:
            time.sleep(0.002)
        pgdn.append(time.perf_counter() - t0)
        peak = max(peak, rss_mb(pid))
    # page through the file in big jumps, as far as a user holding keys would get
    for k in range(1, 50):
        tmux("send-keys", "-t", SESSION, "C-g")
        time.sleep(0.05)
        tmux("send-keys", "-t", SESSION, f"{k * 2}%", "Enter")
        time.sleep(0.05)
        peak = max(peak, rss_mb(pid))
    figures["page_key_s"] = statistics.median(pgdn)
    figures["peak_rss_mb"] = peak
    tmux("kill-session", "-t", SESSION)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    path = make_parquet(args.rows)
    runs = [one_session(path, args.rows) for _ in range(args.runs)]
    floor = statistics.median(duckdb_floor(path) for _ in range(args.runs))
    print(f"{args.rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB, medians of {args.runs}")
    for key in runs[0]:
        print(f"  {key:14s} {statistics.median(r[key] for r in runs):8.3f}")
    print(f"  duckdb floor   {floor:8.3f}  (python + import textual, duckdb, pyarrow + LIMIT 100)")
    first = statistics.median(r["first_rows_s"] for r in runs)
    print(f"  first rows / floor = {first / floor:.2f}x")


if __name__ == "__main__":
    main()
