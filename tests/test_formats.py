"""JSON and JSON lines open like Parquet and CSV: plain or compressed, nested values intact, in
a folder next to other kinds, in the app and headless; a file of another kind is named plainly."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
import zstandard

from fsdl_tui.engine import create_engine
from fsdl_tui.headless import query_main

RECORDS = [
    {"id": 1, "label": "cat", "box": {"x": 1, "y": 2}, "tags": ["a", "b"]},
    {"id": 2, "label": "dog", "box": {"x": 3, "y": 4}, "tags": []},
    {"id": 3, "label": "cat", "box": {"x": 5, "y": 6}, "tags": ["c"]},
]


def jsonl() -> bytes:
    return "".join(json.dumps(r) + "\n" for r in RECORDS).encode()


WRITERS = {
    "labels.jsonl": jsonl,
    "labels.ndjson": jsonl,
    "labels.jsonl.gz": lambda: gzip.compress(jsonl()),
    "labels.jsonl.zst": lambda: zstandard.ZstdCompressor().compress(jsonl()),
    "labels.json": lambda: json.dumps(RECORDS).encode(),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_json_files_open_with_nested_values(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(WRITERS[name]())
    engine = create_engine()
    try:
        (source,) = engine.open_path(str(path))
        assert source.ok and source.name == "labels" and source.kind == "json"
        assert source.rows == 3
        assert [c.name for c in source.columns] == ["id", "label", "box", "tags"]
        result = engine.query("SELECT box.y AS y, len(tags) AS n FROM labels ORDER BY id").run()
        assert result.fetch(0, 3).to_pylist() == [{"y": 2, "n": 2}, {"y": 4, "n": 0},
                                                  {"y": 6, "n": 1}]  # fmt: skip
    finally:
        engine.close()


def test_a_folder_opens_json_next_to_csv_and_parquet(data_dir: Path) -> None:
    (data_dir / "labels.jsonl").write_bytes(jsonl())
    out = io.StringIO()
    code = query_main(["SELECT label, count(*) n FROM labels GROUP BY label ORDER BY label",
                       str(data_dir), "--format", "csv"], out)  # fmt: skip
    assert code == 0 and out.getvalue() == "label,n\ncat,2\ndog,1\n"


def test_a_file_of_another_kind_is_named(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("not data")
    assert query_main(["SELECT 1", str(tmp_path / "notes.txt")], io.StringIO()) == 1
    error = capsys.readouterr().err
    assert "fsdl-tui reads Parquet, CSV/TSV, JSON/JSONL, Arrow/Feather," in error
    assert "— not " in error and "notes.txt" in error


def test_a_broken_json_file_is_one_line_and_the_rest_opens(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(jsonl())
    (tmp_path / "bad.jsonl").write_text('{"id": 1,\n')
    engine = create_engine()
    try:
        sources = {s.name: s for s in engine.open_path(str(tmp_path))}
        assert sources["good"].ok and sources["good"].rows == 3
        assert not sources["bad"].ok and sources["bad"].error.startswith("Not readable as JSON")
    finally:
        engine.close()


def test_values_python_cannot_hold_are_shown_as_duckdb_writes_them(tmp_path: Path) -> None:
    """Years past 9999 (also inside lists and structs) and DuckDB's infinities: no traceback,
    the text DuckDB itself gives; a file named after a SQL keyword is a view SQL can name."""
    import duckdb

    path = tmp_path / "binary.parquet"
    duckdb.sql(
        "COPY (SELECT TIMESTAMP '294247-01-01 00:00:00' AS far, DATE '5877641-06-25' AS d, "
        "'infinity'::TIMESTAMP AS inf, [TIMESTAMP '12000-05-06 07:08:09.5'] AS l, "
        "{'t': DATE '-100-01-01'} AS s) "
        f"TO '{path}'"
    )
    out = io.StringIO()
    assert query_main(["SELECT * FROM binary_", str(path), "--format", "csv"], out) == 0
    far, d, inf, nested, struct = list(csv.reader(io.StringIO(out.getvalue())))[1]
    assert (far, d, inf) == ("294247-01-01 00:00:00", "5877641-06-25", "infinity")
    assert "12000-05-06 07:08:09.5" in nested
    assert "0101-01-01 (BC)" in struct  # DuckDB's year -100: no year zero


def test_csv_output_keeps_nan_and_infinities(tmp_path: Path) -> None:
    out = io.StringIO()
    sql = "SELECT 'nan'::DOUBLE AS a, 'inf'::DOUBLE AS b, '-inf'::FLOAT AS c, 1.5 AS d"
    (tmp_path / "t.csv").write_text("x\n1\n")
    assert query_main([sql, str(tmp_path / "t.csv"), "--format", "csv"], out) == 0
    assert out.getvalue() == "a,b,c,d\nnan,inf,-inf,1.5\n"


def test_intervals_and_maps_are_written_as_duckdb_writes_them(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("x\n1\n")
    sql = ("SELECT INTERVAL '1 year 2 months 3 days 04:05:06.789' AS iv, "
           "MAP {'k': [1, 2]} AS m")  # fmt: skip
    out = io.StringIO()
    assert query_main([sql, str(tmp_path / "t.csv"), "--format", "csv"], out) == 0
    header, row = csv.reader(io.StringIO(out.getvalue()))
    assert header == ["iv", "m"] and row[0] == "1 year 2 months 3 days 04:05:06.789"
    assert json.loads(row[1]) == {"k": [1, 2]}
    out = io.StringIO()
    assert query_main([sql, str(tmp_path / "t.csv"), "--format", "json"], out) == 0
    assert json.loads(out.getvalue()) == [{"iv": "1 year 2 months 3 days 04:05:06.789",
                                           "m": {"k": [1, 2]}}]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "columns", "rows"),
    [
        ("it's.csv", 'a,"b ""x""",c\n1,"x, y",2024-01-02\n2,z,2024-02-03\n',
         [("a", "BIGINT"), ('b "x"', "VARCHAR"), ("c", "DATE")],
         [(1, "x, y", "2024-01-02"), (2, "z", "2024-02-03")]),
        ("semi.csv", "# exported by a tool\nk;v\n1;2.5\n2;3.5\n",
         [("k", "BIGINT"), ("v", "DOUBLE")], [(1, 2.5), (2, 3.5)]),
        ("tabs.tsv", "when\tn\n2024-01-02 03:04:05\t7\n", [("when", "TIMESTAMP"), ("n", "BIGINT")],
         [("2024-01-02 03:04:05", 7)]),
        ("noheader.csv", "1,2\n3,4\n", [("column0", "BIGINT"), ("column1", "BIGINT")],
         [(1, 2), (3, 4)]),
    ],
)  # fmt: skip
def test_a_csv_is_sniffed_once_and_read_as_duckdb_detects_it(
    tmp_path: Path, name: str, text: str, columns: list, rows: list
) -> None:
    """A CSV's view is a read_csv call with the sniffed dialect fixed (quotes in the path and
    in column names included), and reads as DuckDB's own detection would."""
    source, got, expected = opened_and_detected(tmp_path / name, text, "read_csv")
    assert [(c.name, c.type) for c in source.columns] == columns
    assert got == expected
    assert [tuple(str(v) if not isinstance(v, int | float) else v for v in r.values())
            for r in got] == rows  # fmt: skip


