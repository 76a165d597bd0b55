"""The DuckDB engine on real files: registration, paging, cancel, errors."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from fsdl_tui.engine import QueryCancelled, QueryError, SourceError
from fsdl_tui.engine.duckdb_results import MaterializedResult, StreamedResult


def test_open_folder_registers_every_data_file_as_a_view(engine, data_dir: Path) -> None:
    sources = engine.open_path(str(data_dir))
    by_name = {s.name: s for s in sources}
    assert set(by_name) == {"numbers", "people", "scores"}
    assert by_name["numbers"].rows == 100_000
    assert by_name["numbers"].kind == "parquet"
    assert by_name["people"].rows == 3
    assert [c.name for c in by_name["people"].columns] == ["id", "name", "age"]
    assert {t.name for t in engine.tables()} >= {"numbers", "people", "scores"}


def test_open_glob_and_name_collisions(engine, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "2024 sales.csv").write_text("x\n1\n")
    (tmp_path / "b" / "2024 sales.csv").write_text("x\n2\n")
    sources = engine.open_path(str(tmp_path / "*" / "*.csv"))
    assert [s.name for s in sources] == ["t_2024_sales", "t_2024_sales_2"]
    result = engine.query("SELECT x FROM t_2024_sales_2").run()
    assert result.fetch(0, 10).to_pylist() == [{"x": 2}]


def test_missing_path_is_a_clear_error(engine, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="No such file or folder"):
        engine.open_path(str(tmp_path / "nope.parquet"))


def test_corrupt_parquet_is_an_error_row_not_a_failure(engine, tmp_path: Path) -> None:
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not really parquet")
    (tmp_path / "good.csv").write_text("a\n1\n")
    sources = {s.name: s for s in engine.open_path(str(tmp_path))}
    assert sources["broken"].error
    assert sources["good"].ok
    assert "broken" not in {t.name for t in engine.tables()}


def test_truncated_parquet_reports_error(engine, numbers_parquet: Path, tmp_path: Path) -> None:
    data = numbers_parquet.read_bytes()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    (source,) = engine.open_path(str(tmp_path / "cut.parquet"))
    assert source.error


@pytest.mark.parametrize("offset", [0, 50_000, 99_990])
def test_plain_scan_is_streamed_and_pages_anywhere(engine, numbers_parquet, offset) -> None:
    engine.open_path(str(numbers_parquet))
    result = engine.query("SELECT * FROM numbers").run()
    assert isinstance(result, StreamedResult)
    assert result.row_count == 100_000
    page = result.fetch(offset, 10)
    assert page.column("n").to_pylist() == list(range(offset, min(offset + 10, 100_000)))


@pytest.mark.parametrize("offset", [0, 50_000, 99_990])
def test_sorted_result_is_materialized_and_pages_anywhere(engine, numbers_parquet, offset) -> None:
    engine.open_path(str(numbers_parquet))
    result = engine.query("SELECT n, txt FROM numbers ORDER BY n DESC").run()
    assert isinstance(result, MaterializedResult)
    assert result.row_count == 100_000
    page = result.fetch(offset, 10)
    assert page.column("n").to_pylist() == [99_999 - offset - i for i in range(10)]


@pytest.mark.parametrize("name", ["rowid", "RowId"])
def test_a_stored_result_with_a_rowid_column_of_its_own_pages_by_its_rows(
    engine, numbers_parquet, name
) -> None:
    """Stored results are paged by DuckDB's row numbers; a column named `rowid` hides them."""
    engine.open_path(str(numbers_parquet))
    result = engine.query(f'SELECT n * 7 AS "{name}", n FROM numbers ORDER BY n DESC').run()
    assert isinstance(result, MaterializedResult)
    for offset in (0, 50_000, 99_995):
        page = result.fetch(offset, 10)
        expected = [n for n in range(99_999 - offset, 99_989 - offset, -1) if n >= 0]
        assert page.column("n").to_pylist() == expected
        assert page.column(name).to_pylist() == [7 * n for n in page.column("n").to_pylist()]


def test_aggregate_filter_and_csv_are_materialized(engine, data_dir) -> None:
    engine.open_path(str(data_dir))
    for sql in (
        "SELECT grp, count(*) AS c FROM numbers GROUP BY grp",
        "SELECT * FROM numbers WHERE n % 2 = 0",
        "SELECT * FROM people",
        "SELECT DISTINCT grp FROM numbers",
        "SELECT n, row_number() OVER () FROM numbers",
    ):
        assert isinstance(engine.query(sql).run(), MaterializedResult), sql
    grouped = engine.query("SELECT grp, count(*) AS c FROM numbers GROUP BY grp ORDER BY grp").run()
    assert grouped.fetch(0, 3).to_pylist() == [{"grp": i, "c": 10_000} for i in range(3)]


