"""Data that attacks the terminal or the UI is shown as text, and odd values render."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from textual.strip import Strip

from fsdl_tui.app import FsdlApp
from fsdl_tui.formatting import format_table
from fsdl_tui.screens.inspect_screen import InspectScreen
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import settle, shown_result

SIZE = (140, 40)
MEGABYTE = "ab" * 500_000

ATTACKS = {
    "ansi colour": "\x1b[31mred\x1b[0m",
    "clear screen": "\x1b[2J\x1b[H",
    "osc 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "osc 8 link": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "title change": "\x1b]0;owned\x07",
    "rich markup": "[bold red]loud[/]",
    "textual action": "[@click=app.quit]quit[/]",
    "control chars": "a\x00b\x07c\x08d\x7fe\rf\ng\th",
    "c1 controls": "x\x9b31my\x9dz",
    "bidi override": "abc\u202edcba\u2066x\u2069",
    "rtl text": "שלום عليكم",
    "wide cjk": "漢字かなカナ한글",
    "emoji zwj": "👩‍👩‍👧‍👦🏳️‍🌈👍🏽",
    "zero width": "a\u200bb\u200dc\ufeffd",
    "megabyte": MEGABYTE,
}
RAW_CONTROL = (
    {chr(c) for c in range(0x20) if c != 0x20} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}
)


@pytest.fixture
def hostile_parquet(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.parquet"
    con = duckdb.connect()
    con.execute('CREATE TABLE t (kind VARCHAR, "[bold]\x1b[31mcol" VARCHAR)')
    con.executemany("INSERT INTO t VALUES (?, ?)", list(ATTACKS.items()))
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    return path


@pytest.fixture
def odd_values_parquet(tmp_path: Path) -> Path:
    path = tmp_path / "odd.parquet"
    duckdb.connect().execute(f"""COPY (SELECT
        {{'a': 1, 'b': [1, 2, NULL], 'c': {{'deep': 'x'}}}} AS struct_col,
        [[1, 2], [], NULL] AS list_col,
        MAP {{'k': 1, 'l': NULL}} AS map_col,
        '\\x00\\xFF\\x1B'::BLOB AS blob_col,
        'NaN'::DOUBLE AS nan_col, 'inf'::DOUBLE AS inf_col, '-inf'::FLOAT AS ninf_col,
        12345678901234567890123456.1234567890::DECIMAL(38, 10) AS huge_decimal,
        170141183460469231731687303715884105727::HUGEINT AS huge_int,
        'infinity'::TIMESTAMP AS ts_inf, '-infinity'::DATE AS date_ninf,
        TIMESTAMP '9999-12-31 23:59:59.999999' AS ts_max, DATE '0001-01-01' AS date_min,
        TIMESTAMPTZ '2024-03-10 02:30:00+05:45' AS ts_tz, INTERVAL 1000 YEAR AS long_interval,
        NULL::VARCHAR AS null_text, 'e4eaaaf2-d142-11e1-b3e4-080027620cdd'::UUID AS uuid_col,
        -0.0 AS negative_zero, 1e308 * 10 AS overflow
    ) TO '{path}' (FORMAT parquet)""")
    return path


def strips(app) -> list[Strip]:
    grid = app.query_one(ResultGrid)
    return [grid.render_line(y) for y in range(grid.size.height)]


def assert_no_raw_controls(lines: list[str]) -> None:
    for line in lines:
        found = RAW_CONTROL & set(line)
        assert not found, f"raw control characters {sorted(map(ord, found))} in {line[:80]!r}"


async def test_attacks_on_the_terminal_show_as_text(hostile_parquet: Path) -> None:
    app = FsdlApp([str(hostile_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        lines = [strip.text for strip in strips(app)]
        assert_no_raw_controls(lines)
        text = "\n".join(lines)
        for visible in ("␛[31mred", "␛]52;c;cm0gLXJmIH4=", "[bold red]loud[/]",
                        "[@click=app.quit]quit[/]", "[bold]␛[31mcol", "漢字"):  # fmt: skip
            assert visible in text, visible
        width = grid.size.width
        assert {strip.cell_length for strip in strips(app)} == {width}  # wide/emoji keep columns
        # the markup in a cell is not an action: clicking it leaves the app running
        row = next(y for y, line in enumerate(lines) if "@click" in line)
        await pilot.click(ResultGrid, offset=(lines[row].index("[@click") + 2, row))
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize("kind", ["osc 52 clipboard", "megabyte", "bidi override", "emoji zwj"])
async def test_the_inspector_shows_the_whole_value_as_text(hostile_parquet: Path, kind) -> None:
    from textual.widgets import Static

    app = FsdlApp([str(hostile_parquet)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(row=list(ATTACKS).index(kind), col=1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InspectScreen)
        shown = str(app.screen.query_one("#inspect-value", Static).render())
        assert_no_raw_controls(shown.splitlines())
        if kind == "megabyte":
            assert shown.count("ab") >= 500_000
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InspectScreen)


async def test_odd_values_render_and_inspect(odd_values_parquet: Path) -> None:
    from textual.widgets import Static

    app = FsdlApp([str(odd_values_parquet)])
    async with app.run_test(size=(300, 20)) as pilot:
        await settle(pilot)
        assert app.state.query.error == ""
        grid = app.query_one(ResultGrid)
        grid.focus()
        text = "\n".join(strip.text for strip in strips(app))
        grid.action_last_column()  # the right-hand columns, scrolled into view
        await pilot.pause()
        text += "\n".join(strip.text for strip in strips(app))
        assert_no_raw_controls(text.splitlines())
        for shown in ("nan", "inf", "-inf", "infinity", "9999-12-31", "NULL", "e4eaaaf2"):
            assert shown in text, shown
        cells = format_table(shown_result(app).fetch(0, 1))[0]
        for shown in ("1.7014118346046923e+38", "1000 years", "-infinity",
                      "12345678901234567890123456.1234567890", "<3 bytes> 00 ff 1b"):  # fmt: skip
            assert shown in cells, (shown, cells)
        for col in range(len(grid.columns)):
            grid.move_cursor(row=0, col=col)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, InspectScreen), grid.columns[col].name
            value = str(app.screen.query_one("#inspect-value", Static).render())
            assert value.strip(), grid.columns[col].name
            assert_no_raw_controls(value.splitlines())
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running
