"""A long session, in process: `uv run --group bench python -m bench.session [--queries 1000]`.

- the UI's event loop while a query runs for many seconds: a probe sleeps 10 ms at a time on the
  app's loop and records how late it wakes (the latency a key press would see), and how long Esc
  takes to show the query as cancelled;
- 1,000 queries one after another (sorts, filters, frequencies, profiles of a 1M-row Parquet):
  the process's RSS and DuckDB's own memory after every 100, and the result tables left.
Prints one JSON object (bench/__main__.py turns it into rows of RESULTS.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from fsdl_tui.app import FsdlApp
from fsdl_tui.screens.data_pane import DataPane
from fsdl_tui.state import QueryStatus

from . import data
from .terminal import _rss_kb

# CPU-bound for a minute or more, in little memory: 2,000 MD5s of each of 1M rows
LONG_QUERY = (
    "SELECT count(*) FROM big_{rows} a, range(2000) b(i) WHERE md5(a.hash || b.i::VARCHAR) < '0001'"
)


def rss_mb() -> float:
    import os

    return _rss_kb(os.getpid()) / 1024


async def wait_done(app: FsdlApp, timeout: float = 120.0) -> None:
    start = time.monotonic()
    while app.state.query.status is QueryStatus.RUNNING or not app.state.query.sql:
        if time.monotonic() - start > timeout:
            raise TimeoutError("the query did not finish")
        await asyncio.sleep(0.002)


async def run_sql(app: FsdlApp, sql: str) -> None:
    previous = app.state.query.job_id
    app.query_one(DataPane).post_message(DataPane.RunQuery(sql))
    while app.state.query.job_id == previous:
        await asyncio.sleep(0.001)
    await wait_done(app)


async def loop_latency(app: FsdlApp, seconds: float) -> list[float]:
    """How late a 10 ms sleep on the app's loop wakes, sampled for `seconds`."""
    lags = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - before - 0.01)
    return lags


async def session(path: Path, small: Path, queries: int) -> dict[str, object]:
    rows = path.stem.split("_")[1]
    app = FsdlApp([str(path), str(small)])
    figures: dict[str, object] = {}
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_done(app)
        await pilot.pause(1.0)
        # --- a long query: loop latency while it runs, then Esc
        app.query_one(DataPane).post_message(DataPane.RunQuery(LONG_QUERY.format(rows=rows)))
        await pilot.pause(0.2)
        lags = await loop_latency(app, 5.0)
        assert app.state.query.status is QueryStatus.RUNNING, "the long query ended too soon"
        pressed = time.perf_counter()
        await pilot.press("escape")
        while app.state.query.status is QueryStatus.RUNNING:
            await asyncio.sleep(0.001)
        figures["cancel_s"] = time.perf_counter() - pressed
        figures["cancelled_shown"] = app.state.query.status is QueryStatus.CANCELLED
        figures["lag_median_ms"] = statistics.median(lags) * 1000
        figures["lag_p99_ms"] = sorted(lags)[int(len(lags) * 0.99)] * 1000
        figures["lag_max_ms"] = max(lags) * 1000
        # --- many queries
        rows = small.stem.split("_")[1]
        base = f"SELECT * FROM big_{rows}"
        dialect = app.engine.dialect
        kinds = [
            dialect.sort(base, "score", descending=False),
            dialect.filter_value(base, "category", 7, "BIGINT", negate=False),
            dialect.frequency(base, "user_name"),
            dialect.profile(base, "qty"),
            f"SELECT * FROM big_{rows} WHERE qty > 50 ORDER BY ts DESC",
        ]
        samples = []
        start = time.perf_counter()
        for i in range(queries):
            await run_sql(app, f"{kinds[i % len(kinds)]} -- {i}")
            if i % 100 == 0 or i == queries - 1:
                await pilot.pause(0.2)
                samples.append((i + 1, rss_mb(), duckdb_memory_mb(app)))
        figures["queries"] = queries
        figures["queries_s"] = time.perf_counter() - start
        figures["rss_samples"] = samples
        figures["result_tables_left"] = result_tables(app)
    return figures


def duckdb_memory_mb(app: FsdlApp) -> float:
    cursor = app.engine.cursor()
    try:
        used = cursor.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()
        return (used[0][0] or 0) / 2**20
    finally:
        cursor.close()


def result_tables(app: FsdlApp) -> int:
    """Materialized results still open (each holds a TEMP table on a cursor of its own)."""
    import gc

    from fsdl_tui.engine.duckdb_results import MaterializedResult

    return sum(1 for o in gc.get_objects() if isinstance(o, MaterializedResult) and not o.closed)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.session")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=1_000_000, help="the long query's table")
    parser.add_argument("--small-rows", type=int, default=100_000, help="the 1,000 queries'")
    parser.add_argument("--cache", type=Path, default=data.DEFAULT_CACHE)
    args = parser.parse_args()
    path = data.parquet(args.cache, args.rows)
    small = data.parquet(args.cache, args.small_rows)
    print(json.dumps(asyncio.run(session(path, small, args.queries))))


if __name__ == "__main__":
    main()
