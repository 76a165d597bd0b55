"""Settings (config file < environment < flags), remapped keys, theme memory, help, palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.config import config_path, load_config
from fsdl_tui.screens.help_screen import HelpScreen
from fsdl_tui.state import Pane
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import run_from_palette, settle, toast_texts


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_file_then_environment_then_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config('theme = "nord"\npage_rows = 64\n[keys]\n"grid.sort_desc" = "D"\n')
    config, problems = load_config()
    assert (config.theme, config.page_rows, config.keys) == ("nord", 64, {"grid.sort_desc": "D"})
    assert problems == []
    monkeypatch.setenv("FSDL_TUI_PAGE_ROWS", "256")
    monkeypatch.setenv("FSDL_TUI_THEME", "gruvbox")
    config, _ = load_config()
    assert (config.theme, config.page_rows) == ("gruvbox", 256)
    config, _ = load_config({"theme": "dracula", "page_rows": None})
    assert (config.theme, config.page_rows) == ("dracula", 256)


def test_broken_config_is_reported_not_fatal() -> None:
    write_config("theme = [unclosed\n")
    config, problems = load_config()
    assert config.theme is None and len(problems) == 1 and "not valid TOML" in problems[0]
    write_config('page_rows = "many"\ncolour = "red"\n')
    config, problems = load_config()
    assert config.page_rows == 128
    assert any("page_rows must be a number" in p for p in problems)
    assert any("unknown setting 'colour'" in p for p in problems)


async def test_settings_reach_the_app_and_keys_remap(data_dir: Path) -> None:
    write_config('theme = "nord"\npage_rows = 32\n[keys]\n"grid.sort_desc" = "D"\n')
    config, problems = load_config()
    app = FsdlApp([str(data_dir / "people.csv")], config=config, config_problems=problems)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        grid = app.query_one(ResultGrid)
        assert grid.block_rows == 32
        grid.focus()
        grid.move_cursor(col=2)
        await pilot.press("D")
        await settle(pilot)
        assert 'ORDER BY "age" DESC' in app.state.query.sql


async def test_a_picked_theme_is_remembered(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        await settle(pilot)
    config, _ = load_config()
    assert config.theme == "gruvbox"


async def test_unknown_theme_is_a_warning(data_dir: Path) -> None:
    config, _ = load_config({"theme": "no-such-theme"})
    app = FsdlApp([str(data_dir)], config=config)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert any("unknown theme" in t for t in toast_texts(app))


async def test_f1_lists_the_keys_of_the_focused_pane(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {row[3] for row in app.screen.keys}
        assert {"grid.sort_asc", "grid.frequency", "data.run", "app.pane_dvc"} <= ids
        await pilot.press("escape")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        ids = {row[3] for row in app.screen.keys}
        assert "catalog.open_homepage" in ids and "grid.sort_asc" not in ids
        rows = app.screen.keys  # the pane's own keys, the app's, then the filter box's
        own = [bool(row[3]) for row in rows]  # fsdl-tui's keys have binding ids
        assert own == sorted(own, reverse=True) and any(row[0] == "Input" for row in rows)
        assert rows[0][0] == "Catalog pane" and rows[own.count(True) - 1][0] == "everywhere"


async def test_palette_runs_a_pane_action(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await run_from_palette(pilot, "result: sort")
        assert app.state.pane is Pane.DATA
        assert "ORDER BY" in app.state.query.sql


def test_read_only_is_the_default_and_flags_lift_it(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config()[0].read_only is True
    assert load_config({"read_only": False})[0].read_only is False
    monkeypatch.setenv("FSDL_TUI_READ_ONLY", "false")
    assert load_config()[0].read_only is False
    monkeypatch.setenv("FSDL_TUI_READ_ONLY", "maybe")
    config, problems = load_config()
    assert config.read_only is True and "read_only must be true or false" in problems[0]


def test_headless_query_is_read_only_unless_allowed(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "out.csv"
    (tmp_path / "in.csv").write_text("a\n1\n")
    sql = f"COPY (SELECT 1 AS x) TO '{target}'"
    command = [sys.executable, "-m", "fsdl_tui", "query", sql, str(tmp_path / "in.csv")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "read-only" in done.stderr.lower() and not target.exists()
    done = subprocess.run([*command, "--allow-writes"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and target.read_text().splitlines() == ["x", "1"]


async def test_palette_runs_an_action_of_a_pane_never_shown(demo_repo: Path) -> None:
    """The DVC pane is mounted when first shown; its actions are in the palette before that."""
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "dvc: pipeline")
        assert app.state.pane is Pane.DVC
        from textual.widgets import TabbedContent

        assert app.query_one("#dvc-views", TabbedContent).active == "dvc-pipeline-tab"
