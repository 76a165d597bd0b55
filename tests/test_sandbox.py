"""Read-only mode's sandbox: SQL reaches the opened files and the DVC repo, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from fsdl_tui.engine import QueryError, create_engine
from fsdl_tui.engine_boot import dvc_readable_dirs
from fsdl_tui.headless import open_engine


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """An opened folder, an outside folder with a file, and a symlink from inside to it."""
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    duckdb.sql(f"COPY (SELECT 1 AS a) TO '{inside / 'mine.parquet'}'")
    (outside / "secret.csv").write_text("token\nhunter2\n")
    (inside / "link.csv").symlink_to(outside / "secret.csv")
    return {"inside": inside, "outside": outside}


@pytest.fixture
def sandboxed(layout):
    engine = create_engine(read_only=True)
    engine.open_path(str(layout["inside"] / "mine.parquet"))
    engine.sandbox([])
    yield engine
    engine.close()


def run(engine, sql: str):
    return engine.query(sql).run().fetch(0, 10).to_pylist()


def test_the_opened_file_is_read(sandboxed, layout) -> None:
    assert run(sandboxed, "SELECT * FROM mine") == [{"a": 1}]
    assert run(sandboxed, f"SELECT * FROM '{layout['inside'] / 'mine.parquet'}'") == [{"a": 1}]


@pytest.mark.parametrize(
    "reach",
    [
        "{outside}/secret.csv",  # a file that was not opened
        "{inside}/../outside/secret.csv",  # ../ out of an opened folder
        "{inside}/link.csv",  # a symlink pointing out
        "https://example.com/data.csv",  # the network
        "{outside}/*.csv",  # a glob
    ],
)
def test_reads_beyond_the_opened_paths_are_refused_clearly(sandboxed, layout, reach) -> None:
    path = reach.format(inside=layout["inside"], outside=layout["outside"])
    with pytest.raises(QueryError) as caught:
        run(sandboxed, f"SELECT * FROM read_csv('{path}')")
    message = caught.value.message
    assert "Permission Error" in message and "--allow-writes" in message, message
    assert "hunter2" not in message


@pytest.mark.parametrize(
    ("sql", "verb"),
    [
        ("COPY (SELECT 1) TO '{inside}/written.csv'", "COPY"),  # inside: DuckDB alone allows it
        ("EXPORT DATABASE '{inside}/dump'", "EXPORT"),
        ("ATTACH '{inside}/new.duckdb'", "ATTACH"),
        ("INSTALL httpfs", "INSTALL"),
        ("LOAD httpfs", "LOAD"),
        ("SET enable_external_access = true", "SET"),
        ("SET allowed_directories = ['/']", "SET"),
        ("RESET lock_configuration", "RESET"),
        ("CREATE TABLE copied AS SELECT * FROM mine", "CREATE TABLE"),
    ],
)
def test_statements_that_write_or_reconfigure_are_refused(sandboxed, layout, sql, verb) -> None:
    with pytest.raises(QueryError) as caught:
        sandboxed.query(sql.format(inside=layout["inside"])).run()
    assert caught.value.title == "Blocked in read-only mode"
    assert f"{verb} is not run" in caught.value.message
    assert sorted(p.name for p in layout["inside"].iterdir()) == ["link.csv", "mine.parquet"]


def test_the_configuration_is_locked_even_for_the_app_itself(sandboxed) -> None:
    cursor = sandboxed.cursor()
    with pytest.raises(duckdb.Error, match="locked"):
        cursor.execute("SET enable_external_access = true")
    with pytest.raises(duckdb.Error):
        cursor.execute("SET allowed_directories = ['/']")


def test_exports_go_through_the_app_to_any_folder(sandboxed, layout, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    for suffix in (".csv", ".parquet", ".json", ".jsonl", ".tsv"):
        assert sandboxed.export("SELECT * FROM mine", out / f"mine{suffix}").run() == 1
    assert (out / "mine.csv").read_text() == "a\n1\n"
    assert (out / "mine.json").read_text() == '[\n{"a":1}\n]\n'


def test_allow_writes_has_no_sandbox(layout, tmp_path: Path) -> None:
    engine = create_engine(read_only=False)
    target = tmp_path / "written.csv"
    engine.query(f"COPY (SELECT * FROM read_csv('{layout['outside'] / 'secret.csv'}')) "
                 f"TO '{target}'").run()  # fmt: skip
    assert target.read_text().strip().endswith("hunter2")
    engine.close()


def test_dvc_versions_are_read_from_the_cache_and_remote(demo_repo: Path) -> None:
    cwd = os.getcwd()
    os.chdir(demo_repo)
    try:
        engine, _, transform = open_engine([], str(demo_repo))
    finally:
        os.chdir(cwd)
    assert engine.sandboxed
    for rev in ("v1.0", "workspace"):
        sql = f"SELECT count(*) AS n FROM dvc_version('data/labels.csv', '{rev}')"
        assert run_transformed(engine, sql, transform)[0]["n"] > 0
    with pytest.raises(QueryError, match="Permission Error"):
        run(engine, "SELECT * FROM read_csv('/etc/passwd')")
    engine.close()


def run_transformed(engine, sql: str, transform):
    return engine.query(sql, transform).run().fetch(0, 10).to_pylist()


def test_the_demo_remote_is_readable_before_the_demo_is_built(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    assert dvc_readable_dirs(root, build_demo=True) == [root, tmp_path / "demo-remote"]
    assert dvc_readable_dirs(None, build_demo=False) == []
