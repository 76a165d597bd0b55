"""`fsdl-tui query` as a script would use it: a real subprocess, real files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from fsdl_tui.headless import query_main


def fsdl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fsdl_tui", *args], capture_output=True, text=True, timeout=60
    )


def test_query_prints_csv_of_opened_folder(data_dir: Path) -> None:
    done = fsdl(
        "query", "SELECT name, age FROM people ORDER BY id", str(data_dir), "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout))) == [
        ["name", "age"],
        ["Ada", "36"],
        ["Grace", "45"],
        ["Linus", "28"],
    ]


def test_query_defaults_to_sample_data_and_prints_table() -> None:
    done = fsdl("query", "SELECT count(*) AS n FROM images")
    assert done.returncode == 0, done.stderr
    assert "2000" in done.stdout
    assert "1 row × 1 column" in done.stdout


def test_query_json_and_row_limit(numbers_parquet: Path) -> None:
    out = io.StringIO()
    code = query_main(
        ["SELECT n, txt FROM numbers", str(numbers_parquet), "--format", "json", "--max-rows", "3"],
        out=out,
    )
    assert code == 0
    assert json.loads(out.getvalue()) == [
        {"n": 0, "txt": "row 0"},
        {"n": 1, "txt": "row 1"},
        {"n": 2, "txt": "row 2"},
    ]


def test_query_streams_every_row_of_a_large_result(numbers_parquet: Path) -> None:
    out = io.StringIO()
    assert (
        query_main(["SELECT n FROM numbers", str(numbers_parquet), "--format", "csv"], out=out) == 0
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 100_001 and lines[-1] == "99999"


def test_failing_query_prints_one_line_error_and_exits_non_zero(data_dir: Path) -> None:
    done = fsdl("query", "SELECT * FROM no_such_table", str(data_dir))
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith("fsdl-tui: error:") and "no_such_table" in lines[0]
    )


def test_missing_path_exits_non_zero(tmp_path: Path) -> None:
    done = fsdl("query", "SELECT 1", str(tmp_path / "missing"))
    assert done.returncode == 1
    assert "No such file or folder" in done.stderr


def test_unreadable_file_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "ok.csv").write_text("a\n1\n")
    (tmp_path / "bad.parquet").write_bytes(b"nope")
    done = fsdl("query", "SELECT a FROM ok", str(tmp_path), "--format", "csv")
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["a", "1"]
    assert "warning: skipped" in done.stderr


def test_help_explains_the_commands() -> None:
    done = fsdl("--help")
    assert done.returncode == 0
    assert "fsdl-tui query SQL" in done.stdout and "Ctrl+Enter" in done.stdout


ODD_ROWS = ("SELECT i AS n, CASE WHEN i % 2 = 0 THEN NULL ELSE 'x, \"' || i || '\"' END AS txt, "
            "from_hex('00ff') AS raw, [i, NULL] AS pair FROM range(4) t(i)")  # fmt: skip


def test_every_format_writes_the_rows_with_nulls_bytes_and_quotes(tmp_path: Path) -> None:
    """csv/tsv/json/jsonl/parquet: `-o` picks the format from the extension, the file is
    replaced whole; `-` is stdout."""
    (tmp_path / "one.csv").write_text("a\n1\n")
    opened = str(tmp_path / "one.csv")
    for suffix in (".csv", ".tsv", ".json", ".jsonl", ".parquet"):
        target = tmp_path / f"out{suffix}"
        assert query_main([ODD_ROWS, opened, "-o", str(target)], out=io.StringIO()) == 0
    delimiter = {".csv": ",", ".tsv": "\t"}
    for suffix, sep in delimiter.items():
        rows = list(csv.reader((tmp_path / f"out{suffix}").open(newline=""), delimiter=sep))
        assert rows[0] == ["n", "txt", "raw", "pair"]
        assert rows[1] == ["0", "", "00ff", "[0,null]"]
        assert rows[2] == ["1", 'x, "1"', "00ff", "[1,null]"]
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines][:2] == [
        {"n": 0, "txt": None, "raw": "\\x00\\xFF", "pair": [0, None]},
        {"n": 1, "txt": 'x, "1"', "raw": "\\x00\\xFF", "pair": [1, None]},
    ]
    assert json.loads((tmp_path / "out.json").read_text())[3]["txt"] == 'x, "3"'
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "out.parquet")
    assert table.num_rows == 4 and table.column("txt").null_count == 2
    assert [str(t) for t in table.schema.types] == ["int64", "large_string", "large_binary",
                                                   "large_list<element: int64>"]  # fmt: skip
    assert table.column("raw")[0].as_py() == b"\x00\xff"
    out = io.StringIO()
    assert query_main([ODD_ROWS, opened, "--format", "jsonl", "-o", "-"], out=out) == 0
    assert out.getvalue() == (tmp_path / "out.jsonl").read_text()
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left


def test_several_statements_are_written_page_by_page(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text("a\n1\n")
    out = io.StringIO()
    sql = "CREATE VIEW v AS SELECT 41 + a AS answer FROM one; SELECT * FROM v"
    args = [sql, str(tmp_path / "one.csv"), "--allow-writes", "--format", "jsonl"]
    assert query_main(args, out=out) == 0
    assert out.getvalue() == '{"answer": 42}\n'
    out = io.StringIO()  # SHOW is a query DuckDB can stream too
    assert query_main(["SHOW TABLES", str(tmp_path / "one.csv"), "--format", "tsv"], out) == 0
    assert out.getvalue().splitlines() == ["name", "one"]


def test_wrong_output_requests_are_one_line_each(tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    (tmp_path / "one.csv").write_text("a\n1\n")
    err = io.StringIO()
    code = query_main(["SELECT 1", str(tmp_path), "--format", "parquet"], Terminal(), err)
    assert code == 2 and "Parquet is binary" in err.getvalue()
    err = io.StringIO()
    code = query_main(["SELECT 1", str(tmp_path), "-o", str(tmp_path / "x.txt")], Terminal(), err)
    assert code == 2 and "say --format" in err.getvalue()
    err = io.StringIO()
    target = str(tmp_path / "missing" / "x.csv")
    assert query_main(["SELECT 1", str(tmp_path), "-o", target], io.StringIO(), err) == 1
    assert "no such folder" in err.getvalue()
    if Path("/proc/self").is_dir():  # a folder that takes no new files: named, not its temp file
        err = io.StringIO()
        assert query_main(["SELECT 1", str(tmp_path), "-o", "/proc/x.csv"], io.StringIO(),
                          err) == 1  # fmt: skip
        assert "Cannot write /proc/x.csv: " in err.getvalue() and ".part" not in err.getvalue()


def test_a_closed_pipe_ends_quietly(numbers_parquet: Path) -> None:
    done = subprocess.run(
        f"{sys.executable} -m fsdl_tui query 'SELECT * FROM numbers' {numbers_parquet} "
        "--format csv | head -2",
        shell=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.splitlines()[0].startswith("n") and len(done.stdout.splitlines()) == 2
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr
