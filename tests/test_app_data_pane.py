"""The Data pane driven like a user: real files, real DuckDB, keys through Pilot."""

from __future__ import annotations

import time
from pathlib import Path

from fsdl_tui.app import FsdlApp
from fsdl_tui.engine_boot import PREVIEW_ROWS
from fsdl_tui.state import Pane, QueryStatus
from fsdl_tui.widgets.file_list import FileList
from fsdl_tui.widgets.result_grid import ResultGrid
from fsdl_tui.widgets.schema_view import SchemaView
from fsdl_tui.widgets.sql_editor import SqlEditor
from fsdl_tui.widgets.status_line import StatusLine

from .helpers import (
    focused_grid,
    grid_lines,
    record_fetches,
    run_sql,
    send_at_once,
    settle,
    shown_result,
    toast_texts,
)

SIZE = (100, 30)


async def test_open_file_shows_rows_schema_and_count(numbers_parquet: Path) -> None:
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.engine_ready
        assert [s.name for s in app.state.data.sources] == ["numbers"]
        assert app.state.query.status is QueryStatus.DONE
        grid = app.query_one(ResultGrid)
        assert grid.row_count == 100_000
        lines = grid_lines(app)
        assert "n" in lines[0] and "grp" in lines[0] and "txt" in lines[0]
        assert "row 0" in lines[2] and "row 1" in lines[3]
        assert grid.border_subtitle.startswith("row 1 of 100,000")
        schema = app.query_one(SchemaView)
        assert schema.border_title == "Schema · numbers"
        assert "SELECT * FROM numbers" in app.query_one(SqlEditor).text


async def test_end_home_pagedown_and_go_to_row(numbers_parquet: Path) -> None:
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await focused_grid(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert grid.cursor_row == 99_999
        assert any("row 99999" in line for line in grid_lines(app))
        assert grid.border_subtitle.startswith("row 100,000 of 100,000")
        await pilot.press("home")
        await settle(pilot)
        assert grid.cursor_row == 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert grid.cursor_row == grid.body_height
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"54321", "enter")
        await settle(pilot)
        assert grid.cursor_row == 54_320
        assert any("row 54320" in line for line in grid_lines(app))


async def test_keys_typed_right_behind_ctrl_g_are_the_row_number(numbers_parquet: Path) -> None:
    """Ctrl+G 5 0 Enter sent at once (a fast typist, tmux send-keys, a macro) goes to row 50:
    the digits went to the grid, which was focused until the question came up, and Enter
    opened the cell inspector there."""
    from fsdl_tui.widgets.prompt_bar import PromptBar

    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await focused_grid(pilot)
        send_at_once(app, "ctrl+g", "5", "0", "enter")
        await settle(pilot)
        assert grid.cursor_row == 49 and app.focused is grid
        assert not app.query_one(PromptBar).asking and app.screen is grid.screen  # no inspector
        send_at_once(app, "colon", *"-1", "enter")
        await settle(pilot)
        assert grid.cursor_row == 99_999


async def test_a_prompt_covers_the_bottom_lines_and_gives_the_focus_back(
    numbers_parquet: Path,
) -> None:
    """Ctrl+G asks on the bottom lines: nothing above moves or repaints, Esc drops the question,
    a click elsewhere drops it too, and the grid has the focus again."""
    from fsdl_tui.widgets.prompt_bar import PromptBar

    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await focused_grid(pilot)
        before, region = grid_lines(app), grid.region
        bar = app.query_one(PromptBar)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert bar.asking and bar.region.bottom == 24 and bar.region.height == 3
        assert grid.region == region and grid_lines(app) == before  # laid over, not moved
        await pilot.press(*"12", "escape")
        await pilot.pause()
        assert not bar.asking and not bar.display and app.focused is grid
        assert grid.cursor_row == 0
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.click(SqlEditor)
        await settle(pilot)
        assert not bar.asking and not bar.display and app.focused is app.query_one(SqlEditor)
        grid.focus()
        await pilot.press("ctrl+g", *"-1", "enter")
        await settle(pilot)
        assert grid.cursor_row == grid.row_count - 1 and app.focused is grid


