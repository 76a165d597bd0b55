"""Read-only mode is read-only by construction: no statement writes, however it is wrapped."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fsdl_tui.engine import QueryError, create_engine


@pytest.fixture
def opened(tmp_path: Path):
    """A read-only, sandboxed engine over a folder holding one CSV and one Parquet file."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "t.csv").write_text("a,b\n1,x\n2,y\n3,z\n")
    duckdb.sql(
        f"COPY (SELECT range AS n, range % 3 AS g FROM range(10)) TO '{folder / 'p.parquet'}'"
    )
    engine = create_engine(read_only=True)
    engine.open_path(str(folder))
    engine.register_table("catalog", duckdb.sql("SELECT 1 AS id").to_arrow_table())
    engine.sandbox([folder])
    yield engine, folder
    engine.close()


def rows(engine, sql: str) -> list[dict]:
    return engine.query(sql).run().fetch(0, 100).to_pylist()


WRITES = [
    "EXPLAIN ANALYZE COPY (SELECT 'pwned' AS a) TO '{d}/t.csv' (USE_TMP_FILE false)",
    "EXPLAIN ANALYZE COPY (SELECT 'pwned' AS a) TO '{d}/new.csv'",
    "EXPLAIN (ANALYZE) COPY (SELECT 1) TO '{d}/new.csv'",
    "explain   analyse copy (select 1) to '{d}/new.csv'",
    "EXPLAIN COPY (SELECT 1) TO '{d}/new.csv'",
    "EXPLAIN ANALYZE DELETE FROM catalog",
    "EXPLAIN ANALYZE DROP VIEW t",
    "EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1",
    "EXPLAIN /* hidden */ ANALYZE COPY (SELECT 1) TO '{d}/new.csv'",
    "CREATE TABLE pivoted AS PIVOT p ON g USING sum(n)",
    "WITH gone AS (DELETE FROM catalog RETURNING *) SELECT * FROM gone",
    "WITH ins AS (INSERT INTO catalog VALUES (2) RETURNING *) SELECT * FROM ins",
    "SELECT 1; COPY (SELECT 1) TO '{d}/new.csv'",
    "COPY (SELECT 1) TO '{d}/new.csv'",
    "SELECT * FROM checkpoint()",
    "CALL enable_logging()",
    "SELECT * FROM query('COPY (SELECT 1) TO ''{d}/new.csv''')",
    "DROP VIEW t",
    "UPDATE catalog SET id = 3",
]


@pytest.mark.parametrize("sql", WRITES)
def test_nothing_is_written_whatever_wraps_the_write(opened, sql: str) -> None:
    engine, folder = opened
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(QueryError):
        engine.query(sql.replace("{d}", str(folder))).run()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert rows(engine, "SELECT * FROM catalog") == [{"id": 1}]
    assert [r["a"] for r in rows(engine, "SELECT a FROM t")] == [1, 2, 3]


def test_explain_analyze_says_what_it_refused(opened) -> None:
    engine, folder = opened
    with pytest.raises(QueryError) as caught:
        engine.query(f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{folder}/x.csv'").run()
    assert caught.value.title == "Blocked in read-only mode"
    assert "EXPLAIN ANALYZE COPY is not run" in caught.value.message
    with pytest.raises(QueryError, match="DELETE is not run"):
        engine.query("WITH g AS (DELETE FROM catalog RETURNING *) SELECT * FROM g").run()


READS = [
    "SELECT * FROM t",
    "FROM p ORDER BY n DESC LIMIT 3",
    "SELECT g, count(*), list(n), avg(n) FROM p GROUP BY ALL",
    "SELECT n, row_number() OVER (PARTITION BY g ORDER BY n), sum(n) OVER () FROM p",
    "WITH x AS MATERIALIZED (SELECT * FROM p) SELECT * FROM x a JOIN x b USING (n)",
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 5) FROM r",
    "SELECT * FROM p a ASOF JOIN p b ON a.g = b.g AND a.n >= b.n",
    "SELECT * FROM p a POSITIONAL JOIN t",
    "SELECT * FROM p a, p b WHERE a.n < b.n AND a.g > b.g",
    "SELECT * FROM p WHERE n IN (SELECT a FROM t) OR EXISTS (SELECT 1 FROM t WHERE a = g)",
    "SELECT * FROM p USING SAMPLE 100%",
    "SELECT * FROM p USING SAMPLE 5 ROWS",
    "SELECT unnest([1, 2, 3]), unnest({'k': 1})",
    "PIVOT p ON g USING sum(n)",
    "UNPIVOT (SELECT 1 AS x, 2 AS y) ON x, y INTO NAME k VALUE v",
    "SUMMARIZE p",
    "DESCRIBE p",
    "SHOW TABLES",
    "SELECT * FROM t UNION BY NAME SELECT * FROM t",
    "SELECT * FROM p QUALIFY row_number() OVER (PARTITION BY g) = 1",
    "SELECT * FROM range(5) r, generate_series(1, 2) s",
    "SELECT * FROM duckdb_settings() LIMIT 1",
    "SELECT * FROM parquet_metadata('{d}/p.parquet')",
    "SELECT * FROM read_csv('{d}/t.csv')",
    "SELECT * FROM '{d}/*.parquet'",
    "SELECT * FROM glob('{d}/*')",
    "SELECT * FROM query('SELECT 42 AS x')",
    "SELECT * FROM p LIMIT 10%",
    "EXPLAIN SELECT * FROM p",
    "EXPLAIN ANALYZE SELECT count(*) FROM p",
    "EXPLAIN (FORMAT json) SELECT * FROM t",
    "SELECT 1; SELECT 2",
]


