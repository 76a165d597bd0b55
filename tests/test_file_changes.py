"""Files that change, vanish or appear while the app has them open: a clear message, F9 reloads."""

from __future__ import annotations

from pathlib import Path

import duckdb

from fsdl_tui.app import FsdlApp
from fsdl_tui.state import QueryStatus

from .helpers import grid_lines, run_sql, settle

SIZE = (120, 34)


def write(path: Path, sql: str) -> None:
    duckdb.sql(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")


async def test_a_vanished_file_is_reported_and_reload_drops_it(tmp_path: Path) -> None:
    write(tmp_path / "keep.parquet", "SELECT 1 AS a")
    write(tmp_path / "gone.parquet", "SELECT 2 AS b")
    app = FsdlApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (tmp_path / "gone.parquet").unlink()
        await run_sql(pilot, "SELECT * FROM gone")
        assert app.state.query.status is QueryStatus.FAILED
        assert app.state.query.error_title == "A file changed on disk"
        assert "F9" in app.state.query.error
        await pilot.press("f9")
        await settle(pilot)
        assert [s.name for s in app.state.data.sources] == ["keep"]
        assert app.is_running


async def test_a_rewritten_file_reads_as_it_is_now_after_reload(tmp_path: Path) -> None:
    path = tmp_path / "labels.parquet"
    write(path, "SELECT 1 AS a")
    app = FsdlApp([str(path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        write(path, "SELECT 1 AS a, 'new' AS added_column FROM range(3)")  # e.g. a dvc checkout
        await run_sql(pilot, "SELECT * FROM labels")
        await pilot.press("f9")
        await settle(pilot)
        source = app.state.data.source("labels")
        assert source is not None and source.rows == 3
        assert [c.name for c in source.columns] == ["a", "added_column"]
        assert app.state.query.status is QueryStatus.DONE
        assert any("new" in line for line in grid_lines(app))


async def test_reload_finds_files_added_to_an_opened_folder(tmp_path: Path) -> None:
    write(tmp_path / "first.parquet", "SELECT 1 AS a")
    app = FsdlApp([str(tmp_path)])  # read-only: the sandbox must allow the folder, not the file
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        write(tmp_path / "second.parquet", "SELECT 2 AS b")
        await pilot.press("f9")
        await settle(pilot)
        assert sorted(s.name for s in app.state.data.sources) == ["first", "second"]
        await run_sql(pilot, "SELECT * FROM second")
        assert app.state.query.status is QueryStatus.DONE, app.state.query.error


async def test_a_file_rewritten_with_its_schema_is_read_anew_by_the_next_query(
    tmp_path: Path,
) -> None:
    """Parquet footers are cached between queries: a rewrite (same name, same columns, in the
    same second) must not be answered from the old footer."""
    path = tmp_path / "labels.parquet"
    write(path, "SELECT 1 AS a")
    app = FsdlApp([str(path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT current_setting('parquet_metadata_cache') AS cached")
        assert grid_lines(app)[2].split() == ["1", "true", "│"]  # footers are kept
        await run_sql(pilot, "SELECT count(*) AS n, sum(a) AS total FROM labels")
        assert grid_lines(app)[2].split() == ["1", "1", "│", "1", "│"]
        write(path, "SELECT range + 10 AS a FROM range(3)")
        await run_sql(pilot, "SELECT count(*) AS n, sum(a) AS total FROM labels")
        assert app.state.query.status is QueryStatus.DONE
        assert grid_lines(app)[2].split() == ["1", "3", "│", "33", "│"]