async def test_a_jump_is_drawn_once_with_its_rows(numbers_parquet: Path) -> None:
    """A jump to rows not read yet waits for them (no placeholders first); what waits on it
    (the Ctrl+G prompt closing) happens as it is drawn."""
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await focused_grid(pilot)
        first_screen = grid_lines(app)
        shown: list[list[str]] = []
        grid.go_to_row(77_777)
        grid.when_shown(lambda: shown.append(grid_lines(app)))
        assert grid_lines(app) == first_screen and not shown  # still the rows it had
        await settle(pilot)
        assert shown and any("row 77776" in line for line in shown[0])
        assert not any(line.strip("│ ").strip() == "…" for line in shown[0])
        body = [line for line in shown[0][2:] if line.strip()]
        assert body and all("row " in line for line in body)  # rows, not placeholders
        now: list[bool] = []
        grid.when_shown(lambda: now.append(True))  # nothing waits: at once
        assert now == [True]


async def test_the_last_screen_is_read_ahead_so_end_is_a_repaint(numbers_parquet: Path) -> None:
    """Once the first screen and its margins are in, the last screen is read too: End draws
    the last rows at once, with no wait for a read."""
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await focused_grid(pilot)
        fetched = record_fetches(shown_result(app))
        await pilot.press("end")
        await settle(pilot)
        assert any("row 99999" in line for line in grid_lines(app))
        last_block = 99_999 // grid.block_rows * grid.block_rows
        assert last_block not in [offset for offset, _ in fetched]  # read before the key


