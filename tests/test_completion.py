"""SQL completion from the data plane: tables, columns, functions, keywords."""

from __future__ import annotations

from pathlib import Path

from fsdl_tui.app import FsdlApp
from fsdl_tui.widgets.completion import CompletionPopup, complete, word_before
from fsdl_tui.widgets.sql_editor import SqlEditor

from .helpers import settle


def test_words_and_ranking(engine, data_dir: Path) -> None:
    engine.open_path(str(data_dir))
    words = engine.completion_words()
    assert ("people", "view") in words and ("age", "column") in words
    assert ("count", "function") in words and ("SELECT", "keyword") in words
    assert complete("peo", words)[0] == ("people", "view")
    assert complete("co", words)[0][0] in {"count", "corr", "cos", "cot"}
    assert complete("ag", words)[0] == ("age", "column")
    assert complete("x", words) == []  # too short
    assert word_before("SELECT * FROM peo", 17) == "peo"


def test_a_macro_made_by_a_query_is_offered(engine, data_dir: Path) -> None:
    """Function names are read once, and again after a query that may add some."""
    engine.open_path(str(data_dir))
    assert ("add_one", "function") not in engine.completion_words()
    engine.query("CREATE MACRO add_one(a) AS a + 1").run().close()
    assert ("add_one", "function") in engine.completion_words()


async def test_typing_offers_and_tab_accepts(data_dir: Path) -> None:
    app = FsdlApp([str(data_dir)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        editor = app.query_one(SqlEditor)
        editor.load_text("")
        editor.focus()
        await pilot.press(*"SELECT * FROM peo")
        await pilot.pause()
        popup = app.query_one(CompletionPopup)
        assert popup.display and popup.choice == "people"
        await pilot.press("tab")
        await pilot.pause()
        assert editor.text == "SELECT * FROM people" and not popup.display
        assert app.focused is editor  # Tab took the completion, not the focus
        await pilot.press(*" WHERE ag")
        await pilot.pause()
        assert popup.choice == "age"
        await pilot.press("escape")
        assert not popup.display
        await pilot.press("enter")
        assert editor.text.endswith("ag\n")  # Enter is a newline again
