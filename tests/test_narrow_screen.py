"""At 80×24 (SSH's default) nothing is cut without a mark: F1's ids, prompts, schema types,
toasts and the completion popup stay whole and in place; the DVC pane's lists fit and its keys
mean what they mean in the grid."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from textual.widgets import DataTable, Label

from fsdl_tui.app import FsdlApp
from fsdl_tui.screens.help_screen import HelpScreen
from fsdl_tui.widgets.completion import CompletionPopup
from fsdl_tui.widgets.prompt_bar import PromptBar
from fsdl_tui.widgets.schema_view import SchemaView
from fsdl_tui.widgets.sql_editor import SqlEditor
from fsdl_tui.widgets.status_line import StatusLine

from .helpers import run_sql, settle, toast_texts

NARROW = (80, 24)


def table_lines(table: DataTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_f1_shows_every_binding_id_whole(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one(DataTable)
        lines = table_lines(table)[1:]  # under the header
        rows = help_screen.keys[: len(lines)]
        assert sum(1 for *_, ident in rows if ident) >= 5
        for (*_, ident), line in zip(rows, lines, strict=False):
            assert line.rstrip().endswith(ident), (ident, line)


async def test_the_export_prompt_wraps_instead_of_cutting(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        bar = app.query_one(PromptBar)
        assert bar.asking
        label = bar.query_one(Label)
        lines = [label.render_line(y).text for y in range(label.size.height)]
        assert ".jsonl)" in "".join(lines), lines
        assert label.region.right <= bar.region.right <= NARROW[0]
        assert bar.region.bottom == NARROW[1]  # on the bottom lines, whole


async def test_a_toast_leaves_the_status_line_readable(data_dir: Path) -> None:
    from textual.widgets._toast import Toast

    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f9")  # reload: "… read again from disk" toast
        await settle(pilot)
        assert any("read again" in text for text in toast_texts(app))
        status = app.query_one(StatusLine).region
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(status), (toast.region, status)


async def test_completions_stay_inside_the_editor(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.focus()
        await pilot.press("end", *" WHERE na")
        await settle(pilot)
        popup = app.query_one(CompletionPopup)
        assert popup.display and popup.choice == "name"
        inner = editor.region.shrink(editor.styles.gutter)
        assert inner.x <= popup.region.x and popup.region.right <= inner.right


async def test_a_cut_schema_type_is_marked_and_shown_whole(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    duckdb.sql(
        "COPY (SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' AS happened_at_in_the_users_zone,"
        " 1 AS id) TO '" + str(path) + "'"
    )
    app = FsdlApp([str(path)])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        schema = app.query_one(SchemaView)
        lines = table_lines(schema.query_one(DataTable))
        row = next(line for line in lines if "happened" in line)
        assert "…" in row and "TIMESTAMP WITH TI " not in row, row
        schema.query_one(DataTable).move_cursor(row=0)
        await settle(pilot)
        assert schema.border_subtitle == ("happened_at_in_the_users_zone: TIMESTAMP WITH TIME ZONE")


async def test_soft_wrap_is_a_key_and_a_setting(data_dir: Path) -> None:
    from fsdl_tui.config import Config

    app = FsdlApp([str(data_dir / "people.csv")], config=Config(soft_wrap=True))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        assert editor.soft_wrap
        editor.focus()
        await pilot.press("alt+z")
        assert not editor.soft_wrap


@pytest.mark.parametrize("size", [NARROW, (140, 40)])
async def test_dvc_lists_fit_tab_reaches_only_them_and_f3_comes_back(
    demo_repo: Path, size: tuple[int, int]
) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f3")  # the DVC pane is mounted when first shown
        await settle(pilot)
        outputs = app.query_one("#dvc-outputs", DataTable)
        for _ in range(20):  # ... and laid out a frame later
            if outputs.scrollable_content_region.width:
                break
            await pilot.pause(0.02)
        versions = app.query_one("#dvc-versions", DataTable)
        # every column of both lists is inside the list: nothing hides past its right edge
        for table in (outputs, versions):
            width = sum(column.get_render_width(table) for column in table.columns.values())
            assert width <= table.scrollable_content_region.width, (size, table.id)
        stops = set()
        for _ in range(4):
            stops.add(app.focused.id if app.focused else None)
            await pilot.press("tab")
        assert stops == {"dvc-outputs", "dvc-versions"}
        outputs.focus()
        await pilot.press("end")
        assert outputs.cursor_row == outputs.row_count - 1
        await pilot.press("home")
        assert outputs.cursor_row == 0
        await settle(pilot)
        versions.focus()
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.focused is versions


async def test_lists_wider_than_the_screen_mark_the_columns_out_of_sight(
    demo_repo: Path,
) -> None:
    """At 80 columns the experiments and metrics tables go on past their right edge: each line
    ends in `…` there (and begins with one once scrolled); a header cut to its column says so."""
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        table = app.query_one("#experiments-table", DataTable)
        view = table.scrollable_content_region.width
        shown = [line[:view] for line in table_lines(table)[: table.row_count + 1]]
        assert table.max_scroll_x > 0
        assert all(line.endswith("…") for line in shown), shown
        assert "accuracy" not in shown[0]
        table.focus()
        await pilot.press("ctrl+right")  # the last column
        await settle(pilot)
        shown = [line[:view] for line in table_lines(table)[: table.row_count + 1]]
        assert "accuracy" in shown[0]
        assert all(line.startswith("…") for line in shown), shown
        await pilot.press("m")
        await settle(pilot)
        metrics = app.query_one("#metrics-table", DataTable)
        headers = [str(column.label) for column in metrics.columns.values()]
        assert "prepare.val_p…" in headers, headers  # prepare.val_percent, 14 cells at most


def test_dvc_metrics_keep_integers_as_written(demo_repo: Path) -> None:
    import io
    import json

    from fsdl_tui.headless import query_main

    out = io.StringIO()
    sql = "SELECT DISTINCT text FROM dvc_metrics WHERE value = round(value) AND value IS NOT NULL"
    assert query_main([sql, "--repo", str(demo_repo), "--format", "json"], out) == 0
    texts = [row["text"] for row in json.loads(out.getvalue())]
    assert texts and all(t and not t.endswith(".0") for t in texts), texts


KEY_NAMES = {"equals_sign": "=", "exclamation_mark": "!", "minus": "-", "plus": "+",
             "underscore": "_", "colon": ":", "slash": "/", "escape": "Esc", "enter": "Enter",
             "space": "Space", "home": "Home", "end": "End", "left": "←", "right": "→"}  # fmt: skip


def readme_form(key: str) -> str:
    """`ctrl+enter` → `Ctrl+Enter`, `f2` → `F2`, `equals_sign` → `=`; letters keep their case."""
    parts = key.split("+")
    named = [KEY_NAMES.get(p, p.upper() if p[0] == "f" and p[1:].isdigit() else p) for p in parts]
    mods = [m.capitalize() for m in named[:-1]]
    last = named[-1]
    if mods and len(last) == 1 and last.isalpha():
        last = last.upper()
    elif len(last) > 1 and last.islower():
        last = last.capitalize()
    return "+".join([*mods, last])


def test_the_readme_keys_table_lists_every_key_f1_can_show() -> None:
    """Every binding with an id (what F1 lists and [keys] remaps) is in the README's table by
    its first key, written as the README writes keys."""
    import re

    from textual.binding import Binding

    from fsdl_tui.screens.catalog_pane import CatalogPane
    from fsdl_tui.screens.compare_screen import CompareScreen
    from fsdl_tui.screens.data_pane import DataPane
    from fsdl_tui.screens.diff_screen import DiffScreen
    from fsdl_tui.screens.dvc_pane import DvcPane
    from fsdl_tui.screens.history_screen import HistoryScreen
    from fsdl_tui.widgets.experiments_view import ExperimentsView
    from fsdl_tui.widgets.result_grid import ResultGrid

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    table = readme.split("## Keys", 1)[1].split("\n## ", 1)[0]
    key_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| ")]
    documented = {token for cell in key_cells for token in re.findall(r"[^\s/,()`]+", cell)}
    documented |= {"/"} if any("| / |" in line for line in table.splitlines()) else set()
    owners = (FsdlApp, DataPane, ResultGrid, SqlEditor, DvcPane, CatalogPane, DiffScreen,
              HistoryScreen, ExperimentsView, CompareScreen)  # fmt: skip
    missing = [
        (binding.id, readme_form(binding.key.split(",")[0]))
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding)
        and binding.id
        and readme_form(binding.key.split(",")[0]) not in documented
    ]
    assert not missing, missing


async def test_a_long_status_is_cut_with_a_mark(data_dir: Path) -> None:
    """A failed query's message longer than the status line ends in … at 80×24."""
    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT a_column_that_is_not_there_at_all FROM people")
        status = app.query_one(StatusLine)
        line = status.render_line(0).text.rstrip()
        assert line.startswith("✗ Query failed") and line.endswith("…")
        assert len(line) <= status.size.width


async def test_ctrl_b_gives_the_grid_the_sidebars_width(data_dir: Path) -> None:
    """At 80 columns, Ctrl+B hides the Files and Schema lists and the grid shows more of the
    result; again, they are back. Focus in a hidden list moves to the grid."""
    from fsdl_tui.widgets.file_list import FileList
    from fsdl_tui.widgets.result_grid import ResultGrid

    app = FsdlApp([str(data_dir / "people.csv")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        narrow = grid.size.width
        app.query_one(FileList).focus()
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not app.query_one("#data-sidebar").display
        assert grid.size.width >= narrow + 30 and app.focused is grid
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.query_one("#data-sidebar").display and grid.size.width == narrow
