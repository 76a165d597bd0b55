"""Valid inputs the mutations start from, generated the same way every time."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

# "types": a column of every DuckDB type at its edges; "int96": timestamps as Spark writes them
KINDS = ("parquet", "csv", "dvc", "lock", "dvc_yaml", "dir", "types", "int96")

DVC_FILE = b"""outs:
- md5: 0cc175b9c0f1b6a831c399e269772661
  size: 1234
  hash: md5
  path: train.parquet
"""

LOCK_FILE = b"""schema: '2.0'
stages:
  prepare:
    cmd: python prepare.py
    deps:
    - path: data/raw.csv
      md5: 92eb5ffee6ae2fec3ad71c777531578f
      size: 10
    outs:
    - path: data/prepared.parquet
      md5: 4a8a08f09d37b73795649038408b5f33
      size: 2048
      hash: md5
    - path: data/images
      md5: 8277e0910d750195b448797616e091ad.dir
      size: 99
      nfiles: 3
      hash: md5
"""

DVC_YAML = b"""stages:
  prepare:
    cmd: python prepare.py
    deps:
    - data/raw.csv
    params:
    - prepare.split
    outs:
    - data/prepared.parquet
  train:
    cmd: python train.py
    deps:
    - data/prepared.parquet
    outs:
    - model.pkl
    metrics:
    - metrics.json:
        cache: false
"""


def parquet_bytes(folder: Path) -> bytes:
    """Every column kind the grid shows: ints, floats with NaN, text, nested, blobs, times."""
    path = folder / "seed.parquet"
    duckdb.sql(
        f"""COPY (SELECT i AS id, i * 0.5 AS score, 'row ' || i AS name,
        [i, i + 1] AS pair, {{'a': i, 'b': 'x'}} AS rec, 'blob'::BLOB AS raw,
        CASE WHEN i % 3 = 0 THEN 'NaN'::DOUBLE END AS maybe,
        TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS ts, (i % 2 = 0) AS even
        FROM range(300) t(i)) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 100)"""
    )
    data = path.read_bytes()
    path.unlink()
    return data


def csv_bytes() -> bytes:
    rows = ["id,name,score,when"] + [
        f'{i},"name, {i}",{i / 7:.3f},2024-01-{i % 28 + 1:02d}' for i in range(200)
    ]
    return ("\n".join(rows) + "\n").encode()


def dir_manifest() -> bytes:
    entries = [{"md5": f"{i:032x}", "relpath": f"img_{i}.png"} for i in range(5)]
    return json.dumps(entries).encode()


def _written(folder: Path, write) -> bytes:
    path = write(folder / "seed.parquet")
    data = path.read_bytes()
    path.unlink()
    return data


def seeds(folder: Path) -> dict[str, bytes]:
    from ..type_edges import write_every_type_parquet, write_int96_parquet

    return {
        "parquet": parquet_bytes(folder),
        "csv": csv_bytes(),
        "dvc": DVC_FILE,
        "lock": LOCK_FILE,
        "dvc_yaml": DVC_YAML,
        "dir": dir_manifest(),
        "types": _written(folder, write_every_type_parquet),
        "int96": _written(folder, write_int96_parquet),
    }
