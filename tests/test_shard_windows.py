"""Which files hold a window of a many-file dataset (`shard_windows.ShardIndex.covering`)."""

from __future__ import annotations

from fsdl_tui.engine.base import Column
from fsdl_tui.engine.paging_plan import Strategy, plan_select
from fsdl_tui.engine.shard_windows import shard_index


def index(*sizes: int):
    files = [f"f{n}" for n in range(len(sizes))]
    found = shard_index("v", files, dict(zip(files, sizes, strict=True)), (Column("x", "INT"),))
    assert found is not None
    return found


def test_a_window_reads_the_files_that_hold_it() -> None:
    shards = index(5, 0, 7, 3)
    assert shards.rows == 15
    assert shards.covering(0, 5) == (("f0",), 0)
    assert shards.covering(3, 4) == (("f0", "f1", "f2"), 3)  # an empty file on the way: harmless
    assert shards.covering(5, 2) == (("f2",), 0)  # not the empty file at the same start
    assert shards.covering(11, 100) == (("f2", "f3"), 6)
    assert shards.covering(14, 1) == (("f3",), 2)
    assert shards.covering(99, 1) == (("f3",), 2)  # past the end: the last row's file


def test_a_file_without_a_count_means_no_index() -> None:
    assert shard_index("v", ["a", "b"], {"a": 3}, ()) is None


def test_only_a_bare_table_read_row_for_row_gets_windows_of_its_files() -> None:
    import json

    import duckdb

    cursor = duckdb.connect()

    def plan(sql: str):
        serialized = cursor.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0]
        return plan_select(json.loads(serialized), {"big"}, set())

    assert plan("SELECT a, b + 1 FROM big AS x").table == "big"
    assert plan("SELECT * FROM big LIMIT 5").table is None  # rows are the LIMIT's
    assert plan("SELECT * FROM main.big").table is None  # a CTE would not hide it
    sampled = plan("SELECT * FROM big TABLESAMPLE 10%")
    assert sampled.strategy is Strategy.MATERIALIZE  # each window would draw a new sample