async def test_a_row_number_is_read_as_it_is_typed(numbers_parquet: Path) -> None:
    """Ctrl+G reads the rows of the number typed once typing pauses: Enter draws them with
    no read of its own."""
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await focused_grid(pilot)
        fetched = record_fetches(shown_result(app))
        await pilot.press("ctrl+g", *"64321")
        await settle(pilot)
        read_while_typing = list(fetched)
        assert read_while_typing  # the screen of row 64,321, before Enter
        await pilot.press("enter")
        await settle(pilot)
        assert grid.cursor_row == 64_320
        assert any("row 64320" in line for line in grid_lines(app))
        screen_blocks = {64_320 // grid.block_rows * grid.block_rows}
        assert not screen_blocks & {offset for offset, _ in fetched[len(read_while_typing) :]}


async def test_run_query_shows_result(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT name, age FROM people ORDER BY age DESC")
        assert app.state.query.status is QueryStatus.DONE
        result = shown_result(app)
        assert result is not None and result.row_count == 3
        lines = grid_lines(app)
        assert "Grace" in lines[2] and "Ada" in lines[3] and "Linus" in lines[4]
        assert "3 rows × 2 columns" in str(app.query_one(StatusLine).render())


async def test_bad_sql_shows_error_and_app_keeps_working(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = shown_result(app)
        await run_sql(pilot, "SELEC broken FROM nowhere")
        assert app.state.query.status is QueryStatus.FAILED
        status = str(app.query_one(StatusLine).render())
        assert "Query failed" in status and "syntax error" in status
        assert shown_result(app) is before  # the previous result is still shown
        await run_sql(pilot, "SELECT 41 + 1 AS answer")
        assert app.state.query.status is QueryStatus.DONE
        assert "42" in grid_lines(app)[2]


async def test_a_query_says_running_once_it_has_run_a_moment(data_dir: Path) -> None:
    """A query done within RUNNING_SHOWN_S goes straight to its answer (a repaint at its start
    takes a core from it); one still running then says so."""
    from fsdl_tui.widgets.status_line import RUNNING_SHOWN_S

    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 41 + 1 AS answer")
        before = app.query_one(StatusLine).render().plain
        editor = app.query_one(SqlEditor)
        editor.load_text("SELECT count(*) FROM range(100000000000) a(i) WHERE i % 7 = 3")
        started = time.monotonic()
        await pilot.press("f5")
        status = app.query_one(StatusLine).render().plain
        if time.monotonic() - started < RUNNING_SHOWN_S:  # a slow machine may be past it
            assert app.state.query.running and status == before
        await pilot.pause(RUNNING_SHOWN_S + 0.1)
        assert "running" in app.query_one(StatusLine).render().plain
        await pilot.press("escape")
        await settle(pilot)


async def test_cancel_long_query_keeps_app_responsive(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.load_text("SELECT count(*) FROM range(100000000000) a(i) WHERE i % 7 = 3")
        editor.focus()
        await pilot.press("f5")
        await pilot.pause(0.3)
        assert app.state.query.running
        status = str(app.query_one(StatusLine).render())
        assert "Esc cancels" in status
        await pilot.pause(0.3)  # a long query is animated: its spinner and time move
        assert str(app.query_one(StatusLine).render()) != status
        await pilot.press("escape")
        await settle(pilot)
        assert app.state.query.status is QueryStatus.CANCELLED
        assert "cancelled" in str(app.query_one(StatusLine).render())
        await run_sql(pilot, "SELECT 'still alive' AS s")
        assert app.state.query.status is QueryStatus.DONE
        assert "still alive" in grid_lines(app)[2]


async def test_selecting_another_file_shows_its_rows(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        files = app.query_one(FileList)
        files.focus()
        names = [s.name for s in app.state.data.sources]
        await pilot.press("down")
        await settle(pilot)
        assert app.state.data.selected == names[1]
        assert app.state.query.sql == f"SELECT * FROM {names[1]}"


async def test_unreadable_file_is_listed_with_its_error(tmp_path: Path) -> None:
    (tmp_path / "a_good.csv").write_text("x\n1\n")
    (tmp_path / "b_broken.parquet").write_bytes(b"PAR1 garbage")
    app = FsdlApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        broken = app.state.data.source("b_broken")
        assert broken is not None and broken.error
        app.query_one(FileList).focus()
        await pilot.press("down")
        await settle(pilot)
        schema = app.query_one(SchemaView)
        assert schema.has_class("-error")
        assert "Cannot read" in str(schema.query_one("#schema-error").render())
        # its error is there: no query is run on a view that does not exist ("Table with name
        # b_broken does not exist! Did you mean …" said nothing true about the file)
        assert app.state.query.sql == "SELECT * FROM a_good" and not app.state.query.error
        assert not any("does not exist" in text for text in toast_texts(app))


async def test_one_unreadable_file_shows_its_error_and_no_failed_query(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    app = FsdlApp([str(broken)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Cannot read" in str(app.query_one(SchemaView).query_one("#schema-error").render())
        assert not app.state.query.sql
        assert not any("does not exist" in text for text in toast_texts(app))


async def test_missing_path_is_reported_and_app_runs(tmp_path: Path) -> None:
    """The empty grid says why nothing opened (after the toast is gone), the path whole and
    safe, wrapped to the width of an 80×24 terminal; SQL still runs."""
    app = FsdlApp([str(tmp_path / "nope\x1b]0;x\x07.parquet")])  # a terminal title escape
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No such file or folder" in app.state.data.error
        lines = [line.strip() for line in grid_lines(app)]
        assert "Nothing opened." in lines
        assert "nope␛]0;x␇.parquet" in "".join(lines)
        assert all(len(line) <= app.query_one(ResultGrid).size.width for line in lines)
        await run_sql(pilot, "SELECT 1 AS one")
        assert app.state.query.status is QueryStatus.DONE


async def test_pane_keys_switch_panes(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert app.state.pane is Pane.CATALOG
        await pilot.press("f3")
        await pilot.pause()
        assert app.state.pane is Pane.DVC
        await pilot.press("f2")
        await pilot.pause()
        assert app.state.pane is Pane.DATA


async def test_typing_in_editor_does_not_switch_panes(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.load_text("")
        editor.focus()
        await pilot.press(*"select 123")
        assert editor.text == "select 123"
        assert app.state.pane is Pane.DATA


async def test_ragged_csv_is_marked_and_explained(tmp_path: Path) -> None:
    (tmp_path / "ragged.csv").write_text("a,b,c\n1,2,3\n4,5\n")
    app = FsdlApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        schema = app.query_one(SchemaView)
        assert schema.has_class("-warning")
        assert "Ragged CSV" in str(schema.query_one("#schema-warning").render())
        assert "ragged !" in app.query_one(FileList).get_row_at(0)[0].plain


async def test_editor_has_focus_at_start_so_pane_keys_work(numbers_parquet: Path) -> None:
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, SqlEditor)
        await pilot.press("ctrl+r")
        assert isinstance(app.focused, ResultGrid)
        await pilot.press("end")
        await settle(pilot)
        assert app.query_one(ResultGrid).cursor_row == 99_999


async def test_a_screen_across_two_blocks_is_one_query(numbers_parquet: Path) -> None:
    """Ctrl+G to a row whose screen straddles two blocks: its rows come in one fetch (one scan
    to the offset), then the margins around it."""
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await focused_grid(pilot)
        fetched = record_fetches(shown_result(app))
        target = 50 * grid.block_rows + 5  # the screen ends 5 rows into block 50
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*str(target), "enter")
        await settle(pilot)
        assert (49 * grid.block_rows, 2 * grid.block_rows) in fetched
        assert all(offset % grid.block_rows == 0 for offset, _ in fetched)
        assert any(f"row {target - 1}" in line for line in grid_lines(app))
        assert any(f"row {target - grid.body_height}" in line for line in grid_lines(app))


async def test_the_footer_follows_the_focus_and_a_click_presses_a_key(
    numbers_parquet: Path,
) -> None:
    """The footer says what the focused box's keys do, is redrawn when they change, not each
    time the focus comes back (closing a prompt: that delayed Ctrl+G's rows), and a click on a
    key presses it."""
    from fsdl_tui.widgets.key_footer import KeyFooter

    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.query_one(KeyFooter)
        app.query_one(ResultGrid).focus()
        await settle(pilot)
        assert "Sort ↑" in footer.keys_shown and footer.keys_shown[-1] == "palette"
        shown = footer.keys_shown
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"77", "enter")
        await settle(pilot)
        assert footer.keys_shown == shown
        app.query_one(SqlEditor).focus()
        await settle(pilot)
        assert "Sort ↑" not in footer.keys_shown and "Run" in footer.keys_shown
        line = footer.render().plain
        assert line.startswith(" ^⏎ Run ") and line.rstrip().endswith("^p palette")
        x = line.index("Export")  # Ctrl+S
        await pilot.click(KeyFooter, offset=(x, 0))
        await settle(pilot)
        from fsdl_tui.widgets.prompt_bar import PromptBar

        assert app.query_one(PromptBar).asking  # Export asks where to


async def test_the_footer_at_80_columns_is_cut_with_a_mark(numbers_parquet: Path) -> None:
    from fsdl_tui.widgets.key_footer import KeyFooter

    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()
        await settle(pilot)
        line = app.query_one(KeyFooter).render().plain
        assert len(line) == 60 and "…" in line and line.rstrip().endswith("^p palette")


async def test_the_footer_dims_a_key_whose_action_is_off() -> None:
    """A binding its owner's `check_action` turns off (None) is drawn dim; a click on it rings
    the bell instead of pressing it."""
    from textual.app import App
    from textual.binding import Binding

    from fsdl_tui.widgets.key_footer import KeyFooter

    class Small(App[None]):
        BINDINGS = [Binding("x", "go", "Go"), Binding("y", "stop", "Stop")]
        pressed: list[str] = []

        def compose(self):
            yield KeyFooter()

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            return None if action == "stop" else True

        def action_go(self) -> None:
            self.pressed.append("go")

        def action_stop(self) -> None:
            self.pressed.append("stop")

    app = Small()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        line = app.query_one(KeyFooter).render()
        stop = line.plain.index("Stop")
        assert any(span.start <= stop < span.end and "dim" in str(span.style)
                   for span in line.spans)  # fmt: skip
        go = line.plain.index("Go")
        assert not any(span.start <= go < span.end and "dim" in str(span.style)
                       and "not dim" not in str(span.style) for span in line.spans)  # fmt: skip
        await pilot.click(KeyFooter, offset=(go, 0))
        await pilot.click(KeyFooter, offset=(stop, 0))
        await pilot.pause()
        assert app.pressed == ["go"]


async def test_the_collector_is_on_again_once_the_first_rows_are_shown(
    numbers_parquet: Path,
) -> None:
    """The command line turns Python's collector off for start-up; the app turns it on."""
    import gc

    gc.disable()
    try:
        app = FsdlApp([str(numbers_parquet)])
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.state.query.status is QueryStatus.DONE
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_f5_runs_every_key_typed_before_it(data_dir: Path) -> None:
    """Keys arriving in one burst (fast typing, a script, tmux): F5 is a priority binding,
    handled as its key arrives, yet it runs the SQL with every key typed before it."""
    from fsdl_tui.widgets.sql_editor import SqlEditor

    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.focus()
        editor.text = ""
        await settle(pilot)
        sql = "SELECT count(*) AS n FROM people WHERE age > 30"
        send_at_once(app, *sql, "f5")  # as the terminal sends them: all at once, then F5
        await settle(pilot)
        assert app.state.query.sql == sql
        assert shown_result(app).fetch(0, 1).to_pylist() == [{"n": 2}]


async def test_esc_after_the_first_rows_keeps_them_shown(data_dir: Path) -> None:
    """A long query whose first rows are on screen: Esc stops the rest, and the rows the user
    was reading stay, said to be its first rows (they were dropped for the result before)."""
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 41 + 1 AS answer")
        editor = app.query_one(SqlEditor)
        editor.load_text("SELECT i, i % 7 AS m FROM range(100000000000) a(i) WHERE i % 7 = 3")
        editor.focus()
        await pilot.press("f5")
        for _ in range(100):  # the first rows come at once (LIMIT); the rest never
            await pilot.pause(0.05)
            if "first rows shown" in str(app.query_one(StatusLine).render()):
                break
        assert app.state.query.running
        await pilot.press("escape")
        await settle(pilot)
        assert app.state.query.status is QueryStatus.CANCELLED
        status = str(app.query_one(StatusLine).render())
        assert f"its first {PREVIEW_ROWS} rows are shown" in status, status
        lines = grid_lines(app)
        assert lines[2].split()[:3] == ["1", "3", "│"], lines[:3]  # i = 3, the first match
        grid = app.query_one(ResultGrid)
        assert grid.border_title == "Result · first rows"
        assert f"of the first {PREVIEW_ROWS}" in str(grid.border_subtitle)


async def test_keys_in_a_burst_after_ctrl_e_or_ctrl_r_reach_the_box_it_focused(
    data_dir: Path,
) -> None:
    """Ctrl+E then keys sent at once (a script, a macro, a fast typist) are the SQL — they went
    to the grid focused before, where an `S` sorted it. In the editor Ctrl+E stays the end of
    the line; Ctrl+R's burst moves in the grid."""
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        grid = await focused_grid(pilot)
        before = app.state.query.sql
        editor = app.query_one(SqlEditor)
        editor.load_text("")
        send_at_once(app, "ctrl+e", *"SELECT 7")
        await settle(pilot)
        assert app.focused is editor
        assert editor.text == "SELECT 7"
        assert app.state.query.sql == before  # no sort ran
        await pilot.press("home", "ctrl+e", "!")  # in the editor: the line's end
        assert editor.text == "SELECT 7!"
        send_at_once(app, "ctrl+r", "down", "down")
        await settle(pilot)
        assert app.focused is grid and grid.cursor_row == 2
        assert editor.text == "SELECT 7!"