@pytest.mark.parametrize("sql", READS)
def test_queries_that_read_run(opened, sql: str) -> None:
    engine, folder = opened
    result = engine.query(sql.replace("{d}", str(folder))).run()
    assert result.row_count >= 1


def test_allow_writes_runs_what_read_only_refuses(tmp_path: Path) -> None:
    engine = create_engine(read_only=False)
    target = tmp_path / "written.csv"
    engine.query(f"EXPLAIN ANALYZE COPY (SELECT 7 AS a) TO '{target}'").run()
    assert target.read_text() == "a\n7\n"
    engine.close()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_an_export_runs_only_what_reads(opened, tmp_path: Path, suffix: str) -> None:
    engine, folder = opened
    target = tmp_path / f"out{suffix}"
    for sql in (
        f"COPY (SELECT 'pwned' AS a) TO '{folder}/t.csv' (USE_TMP_FILE false)",
        "WITH gone AS (DELETE FROM catalog RETURNING *) SELECT * FROM gone",
    ):
        with pytest.raises(QueryError, match="is not run"):
            engine.export(sql, target).run()
    assert not target.exists()
    assert (folder / "t.csv").read_text().startswith("a,b\n1,x")
    assert rows(engine, "SELECT * FROM catalog") == [{"id": 1}]
    assert engine.export("SELECT * FROM t", target).run() == 3


def test_spark_read_only_judges_the_parsed_plan(spark_url, tmp_path: Path) -> None:
    engine = create_engine(read_only=True, url=spark_url)
    target = tmp_path / "sparkout"
    try:
        for sql in (
            f"WITH t AS (SELECT 1 AS a) INSERT OVERWRITE DIRECTORY '{target}' USING csv "
            "SELECT * FROM t",
            f"FROM (SELECT 1 AS a) s INSERT OVERWRITE DIRECTORY '{target}' USING csv SELECT *",
            "EXPLAIN SELECT 1; CACHE TABLE x AS SELECT 1",
        ):
            with pytest.raises(QueryError, match="is not run"):
                engine.query(sql).run()
        assert not target.exists()
        assert engine.query("WITH t AS (SELECT 2 AS a) SELECT * FROM t").run().row_count == 1
        assert engine.query("EXPLAIN SELECT 1").run().row_count == 1
    finally:
        engine.close()


def test_the_table_function_list_is_kept_per_duckdb_version(tmp_path: Path) -> None:
    """Listing DuckDB's table functions costs ~30 ms a launch: it is kept in the app's cache,
    and a list that is not plain function names is ignored and made again."""
    cache = tmp_path / "cache"
    first = create_engine(read_only=True, cache_dir=cache)
    first.close()
    (kept,) = cache.glob(f"duckdb-{duckdb.__version__}-table-functions.txt")
    names = kept.read_text().splitlines()
    assert "read_parquet" in names and "checkpoint" in names
    kept.write_text("read_parquet\nINSERT\ncopy to file\n")  # not what DuckDB wrote
    engine = create_engine(read_only=True, cache_dir=cache)
    try:
        with pytest.raises(QueryError):
            engine.query(f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'").run()
        with pytest.raises(QueryError):
            engine.query("SELECT * FROM checkpoint()").run()
        assert engine.query("SELECT * FROM range(3)").run().row_count == 3
    finally:
        engine.close()
    assert kept.read_text().splitlines() == names  # made again
    assert not (tmp_path / "x.csv").exists()