def test_materialized_results_are_private_and_closing_frees_them(engine, numbers_parquet) -> None:
    """A result's table is the app's own: the user's SQL does not see it (nor its schema in
    information_schema), and closing the result frees its memory."""
    from fsdl_tui.engine import QueryError

    engine.open_path(str(numbers_parquet))
    memory = "SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()"
    before = engine.query(memory).run().fetch(0, 1).to_pylist()[0]["b"]
    result = engine.query("SELECT * FROM numbers ORDER BY n DESC").run()
    assert result.fetch(0, 1).to_pylist()[0]["n"] == 99_999
    listed = engine.query("SELECT table_schema, table_name FROM information_schema.tables").run()
    assert listed.fetch(0, 50).to_pylist() == [{"table_schema": "main", "table_name": "numbers"}]
    held = engine.query(memory).run().fetch(0, 1).to_pylist()[0]["b"]
    result.close()
    result.close()  # twice is harmless
    after = engine.query(memory).run().fetch(0, 1).to_pylist()[0]["b"]
    assert after < held and after <= before + 1_000_000
    with pytest.raises(QueryError, match="closed"):
        result.fetch(0, 1)


def test_preview_gives_first_rows_of_a_sort(engine, numbers_parquet) -> None:
    engine.open_path(str(numbers_parquet))
    job = engine.query("SELECT n FROM numbers ORDER BY n DESC")
    preview = job.preview(5)
    assert preview is not None
    assert preview.fetch(0, 5).column("n").to_pylist() == [99_999, 99_998, 99_997, 99_996, 99_995]
    assert [c.type for c in preview.columns] == ["BIGINT"]  # DuckDB's name, as the result's
    assert engine.query("SELECT * FROM numbers").preview(5) is None  # streamed: no need


def test_a_catalog_query_names_its_types_as_duckdb_does(engine) -> None:
    """Fetched whole (the catalog), a result still shows DuckDB's type names, not Arrow's."""
    result = engine.query("SELECT database_name, database_oid FROM duckdb_databases()").run()
    assert [c.type for c in result.columns] == ["VARCHAR", "BIGINT"]


def test_statements_run_in_order_and_last_result_shown(engine) -> None:
    result = engine.query("CREATE TABLE t AS SELECT 42 AS x; SELECT x + 1 AS y FROM t;").run()
    assert result.fetch(0, 1).to_pylist() == [{"y": 43}]
    status = engine.query("CREATE VIEW v AS SELECT 1").run()
    assert status.row_count == 0
    assert "CREATE" in status.message
    explain = engine.query("EXPLAIN SELECT 1").run()
    assert explain.row_count >= 1


@pytest.mark.parametrize(
    ("sql", "needle"),
    [
        ("SELEC 1", "syntax error"),
        ("SELECT * FROM no_such_table", "no_such_table"),
        ("SELECT * FROM read_parquet('/no/such/file.parquet')", "No files found"),
        ("   ", "no SQL"),
    ],
)
def test_bad_sql_gives_readable_error(engine, sql, needle) -> None:
    with pytest.raises(QueryError) as caught:
        engine.query(sql).run()
    assert needle.lower() in caught.value.message.lower()
    # and the engine keeps working
    assert engine.query("SELECT 1 AS one").run().fetch(0, 1).to_pylist() == [{"one": 1}]


def test_cancel_interrupts_a_long_query_and_engine_stays_usable(engine) -> None:
    job = engine.query(
        "SELECT count(*) FROM range(10000000000) a(i), range(10) b(j) WHERE i * j % 7 = 3"
    )
    errors: list[BaseException] = []

    def run() -> None:
        try:
            job.run()
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    started = time.perf_counter()
    job.cancel()
    thread.join(timeout=10)
    assert not thread.is_alive(), "cancel did not stop the query"
    assert time.perf_counter() - started < 5
    assert len(errors) == 1 and isinstance(errors[0], QueryCancelled)
    assert engine.query("SELECT 2 AS two").run().fetch(0, 1).to_pylist() == [{"two": 2}]


