"""Datasets as ML engineers keep them, each one view: Arrow IPC files and streams, Hugging Face
`save_to_disk` Datasets and DatasetDicts (made with the real `datasets`), Delta tables with two
commits (made with `deltalake`), shards and hive partitions — read-only, app and headless."""

from __future__ import annotations

import io
from pathlib import Path

import datasets
import deltalake
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq
import pytest

from fsdl_tui.engine import EngineError, QueryError, create_engine
from fsdl_tui.engine.base import open_targets
from fsdl_tui.headless import query_main

TABLE = pa.table({"id": list(range(100)), "text": [f"row {i}" for i in range(100)]})


@pytest.fixture
def sealed():
    """A read-only engine; `open` opens targets, then seals it as the app does."""
    engine = create_engine(read_only=True)

    def open_(*targets: Path):
        opened = open_targets(engine, [str(t) for t in targets])
        engine.sandbox([])
        return {s.name: s for s in opened.sources}, opened

    yield engine, open_
    engine.close()


def rows(engine, sql: str, limit: int = 20) -> list[dict]:
    return engine.query(sql).run().fetch(0, limit).to_pylist()


def test_arrow_files_streams_and_feather_open(tmp_path: Path, sealed) -> None:
    with ipc.new_file(tmp_path / "as_file.arrow", TABLE.schema) as writer:
        writer.write_table(TABLE)
    with ipc.new_stream(tmp_path / "as_stream.arrow", TABLE.schema) as writer:
        writer.write_table(TABLE)
    feather.write_feather(TABLE, tmp_path / "compressed.feather")  # v2, lz4-compressed
    engine, open_ = sealed
    sources, _ = open_(tmp_path)
    for name in ("as_file", "as_stream", "compressed"):
        assert sources[name].ok and sources[name].kind == "arrow", sources[name].error
        assert sources[name].rows == 100
        assert rows(engine, f"SELECT sum(id) AS s FROM {name} WHERE id >= 50") == [{"s": 3725}]
    paged = engine.query("SELECT * FROM as_stream").run()
    assert paged.row_count == 100
    assert paged.fetch(90, 3).column("id").to_pylist() == [90, 91, 92]


def test_a_corrupt_arrow_file_is_one_line_and_the_rest_opens(tmp_path: Path, sealed) -> None:
    with ipc.new_file(tmp_path / "good.arrow", TABLE.schema) as writer:
        writer.write_table(TABLE)
    (tmp_path / "bad.arrow").write_bytes(b"ARROW1\x00\x00garbage")
    _, open_ = sealed
    sources, _ = open_(tmp_path)
    assert sources["good"].ok
    assert not sources["bad"].ok and sources["bad"].error.startswith("Not readable as Arrow")


def test_hugging_face_dataset_and_dataset_dict(tmp_path: Path, sealed) -> None:
    label = datasets.ClassLabel(names=["cat", "dog"])
    images = datasets.Features(
        {"label": label, "image": datasets.Image(), "text": datasets.Value("string")}
    )
    train = datasets.Dataset.from_dict(
        {"label": [0, 1, 0], "image": [None, None, None], "text": ["a", "b", "c"]},
        features=images,
    )
    test = datasets.Dataset.from_dict({"label": [1], "image": [None], "text": ["d"]},
                                      features=images)  # fmt: skip
    datasets.DatasetDict({"train": train, "test": test}).save_to_disk(str(tmp_path / "pets"))
    train.save_to_disk(str(tmp_path / "alone"), num_shards=2)
    engine, open_ = sealed
    sources, opened = open_(tmp_path)
    assert {"train", "test", "alone"} <= set(sources)
    assert not {"state", "dataset_info", "dataset_dict"} & set(sources)  # metadata is no table
    assert sources["alone"].layout == "huggingface" and len(sources["alone"].files) == 2
    assert (sources["train"].rows, sources["test"].rows, sources["alone"].rows) == (3, 1, 3)
    assert opened.skipped == 0
    image = next(c for c in sources["train"].columns if c.name == "image")
    assert image.type.startswith("STRUCT") and "bytes" in image.type  # ready for a preview
    got = rows(engine, "SELECT label, text FROM alone ORDER BY text")
    assert got == [{"label": 0, "text": "a"}, {"label": 1, "text": "b"}, {"label": 0, "text": "c"}]


