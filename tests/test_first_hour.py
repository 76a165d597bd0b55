"""Defects a new user hit in the first hour, each pinned down."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from fsdl_tui.headless import query_main
from fsdl_tui.screens.diff_screen import DiffScreen
from fsdl_tui.screens.dvc_pane import HELP, DvcPane

README = Path(__file__).parent.parent / "README.md"


def test_csv_output_ends_lines_with_newline_only(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("a,b\n1,x\n2,y\n")
    out = io.StringIO()
    assert query_main(["SELECT * FROM t", str(tmp_path / "t.csv"), "--format", "csv"], out) == 0
    assert "\r" not in out.getvalue()
    assert out.getvalue() == "a,b\n1,x\n2,y\n"


def bound_letters(screen: type) -> set[str]:
    keys = set()
    for binding in screen.BINDINGS:
        for key in binding.key.split(","):
            if len(key) == 1 and key.isalpha():
                keys.add(key)
    return keys


def test_dvc_keys_are_documented_as_they_are_bound() -> None:
    """One convention: a letter in the hint and the README is the key to press, in its case."""
    from fsdl_tui.widgets.experiments_view import ExperimentsView

    letters = bound_letters(DvcPane) | bound_letters(DiffScreen) | bound_letters(ExperimentsView)
    hinted = set(re.findall(r"(?:^|· )([A-Za-z]) [a-z]", HELP))
    assert hinted and hinted <= letters, hinted - letters
    readme = README.read_text()
    rows = [line for line in readme.splitlines() if re.match(r"\| .* \| DVC", line)]
    documented = {k.strip() for row in rows for k in re.split(r"[,/]", row.split("|")[1])}
    single = {k for k in documented if len(k) == 1 and k.isalpha()}
    assert single and single <= letters, single - letters


async def test_marking_a_version_keeps_the_cursor_and_actions_use_its_row(demo_repo: Path) -> None:
    from textual.widgets import DataTable

    from fsdl_tui.app import FsdlApp

    from .helpers import settle

    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        outputs = app.query_one("#dvc-outputs", DataTable)
        outputs.move_cursor(row=outputs.get_row_index("data/train.parquet"))
        await settle(pilot)
        versions = app.query_one("#dvc-versions", DataTable)
        versions.focus()
        versions.move_cursor(row=2)  # v1.0, the oldest
        await settle(pilot)
        rev = versions.coordinate_to_cell_key(versions.cursor_coordinate).row_key.value
        await pilot.press("space")
        await settle(pilot)
        assert versions.cursor_row == 2
        assert app.state.dvc.marked == (rev,)
        await pilot.press("w")  # the row under the cursor against the workspace
        await settle(pilot)
        diff = app.state.dvc.diff
        assert diff is not None and diff.spec.old.find(rev) >= 0


async def test_catalog_details_follow_the_highlighted_match(data_dir: Path) -> None:
    from textual.widgets import DataTable, Static

    from fsdl_tui.app import FsdlApp

    from .helpers import settle

    copied: list[str] = []
    app = FsdlApp([str(data_dir)])
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        from textual.widgets import Input

        box = app.query_one("#catalog-filter", Input)
        for typed in ("d", "dv", "dvc"):  # as fast as a terminal delivers keys
            box.value = typed
        await settle(pilot)
        entries = app.query_one("#catalog-entries", DataTable)
        first = entries.get_row_at(entries.cursor_row)[-1].plain
        details = str(app.query_one("#catalog-details", Static).render())
        assert first == "DVC" and details.startswith("DVC"), (first, details[:80])
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert copied == ["https://dvc.org/"]


async def test_an_unknown_key_id_in_the_settings_is_reported(data_dir: Path) -> None:
    from fsdl_tui.app import FsdlApp
    from fsdl_tui.config import Config

    from .helpers import settle, toast_texts

    config = Config(keys={"grid.sort_desc": "D", "grid.sort_dsc": "X"})
    app = FsdlApp([str(data_dir)], config=config)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        toasts = toast_texts(app)
        assert any("'grid.sort_dsc'" in t for t in toasts), toasts
        assert not any("'grid.sort_desc'" in t for t in toasts)


def test_headless_has_the_query_history_and_says_1_row(tmp_path: Path) -> None:
    from fsdl_tui.paths import history_path

    history_path().parent.mkdir(parents=True, exist_ok=True)
    history_path().write_text(
        '{"ran_at": "2026-01-01T00:00:00+00:00", "sql": "SELECT 42", "status": "done"}\n'
    )
    (tmp_path / "t.csv").write_text("a\n1\n")
    out = io.StringIO()
    assert query_main(["SELECT sql FROM query_history", str(tmp_path / "t.csv")], out) == 0
    assert "SELECT 42" in out.getvalue() and "1 row × 1 column" in out.getvalue()


def test_a_tiny_ragged_csv_is_read_whole_and_said(tmp_path: Path) -> None:
    from fsdl_tui.engine import create_engine

    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b,c\n1,2,3\n4,5\n6,7,8,9\n")
    preamble = tmp_path / "report.csv"
    preamble.write_text("My report\nGenerated today\na,b\n1,2\n3,4\n")
    engine = create_engine()
    try:
        source = engine.open_path(str(ragged))[0]
        assert source.rows == 3 and source.warning and "Ragged CSV" in source.warning
        rows = engine.query("SELECT a, b, c FROM ragged").run().fetch(0, 5).to_pylist()
        assert [r["a"] for r in rows] == [1, 4, 6]
        kept = engine.open_path(str(preamble))[0]  # a title above the header is skipped, quietly
        assert (
            kept.rows == 2 and kept.warning is None and [c.name for c in kept.columns] == ["a", "b"]
        )
    finally:
        engine.close()


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_an_export_with_bytes_writes_them_as_headless_does(tmp_path: Path, suffix: str) -> None:
    import duckdb

    from fsdl_tui.engine import create_engine

    data = tmp_path / "blobs.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS id, '\\x00\\xFF\\x1B'::BLOB AS b) TO '{data}'")
    engine = create_engine(read_only=True)
    try:
        engine.open_path(str(data))
        target = tmp_path / f"out{suffix}"
        assert engine.export("SELECT * FROM blobs", target).run() == 1
    finally:
        engine.close()
    out = io.StringIO()
    assert query_main(["SELECT * FROM blobs", str(data), "--format", "csv"], out) == 0
    assert "00ff1b" in target.read_text() and "00ff1b" in out.getvalue()


def test_diff_statistics_read_as_people_write_them() -> None:
    from fsdl_tui.screens.diff_screen import stat_text

    assert stat_text(0.1 + 0.395) == "0.495" and stat_text(3) == "3"
