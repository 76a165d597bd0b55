"""Exploring a result without writing SQL: every action shows its SQL and runs on all rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from fsdl_tui.app import FsdlApp
from fsdl_tui.screens.profile_screen import HistogramScreen, ProfileScreen
from fsdl_tui.state import QueryStatus
from fsdl_tui.widgets.result_grid import ResultGrid
from fsdl_tui.widgets.sql_editor import SqlEditor

from .helpers import grid_lines, run_sql, send_at_once, settle, shown_result

SIZE = (120, 34)


@pytest.fixture
def labels_parquet(tmp_path: Path) -> Path:
    import duckdb

    path = tmp_path / "labels.parquet"
    duckdb.connect().execute(
        "COPY (SELECT i AS id, ['cat', 'dog', 'dog', 'bird'][i % 4 + 1] AS label, "
        "i * 1.5 AS score, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS ts "
        f"FROM range(10000) t(i)) TO '{path}' (FORMAT parquet)"
    )
    return path


async def start(pilot, column: int) -> ResultGrid:
    await settle(pilot)
    grid = pilot.app.query_one(ResultGrid)
    grid.focus()
    grid.move_cursor(col=column)
    return grid


def result_rows(app, limit: int = 10) -> list[dict]:
    return shown_result(app).fetch(0, limit).to_pylist()


async def test_sort_both_ways_on_the_full_result(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, column=2)
        await pilot.press("S")
        await settle(pilot)
        assert 'ORDER BY "score" DESC' in app.query_one(SqlEditor).text
        assert result_rows(app, 1)[0]["id"] == 9999
        await pilot.press("s")
        await settle(pilot)
        assert result_rows(app, 1)[0]["id"] == 0


async def test_filter_to_and_away_from_the_cell_value(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, column=1)  # label of row 1: 'cat'
        await pilot.press("equals_sign")
        await settle(pilot)
        assert shown_result(app).row_count == 2500
        assert "IS NOT DISTINCT FROM 'cat'" in app.query_one(SqlEditor).text
        await pilot.press("u")
        await settle(pilot)
        assert shown_result(app).row_count == 10_000
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert shown_result(app).row_count == 7500


async def test_where_expression_frequency_and_undo(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, column=1)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"id < 100", "enter")
        await settle(pilot)
        assert shown_result(app).row_count == 100
        await pilot.press("F")
        await settle(pilot)
        rows = result_rows(app)
        assert rows[0]["label"] == "dog" and rows[0]["count"] == 50 and rows[0]["percent"] == 50
        assert "█" in rows[0]["bar"]
        assert "dog" in grid_lines(app)[2]
        await pilot.press("u")
        await settle(pilot)
        assert shown_result(app).row_count == 100


async def test_keys_typed_right_behind_w_and_c_are_the_answer(labels_parquet: Path) -> None:
    """W or C, the answer and Enter sent at once (a fast typist, a script): the answer's keys
    went to the grid, focused until the question came up (`s` sorted, `c` asked again, the
    rest was lost) and Enter opened the cell inspector. They are typed into the question."""
    from fsdl_tui.widgets.prompt_bar import PromptBar

    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await start(pilot, column=1)
        sql = app.state.query.sql
        send_at_once(app, "c", *"score", "enter")
        await settle(pilot)
        assert grid.cursor_col == 2 and app.focused is grid
        assert app.state.query.sql == sql and app.screen is grid.screen  # no sort, no inspector
        send_at_once(app, "w", *"id < 100 AND label = 'dog'", "enter")
        await settle(pilot)
        assert shown_result(app).row_count == 50
        assert not app.query_one(PromptBar).asking and app.focused is grid


async def test_hide_show_and_go_to_column(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await start(pilot, column=1)
        await pilot.press("minus")
        await settle(pilot)
        assert [c.name for c in shown_result(app).columns] == ["id", "score", "ts"]
        await pilot.press("plus")
        await settle(pilot)
        assert [c.name for c in shown_result(app).columns] == ["id", "label", "score", "ts"]
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"sco", "enter")
        await settle(pilot)
        assert grid.cursor_col == 2


async def test_profile_of_the_column(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, column=2)
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        table = app.screen.query_one(DataTable)
        stats = {table.get_row_at(i)[0].plain: table.get_row_at(i)[1].plain
                 for i in range(table.row_count)}  # fmt: skip
        assert stats["rows"] == "10000" and stats["min"] == "0.0" and stats["max"] == "14998.5"
        assert stats["type"].startswith("DECIMAL") and "mean" in stats and "median" in stats
        assert stats["distinct (approx.)"] == "10000"  # DuckDB's estimate says 10,248
        await pilot.press("escape")
        assert not isinstance(app.screen, ProfileScreen)


@pytest.mark.parametrize("column", [2, 3])  # numeric and timestamp
async def test_histogram_of_the_column(labels_parquet: Path, column: int) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, column=column)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        rows = app.screen.rows
        assert rows is not None and len(rows) == 20
        assert sum(r["count"] for r in rows) == 10_000
        assert app.screen.query_one(PlotextPlot).display


async def test_histogram_of_a_text_column_is_its_lengths(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot, column=1)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        assert {row["measure"] for row in app.screen.rows} == {"characters", "tokens"}


async def test_copy_cell_and_row(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        grid = await start(pilot, column=1)
        grid.move_cursor(row=1)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        assert copied[0] == "dog"
        assert copied[1].splitlines() == ["id,label,score,ts", "1,dog,1.5,2024-01-01 01:00:00"]


async def test_explore_on_a_failed_query_keeps_the_shown_result(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELEC nope")
        assert app.state.query.status is QueryStatus.FAILED
        grid = app.query_one(ResultGrid)
        grid.focus()
        await pilot.press("S")
        await settle(pilot)
        assert app.state.query.status is QueryStatus.DONE
        assert result_rows(app, 1)[0]["id"] == 9999


async def test_copy_column_and_page(labels_parquet: Path) -> None:
    app = FsdlApp([str(labels_parquet)])
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        grid = await start(pilot, column=1)
        await pilot.press("C")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        body = grid.body_height
        assert copied[0].splitlines()[:3] == ["label", "cat", "dog"]
        assert len(copied[0].splitlines()) == body + 1
        assert copied[1].splitlines()[0] == "| id | label | score | ts |"
        assert copied[1].splitlines()[2].startswith("| 0 | cat | 0.0 |")
        assert copied[2].splitlines()[0] == "id,label,score,ts"


async def test_inspect_shows_the_whole_value(tmp_path: Path) -> None:
    from textual.widgets import Static

    from fsdl_tui.screens.inspect_screen import InspectScreen

    long_text = "x" * 5000 + "\x1b[31m[bold]end"
    path = tmp_path / "wide.parquet"
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT ? AS note, {'a': [1, 2]} AS nested", [long_text])
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    app = FsdlApp([str(path)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await start(pilot, column=0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InspectScreen)
        shown = str(app.screen.query_one("#inspect-value", Static).render())
        assert shown.count("x") >= 5000 and "␛[31m[bold]end" in shown
        await pilot.press("escape")
        grid.move_cursor(col=1)
        await pilot.press("enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#inspect-value", Static).render())
        assert '"a": [' in shown


async def test_an_explore_query_shows_its_sql_with_its_answer_or_while_it_runs_long(
    tmp_path: Path,
) -> None:
    """F's SQL reaches the editor the frame after its table (not at the start, where its
    repaint takes the cores from the query); a query still running after a moment shows it."""
    from fsdl_tui.screens.data_pane import SQL_SHOWN_S

    app = FsdlApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 'a' AS word UNION ALL SELECT 'b'")
        grid = await start(pilot, column=0)
        await pilot.press("F")
        await settle(pilot)
        assert 'GROUP BY "word"' in app.query_one(SqlEditor).text
        assert "count" in grid_lines(app)[0]
        many = "SELECT (hash(i) % 1000003)::INTEGER AS k FROM range(30000000) t(i)"
        await run_sql(pilot, many)
        grid = await start(pilot, column=0)
        # a million groups: a second or more here. Sent, not pressed: Pilot.press waits for
        # the process to go idle (up to 1 s, twice), so on a fast machine the query was over
        send_at_once(app, "F")
        await pilot.pause(SQL_SHOWN_S + 0.05)  # the query takes longer than this (~1 s here)
        assert app.state.query.running
        assert 'GROUP BY "k"' in app.query_one(SqlEditor).text
        await pilot.press("escape")
        await settle(pilot)
        assert grid.row_count


async def test_a_histograms_axis_spans_its_bins_from_minimum_to_maximum(
    labels_parquet: Path,
) -> None:
    """The x axis is labelled at bin edges, the first bin's start to the last bin's end: the
    maximum is on it (ticks at bin starts alone stopped a bin short of it)."""
    app = FsdlApp([str(labels_parquet)])
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, column=0)  # id: 0 … 9,999
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        rows = app.screen.rows
        assert rows is not None
        assert (rows[0]["bin_start"], rows[-1]["bin_end"]) == (0, 9999)
        drawn = str(app.screen.query_one(PlotextPlot).render())
        axis = next(line for line in drawn.splitlines() if "9999" in line)
        labels = axis.replace("│", " ").split()
        assert labels[0] == "0" and labels[-1] == "9999", axis