def test_delta_table_current_and_older_versions(tmp_path: Path, sealed) -> None:
    table = tmp_path / "events"
    deltalake.write_deltalake(str(table), pa.table({"k": [1, 2]}))
    deltalake.write_deltalake(str(table), pa.table({"k": [3]}), mode="append")
    engine, open_ = sealed
    sources, _ = open_(tmp_path)
    events = sources["events"]
    assert events.kind == "delta" and events.version == 1 and events.rows == 3
    assert not any(name.startswith("part") for name in sources)  # its files are not tables
    assert rows(engine, "SELECT sum(k) AS s FROM events") == [{"s": 6}]
    older = rows(engine, f"SELECT sum(k) AS s FROM delta_version('{table}', 0)")
    assert older == [{"s": 3}]
    with pytest.raises(QueryError, match="delta_version reads the Delta tables opened"):
        engine.query(f"SELECT * FROM delta_version('{tmp_path / 'elsewhere'}', 0)").run()
    with pytest.raises(EngineError, match="has no version 7; its versions are 0 to 1"):
        engine.query(f"SELECT * FROM delta_version('{table}', 7)").run()


def test_shards_are_one_row_and_each_file_stays_readable_by_path(tmp_path: Path, sealed) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for n in range(200):
        pq.write_table(pa.table({"id": [n]}), data / f"shard_{n:05d}.parquet")
    (data / "README.md").write_text("about the data")
    (data / "_SUCCESS").write_text("")  # Hadoop's marker: neither a table nor "skipped"
    engine, open_ = sealed
    sources, opened = open_(data)
    assert list(sources) == ["shard"] and sources["shard"].rows == 200
    assert opened.skipped == 1
    one = data / "shard_00007.parquet"
    assert rows(engine, f"SELECT id FROM '{one}'") == [{"id": 7}]
    with pytest.raises(QueryError):  # the sandbox still holds for every other path
        engine.query(f"COPY (SELECT 1) TO '{data / 'out.csv'}'").run()
    assert not (data / "out.csv").exists()


def test_grouping_keeps_different_tables_apart(tmp_path: Path) -> None:
    for name in ("train-00000-of-00002", "train-00001-of-00002", "test", "labels_1", "labels_2"):
        pq.write_table(pa.table({"x": [1]}), tmp_path / f"{name}.parquet")
    (tmp_path / "labels_1.csv").write_text("x\n1\n")  # a CSV beside: a table of its own
    engine = create_engine()
    try:
        sources = {s.name: s for s in engine.open_path(str(tmp_path))}
    finally:
        engine.close()
    assert {name: len(s.paths) for name, s in sources.items()} == {
        "train": 2, "test": 1, "labels": 2, "labels_1": 1}  # fmt: skip


def test_headless_reads_arrow_and_hive_partitions(tmp_path: Path) -> None:
    for split, n in (("train", 3), ("test", 1)):
        part = tmp_path / "runs" / f"split={split}"
        part.mkdir(parents=True)
        pq.write_table(pa.table({"id": list(range(n))}), part / "part-0.parquet")
    with ipc.new_stream(tmp_path / "labels.arrow", TABLE.schema) as writer:
        writer.write_table(TABLE)
    out = io.StringIO()
    sql = ("SELECT split, count(*) AS n, (SELECT count(*) FROM labels) AS labels FROM runs "
           "GROUP BY split ORDER BY split")  # fmt: skip
    assert query_main([sql, str(tmp_path), "--format", "csv"], out) == 0
    assert out.getvalue() == "split,n,labels\ntest,1,100\ntrain,3,100\n"


