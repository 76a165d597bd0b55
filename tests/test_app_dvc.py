"""The DVC pane driven like a user, on a real demo repo (git + DVC)."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import DataTable, Static

from fsdl_tui.app import FsdlApp
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.repo import open_repo
from fsdl_tui.dvc.timetravel import locate
from fsdl_tui.screens.diff_screen import DiffScreen
from fsdl_tui.screens.prompt import ConfirmScreen
from fsdl_tui.state import DvcStatus, Pane, QueryStatus
from fsdl_tui.widgets.result_grid import ResultGrid
from fsdl_tui.widgets.sql_editor import SqlEditor

from .helpers import run_sql, settle, shown_result

SIZE = (120, 34)


async def open_dvc(pilot, path: str = "data/train.parquet") -> None:
    app = pilot.app
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    assert app.state.dvc.status is DvcStatus.READY, app.state.dvc.message
    table = app.query_one("#dvc-outputs", DataTable)
    table.move_cursor(row=table.get_row_index(path))
    await settle(pilot)
    assert app.state.dvc.selected == path


def version_rows(app) -> list[list[str]]:
    table = app.query_one("#dvc-versions", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_outputs_and_versions_are_listed(demo_repo: Path) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_dvc(pilot)
        outputs = app.query_one("#dvc-outputs", DataTable)
        assert outputs.row_count >= 7
        rows = version_rows(app)
        assert [row[2] for row in rows] == ["v2.0", "v1.1", "v1.0"]
        assert rows[-1][4].startswith("First labelled")  # whole, or cut with a mark
        versions = app.query_one("#dvc-versions", DataTable)
        versions.move_cursor(row=2)
        await settle(pilot)
        if rows[-1][4].endswith("…"):  # the whole message is shown under the list
            assert "First labelled batch" in str(versions.border_subtitle)
        header = str(app.query_one("#dvc-header", Static).render())
        assert str(demo_repo) in header and "remote demo" in header


async def test_a_repo_with_nothing_tracked_says_how_to_track(tmp_path: Path) -> None:
    """A fresh `dvc init`: the versions list says what to do, and r shows what was added."""
    from .conftest import run

    run(tmp_path, "git", "init", "-q")
    run(tmp_path, sys.executable, "-m", "dvc", "init", "-q")
    (tmp_path / "labels.csv").write_text("id,label\n1,cat\n")
    app = FsdlApp([str(tmp_path / "labels.csv")], repo=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.state.dvc.status is DvcStatus.READY, app.state.dvc.message
        assert "dvc add PATH" in " ".join(" ".join(row) for row in version_rows(app))
        run(tmp_path, sys.executable, "-m", "dvc", "add", "-q", "labels.csv")
        app.query_one("#dvc-outputs", DataTable).focus()
        await pilot.press("r")
        await settle(pilot)
        assert app.query_one("#dvc-outputs", DataTable).row_count == 1
        assert any(row[1] == "workspace" for row in version_rows(app))


async def test_version_keys_act_only_where_versions_are_shown(demo_repo: Path) -> None:
    """On the pipeline view, d does not diff a version out of sight, and the footer does not
    offer it; back on the versions view it does."""
    from fsdl_tui.widgets.key_footer import KeyFooter

    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dvc(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "Diff" not in app.query_one(KeyFooter).render().plain
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, DiffScreen)
        await pilot.press("v")
        await settle(pilot)
        assert "d Diff" in app.query_one(KeyFooter).render().plain
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)


async def test_a_long_header_is_cut_with_a_mark(demo_repo: Path) -> None:
    """At 80 columns the repository's path and remote do not fit the header's line: … ends it."""
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dvc(pilot)
        header = app.query_one("#dvc-header", Static)
        line = header.render_line(0).text.rstrip()
        assert len(str(demo_repo)) + len(" · remote demo") > header.size.width  # it cannot fit
        assert line.endswith("…") and line.lstrip().startswith(str(demo_repo)[:20])


async def test_enter_on_a_version_opens_it_as_sql(demo_repo: Path) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_dvc(pilot)
        versions = app.query_one("#dvc-versions", DataTable)
        versions.focus()
        versions.move_cursor(row=2)  # v1.0
        await pilot.press("enter")
        await settle(pilot)
        assert app.state.pane is Pane.DATA
        assert "dvc_version('data/train.parquet', 'v1.0')" in app.query_one(SqlEditor).text
        assert app.state.query.status is QueryStatus.DONE
        assert app.query_one(ResultGrid).row_count == 1000


async def test_file_inside_a_directory_has_a_history(demo_repo: Path) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_dvc(pilot, "data/images")
        table = app.query_one("#dvc-outputs", DataTable)
        table.move_cursor(row=table.get_row_index("data/images/metadata.csv"))
        await settle(pilot)
        assert [row[2] for row in version_rows(app)] == ["v2.0", "v1.0"]


async def test_diff_two_marked_versions(demo_repo: Path) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_dvc(pilot)
        versions = app.query_one("#dvc-versions", DataTable)
        versions.focus()
        versions.move_cursor(row=1)  # v1.1
        await pilot.press("space")
        versions.move_cursor(row=0)  # v2.0
        await pilot.press("space")
        await settle(pilot)
        assert len(app.state.dvc.marked) == 2
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        diff = app.state.dvc.diff
        assert diff is not None
        assert [c.name for c in diff.added_columns] == ["label_confidence"]
        assert (diff.rows_before, diff.rows_after, diff.rows_added, diff.rows_removed) == (
            1160,
            1310,
            150,
            0,
        )
        summary = str(app.screen.query_one("#diff-summary", Static).render())
        assert "+ column label_confidence" in summary and "+150 added" in summary
        await pilot.press("s")  # the added/removed rows as SQL in the Data pane
        await settle(pilot)
        assert app.state.pane is Pane.DATA
        assert app.query_one(ResultGrid).row_count == 150


async def test_diff_by_key_against_the_previous_version(demo_repo: Path) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_dvc(pilot)
        versions = app.query_one("#dvc-versions", DataTable)
        versions.focus()
        versions.move_cursor(row=1)  # v1.1 against v1.0
        await pilot.press("k")
        await pilot.pause()
        await pilot.press(*"image_id", "enter")
        await settle(pilot)
        diff = app.state.dvc.diff
        assert diff is not None and diff.spec.key == "image_id"
        assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (200, 40, 0)


async def test_missing_version_offers_fetch_and_reruns(demo_repo: Path) -> None:
    history = History(open_repo(demo_repo))
    locate(history, "data/train.parquet", "v1.0").file.unlink()
    history.close()
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT count(*) AS n FROM dvc_version('data/train.parquet', 'v1.0')")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert app.state.query.status is QueryStatus.DONE
        result = shown_result(app)
        assert result is not None and result.fetch(0, 1).to_pylist() == [{"n": 1000}]


async def test_dvc_tables_are_in_the_data_plane(demo_repo: Path) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(
            pilot, "SELECT count(*) AS n FROM dvc_versions WHERE path = 'data/train.parquet'"
        )
        result = shown_result(app)
        assert result is not None and result.fetch(0, 1).to_pylist() == [{"n": 3}]


async def test_dvc_version_without_a_repo_is_a_clear_error(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT * FROM dvc_version('x.parquet', 'v1')")
        assert app.state.query.status is QueryStatus.FAILED
        assert "needs a DVC repository" in app.state.query.error


async def test_not_a_dvc_repo_is_reported(tmp_path: Path, data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)], repo=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.dvc.status is DvcStatus.FAILED
        assert "not inside a DVC repository" in app.state.dvc.message


async def test_pipeline_and_metrics_views(demo_repo: Path) -> None:
    from textual_plotext import PlotextPlot

    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_dvc(pilot)
        await pilot.press("p")
        await settle(pilot)
        dag = str(app.query_one("#pipeline-dag", Static).render())
        assert "prepare" in dag and "train" in dag
        stages = app.query_one("#pipeline-stages", DataTable)
        assert [stages.get_row_at(i)[1].plain for i in range(3)] == ["up to date"] * 3
        await pilot.press("m")
        await settle(pilot)
        table = app.query_one("#metrics-table", DataTable)
        assert table.row_count == 4
        message = table.get_row_at(0)[3].plain  # v2.0's is 53 characters: cut, and marked
        assert message.startswith("Add label confidence") and message.endswith("…")
        assert app.state.dvc.chart == "metrics.json:accuracy"
        assert app.query_one(PlotextPlot).display
        table.focus()
        table.move_cursor(row=0, column=len(table.columns) - 2)  # loss
        await settle(pilot)
        assert app.state.dvc.chart == "metrics.json:loss"
        assert "wider features" in str(table.border_subtitle)  # the cut message, whole below


async def test_a_diffs_cut_cells_are_shown_whole_under_its_lists(demo_repo: Path) -> None:
    """The diff's lists have no border to show a cut cell whole in: a line under them does,
    for the focused list's highlighted row, and hides when nothing in that row is cut."""
    from fsdl_tui.widgets.tables import CutCellsLine

    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dvc(pilot, "data/labels.csv")
        app.query_one("#dvc-versions", DataTable).focus()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        titles = [str(w.render()) for w in app.screen.query(".section")]
        assert "Added rows (1)" in titles and "Removed rows (0)" in titles, titles
        line = app.screen.query_one(CutCellsLine)
        stats = app.screen.query_one("#diff-stats", DataTable)
        stats.focus()
        await settle(pilot)
        description = next(i for i in range(stats.row_count)
                           if str(stats.get_row_at(i)[0]) == "description")  # fmt: skip
        cells = [str(cell) for cell in stats.get_row_at(description)]
        assert any(cell.endswith("…") for cell in cells), cells
        stats.move_cursor(row=description)
        await settle(pilot)
        assert line.display
        whole = str(line.render())
        assert whole.startswith("whole: ") and "…" not in whole, whole
        assert "images of a dog → images of a truck" in whole
        label = next(i for i in range(stats.row_count) if str(stats.get_row_at(i)[0]) == "label")
        stats.move_cursor(row=label)
        await settle(pilot)
        assert not line.display
