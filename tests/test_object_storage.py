"""Buckets open like folders: a local S3-compatible server (moto's server mode on 127.0.0.1)
holds shards, hive partitions, a CSV and a Delta table; fsdl-tui lists them, reads one view per
dataset, and in read-only mode writes nothing to the bucket."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time

import boto3
import deltalake
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fsdl_tui.engine import QueryError, SourceError, create_engine
from fsdl_tui.engine.base import open_targets
from fsdl_tui.headless import query_main

BUCKET = "ml-data"


@pytest.fixture(scope="module")
def s3_server():
    """moto's server in a process of its own (in this one it would wait for the GIL a scan
    holds, as no real store does)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def bucket(s3_server: str, monkeypatch: pytest.MonkeyPatch):
    settings = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": s3_server}  # fmt: skip
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET)

    def put(key: str, table: pa.Table) -> None:
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        client.put_object(Bucket=BUCKET, Key=key, Body=buffer.getvalue())

    for n in range(3):
        put(
            f"data/train-{n:05d}-of-00003.parquet",
            pa.table({"id": list(range(n * 10, n * 10 + 10))}),
        )
    for year in (2023, 2024):
        put(f"data/events/year={year}/part-0.parquet", pa.table({"n": [year % 10] * 5}))
    client.put_object(Bucket=BUCKET, Key="data/labels.csv", Body=b"id,label\n1,cat\n2,dog\n")
    client.put_object(Bucket=BUCKET, Key="data/README.md", Body=b"notes")
    client.put_object(Bucket=BUCKET, Key="data/_SUCCESS", Body=b"")
    options = {"AWS_ALLOW_HTTP": "true", "AWS_ENDPOINT_URL": s3_server,
               "AWS_S3_ALLOW_UNSAFE_RENAME": "true"}  # fmt: skip
    table = f"s3://{BUCKET}/data/runs"
    deltalake.write_deltalake(table, pa.table({"k": [1, 2]}), storage_options=options)
    deltalake.write_deltalake(table, pa.table({"k": [3]}), mode="append", storage_options=options)
    yield client
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    for key in keys:
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_bucket_prefix_opens_one_view_per_dataset(bucket) -> None:
    engine = create_engine(read_only=True)
    try:
        opened = open_targets(engine, [f"s3://{BUCKET}/data/"])
        engine.sandbox([])
        sources = {s.name: s for s in opened.sources}
        assert set(sources) == {"train", "events", "labels", "runs"}, opened.errors
        assert opened.skipped == 1  # README.md; _SUCCESS is Hadoop's marker
        assert sources["train"].rows == 30 and sources["train"].layout == "shards"
        assert sources["runs"].kind == "delta" and sources["runs"].version == 1
        rows = engine.query("SELECT year, sum(n) AS n FROM events GROUP BY year ORDER BY year")
        assert rows.run().fetch(0, 5).to_pylist() == [{"year": 2023, "n": 15},
                                                      {"year": 2024, "n": 20}]  # fmt: skip
        page = engine.query("SELECT * FROM train").run()
        assert page.row_count == 30 and page.fetch(25, 3).column("id").to_pylist() == [25, 26, 27]
        labels = engine.query("SELECT label FROM labels ORDER BY id").run().fetch(0, 5)
        assert labels.column("label").to_pylist() == ["cat", "dog"]
        assert engine.query("SELECT sum(k) AS s FROM runs").run().fetch(0, 1).to_pylist() == [
            {"s": 6}]  # fmt: skip
        before = keys(bucket)
        for write in (f"COPY (SELECT 1) TO 's3://{BUCKET}/data/x.csv'",
                      f"SELECT * FROM read_parquet('s3://{BUCKET}/other/*.parquet')"):  # fmt: skip
            with pytest.raises(QueryError):
                engine.query(write).run()
        assert keys(bucket) == before
    finally:
        engine.close()


def test_a_saved_hugging_face_dataset_in_a_bucket_is_named_not_misread(bucket, tmp_path) -> None:
    """save_to_disk's Arrow streams cannot be scanned in place: one clear line, and its
    metadata files are not opened as JSON tables."""
    import datasets

    datasets.Dataset.from_dict({"text": ["a", "b"]}).save_to_disk(str(tmp_path / "pets"))
    for file in (tmp_path / "pets").iterdir():
        bucket.put_object(Bucket=BUCKET, Key=f"hf/pets/{file.name}", Body=file.read_bytes())
    engine = create_engine()
    try:
        (source,) = engine.open_path(f"s3://{BUCKET}/hf/")
    finally:
        engine.close()
    assert source.name == "pets" and source.layout == "huggingface"
    assert not source.ok and "copy the folder to this machine" in source.error


def test_one_object_and_headless(bucket, capsys) -> None:
    out = io.StringIO()
    target = f"s3://{BUCKET}/data/labels.csv"
    assert query_main(["SELECT count(*) AS n FROM labels", target, "--format", "csv"], out) == 0
    assert out.getvalue() == "n\n2\n"


def test_missing_prefix_and_unreachable_store_are_clear(bucket, monkeypatch) -> None:
    engine = create_engine()
    try:
        with pytest.raises(SourceError, match="Nothing at s3://ml-data/nope"):
            engine.open_path(f"s3://{BUCKET}/nope/")
        with pytest.raises(SourceError, match="not ftp://"):
            engine.open_path("ftp://example.com/data.csv")
    finally:
        engine.close()
    assert os.environ["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1")
