"""The Data pane on Spark, driven like a user: the same keys and screens as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.config import Config
from fsdl_tui.screens.profile_screen import ProfileScreen
from fsdl_tui.state import QueryStatus
from fsdl_tui.widgets.result_grid import ResultGrid
from fsdl_tui.widgets.status_line import StatusLine

from .helpers import grid_lines, run_sql, settle, shown_result

SIZE = (120, 34)


@pytest.fixture
def labels(tmp_path: Path) -> Path:
    path = tmp_path / "labels.parquet"
    duckdb.sql(
        "COPY (SELECT i AS id, ['cat', 'dog', 'dog', 'bird'][i % 4 + 1] AS label, i * 0.5 AS score "
        f"FROM range(2000) t(i)) TO '{path}' (FORMAT parquet)"
    )
    return path


async def test_the_data_pane_on_spark(spark_url: str, labels: Path) -> None:
    app = FsdlApp([str(labels)], config=Config(engine=spark_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.engine_name == "spark"
        assert "spark" in str(app.query_one(StatusLine).render())
        assert shown_result(app).row_count == 2000
        grid = app.query_one(ResultGrid)
        grid.focus()
        await pilot.press("S")  # sort ↓ on id: runs on the server
        await settle(pilot)
        assert shown_result(app).fetch(0, 1).to_pylist()[0]["id"] == 1999
        await pilot.press("end")
        await settle(pilot)
        assert any("2,000" in line and " 0 " in line for line in grid_lines(app))
        grid.move_cursor(row=0, col=1)
        await pilot.press("F")  # frequency of label
        await settle(pilot)
        first = shown_result(app).fetch(0, 1).to_pylist()[0]
        assert (first["label"], first["count"]) == ("dog", 1000)
        await pilot.press("u", "u")
        await settle(pilot)
        grid.move_cursor(row=0, col=2)
        await pilot.press("I")  # profile of score
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("escape")
        await run_sql(pilot, "SELECT nope FROM labels")
        assert app.state.query.status is QueryStatus.FAILED
        assert "nope" in app.state.query.error
        await run_sql(pilot, "CREATE TABLE t AS SELECT 1")
        assert app.state.query.error_title == "Blocked in read-only mode"
        assert app.is_running


async def test_an_unreachable_cluster_is_a_clear_message(labels: Path) -> None:
    pytest.importorskip("pyspark", reason="needs pyspark: uv run --extra spark pytest")
    app = FsdlApp([str(labels)], config=Config(engine="sc://127.0.0.1:9"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=200)
        assert app.engine is None and app.is_running
