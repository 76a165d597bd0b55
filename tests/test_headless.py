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