def opened_and_detected(path: Path, text: str, reader: str):
    """`text` written to `path`, opened by the engine: its source, its rows, and the rows
    DuckDB's own auto-detecting `reader` gives."""
    import duckdb

    path.write_text(text)
    engine = create_engine()
    try:
        (source,) = engine.open_path(str(path))
        assert source.ok, source.error
        got = engine.query(f'SELECT * FROM "{source.name}"').run().fetch(0, 10).to_pylist()
    finally:
        engine.close()
    quoted = str(path).replace("'", "''")
    return (
        source,
        got,
        duckdb.sql(f"SELECT * FROM {reader}('{quoted}')").to_arrow_table().to_pylist(),
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("objects.jsonl", '{"a":1,"b":{"x y":"q"}}\n{"a":2,"b":null}\n'),
        ("array.json", '[{"a":1},{"a":2,"c":[1,2]}]'),
        ("scalars.json", "[1,2,3]"),
        ("one.json", '{"a":1,"b":[{"k":"v"}]}'),
        ("strings.jsonl", '"just a string"\n"two"\n'),
        ("it's.jsonl", '{"it\'s":1,"m":{"k":{"deep":true}},"when":"2024-01-02"}\n'),
    ],
)
def test_a_json_file_reads_as_duckdb_detects_it(tmp_path: Path, name: str, text: str) -> None:
    """A JSON file's view fixes the columns DuckDB detected (each later bind sampled the file
    again), and reads the same rows as DuckDB's own detection."""
    _, got, expected = opened_and_detected(tmp_path / name, text, "read_json")
    assert got == expected
