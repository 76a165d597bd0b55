"""The Catalog pane driven like a user."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent

from fsdl_tui.app import FsdlApp
from fsdl_tui.state import Pane

from .helpers import run_from_palette, settle, toast_texts

SIZE = (100, 30)


def details_text(app) -> str:
    return str(app.query_one("#catalog-details", Static).render())


def entry_names(app) -> list[str]:
    table = app.query_one("#catalog-entries", DataTable)
    return [table.get_row_at(i)[1].plain for i in range(table.row_count)]


async def open_catalog(pilot) -> None:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)


async def test_catalog_lists_every_entry_with_details(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await open_catalog(pilot)
        assert app.state.pane is Pane.CATALOG
        assert isinstance(app.focused, Input)
        assert len(entry_names(app)) == len(app.state.catalog.tools) == 40
        assert "Weights and Biases" in details_text(app)
        assert "a database of experiments" in details_text(app)


async def test_typing_filters_and_arrows_select(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await open_catalog(pilot)
        await pilot.press(*"feature store")
        await settle(pilot)
        assert entry_names(app)[0] == "Featureform"
        assert set(entry_names(app)) == {"Featureform", "Uber Michelangelo", "Tecton", "Feast"}
        assert "Featureform" in details_text(app)
        await pilot.press("down")
        await settle(pilot)
        assert app.state.catalog.selected == app.state.catalog.tool("michelangelo").id
        assert "Uber Michelangelo" in details_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.state.catalog.filter == ""
        assert len(entry_names(app)) == 40


async def test_category_list_narrows_entries(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await open_catalog(pilot)
        categories = app.query_one("#catalog-categories", OptionList)
        categories.focus()
        index = categories.get_option_index("data versioning")
        categories.highlighted = index
        await settle(pilot)
        assert app.state.catalog.category == "data versioning"
        assert entry_names(app) == ["DVC"]


async def test_installed_marker(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await open_catalog(pilot)
        table = app.query_one("#catalog-entries", DataTable)
        marks = {table.get_row_at(i)[1].plain: table.get_row_at(i)[0].plain for i in range(40)}
        assert marks["DuckDB"] == "✓"
        assert marks["Feast"] == ""
        await pilot.press(*"duckdb")
        await settle(pilot)
        assert "installed here: duckdb" in details_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"feast")
        await settle(pilot)
        assert "pip install feast" in details_text(app) and "not installed" in details_text(app)


async def test_open_homepage_without_display_copies_the_url(data_dir, monkeypatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = FsdlApp([str(data_dir)])
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_catalog(pilot)
        await pilot.press(*"dvc")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert copied == ["https://dvc.org/"]
        assert any("https://dvc.org/" in t for t in toast_texts(app))


async def test_jump_to_the_pane_that_does_the_job(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await open_catalog(pilot)
        await pilot.press(*"pandas")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.state.pane is Pane.DATA


async def test_command_palette_shows_a_catalog_entry(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "catalog: tecton")
        assert app.state.pane is Pane.CATALOG
        assert app.state.catalog.selected == "tecton"
        assert "Tecton" in details_text(app)


async def test_keys_typed_right_after_the_first_f4_reach_the_catalog(data_dir: Path) -> None:
    """The Catalog pane is mounted when first shown; F4 holds the keys after it until then, and
    quick pane switches do not bounce back."""
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_cursor = app.query_one("#result-grid").cursor_col
        from textual import events

        # as a terminal sends them: all queued before the first is handled
        for key, char in [("f4", None), *((c, c) for c in "label")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert app.query_one("#catalog-filter", Input).value == "label"
        assert app.query_one("#result-grid").cursor_col == grid_cursor  # no `l` reached it
        await pilot.press("f2", "f4", "f2", "f4")
        await settle(pilot)
        assert app.state.pane is Pane.CATALOG
        assert app.query_one(TabbedContent).active == "catalog"


async def test_pane_keys_do_nothing_while_a_prompt_is_open(data_dir: Path) -> None:
    """F2–F4 are priority bindings (they wait for a pane's mount); a prompt still stops them."""
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one("#result-grid").focus()
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.prompt_bar.asking
        await pilot.press("f3", "f4")
        await settle(pilot)
        assert app.prompt_bar.asking and app.state.pane is Pane.DATA
        await pilot.press("escape")
        await settle(pilot)
        assert app.state.pane is Pane.DATA
