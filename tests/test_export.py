"""Exporting results: the engine's job and the Data pane's Ctrl+S, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.engine import QueryError
from fsdl_tui.screens.prompt import ConfirmScreen

from .helpers import run_sql, send_at_once, settle


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json", ".jsonl", ".tsv"])
def test_export_every_format(engine, numbers_parquet: Path, tmp_path: Path, suffix: str) -> None:
    engine.open_path(str(numbers_parquet))
    target = tmp_path / f"out{suffix}"
    rows = engine.export("SELECT n, txt FROM numbers WHERE n < 1000", target).run()
    assert rows == 1000
    reader = {".csv": "read_csv", ".tsv": "read_csv", ".parquet": "read_parquet",
              ".json": "read_json", ".jsonl": "read_json"}[suffix]  # fmt: skip
    count = duckdb.connect().sql(f"SELECT count(*) FROM {reader}('{target}')").fetchall()[0][0]
    assert count == 1000
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_export_errors_leave_nothing_behind(engine, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="Export to"):
        engine.export("SELECT 1", tmp_path / "out.xlsx").run()
    with pytest.raises(QueryError, match="No such folder"):
        engine.export("SELECT 1", tmp_path / "missing" / "out.csv").run()
    with pytest.raises(QueryError):
        engine.export("SELECT * FROM nowhere", tmp_path / "out.csv").run()
    assert list(tmp_path.iterdir()) == []
    if Path("/proc/self").is_dir():  # a folder that takes no new files, even from root
        with pytest.raises(QueryError) as refused:
            engine.export("SELECT 1", Path("/proc/out.csv")).run()
        assert refused.value.message.startswith("Cannot write /proc/out.csv: ")
        assert ".part" not in refused.value.message  # not the temporary file's name


async def test_ctrl_s_exports_and_asks_before_overwriting(numbers_parquet: Path, tmp_path) -> None:
    target = tmp_path / "export.json"
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT n FROM numbers ORDER BY n DESC LIMIT 5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*str(target), "enter")
        await settle(pilot)
        assert [row["n"] for row in json.loads(target.read_text())] == [99999, 99998, 99997,
                                                                       99996, 99995]  # fmt: skip
        target.write_text("keep me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*str(target), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text() == "keep me"


async def test_ctrl_s_into_a_missing_folder_asks_then_creates_it(
    numbers_parquet: Path, tmp_path
) -> None:
    target = tmp_path / "new" / "deeper" / "out.csv"
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT n FROM numbers LIMIT 3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*str(target), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert target.read_text() == "n\n0\n1\n2\n"


async def test_a_path_typed_right_behind_ctrl_s_is_the_answer(
    numbers_parquet: Path, tmp_path
) -> None:
    """Ctrl+S, a path and Enter sent at once from the SQL editor (a fast typist, a script):
    the path went into the SQL, the editor having the focus until the question came up."""
    from fsdl_tui.widgets.sql_editor import SqlEditor

    target = tmp_path / "burst.csv"
    app = FsdlApp([str(numbers_parquet)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT n FROM numbers LIMIT 3")
        editor = app.query_one(SqlEditor)
        editor.focus()
        await pilot.pause()
        sql = editor.text
        send_at_once(app, "ctrl+s", *str(target), "enter")
        await settle(pilot)
        assert target.read_text() == "n\n0\n1\n2\n"
        assert editor.text == sql