def test_concurrent_page_fetches_from_threads_are_correct(engine, numbers_parquet) -> None:
    engine.open_path(str(numbers_parquet))
    result = engine.query("SELECT * FROM numbers ORDER BY n").run()
    wrong: list[int] = []

    def fetch_many(seed: int) -> None:
        for k in range(20):
            offset = (seed * 7919 + k * 104_729) % 99_000
            if result.fetch(offset, 5).column("n").to_pylist() != list(range(offset, offset + 5)):
                wrong.append(offset)

    threads = [threading.Thread(target=fetch_many, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_ragged_csv_is_read_leniently_with_a_warning(engine, tmp_path: Path) -> None:
    (tmp_path / "ragged.csv").write_text("a,b,c\n1,2,3\n4,5\n6,7,8\n")
    (source,) = engine.open_path(str(tmp_path / "ragged.csv"))
    assert source.ok
    assert source.warning and "Ragged CSV" in source.warning
    assert [c.name for c in source.columns] == ["a", "b", "c"]
    rows = engine.query("SELECT * FROM ragged").run().fetch(0, 10).to_pylist()
    assert rows == [{"a": 1, "b": 2, "c": 3}, {"a": 4, "b": 5, "c": None}, {"a": 6, "b": 7, "c": 8}]


def test_clean_csv_has_no_warning(engine, data_dir: Path) -> None:
    sources = engine.open_path(str(data_dir / "people.csv"))
    assert sources[0].warning is None


def test_cancel_after_the_query_finished_is_harmless(engine) -> None:
    job = engine.query("SELECT 1 AS one")
    assert job.run().row_count == 1
    job.cancel()  # e.g. Esc on a view whose query already ended


def test_pivot_returns_its_rows(engine) -> None:
    result = engine.query("PIVOT (SELECT 1 AS a, 'x' AS b) ON b USING sum(a)").run()
    assert result.fetch(0, 5).to_pylist() == [{"x": 1}]


@pytest.mark.parametrize(
    ("sql", "verb"),
    [
        ("COPY (SELECT 1) TO '/tmp/fsdl-tui-never.csv'", "COPY"),
        ("EXPORT DATABASE '/tmp/fsdl-tui-never'", "EXPORT"),
        ("ATTACH '/tmp/fsdl-tui-never.db'", "ATTACH"),
        ("INSTALL httpfs", "INSTALL"),
        ("LOAD httpfs", "LOAD"),
        ("SET threads = 1", "SET"),
        ("CREATE TABLE t AS SELECT 1", "CREATE TABLE"),
        ("SELECT 1; COPY (SELECT 1) TO '/tmp/fsdl-tui-never.csv'", "COPY"),
    ],
)
def test_read_only_mode_refuses_writes_with_a_clear_message(sql: str, verb: str) -> None:
    from fsdl_tui.engine import create_engine

    engine = create_engine(read_only=True)
    with pytest.raises(QueryError) as caught:
        engine.query(sql).run()
    assert caught.value.title == "Blocked in read-only mode"
    assert f"{verb} is not run" in caught.value.message and "--allow-writes" in caught.value.message
    assert not Path("/tmp/fsdl-tui-never.csv").exists()
    for reading in (
        "SELECT 42 AS x",
        "SUMMARIZE SELECT 1 AS a",
        "EXPLAIN SELECT 1",
        "DESCRIBE SELECT 1 AS a",
        "PIVOT (SELECT 1 AS a, 'x' AS b) ON b USING sum(a)",
    ):
        assert engine.query(reading).run() is not None  # fmt: skip
    engine.close()


def test_read_only_engine_still_exports_through_the_app(tmp_path: Path) -> None:
    from fsdl_tui.engine import create_engine

    engine = create_engine(read_only=True)
    assert engine.export("SELECT 1 AS one", tmp_path / "ok.csv").run() == 1
    engine.close()


def test_csv_lines_that_cannot_be_read_are_counted(engine, tmp_path: Path) -> None:
    lines = "".join(f"{i},{i}\n" for i in range(50))
    (tmp_path / "broken.csv").write_text(f"a,b\n{lines}1,2,3,4\n" + 'x,"never closed\n' + lines)
    (source,) = engine.open_path(str(tmp_path / "broken.csv"))
    assert source.ok, source.error
    assert source.warning and "read leniently" in source.warning
    assert "skipped" in source.warning  # how many, and the first one (DuckDB's store_rejects)


def test_a_latin1_csv_is_read_and_flagged(engine, tmp_path: Path) -> None:
    (tmp_path / "latin.csv").write_bytes("name,city\nJosé,Málaga\nZoë,Köln\n".encode("latin-1"))
    (source,) = engine.open_path(str(tmp_path / "latin.csv"))
    assert source.ok and source.warning and "Not UTF-8" in source.warning
    rows = engine.query("SELECT * FROM latin").run().fetch(0, 5).to_pylist()
    assert rows == [{"name": "José", "city": "Málaga"}, {"name": "Zoë", "city": "Köln"}]
