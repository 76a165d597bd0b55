"""Every value of every type, at its edges, is shown as DuckDB writes it — in the grid and the
copy keys, the inspector, `fsdl-tui query` (table, CSV, JSON) and every export format — from
SQL, from a Parquet file DuckDB wrote and from INT96 timestamps as Spark writes them. Never an
exception, never `<value out of range>` where DuckDB can print the value."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from fsdl_tui.engine import create_engine
from fsdl_tui.formatting import column_values, format_table, sanitize
from fsdl_tui.headless import query_main

from .type_edges import (
    BEYOND_PARQUET_DECIMAL,
    BYTES_AND_NESTED,
    EDGES,
    NOT_IN_PARQUET,
    every_type_sql,
    write_every_type_parquet,
    write_int96_parquet,
)

NO_NAN_IN_JSON = ("nan", "inf", "ninf")  # JSON has no NaN or infinities: null


def duckdb_texts(sql: str) -> list[dict[str, str | None]]:
    """DuckDB's own text of every value: the reference."""
    relation = duckdb.connect().sql(sql)
    casts = ", ".join(f'CAST("{name}" AS VARCHAR) AS "{name}"' for name in relation.columns)
    cursor = duckdb.connect().execute(f"SELECT {casts} FROM ({sql})")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(params=["sql", "duckdb_parquet", "int96_parquet"])
def source(request, tmp_path: Path) -> tuple[str, list[str]]:
    """(the SQL to run, the paths to open first)."""
    if request.param == "sql":
        return every_type_sql(), []
    if request.param == "duckdb_parquet":
        path = write_every_type_parquet(tmp_path / "types.parquet")
    else:
        path = write_int96_parquet(tmp_path / "spark.parquet")
    return f"SELECT * FROM '{path}'", [str(path)]


def scalar(name: str) -> bool:
    return name not in BYTES_AND_NESTED and name not in ("in_struct", "in_list")


def test_the_grid_and_copy_keys_show_duckdbs_text(source) -> None:
    from fsdl_tui.screens.explore import rows_as_csv
    from fsdl_tui.screens.inspect_screen import inspect_text

    sql, paths = source
    expected = duckdb_texts(sql)
    engine = create_engine(read_only=True)
    try:
        for path in paths:
            engine.open_path(path)
        result = engine.query(sql).run()
        page = result.fetch(0, result.row_count)
        cells = format_table(page)
        values = list(zip(*(column_values(c) for c in page.columns), strict=True))
        copied = list(csv.reader(io.StringIO(rows_as_csv(page.column_names, values))))[1:]
    finally:
        engine.close()
    names = [c.name for c in result.columns]
    for row, raw, want, copy in zip(cells, values, expected, copied, strict=True):
        shown = dict(zip(names, row, strict=True))
        whole = dict(zip(names, raw, strict=True))  # what the inspector is given
        for name, text in want.items():
            assert "out of range" not in (shown[name] or ""), name
            if scalar(name) and text is not None:
                assert shown[name] == sanitize(text), name
                assert inspect_text(whole[name])[0] == sanitize(text), name
        assert copy == [("" if c is None else c) for c in row]


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_fsdl_tui_query_writes_every_value(source, fmt: str, tmp_path: Path) -> None:
    sql, paths = source
    expected = duckdb_texts(sql)
    out, err = io.StringIO(), io.StringIO()
    if not paths:  # something to open that is not the sample data (nor the demo repo)
        (tmp_path / "one.csv").write_text("a\n1\n")
    opened = paths or [str(tmp_path / "one.csv")]
    code = query_main([sql, *opened, "--format", fmt], out=out, err=err)
    assert code == 0, err.getvalue()
    text = out.getvalue()
    assert "out of range" not in text and "Traceback" not in err.getvalue()
    if fmt == "table":
        return  # Rich fits the columns to the terminal: checked whole by the CSV and JSON
    rows = list(csv.DictReader(io.StringIO(text))) if fmt == "csv" else json.loads(text)
    for row, want in zip(rows, expected, strict=True):
        for name, value in want.items():
            if not scalar(name) or value is None:
                continue
            got = row[name]
            if fmt == "json" and name in NO_NAN_IN_JSON:
                assert got is None, name
            elif fmt == "json" and isinstance(got, dict):  # a VARIANT holding an object
                assert name == "variant" and got == {"a": [1, 2]}
            elif fmt == "json" and not isinstance(got, str):
                assert json.dumps(got) == value or float(value) == got, name
            else:
                assert got == value, (name, got, value)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".json", ".jsonl", ".parquet"])
