"""One owner for the query lifecycle: regressions of the bugs the tangle caused."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.config import Config
from fsdl_tui.screens.profile_screen import ProfileScreen
from fsdl_tui.widgets.result_grid import ResultGrid
from fsdl_tui.widgets.status_line import StatusLine

from .helpers import grid_lines, settle, shown_result

SIZE = (120, 34)


@pytest.fixture
def scores(tmp_path: Path) -> Path:
    path = tmp_path / "scores.parquet"
    duckdb.sql(
        "COPY (SELECT i AS id, ['a', 'b', 'c'][i % 3 + 1] AS cls, i * 0.5 AS score "
        f"FROM range(3000) t(i)) TO '{path}'"
    )
    return path


def columns(app) -> list[str]:
    return [c.name for c in shown_result(app).columns]


async def test_profile_after_sort_frequency_undo_uses_the_shown_result(scores: Path) -> None:
    app = FsdlApp([str(scores)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(col=1)
        for key in ("S", "F", "u"):
            await pilot.press(key)
            await settle(pilot)
        assert columns(app) == ["id", "cls", "score"]
        grid.move_cursor(col=2)
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert "score" in app.screen.sql and "count(*) AS count" not in app.screen.sql
        assert app.screen.rows is not None and app.screen.rows  # it ran: no binder error


async def test_show_all_columns_undoes_only_the_hides(scores: Path) -> None:
    app = FsdlApp([str(scores)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(col=2)
        await pilot.press("S")
        await settle(pilot)
        grid.move_cursor(col=0)
        await pilot.press("-")
        await settle(pilot)
        await pilot.press("-")
        await settle(pilot)
        assert columns(app) == ["score"]
        await pilot.press("+")
        await settle(pilot)
        assert columns(app) == ["id", "cls", "score"]
        assert shown_result(app).fetch(0, 1).to_pylist()[0]["id"] == 2999  # still sorted


async def test_show_all_columns_on_spark(spark_url: str, scores: Path) -> None:
    app = FsdlApp([str(scores)], config=Config(engine=spark_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=200)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(col=1)
        await pilot.press("-")
        await settle(pilot, rounds=200)
        assert columns(app) == ["id", "score"]
        await pilot.press("+")  # Spark writes EXCEPT (…), not EXCLUDE (…)
        await settle(pilot, rounds=200)
        assert columns(app) == ["id", "cls", "score"]


async def test_an_engine_that_cannot_start_says_so(scores: Path) -> None:
    app = FsdlApp([str(scores)], config=Config(memory_limit="lots"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.query_one(StatusLine).render().plain
        assert "The engine did not start" in status and "starting the engine" not in status
        assert app.is_running


async def test_a_csvs_head_is_shown_before_the_engine_and_replaced_by_its_rows(
    tmp_path: Path,
) -> None:
    """One CSV on the command line: its head (the file's text) is in the first frame, the
    engine starts after it, and the engine's rows and types replace the head."""
    from fsdl_tui.engine_boot import EngineBoot
    from fsdl_tui.text_head import read_head

    path = tmp_path / "rows.csv"
    duckdb.sql(f"COPY (SELECT i + 1000 AS n, i / 4 AS x FROM range(5000) t(i)) TO '{path}'")
    config = Config()
    boot = EngineBoot(config, (str(path),), None, False, deferred=True)
    app = FsdlApp([str(path)], config=config, boot=boot, head=read_head(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        assert any("1000" in line for line in grid_lines(app))  # no pause: the first frame
        assert not app.state.engine_ready
        await settle(pilot)
        result = shown_result(app)
        assert result.row_count == 5000 and app.state.query.sql == "SELECT * FROM rows"
        assert [c.type for c in result.columns] == ["BIGINT", "DOUBLE"]
        assert any("1000" in line and "0.0" in line for line in grid_lines(app))


async def test_a_head_whose_engine_cannot_start_is_taken_down(tmp_path: Path) -> None:
    from fsdl_tui.engine_boot import EngineBoot
    from fsdl_tui.text_head import read_head

    path = tmp_path / "rows.csv"
    path.write_text("n,word\n1000,alpha\n1001,beta\n")
    config = Config(memory_limit="lots")
    boot = EngineBoot(config, (str(path),), None, False, deferred=True)
    app = FsdlApp([str(path)], config=config, boot=boot, head=read_head(str(path)))
    async with app.run_test(size=SIZE) as pilot:
        assert any("alpha" in line for line in grid_lines(app))
        await settle(pilot)
        status = app.query_one(StatusLine).render().plain
        assert "The engine did not start" in status
        assert not app.state.query.running
        assert not any("alpha" in line for line in grid_lines(app))


async def test_esc_cancels_a_fetch_from_a_remote_that_never_answers(demo_repo: Path) -> None:
    import socket

    from textual.widgets._toast import Toast

    from fsdl_tui.dvc.history import History
    from fsdl_tui.dvc.repo import open_repo
    from fsdl_tui.dvc.timetravel import locate
    from fsdl_tui.screens.prompt import ConfirmScreen
    from fsdl_tui.state import QueryStatus

    from .helpers import run_sql

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts, never answers
    port = silent.getsockname()[1]
    (demo_repo / ".dvc" / "config.local").write_text(
        f"['remote \"demo\"']\n    url = http://127.0.0.1:{port}/remote\n"
    )
    history = History(open_repo(demo_repo))
    locate(history, "data/train.parquet", "v1.0").file.unlink()
    history.close()
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await run_sql(pilot, "SELECT count(*) FROM dvc_version('data/train.parquet', 'v1.0')")
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            for _ in range(20):
                await pilot.pause(0.1)
            assert app.state.dvc.busy.startswith("fetching")
            await pilot.press("escape")
            await settle(pilot)
            assert app.state.dvc.busy == ""
            assert any("cancelled" in str(t.render()) for t in app.screen.query(Toast))
            assert app.state.query.status is QueryStatus.FAILED  # not re-run
    finally:
        silent.close()


@pytest.mark.parametrize("kind", ["parquet", "csv"])
async def test_the_first_rows_made_during_start_up_are_the_result(tmp_path: Path, kind) -> None:
    """The engine's start-up thread also makes the first source's first rows (a Parquet's
    result; a CSV's preview while the whole file is stored): the app shows them, then the
    whole result, exactly as if it had run the query itself."""
    from fsdl_tui.engine_boot import EngineBoot

    path = tmp_path / f"rows.{kind}"
    fmt = "parquet" if kind == "parquet" else "csv, HEADER"
    duckdb.sql(f"COPY (SELECT i AS n FROM range(5000) t(i)) TO '{path}' (FORMAT {fmt})")
    config = Config()
    boot = EngineBoot(config, (str(path),), None, False)
    app = FsdlApp([str(path)], config=config, boot=boot)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        result = shown_result(app)
        assert result.row_count == 5000 and app.state.query.error == ""
        assert result.fetch(4999, 1).column(0).to_pylist() == [4999]
        assert app.state.query.sql == "SELECT * FROM rows"
    assert boot.first() is None  # handed over once


@pytest.mark.parametrize("kind", ["parquet", "csv"])
async def test_rows_ready_before_the_app_starts_are_in_its_first_frame(
    tmp_path: Path, kind
) -> None:
    """An engine that is up before the app's first frame (the usual launch): that frame shows
    the first rows (no round trip through the pane), and the file's query runs once."""
    from fsdl_tui.engine_boot import EngineBoot

    path = tmp_path / f"rows.{kind}"
    fmt = "parquet" if kind == "parquet" else "csv, HEADER"
    duckdb.sql(f"COPY (SELECT i + 1000 AS n FROM range(5000) t(i)) TO '{path}' (FORMAT {fmt})")
    config = Config()
    boot = EngineBoot(config, (str(path),), None, False)
    for _ in range(300):
        if boot.ready():
            break
        time.sleep(0.05)
    app = FsdlApp([str(path)], config=config, boot=boot)
    async with app.run_test(size=(80, 24)) as pilot:
        assert any("1000" in line for line in grid_lines(app))  # no pause: the first frame
        first_job = app.state.query.job_id
        await settle(pilot)
        assert app.state.query.job_id == first_job  # not run again when the pane selected it
        assert shown_result(app).row_count == 5000
        assert app.query_one("#sql-editor").text == "SELECT * FROM rows"
