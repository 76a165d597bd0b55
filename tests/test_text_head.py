"""A CSV's head, read with the standard library while the engine starts: the same names and
text DuckDB reads, or nothing when the head is not plain."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fsdl_tui.text_head import HeadResult, read_head


def duckdb_text(path: Path, limit: int) -> tuple[list[str], list[tuple]]:
    """The names and first rows DuckDB reads, each value as the file's text."""
    names = duckdb.sql(f"SELECT * FROM read_csv('{path}')").columns
    header = duckdb.sql(f"SELECT HasHeader FROM sniff_csv('{path}')").fetchall()[0][0]
    text = f"read_csv('{path}', all_varchar = true, header = {str(header).lower()})"
    return names, duckdb.sql(f"SELECT * FROM {text} LIMIT {limit}").fetchall()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("plain.csv", "id,name,score\n1,ann,0.5\n2,bob,1.25\n3,,2\n"),
        ("quoted.csv", 'id,note\n1,"a, b"\n2,"two\nlines"\n3,"say ""hi"""\n'),
        ("semicolons.csv", "a;b;c\n1;2;3\n4;5;6\n"),
        ("tabs.tsv", "a\tb\nx\t1\ny\t2\n"),
        ("no_header.csv", "1,2,3\n4,5,6\n7,8,9\n"),
        ("bom.csv", "\ufeffa,b\n1,2\n"),
    ],
)
def test_the_head_is_what_duckdb_reads(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    head = read_head(str(path))
    assert head is not None and head.whole
    names, rows = duckdb_text(path, 100)
    assert list(head.names) == names
    assert list(head.rows) == rows


def test_a_large_file_gives_its_first_rows_in_full_lines(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    duckdb.sql(f"COPY (SELECT i AS n, 'text ' || i AS t FROM range(100000) r(i)) TO '{path}'")
    head = read_head(str(path), max_bytes=10_000, max_rows=50)
    assert head is not None and not head.whole
    assert len(head.rows) == 50 and head.rows[-1] == ("49", "text 49")
    small = read_head(str(path), max_bytes=1_000, max_rows=500)
    assert small is not None and small.rows[-1][1] == f"text {small.rows[-1][0]}"  # a whole line
    assert head.types == ("BIGINT", "VARCHAR")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ragged.csv", b"a,b\n1,2,3\n4\n"),
        ("latin1.csv", "a,b\ncaf\xe9,1\n".encode("latin-1")),
        ("one_column.csv", b"a\n1\n2\n"),
        ("stray_quote.csv", b'a,b\n1,"open\n'),
        ("empty.csv", b""),
        ("data.parquet", b"PAR1"),
    ],
)
def test_a_head_that_is_not_plain_is_left_to_the_engine(tmp_path: Path, name, data) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert read_head(str(path)) is None


def test_one_line_longer_than_the_head_is_left_to_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("a,b\n" + "x" * 5000 + ",1\n")
    assert read_head(str(path), max_bytes=1000) is None


def test_no_file_a_folder_or_a_bucket_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "folder.csv").mkdir()
    assert read_head(str(tmp_path / "folder.csv")) is None
    assert read_head(str(tmp_path / "missing.csv")) is None
    assert read_head("s3://bucket/data.csv") is None


def test_the_heads_cells_are_safe_and_marked_when_cut(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text('a,b\n"\x1b[31mred\x1b[0m",' + "y" * 400 + "\n", encoding="utf-8")
    head = read_head(str(path))
    rows = HeadResult(head).first_rows(10)
    assert "\x1b" not in rows[0][0]
    assert len(rows[0][1]) == 300 and rows[0][1].endswith("…")
    table = HeadResult(head).fetch(0, 10)
    assert table.column_names == ["a", "b"] and table.num_rows == 1


@pytest.mark.parametrize(
    "lines",
    [
        ['{"id": 1, "name": "ann", "score": 0.5, "ok": true, "at": "2024-01-01 10:00:00"}',
         '{"id": 2, "name": null, "score": 2, "ok": false, "at": "2024-01-02 11:30:00"}'],
        ['{"a": "x"}', "", '{"a": "\\u001b[2J"}'],
        ['{"a": "line\u2028separator"}', '{"a": "b"}'],  # a raw U+2028 ends no JSON line
    ],
)  # fmt: skip
def test_a_json_lines_head_shows_what_duckdb_shows(tmp_path: Path, lines: list[str]) -> None:
    from fsdl_tui.formatting import format_table

    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n")
    head = read_head(str(path))
    assert head is not None
    engine = duckdb.sql(f"SELECT * FROM read_json('{path}')")
    assert list(head.names) == engine.columns
    assert list(HeadResult(head).first_rows(10)) == format_table(engine.to_arrow_table())


@pytest.mark.parametrize(
    "lines",
    [
        ['{"a": {"b": 1}}', '{"a": {"b": 2}}'],  # nested
        ['{"a": 1}', '{"b": 1}'],  # other keys
        ['{"a": 1}', '{"a": "one"}'],  # other kinds
        ['[{"a": 1}]'],  # not an object per line
        ['{"a": 1', '{"a": 2}'],  # broken
        ['{"a": NaN}', '{"a": 1.5}'],  # not JSON (Python reads it)
        ['{"a": Infinity}'],
    ],
)
def test_a_json_lines_head_that_is_not_plain_is_left_to_the_engine(
    tmp_path: Path, lines: list[str]
) -> None:
    path = tmp_path / "rows.ndjson"
    path.write_text("\n".join(lines) + "\n")
    assert read_head(str(path)) is None


def test_only_plain_decimal_text_counts_as_a_number_in_the_head(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c,d\n1_000,nan,1.5e3,-7\n2,inf,.5,+8\n")
    head = read_head(str(path))
    assert head is not None and head.types == ("VARCHAR", "VARCHAR", "DOUBLE", "BIGINT")


def test_pages_of_a_head_keep_the_kinds_of_its_values(tmp_path: Path) -> None:
    """A page past the first block: a CSV's text stays text (a date is not made a timestamp),
    JSON numbers and booleans keep their kinds."""
    csv_path, json_path = tmp_path / "a.csv", tmp_path / "b.jsonl"
    csv_path.write_text("day,n\n2024-01-01,1\n2024-01-02,2\n")
    json_path.write_text('{"n": 1, "x": 1.5, "ok": true, "s": "2024-01-01", "z": null}\n'
                         '{"n": 2, "x": 2, "ok": false, "s": "b", "z": null}\n')  # fmt: skip
    csv_page = HeadResult(read_head(str(csv_path))).fetch(1, 10)
    assert csv_page.column("day").to_pylist() == ["2024-01-02"]
    assert csv_page.column("n").to_pylist() == ["2"]
    json_page = HeadResult(read_head(str(json_path))).fetch(0, 10)
    assert json_page.to_pylist() == [
        {"n": 1, "x": 1.5, "ok": True, "s": "2024-01-01", "z": None},
        {"n": 2, "x": 2.0, "ok": False, "s": "b", "z": None},
    ]
    assert str(json_page.schema.field("s").type) == "string"
    assert HeadResult(read_head(str(json_path))).fetch(5, 10).num_rows == 0
