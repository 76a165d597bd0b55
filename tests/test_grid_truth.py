"""What the grid shows is true at 80x24: every cell on screen is its whole value or says `…`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.formatting import NULL_TEXT, format_table
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import grid_lines, settle, shown_result


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    path = tmp_path / "wide.parquet"
    duckdb.sql(
        f"""COPY (SELECT 4665223 + i AS id, i % 1000 AS grp,
            (i + 1) * 3.4600473120357427e-07 AS tiny,
            'a fairly long label number ' || i || ' that goes on and on past forty chars' AS text,
            {{'x': i, 'name': 'struct value ' || i}} AS s,
            [i, i + 1, i + 2, 123456789] AS l,
            -1.0e300 * (i + 1) AS huge
        FROM range(500) t(i)) TO '{path}'"""
    )
    return path


def assert_every_cell_true(app) -> None:
    grid = app.query_one(ResultGrid)
    top = round(grid.scroll_y)
    rows = format_table(shown_result(app).fetch(top, grid.body_height))
    lines = grid_lines(app)[2:]
    for line, row in zip(lines, rows, strict=False):
        whole = {NULL_TEXT if v is None else v for v in row}
        data = line[grid.gutter_width :]
        for fragment in data.split("│"):
            text = fragment.strip()
            if not text or text in whole:
                continue
            assert text.startswith("…") or text.endswith("…"), (text, line)
            # a cut value is a piece of a real one, never another number
            piece = text.strip("…")
            assert any(piece in value for value in whole), (text, line)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_walking_across_every_column_shows_only_true_cells(wide: Path, size) -> None:
    app = FsdlApp([str(wide)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        for sort in (None, "S"):
            if sort:
                grid.move_cursor(col=2)
                await pilot.press(sort)
                await settle(pilot)
            grid.move_cursor(col=0)
            await settle(pilot)
            for column in range(len(grid.columns)):
                grid.move_cursor(col=column)
                await settle(pilot)
                assert_every_cell_true(app)
                # the cursor's cell is wholly in view (cut only by its own width, marked)
                line = grid_lines(app)[2 + grid.cursor_row - round(grid.scroll_y)]
                value = format_table(shown_result(app).fetch(grid.cursor_row, 1))[0][column]
                width = grid.columns[column].width
                shown = value if len(value) <= width else value[: width - 1] + "…"
                if shown not in line:  # wider than the view: from its left edge, marked
                    visible = line[grid.gutter_width + 1 :].rstrip()
                    assert visible.endswith("…") and shown.startswith(visible[:-1]), line
            await pilot.press("end")
            await settle(pilot)
            assert_every_cell_true(app)


async def test_underscore_widens_the_cursor_column_to_its_whole_values(wide: Path) -> None:
    app = FsdlApp([str(wide)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(col=3)
        await settle(pilot)
        assert any("…" in line for line in grid_lines(app)[2:])
        narrow = grid.columns[3].width
        await pilot.press("underscore")
        await settle(pilot)
        assert grid.columns[3].width > narrow
        value = format_table(shown_result(app).fetch(0, 1))[0][3]
        assert value in grid_lines(app)[2]
        await pilot.press("underscore")
        await settle(pilot)
        assert grid.columns[3].width == narrow


async def test_a_view_ending_in_a_columns_padding_says_more_columns_follow(
    tmp_path: Path,
) -> None:
    """At 80 columns the grid's view can end in the padding before a column: no value is cut,
    yet columns follow; the padding shows `…` (after the separator, never over a value)."""
    path = tmp_path / "narrow.parquet"
    duckdb.sql(f"COPY (SELECT i AS a, i * 10 AS bb, 'xyz' AS c, i AS d, i AS e, i AS f, i AS g "
               f"FROM range(50) t(i)) TO '{path}'")  # fmt: skip
    app = FsdlApp([str(path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = grid_lines(app)[2]  # the first row: a, bb, c and d fit; e's padding shows
        assert line.rstrip().endswith("│…"), line
        assert_every_cell_true(app)


async def test_rows_read_ahead_widen_the_columns_only_once_shown(tmp_path: Path) -> None:
    """The last screen is read ahead (End is then a repaint): its longer values widen their
    column when End shows them, not while the first rows are read (the columns moved under
    the user as the read-ahead came in); columns never get narrower again."""
    path = tmp_path / "tail.parquet"
    duckdb.sql(
        f"""COPY (SELECT i AS n, CASE WHEN i >= 4990 THEN repeat('w', 30) ELSE 'short' END AS s
        FROM range(5000) t(i)) TO '{path}'"""
    )
    app = FsdlApp([str(path)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        await settle(pilot)
        narrow = grid.columns[1].width
        assert narrow < 30
        await pilot.press("end")
        await settle(pilot)
        assert grid.columns[1].width == 30
        assert any("w" * 30 in line for line in grid_lines(app))
        await pilot.press("home")
        await settle(pilot)
        assert grid.columns[1].width == 30


async def test_the_cursor_column_stays_in_sight_as_wider_rows_scroll_in(tmp_path: Path) -> None:
    """A wide result (read a band of columns at a time), the cursor on a column at the right:
    rows read ahead and then scrolled into sight (PgDn) whose values left of it are longer
    widen those columns, and the view follows so that the cursor's column stays on screen."""
    path = tmp_path / "wide_tail.parquet"
    columns = ", ".join(  # longer values from the 17th block of 256 rows on
        f"CASE WHEN i >= 4096 THEN repeat('w', 20) ELSE 'c{c}' END AS c{c}" for c in range(40)
    )
    duckdb.sql(f"COPY (SELECT {columns} FROM range(5000) t(i)) TO '{path}'")
    app = FsdlApp([str(path)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(row=4040, col=6)
        await settle(pilot)
        assert grid.columns[0].width < 20 and "c6" in grid_lines(app)[0].split()
        while grid.cursor_row < 4110:
            await pilot.press("pagedown")
            await settle(pilot)
        assert grid.columns[0].width == 20
        assert "c6" in grid_lines(app)[0].split()  # the header of the cursor's column
