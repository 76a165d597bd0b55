"""One contract, every engine: what the app needs from DuckDB it needs from Spark too.

The Spark engine runs against a local Spark Connect server the session starts once (see
conftest.spark_url); those cases are skipped, with the reason, where Java or pyspark is missing.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from fsdl_tui.engine import Engine, QueryCancelled, QueryError, create_engine
from fsdl_tui.formatting import format_table

ROWS = 5000


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("contract")
    duckdb.sql(
        f"COPY (SELECT i AS id, ['cat', 'dog', 'dog', 'bird'][i % 4 + 1] AS label, "
        f"i * 0.5 AS score, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS ts "
        f"FROM range({ROWS}) t(i)) TO '{folder / 'labels.parquet'}' (FORMAT parquet)"
    )
    (folder / "people.csv").write_text("id,name,age\n1,Ada,36\n2,Grace,45\n3,Linus,28\n")
    (folder / "boxes.jsonl").write_text(
        '{"id": 1, "box": {"w": 2}, "tags": ["a", "b"]}\n{"id": 2, "box": {"w": 5}, "tags": []}\n'
    )
    (folder / "runs.json").write_text('[{"run": "a", "lr": 0.1},\n {"run": "b", "lr": 0.01}]')
    shards = folder / "shards"  # one table in three shards; the last has a column more
    shards.mkdir()
    for n in range(3):
        extra = ", i % 2 AS flag" if n == 2 else ""
        shard = shards / f"train-{n:05d}-of-00003.parquet"
        duckdb.sql(f"COPY (SELECT {n} * 100 + i AS id{extra} FROM range(100) t(i)) "
                   f"TO '{shard}' (FORMAT parquet)")  # fmt: skip
    for year in (2023, 2024):  # hive partitions: the year is a column
        part = folder / "events" / f"year={year}"
        part.mkdir(parents=True)
        duckdb.sql(f"COPY (SELECT i AS n FROM range(10) t(i)) TO '{part / 'part-0.parquet'}' "
                   "(FORMAT parquet)")  # fmt: skip
    return folder


@pytest.fixture(params=["duckdb", "spark"])
def engine(request, files: Path) -> Engine:
    if request.param == "spark":
        url = request.getfixturevalue("spark_url")
        made = create_engine(url=url, read_only=True)
    else:
        made = create_engine(read_only=True)
    made.open_path(str(files))
    yield made
    made.close()


def rows(engine: Engine, sql: str, limit: int = 10) -> list[dict]:
    return engine.query(sql).run().fetch(0, limit).to_pylist()


def test_opened_files_are_tables_with_schema_and_rows(engine: Engine, files: Path) -> None:
    sources = {s.name: s for s in engine.open_path(str(files))}  # already open: the same
    labels = sources["labels"]
    assert labels.ok and labels.rows == ROWS
    assert [c.name for c in labels.columns] == ["id", "label", "score", "ts"]
    assert engine.count_rows(sources["people"]) == 3
    assert {t.name for t in engine.tables()} >= {"labels", "people"}


def test_json_lines_and_json_documents_are_tables(engine: Engine) -> None:
    """JSONL (a record per line) and a JSON array spread over lines, nested values intact."""
    boxes = rows(engine, "SELECT id, box.w AS w, cardinality(tags) AS n FROM boxes ORDER BY id")
    assert boxes == [{"id": 1, "w": 2, "n": 2}, {"id": 2, "w": 5, "n": 0}]
    assert rows(engine, "SELECT run, lr FROM runs ORDER BY run") == [
        {"run": "a", "lr": 0.1}, {"run": "b", "lr": 0.01}]  # fmt: skip


def test_shards_and_partitions_are_one_table_each(engine: Engine, files: Path) -> None:
    """Three shards are one view `train` (columns matched by name), two `year=` folders one
    view `events` with the partition column."""
    sources = {s.name: s for s in engine.open_path(str(files))}
    assert sources["train"].layout == "shards" and len(sources["train"].files) == 3
    assert "train_00000_of_00003" not in sources
    got = rows(engine, "SELECT count(*) AS n, count(flag) AS flagged, max(id) AS top FROM train")
    assert got == [{"n": 300, "flagged": 100, "top": 299}]
    by_year = rows(engine, "SELECT CAST(year AS INT) AS year, count(*) AS n FROM events "
                   "GROUP BY year ORDER BY year")  # fmt: skip
    assert by_year == [{"year": 2023, "n": 10}, {"year": 2024, "n": 10}]


def test_results_page_in_windows_that_agree(engine: Engine) -> None:
    sql = engine.dialect.sort(engine.select_all_sql("labels"), "id", descending=True)
    result = engine.query(sql).run()
    assert result.row_count == ROWS
    assert [c.name for c in result.columns] == ["id", "label", "score", "ts"]
    first = result.fetch(0, 100).to_pylist()
    assert first[0]["id"] == ROWS - 1 and len(first) == 100
    window = result.fetch(4990, 100).to_pylist()
    assert [r["id"] for r in window] == list(range(9, -1, -1))
    assert format_table(result.fetch(10, 3))[0][0] == str(ROWS - 11)


def test_exploring_sql_from_the_dialect_runs(engine: Engine) -> None:
    d, base = engine.dialect, engine.select_all_sql("labels")
    assert (
        rows(engine, d.filter_value(base, "label", "cat", "VARCHAR", negate=False), 2)[0]["label"]
        == "cat"
    )
    frequency = rows(engine, d.frequency(base, "label"))
    assert [(r["label"], r["count"]) for r in frequency] == [("dog", 2500), ("bird", 1250),
                                                             ("cat", 1250)]  # fmt: skip
    profile = rows(engine, d.profile(base, "score", "DOUBLE"))[0]
    assert profile["count"] == ROWS and float(profile["max"]) == (ROWS - 1) * 0.5
    histogram = rows(engine, d.histogram(base, "score", "DOUBLE", 10), 20)
    assert sum(r["count"] for r in histogram) == ROWS and len(histogram) == 10
    temporal = rows(engine, d.histogram(base, "ts", "TIMESTAMP", 5), 20)
    assert sum(r["count"] for r in temporal) == ROWS
    assert rows(engine, d.where(base, "id < 3"), 10)[-1]["id"] == 2


def test_bad_sql_is_a_clear_query_error(engine: Engine) -> None:
    with pytest.raises(QueryError) as caught:
        engine.query("SELECT nope FROM labels").run()
    first = caught.value.message.splitlines()[0]
    assert "nope" in first and len(first) < 400 and "Traceback" not in caught.value.message


def test_read_only_refuses_writes(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(QueryError) as caught:
        engine.query("CREATE TABLE t AS SELECT 1 AS a").run()
    assert caught.value.title == "Blocked in read-only mode"


def test_a_running_query_can_be_cancelled(engine: Engine) -> None:
    slow = (
        "SELECT count(*) FROM labels a, labels b, (SELECT id FROM labels LIMIT 200) c "
        "WHERE a.score + b.score + c.id < 0"
    )
    job = engine.query(slow)
    threading.Timer(1.0, job.cancel).start()
    started = time.perf_counter()
    with pytest.raises(QueryCancelled):
        job.run()
    assert time.perf_counter() - started < 20
    assert rows(engine, "SELECT 1 AS one")[0]["one"] == 1  # still usable


def test_exports_write_the_whole_result(engine: Engine, tmp_path: Path) -> None:
    for suffix in (".csv", ".parquet"):
        target = tmp_path / f"out{suffix}"
        assert engine.export(engine.select_all_sql("labels"), target).run() == ROWS
        assert duckdb.sql(f"SELECT count(*) FROM '{target}'").fetchall()[0][0] == ROWS


def test_registered_arrow_tables_are_sql_tables(engine: Engine) -> None:
    import pyarrow as pa

    engine.register_table("catalog_test", pa.table({"name": ["a", "b"], "n": [1, 2]}))
    assert rows(engine, "SELECT sum(n) AS total FROM catalog_test")[0]["total"] == 3


def test_explore_steps_run_on_every_engine(engine: Engine) -> None:
    """s, S, =, !, -, +, F, u, I and H through the query controller, as the grid's keys do."""
    from fsdl_tui.controllers.query import ExploreKind, QueryController
    from fsdl_tui.engine import Column
    from fsdl_tui.messages import QueryFailed, QueryFinished, QueryPreviewed
    from fsdl_tui.state import AppState

    posted: list = []
    controller = QueryController(
        post=posted.append, run_in_thread=lambda work, _group: work(), page_rows=lambda: 50,
        transform=lambda _engine: None,
    )  # fmt: skip
    controller.engine = engine
    state = AppState()

    def settle(new_state):
        for message in posted:
            if isinstance(message, QueryPreviewed):
                new_state = controller.previewed(new_state, message)
            elif isinstance(message, QueryFinished):
                new_state = controller.finished(new_state, message)
            elif isinstance(message, QueryFailed):
                raise AssertionError(message.message)
        posted.clear()
        return new_state

    def shown() -> list[dict]:
        return controller.result(state.query.result_id).fetch(0, 3).to_pylist()

    def names() -> list[str]:
        return [c.name for c in controller.result(state.query.result_id).columns]

    label, score = Column("label", "VARCHAR"), Column("score", "DOUBLE")
    state = settle(controller.run(state, "SELECT * FROM labels"))
    state = settle(controller.explore(state, ExploreKind.SORT_DESC, score))
    assert shown()[0]["score"] == (ROWS - 1) * 0.5
    state = settle(controller.explore(state, ExploreKind.KEEP, label, "cat"))
    assert {r["label"] for r in shown()} == {"cat"}
    state = settle(controller.explore(state, ExploreKind.HIDE, label))
    assert "label" not in names()
    state = settle(controller.explore(state, ExploreKind.SHOW_ALL))
    assert "label" in names() and {r["label"] for r in shown()} == {"cat"}
    state = settle(controller.explore(state, ExploreKind.UNDO))
    assert shown()[0]["id"] == ROWS - 1 and shown()[0]["label"] == "bird"  # back to the sort
    state = settle(controller.explore(state, ExploreKind.FREQUENCY, label))
    assert names()[:2] == ["label", "count"]
    state = settle(controller.explore(state, ExploreKind.UNDO))
    for kind in ("profile", "histogram"):
        sql = controller.view_sql(state, kind, score)
        assert sql and engine.query(sql).run().row_count > 0