async def test_files_pane_lists_a_dataset_once_and_enter_shows_its_files(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from fsdl_tui.app import FsdlApp

    from .helpers import settle

    for n in range(200):
        pq.write_table(pa.table({"id": [n]}), tmp_path / f"shard_{n:05d}.parquet")
    (tmp_path / "README.md").write_text("about the data")
    app = FsdlApp([str(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        files = app.query_one("#file-list", DataTable)
        assert files.row_count == 1 and files.border_title == "Files · 1 skipped"
        name, rows, _ = (cell.plain for cell in files.get_row_at(0))
        assert name == "shard ▸200" and rows.strip() == "200"
        assert app.state.data.selected == "shard" and app.state.query.result_id is not None
        files.focus()
        await pilot.press("enter")
        assert files.row_count == 201
        await settle(pilot)  # the scrollbar the files bring takes no column's room
        widths = sum(column.get_render_width(files) for column in files.columns.values())
        assert widths <= files.scrollable_content_region.width
        assert files.get_row_at(1)[0].plain.strip().startswith("shard_0")  # cut at 80×24, marked
        await pilot.press("down")
        await settle(pilot)
        assert "shard_00000.parquet" in str(files.border_subtitle)  # and whole on highlight
        assert app.state.data.selected == "shard"  # a file's row selects its dataset
        await pilot.press("enter")
        assert files.row_count == 1 and files.get_row_at(0)[0].plain == "shard ▸200"


def test_a_hub_cache_folder_is_one_view_per_split(tmp_path: Path, sealed) -> None:
    """The hub cache writes `<builder>-<split>[-NNNNN-of-NNNNN].arrow` streams beside
    `dataset_info.json`."""
    cache = tmp_path / "imdb" / "plain_text" / "0.0.0" / "abc123"
    cache.mkdir(parents=True)
    for name, table in (("imdb-train-00000-of-00002.arrow", TABLE.slice(0, 60)),
                        ("imdb-train-00001-of-00002.arrow", TABLE.slice(60)),
                        ("imdb-test.arrow", TABLE.slice(0, 10))):  # fmt: skip
        with ipc.new_stream(cache / name, TABLE.schema) as writer:
            writer.write_table(table)
    (cache / "dataset_info.json").write_text("{}")
    _, open_ = sealed
    sources, opened = open_(tmp_path / "imdb")
    assert {name: s.rows for name, s in sources.items()} == {"train": 100, "test": 10}
    assert opened.skipped == 0


def test_a_missing_delta_extra_says_which_to_install(tmp_path: Path, monkeypatch) -> None:
    import sys

    deltalake.write_deltalake(str(tmp_path / "events"), pa.table({"k": [1]}))
    monkeypatch.setitem(sys.modules, "deltalake", None)  # as if the extra were not installed
    engine = create_engine()
    try:
        (source,) = engine.open_path(str(tmp_path / "events"))
    finally:
        engine.close()
    assert not source.ok and "uv run --extra delta" in source.error


def test_dvc_version_reads_an_arrow_output_at_each_version(tmp_path: Path) -> None:
    from .conftest import dvc_cli, git_commit, run

    run(tmp_path, "git", "init", "-q")
    run(tmp_path, dvc_cli(), "init", "-q")
    for version, rows in (("v1", 10), ("v2", 25)):
        with ipc.new_stream(tmp_path / "labels.arrow", TABLE.schema) as writer:
            writer.write_table(TABLE.slice(0, rows))
        run(tmp_path, dvc_cli(), "add", "-q", "labels.arrow")
        git_commit(tmp_path, version)
        run(tmp_path, "git", "tag", version)
    out = io.StringIO()
    sql = ("SELECT (SELECT count(*) FROM dvc_version('labels.arrow', 'v1')) AS v1, "
           "(SELECT count(*) FROM dvc_version('labels.arrow', 'v2')) AS v2")  # fmt: skip
    assert query_main([sql, "--repo", str(tmp_path), "--format", "csv"], out) == 0
    assert out.getvalue() == "v1,v2\n10,25\n"


def test_a_folder_over_the_file_cap_says_what_it_left_out(tmp_path: Path, monkeypatch) -> None:
    """Never a silent cut: the tables of a folder past the cap say how many files they leave
    out, in the app and in `fsdl-tui query`."""
    import io

    from fsdl_tui.engine import create_engine, discovery
    from fsdl_tui.engine.base import open_targets
    from fsdl_tui.headless import query_main

    for k in range(5):
        (tmp_path / f"part-{k:05d}.csv").write_text("a\n1\n")
    monkeypatch.setattr(discovery, "MAX_FILES", 3)
    engine = create_engine(read_only=True)
    try:
        opened = open_targets(engine, [str(tmp_path)])
    finally:
        engine.close()
    assert [s.name for s in opened.sources] == ["part"]
    assert "2 more data files" in opened.sources[0].warning and "at most 3" in (
        opened.sources[0].warning
    )
    out, err = io.StringIO(), io.StringIO()
    assert query_main(["SELECT count(*) AS n FROM part", str(tmp_path), "--format", "csv"],
                      out, err) == 0  # fmt: skip
    assert out.getvalue() == "n\n3\n" and "2 more data files" in err.getvalue()


def test_windows_of_many_shards_read_only_their_files_and_match_the_view(
    tmp_path: Path, sealed
) -> None:
    """A window of a many-file dataset reads only the files holding it (a view over them all
    binds every file's schema on each read: ~1.9 s a window at 10,000 files), and gives exactly
    the view's rows: across file boundaries, empty files, a column some files lack, a column
    stored narrower in some, hive partitions."""
    data = tmp_path / "runs"
    sizes = [5, 0, 7, 3, 0, 9, 1, 6]
    start = 0
    for n, size in enumerate(sizes):
        ids = list(range(start, start + size))
        columns = {"id": pa.array(ids, pa.int32() if n % 2 else pa.int64())}
        if n % 3 == 0:
            columns["note"] = pa.array([f"note {i}" for i in ids], pa.string())
        part = data / f"split={'train' if n < 5 else 'test'}"
        part.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(columns), part / f"part-{n:05d}.parquet")
        start += size
    engine, open_ = sealed
    sources, _ = open_(data)
    assert sources["runs"].rows == sum(sizes)
    result = engine.query("SELECT * FROM runs").run()
    assert result.row_count == sum(sizes)
    assert [c.name for c in result.columns] == [c.name for c in sources["runs"].columns]
    whole = engine.query("SELECT * FROM runs LIMIT 100").run().fetch(0, 100).to_pylist()
    assert sorted(r["id"] for r in whole) == list(range(sum(sizes)))  # the view's own order
    for offset in range(sum(sizes)):
        for limit in (1, 4, 13):
            window = result.fetch(offset, limit).to_pylist()
            assert window == whole[offset : offset + limit], (offset, limit)
    projected = engine.query("SELECT note, id * 2 AS twice FROM runs").run()
    assert projected.fetch(10, 3).to_pylist() == [
        {"note": r["note"], "twice": r["id"] * 2} for r in whole[10:13]
    ]


def test_shards_are_matched_by_name_unless_they_share_one_schema(tmp_path: Path, sealed) -> None:
    """Shards of one schema (nested columns too) are read as the first file says; shards whose
    columns come in another order, or whose nesting differs, are matched by name."""
    same, mixed = tmp_path / "same", tmp_path / "mixed"
    same.mkdir(), mixed.mkdir()
    for n in range(3):
        ids = [n * 2, n * 2 + 1]
        nested = {"id": ids, "box": [{"w": i, "h": [i]} for i in ids], "tag": ["a", None]}
        pq.write_table(pa.table(nested), same / f"same-{n:05d}.parquet")
        columns = {"id": ids, "tag": ["a", "b"]} if n != 1 else {"tag": ["c", "d"], "id": ids}
        if n == 2:
            columns["box"] = [{"w": i} for i in ids]  # a struct the others lack
        pq.write_table(pa.table(columns), mixed / f"mixed-{n:05d}.parquet")
    engine, open_ = sealed
    sources, _ = open_(same, mixed)
    assert [c.name for c in sources["same"].columns] == ["id", "box", "tag"]
    got = rows(engine, "SELECT id, box.w AS w, box.h[1] AS h, tag FROM same ORDER BY id")
    assert got == [{"id": i, "w": i, "h": i, "tag": "a" if i % 2 == 0 else None}
                   for i in range(6)]  # fmt: skip
    assert [c.name for c in sources["mixed"].columns] == ["id", "tag", "box"]
    got = rows(engine, "SELECT id, tag, box.w AS w FROM mixed ORDER BY id")
    assert [(r["id"], r["tag"], r["w"]) for r in got] == [
        (0, "a", None), (1, "b", None), (2, "c", None), (3, "d", None), (4, "a", 4), (5, "b", 5),
    ]  # fmt: skip
    assert engine.query("SELECT * FROM same").run().fetch(3, 2).column("id").to_pylist() == [3, 4]


def test_shards_of_one_schema_are_a_view_that_binds_only_the_first_file(
    tmp_path: Path, sealed
) -> None:
    """Matching columns by name binds every file's footer at each query (0.6 s a query at 10,000
    files): shards of one schema are read as their first file says instead, as the catalog's
    own SQL of the two views shows."""
    same, mixed = tmp_path / "same", tmp_path / "mixed"
    same.mkdir(), mixed.mkdir()
    for n in range(3):
        pq.write_table(pa.table({"id": [n]}), same / f"same-{n:05d}.parquet")
        columns = {"id": [n]} if n else {"id": [n], "extra": ["x"]}
        pq.write_table(pa.table(columns), mixed / f"mixed-{n:05d}.parquet")
    engine, open_ = sealed
    open_(same, mixed)
    views = {r["view_name"]: r["sql"] for r in rows(
        engine, "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal")}  # fmt: skip
    assert "union_by_name" not in views["same"] and "union_by_name" in views["mixed"]
    assert rows(engine, "SELECT sum(id) AS s FROM same") == [{"s": 3}]


def test_a_dataset_of_over_a_thousand_files_shows_its_first_rows_before_its_index(
    tmp_path: Path, sealed
) -> None:
    """Over SHARDS_INDEXED_AT_OPEN files, the footers' row counts are read when first needed:
    the dataset opens uncounted, a query previews its first files' rows, then pages the whole
    exactly; counting it indexes it once."""
    data, total = _thousand_and_one_files(tmp_path / "many")
    engine, open_ = sealed
    sources, _ = open_(data)
    assert sources["part"].ok and sources["part"].rows is None
    job = engine.query("SELECT * FROM part")
    preview = job.preview(5)
    assert preview is not None and preview.fetch(0, 5).column("id").to_pylist() == [0, 1, 2, 3, 4]
    result = job.run()
    assert result.row_count == total
    for offset in (0, 997, 1_500, total - 3):
        ids = result.fetch(offset, 3).column("id").to_pylist()
        assert ids == list(range(offset, min(offset + 3, total))), offset
    assert engine.count_rows(sources["part"]) == total
    assert {s.name: s.rows for s in engine.sources}["part"] == total


@pytest.mark.parametrize("cancel_after_s", [0.0, 0.005, 0.02, 0.05])
def test_a_query_cancelled_while_its_dataset_is_indexed_loses_nothing(
    tmp_path: Path, sealed, cancel_after_s: float
) -> None:
    """The first query of a dataset of over a thousand files reads the footers' counts, in
    batches that a cancel interrupts (one DuckDB call over 10,000 footers took ~1 s to notice
    Esc). Cancelled at any point, the query says so or finishes; the next one pages exactly."""
    import threading
    import time

    from fsdl_tui.engine import QueryCancelled

    data, total = _thousand_and_one_files(tmp_path / "many")
    engine, open_ = sealed
    open_(data)
    job = engine.query("SELECT * FROM part")
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(job.run().row_count)
        except QueryCancelled:
            outcome.append("cancelled")

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(cancel_after_s)
    job.cancel()
    worker.join()
    assert outcome in (["cancelled"], [total])
    result = engine.query("SELECT * FROM part").run()
    assert result.row_count == total
    assert result.fetch(total - 3, 3).column("id").to_pylist() == list(range(total - 3, total))


def test_a_cancelled_index_pass_stops_and_stays_pending(tmp_path: Path, sealed) -> None:
    """A query's cancel reaches the footer-count pass it runs (between batches of files): the
    pass stops, the dataset stays unindexed, and the next query indexes it and pages exactly."""
    import threading

    from fsdl_tui.engine import QueryCancelled

    data, total = _thousand_and_one_files(tmp_path / "many")
    engine, open_ = sealed
    open_(data)
    cancelled = threading.Event()
    cancelled.set()
    cursor = engine.cursor()
    with pytest.raises(QueryCancelled):
        engine.shard_index("part", cursor, cancelled)
    cursor.close()
    assert engine.index_pending("part")
    assert engine.query("SELECT * FROM part").run().row_count == total
    assert not engine.index_pending("part")


async def test_the_app_counts_a_dataset_of_over_a_thousand_files(tmp_path: Path) -> None:
    from fsdl_tui.app import FsdlApp

    from .helpers import settle

    data, total = _thousand_and_one_files(tmp_path / "many")
    app = FsdlApp([str(data)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.state.query.rows == total  # the whole, after the first files' preview
        assert app.state.data.source("part").rows == total  # counted for the Files list


def _thousand_and_one_files(folder: Path) -> tuple[Path, int]:
    """1,001 Parquet files of 1–3 rows; `id` counts the rows across them, in file order."""
    folder.mkdir()
    start = 0
    for n in range(1_001):
        size = n % 3 + 1
        ids = list(range(start, start + size))
        pq.write_table(pa.table({"id": ids}), folder / f"part-{n:05d}.parquet")
        start += size
    return folder, start


def test_a_replaced_view_is_read_whole_again(tmp_path: Path) -> None:
    """SQL that replaces the dataset's view (writes allowed) drops the files' index: windows
    read the new view, not the old files."""
    for n in range(3):
        pq.write_table(pa.table({"id": [n * 10, n * 10 + 1]}), tmp_path / f"shard_{n}.parquet")
    engine = create_engine()
    try:
        engine.open_path(str(tmp_path))
        assert engine.query("SELECT * FROM shard").run().fetch(2, 2).to_pylist() == [
            {"id": 10}, {"id": 11}]  # fmt: skip
        engine.query("CREATE OR REPLACE VIEW shard AS SELECT 7 AS id").run()
        assert engine.query("SELECT * FROM shard").run().fetch(0, 5).to_pylist() == [{"id": 7}]
    finally:
        engine.close()
