"""A wide result is read a band of columns at a time: the columns on screen, not all of them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.column_bands import COLUMN_BAND, band_columns, band_count, columns_to_read
from fsdl_tui.config import Config
from fsdl_tui.engine.base import open_targets
from fsdl_tui.engine_boot import first_rows
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import grid_lines, record_fetches, settle

WIDTH = 100  # columns besides `i`: four bands


@pytest.fixture
def wide_parquet(tmp_path: Path) -> Path:
    """Rows i = 0..999; column c<k> holds i * 1000 + k, so every cell says where it is."""
    path = tmp_path / "wide.parquet"
    cells = ", ".join(f"i * 1000 + {k} AS c{k:03d}" for k in range(WIDTH))
    duckdb.sql(f"COPY (SELECT i, {cells} FROM range(1000) t(i)) TO '{path}'")
    return path


def test_bands_cover_every_column_once() -> None:
    assert band_count(0) == band_count(1) == band_count(COLUMN_BAND) == 1
    assert band_count(COLUMN_BAND + 1) == 2
    bands = [band_columns(b, 101) for b in range(band_count(101))]
    assert [i for band in bands for i in band] == list(range(101))
    assert columns_to_read(0, COLUMN_BAND) is None  # one band: the plain query, as before
    assert columns_to_read(3, 101) == range(96, 101)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM numbers",  # streamed
        "SELECT * FROM numbers ORDER BY n DESC",  # materialized
    ],
)
def test_a_window_of_some_columns_reads_those_by_position(engine, tmp_path: Path, sql) -> None:
    """The band is picked by position (names may repeat in a result: a join's `id`, `id`)."""
    path = tmp_path / "numbers.parquet"
    same = ", ".join(f"n + {k} AS a" for k in range(40))
    duckdb.sql(f"COPY (SELECT n, {same}, 'x' || n AS txt FROM range(50) t(n)) TO '{path}'")
    open_targets(engine, (str(path),))
    result = engine.query(sql).run()
    window = result.fetch(0, 3, 1, only=range(30, 42))
    assert window.column_names == [column.name for column in result.columns][30:42]
    rows = list(zip(*(column.to_pylist() for column in window.columns), strict=True))
    top = 49 if "DESC" in sql else 0
    assert list(rows[0][:11]) == [top + k for k in range(29, 40)]
    assert rows[0][11] == "x"  # cut to cell_chars, as a read of every column is


def test_the_first_rows_of_a_wide_file_are_its_first_band(wide_parquet: Path) -> None:
    from fsdl_tui.engine import create_engine

    engine = create_engine()
    try:
        opened = open_targets(engine, (str(wide_parquet),))
        made = first_rows(engine, opened, 128)
        assert made is not None and len(made.rows) == 128
        assert len(made.rows[0]) == COLUMN_BAND  # not the 101 columns: DuckDB decodes fewer
        assert made.rows[1][:3] == ("1", "1000", "1001")
    finally:
        engine.close()


async def test_the_grid_reads_the_band_it_scrolls_to_and_shows_true_values(
    wide_parquet: Path,
) -> None:
    app = FsdlApp([str(wide_parquet)], config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        asked: list = []
        record_fetches(grid.result, asked)
        assert grid.cell_value() == "0"
        await pilot.press("ctrl+right")  # the last column, in the last band
        await settle(pilot)
        assert grid.cell_value() == str(WIDTH - 1)
        assert any(f"{WIDTH - 1}" in line for line in grid_lines(app)[2:])
        assert asked and all(only is not None and len(only) <= COLUMN_BAND for only in asked)
        await pilot.press("end")  # the last row of the same band
        await settle(pilot)
        assert grid.cell_value() == str(999_000 + WIDTH - 1)
        for _ in range(50):  # back into the middle bands, cell by cell
            await pilot.press("left")
        await settle(pilot)
        column = grid.current_column
        assert column is not None and column.name == f"c{WIDTH - 51:03d}"
        assert grid.cell_value() == str(999_000 + WIDTH - 51)
        await pilot.press("ctrl+left")
        await settle(pilot)
        assert grid.cell_value() == "999"
        assert len(asked) <= 12  # bands and blocks it needed, not every column of every block
