"""The query history: persisted in the data dir, a SQL table, searchable, re-run with a key."""

from __future__ import annotations

from pathlib import Path

from fsdl_tui.app import FsdlApp
from fsdl_tui.paths import history_path
from fsdl_tui.query_history import HistoryEntry, HistoryStore
from fsdl_tui.screens.history_screen import HistoryScreen
from fsdl_tui.widgets.sql_editor import SqlEditor

from .helpers import run_sql, send_at_once, settle, shown_result


def test_store_appends_and_sets_damaged_lines_aside(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.jsonl")
    store.append(HistoryEntry.now("SELECT 1", "done", 1, 0.01))
    with (tmp_path / "h.jsonl").open("a") as handle:
        handle.write('{"ran_at": "2024-01-01T00:00:00+00:00", "sql": "SEL')  # killed mid-write
    store2 = HistoryStore(tmp_path / "h.jsonl")
    entries, warning = store2.load()
    assert [e.sql for e in entries] == ["SELECT 1"]
    assert "set aside" in warning and (tmp_path / "h.jsonl.corrupt").exists()
    store2.append(HistoryEntry.now("SELECT 2", "failed", None, None, "boom"))
    entries, warning = HistoryStore(tmp_path / "h.jsonl").load()
    assert [e.sql for e in entries] == ["SELECT 1", "SELECT 2"] and warning == ""


async def test_queries_are_recorded_persisted_and_queryable(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 40 + 2 AS answer")
        await run_sql(pilot, "SELEC broken")
        await settle(pilot)
        statuses = [(e.sql, e.status) for e in app.state.history]
        assert statuses == [("SELECT 40 + 2 AS answer", "done"), ("SELEC broken", "failed")]
        await run_sql(pilot, "SELECT status, sql FROM query_history ORDER BY ran_at, status")
        assert app.state.query.error == ""
        rows = shown_result(app).fetch(0, 10).to_pylist()
        assert {"status": "failed", "sql": "SELEC broken"} in rows
    assert history_path().exists()
    again = FsdlApp([str(data_dir)])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert [e.sql for e in again.state.history][:2] == ["SELECT 40 + 2 AS answer",
                                                          "SELEC broken"]  # fmt: skip


async def test_automatic_previews_are_not_recorded(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.state.history == ()


async def _history_of_first_and_second(pilot) -> None:
    """Two queries run, then F8."""
    await settle(pilot)
    await run_sql(pilot, "SELECT 'first' AS which")
    await run_sql(pilot, "SELECT 'second' AS which")
    await pilot.press("f8")
    await pilot.pause()


async def test_history_screen_filters_and_reruns(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await _history_of_first_and_second(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press(*"first")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.state.query.sql == "SELECT 'first' AS which"
        assert shown_result(app).fetch(0, 1).to_pylist() == [{"which": "first"}]
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("ctrl+e")  # newest first: the re-run 'first'
        await settle(pilot)
        assert app.query_one(SqlEditor).text == "SELECT 'first' AS which"


async def test_a_failed_query_shows_its_whole_error_in_the_history(data_dir: Path) -> None:
    """The status line cuts a long error; F8 and the failed query's row show it whole."""
    from textual.widgets import DataTable, Static

    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT a_column_nobody_ever_made FROM people")
        await pilot.press("f8")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(0)[1].plain.startswith("failed")
        assert "a_column_nobody_ever_made" in str(table.border_subtitle)
        detail = app.screen.query_one("#history-detail", Static)  # on screen, under the list
        assert "a_column_nobody_ever_made" in str(detail.render())


async def test_editor_buffers_survive_a_restart(data_dir: Path) -> None:
    from fsdl_tui.editor_buffers import load_buffers

    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.load_text("SELECT 'one'")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert editor.text == ""
        await pilot.press(*"SELECT 2")
        await pilot.pause(0.8)  # the save is debounced
        await settle(pilot)
        assert "2/2" in editor.border_title
        await pilot.press("alt+left")
        assert editor.text == "SELECT 'one'"
        await pilot.pause(0.8)
        await settle(pilot)
    saved = load_buffers()
    assert saved.texts == ("SELECT 'one'", "SELECT 2") and saved.current == 0
    again = FsdlApp([str(data_dir)])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        editor = again.query_one(SqlEditor)
        # the launch shows the opened data's SQL in a buffer of its own; the user's are kept
        assert editor.text.startswith("SELECT * FROM") and "3/3" in editor.border_title
        await pilot.press("alt+left")
        assert editor.text == "SELECT 2"
        await pilot.press("alt+left")
        assert editor.text == "SELECT 'one'"


async def test_text_typed_just_before_quitting_is_saved(data_dir: Path) -> None:
    """The save waits for half a second of stillness; quitting within it saves on the way out."""
    from fsdl_tui.editor_buffers import load_buffers

    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one(SqlEditor).focus()
        await pilot.press("ctrl+t", *"SELECT 'last words'")
        await pilot.press("ctrl+q")
    assert "SELECT 'last words'" in load_buffers().texts


async def test_text_typed_in_a_burst_with_ctrl_q_is_saved(data_dir: Path) -> None:
    """Ctrl+Q is handled as its key arrives; the keys before it still reach the editor, and
    the buffers saved on the way out have them."""
    import asyncio

    from fsdl_tui.editor_buffers import load_buffers

    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one(SqlEditor).focus()
        await pilot.press("ctrl+t")
        send_at_once(app, *"SELECT 'said in a hurry'", "ctrl+q")
        await asyncio.sleep(0.5)
    assert "SELECT 'said in a hurry'" in load_buffers().texts


async def test_enter_in_the_history_runs_the_entry_the_typed_filter_leaves(
    data_dir: Path,
) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await _history_of_first_and_second(pilot)
        send_at_once(app, *"first", "enter")  # typed fast: Enter must wait for the filter
        await settle(pilot)
        assert app.state.query.sql == "SELECT 'first' AS which"


async def test_the_app_never_writes_over_sql_the_user_typed(data_dir: Path) -> None:
    from fsdl_tui.widgets.result_grid import ResultGrid

    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.focus()
        editor.select_all()
        await pilot.press(*"SELECT name FROM people")
        await pilot.press("f5")
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        await pilot.press("s")  # an explore step writes its SQL: into another buffer
        await settle(pilot)
        assert "ORDER BY" in editor.text and "2/2" in editor.border_title
        await pilot.press("S")  # the next step reuses the app's buffer
        await settle(pilot)
        assert "DESC" in editor.text and "2/2" in editor.border_title
        editor.focus()
        await pilot.press("alt+left")
        assert editor.text == "SELECT name FROM people"
