"""Names are data too: a file stem that is a SQL keyword and columns named by keywords, empty,
duplicated (also by case), or holding dots and quotes — every explore key works on each."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.screens.profile_screen import HistogramScreen, ProfileScreen
from fsdl_tui.state import QueryStatus
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import settle, shown_result

NAMES = ["select", "", "a", "a", "a.b", 'it\'s "q"', "order", "A"]
SHOWN = ["select", "C1", "a", "a_1", "a.b", 'it\'s "q"', "order", "A_2"]  # as DuckDB names them


@pytest.fixture
def keyword_file(tmp_path: Path) -> Path:
    columns = [[3, 1, 2], ["x", "y", "x"], [1, 2, 3], [4, 5, 6], [0.5, 1.5, 2.5],
               ["p", "q", "p"], [10, 20, 30], [7, 8, 9]]  # fmt: skip
    table = pa.Table.from_arrays([pa.array(c) for c in columns], names=NAMES)
    path = tmp_path / "binary.parquet"  # `binary` is a SQL type name
    pq.write_table(table, path)
    return path


async def ok(pilot) -> None:
    await settle(pilot)
    query = pilot.app.state.query
    assert query.status is not QueryStatus.FAILED and not query.error, query.error


async def test_every_explore_key_on_every_odd_name(keyword_file: Path) -> None:
    app = FsdlApp([str(keyword_file)])
    async with app.run_test(size=(100, 30)) as pilot:
        await ok(pilot)
        result = shown_result(app)
        assert [c.name for c in result.columns] == SHOWN and result.row_count == 3
        assert app.state.data.sources[0].name == "binary_"
        grid = app.query_one(ResultGrid)
        for col, name in enumerate(SHOWN):
            grid.focus()
            grid.move_cursor(row=0, col=col)
            await pilot.press("S")  # sort descending
            await ok(pilot)
            first = shown_result(app).fetch(0, 1).column(col).to_pylist()[0]
            values = [v for v in result.fetch(0, 3).column(col).to_pylist()]
            assert first == max(values), name
            await pilot.press("equals_sign")  # keep rows equal to the cell
            await ok(pilot)
            assert shown_result(app).row_count == values.count(first), name
            await pilot.press("F")  # frequency
            await ok(pilot)
            assert shown_result(app).columns[0].name == name
            await pilot.press("u", "u", "u")
            await ok(pilot)
            assert shown_result(app).row_count == 3
            grid.move_cursor(col=col)
            await pilot.press("I")  # profile
            await settle(pilot)
            assert isinstance(app.screen, ProfileScreen), name
            await pilot.press("escape")
            await pilot.press("H")  # histogram (of the text lengths for text)
            await settle(pilot)
            assert isinstance(app.screen, HistogramScreen), name
            assert app.screen.rows, name
            await pilot.press("escape")
            await pilot.press("minus")  # hide the column
            await ok(pilot)
            assert name not in [c.name for c in shown_result(app).columns]
            await pilot.press("u")
            await ok(pilot)
