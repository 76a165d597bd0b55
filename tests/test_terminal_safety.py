"""Nothing from data or settings reaches the terminal as an escape sequence or as markup: error
toasts, the status line, titles and headless stderr included."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from textual.widgets._toast import Toast

from fsdl_tui.app import FsdlApp
from fsdl_tui.config import load_config
from fsdl_tui.headless import query_main
from fsdl_tui.screens.inspect_screen import InspectScreen
from fsdl_tui.widgets.result_grid import ResultGrid
from fsdl_tui.widgets.status_line import StatusLine

from .helpers import run_sql, settle

SIZE = (120, 34)
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x1b\\"
TITLE = "\x1b]2;owned\x1b\\"


def toast_texts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def status_text(app) -> str:
    return app.query_one(StatusLine).render().plain


def no_escape(*texts: str) -> bool:
    return not any("\x1b" in text or "\x07" in text or "\x9b" in text for text in texts)


@pytest.fixture
def hostile_cells(tmp_path: Path) -> Path:
    path = tmp_path / "cells.csv"
    path.write_text(
        "a\n" + "\n".join(f'"{v}"' for v in (CLIPBOARD, TITLE, "[/]", "[@click=app.quit]x[/]"))
    )
    return path


@pytest.mark.parametrize("value", [CLIPBOARD, TITLE, "[/]", "[@click=app.quit]x[/]", "[bold]x"])
async def test_a_value_in_an_error_is_shown_as_text(tmp_path: Path, value: str) -> None:
    path = tmp_path / "cells.parquet"
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT ? AS a", [value])
    con.execute(f"COPY t TO '{path}'")
    app = FsdlApp([str(path)])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT CAST(a AS INTEGER) FROM cells")
        await pilot.pause()
        assert app.is_running  # no MarkupError, no action run
        toasts, status = toast_texts(app), status_text(app)
        assert any("Could not convert string" in t for t in toasts), toasts
        assert no_escape(status, *toasts)
        if value.startswith("["):
            assert any(value in t for t in toasts), toasts


async def test_a_column_named_like_markup_opens_in_the_inspector(tmp_path: Path) -> None:
    path = tmp_path / "odd.parquet"
    duckdb.sql(f"""COPY (SELECT 1 AS "[/]", 2 AS "{TITLE}") TO '{path}'""")
    app = FsdlApp([str(path)])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        for column in range(2):
            grid.move_cursor(row=0, col=column)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, InspectScreen)
            title = app.screen.query_one("VerticalScroll").border_title or ""
            assert no_escape(title)
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running


async def test_settings_and_targets_with_markup_are_warnings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FSDL_TUI_PAGE_ROWS", "[/]")
    config, problems = load_config({"theme": "[/]"})
    app = FsdlApp([str(tmp_path / "missing[/]"), str(tmp_path / f"gone{TITLE}")],
                  config=config, config_problems=problems)  # fmt: skip
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        toasts = toast_texts(app)
        assert app.is_running
        assert any("[/]" in t and "page_rows" in t for t in toasts), toasts
        assert any("unknown theme '[/]'" in t for t in toasts), toasts
        assert any("missing[/]" in t for t in toasts), toasts
        assert no_escape(*toasts)


def test_headless_errors_and_warnings_carry_no_escapes(tmp_path: Path) -> None:
    corrupt = tmp_path / f"bad{TITLE}.parquet"
    corrupt.write_bytes(b"PAR1 not really parquet")
    good = tmp_path / "good.csv"
    good.write_text(f"a\n{CLIPBOARD}\n")
    out, err = io.StringIO(), io.StringIO()
    code = query_main(["SELECT CAST(a AS INTEGER) FROM good", str(tmp_path)], out, err)
    assert code == 1
    lines = err.getvalue().splitlines()
    assert any(line.startswith("fsdl-tui: warning: skipped") for line in lines), lines
    assert any(line.startswith("fsdl-tui: error:") for line in lines), lines
    assert no_escape(err.getvalue())
    code = query_main(["SELECT 1", str(tmp_path / f"none{TITLE}.csv")], out, err)
    assert code == 1 and no_escape(err.getvalue())


async def test_a_dvc_output_named_like_markup_is_listed_and_selected(demo_repo: Path) -> None:
    from textual.content import Content
    from textual.widgets import DataTable

    from .conftest import git_commit

    name = "x[/]y.csv"
    md5 = "d41d8cd98f00b204e9800998ecf8427e"
    (demo_repo / "x[").mkdir()  # the name holds a slash: a folder `x[` with `]y.csv` in it
    (demo_repo / f"{name}.dvc").write_text(f"outs:\n- md5: {md5}\n  size: 0\n  path: ]y.csv\n")
    git_commit(demo_repo, "an output named like markup")
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        outputs = app.query_one("#dvc-outputs", DataTable)
        outputs.move_cursor(row=outputs.get_row_index(name))
        await settle(pilot)
        assert app.state.dvc.selected == name
        title = app.query_one("#dvc-versions", DataTable).border_title or ""
        assert Content.from_markup(title).plain == f"Versions · {name}"  # shown literally
        assert app.is_running