def test_exports_keep_every_value(source, suffix: str, tmp_path: Path) -> None:
    sql, paths = source
    if not paths and suffix == ".parquet":  # what Parquet cannot hold: see the next test
        sql = every_type_sql(NOT_IN_PARQUET + BEYOND_PARQUET_DECIMAL)
    expected = duckdb_texts(sql)
    target = tmp_path / f"out{suffix}"
    engine = create_engine(read_only=True)
    try:
        for path in paths:
            engine.open_path(path)
        assert engine.export(sql, target).run() == len(expected)
    finally:
        engine.close()
    if suffix == ".parquet":
        back = duckdb_texts(f"SELECT * FROM '{target}'")
        for row, want in zip(back, expected, strict=True):
            assert {k: v for k, v in row.items() if scalar(k)} == {
                k: v for k, v in want.items() if scalar(k)
            }
        return
    if suffix in (".csv", ".tsv"):
        delimiter = "," if suffix == ".csv" else "\t"
        rows = list(csv.DictReader(target.open(newline=""), delimiter=delimiter))
    elif suffix == ".json":
        rows = json.loads(target.read_text())
    else:
        rows = [json.loads(line) for line in target.read_text().splitlines()]
    for row, want in zip(rows, expected, strict=True):
        for name, value in want.items():
            got = row[name]
            if not scalar(name):
                if suffix in (".csv", ".tsv") and name != "blob" and got:
                    json.loads(got)  # nested values as JSON text
                continue
            if value is None:
                continue
            if suffix in (".json", ".jsonl") and name in NO_NAN_IN_JSON:
                assert got is None, name
            elif suffix in (".csv", ".tsv") or isinstance(got, str):
                assert got == value, (name, got, value)
            elif isinstance(got, dict):  # a VARIANT holding an object: that object
                assert name == "variant" and got == {"a": [1, 2]}
            else:  # a JSON number: the same number
                assert float(got) == float(value), name


def test_a_parquet_export_beyond_what_parquet_holds_is_a_message(tmp_path: Path) -> None:
    """Exact or a message, never a file no reader can decode: sums (HUGEINT) export as
    DECIMAL(38, 0); a 39-digit one says so."""
    from fsdl_tui.engine import EngineError

    engine = create_engine(read_only=True)
    try:
        fits = "SELECT sum(x) AS total, 12345678901234567890123::UHUGEINT AS u FROM range(10) t(x)"
        assert engine.export(fits, tmp_path / "fits.parquet").run() == 1
        back = duckdb.sql(f"SELECT total, u FROM '{tmp_path / 'fits.parquet'}'")
        assert back.fetchall()[0] == (45, 12345678901234567890123)
        assert [str(t) for t in back.types] == ["DECIMAL(38,0)", "DECIMAL(38,0)"]
        with pytest.raises(EngineError, match="beyond DECIMAL\\(38, 0\\)"):
            engine.export(every_type_sql(), tmp_path / "edges.parquet").run()
        assert not (tmp_path / "edges.parquet").exists()
    finally:
        engine.close()


async def test_the_inspector_shows_edge_values_whole() -> None:
    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.inspect_screen import InspectScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import run_sql, settle

    sql = every_type_sql()
    expected = duckdb_texts(sql)[0]
    names = list(EDGES)
    app = FsdlApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_sql(pilot, sql)
        grid = app.query_one(ResultGrid)
        grid.focus()
        for name in ("ts_min", "date_bc", "uhugeint_max", "timetz", "bignum", "ts_ns_digits",
                     "interval_neg", "bit", "float"):  # fmt: skip
            grid.move_cursor(row=0, col=names.index(name))
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, InspectScreen)
            assert app.screen.text == expected[name], name
            await pilot.press("escape")
        grid.move_cursor(row=0, col=names.index("nested"))
        await pilot.press("enter")
        await settle(pilot)
        assert "294247-01-01 00:00:00" in app.screen.text
