"""The record view: a chat JSONL row as a conversation, a 1,000-column row, huge cells bounded."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb


async def test_a_chat_record_is_a_conversation(tmp_path: Path) -> None:
    from textual.widgets import Static

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.record_screen import RecordScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    record = {"id": 7, "messages": [{"role": "system", "content": "Be brief."},
                                    {"role": "user", "content": "What is DVC?"},
                                    {"role": "assistant", "content": "Git for data."}]}  # fmt: skip
    (tmp_path / "chat.jsonl").write_text(json.dumps(record) + "\n")
    app = FsdlApp([str(tmp_path / "chat.jsonl")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        chat = next(f for f in app.screen.fields if f.name == "messages").chat
        assert chat == (("system", "Be brief."), ("user", "What is DVC?"),
                        ("assistant", "Git for data."))  # fmt: skip
        lines = [app.screen.query_one("#field-1", Static).render_line(y).text for y in range(4)]
        assert lines[1].startswith("system: Be brief.") and lines[3].startswith("assistant: Git")
        await pilot.press("down", "y")
        assert app.clipboard.startswith("[")  # the messages, as JSON


async def test_a_thousand_columns_and_a_huge_cell(tmp_path: Path) -> None:
    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.record_screen import FIELD_CHARS, RecordScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    columns = ", ".join(f"{i} AS c{i:04d}" for i in range(1000))
    path = tmp_path / "wide.parquet"
    duckdb.sql(f"COPY (SELECT repeat('x', 5000000) AS big, {columns}) TO '{path}'")
    app = FsdlApp([str(path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        fields = app.screen.fields
        assert len(fields) == 1001 and fields[-1].text == "999"
        assert len(fields[0].text) == FIELD_CHARS and fields[0].total_chars == 5_000_000
        await pilot.press("escape")
