"""The benchmark's data, generated once into bench/.cache/ (or --cache DIR) and reused."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb

DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@invalid",
       "-c", "commit.gpgsign=false"]  # fmt: skip

# 8 columns of the kinds ML tables have; 10M rows are ~500 MiB of Parquet, ~1 GiB of CSV
ROWS_SQL = """SELECT i AS id, 'user_' || (i % 100000) AS user_name, (i % 1000) AS category,
    random() AS score, (random() * 100)::INT AS qty,
    TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, (i % 7 = 0) AS flag,
    md5(i::VARCHAR) AS hash FROM range({rows}) t(i)"""


def _copy(sql: str, path: Path, options: str) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    duckdb.connect().execute(f"SET preserve_insertion_order = true; "
                             f"COPY ({sql}) TO '{partial}' ({options})")  # fmt: skip
    partial.rename(path)
    return path


def parquet(cache: Path, rows: int) -> Path:
    return _copy(ROWS_SQL.format(rows=rows), cache / f"big_{rows}.parquet", "FORMAT parquet")


def csv(cache: Path, rows: int) -> Path:
    return _copy(ROWS_SQL.format(rows=rows), cache / f"big_{rows}.csv", "FORMAT csv, HEADER")


def shards(cache: Path, rows: int, count: int = 200) -> Path:
    """The same rows as `parquet`, in `count` shards named as the Hugging Face hub names them."""
    folder = cache / f"shards_{count}x{rows}"
    if folder.exists():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    step = rows // count
    for k in range(count):
        sql = ROWS_SQL.format(rows=f"{k * step}, {(k + 1) * step}")
        _copy(sql, partial / f"train-{k:05d}-of-{count:05d}.parquet", "FORMAT parquet")
    partial.rename(folder)
    return folder


def jsonl(cache: Path, rows: int) -> Path:
    return _copy(ROWS_SQL.format(rows=rows), cache / f"big_{rows}.jsonl", "FORMAT json")


def arrow_stream(cache: Path, rows: int) -> Path:
    """A Hugging Face `save_to_disk`-style folder: one Arrow stream file beside `state.json`."""
    import pyarrow.ipc as ipc

    folder = cache / f"hf_{rows}"
    if folder.exists():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    reader = duckdb.connect().sql(ROWS_SQL.format(rows=rows)).to_arrow_reader(100_000)
    with ipc.new_stream(partial / "data-00000-of-00001.arrow", reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
    (partial / "state.json").write_text(
        '{"_data_files": [{"filename": "data-00000-of-00001.arrow"}]}'
    )
    (partial / "dataset_info.json").write_text("{}")
    partial.rename(folder)
    return folder


def wide(cache: Path, rows: int = 1_000_000, columns: int = 100) -> Path:
    """A 100-column table (ints, doubles, strings by turns), as feature tables are."""
    kinds = ["(i * {k}) % 9973", "random() * {k}", "'v' || ((i + {k}) % 5000)"]
    select = ", ".join(f"{kinds[k % 3].format(k=k + 1)} AS f{k:03d}" for k in range(columns))
    sql = f"SELECT i AS id, {select} FROM range({rows}) t(i)"
    return _copy(sql, cache / f"wide_{columns}x{rows}.parquet", "FORMAT parquet")


def dvc_repo(cache: Path, commits: int = 200) -> Path:
    """A git + DVC repo whose data/train.csv changes in every commit (tag every 20), with the
    DVC cache filled as `dvc add` would."""
    root = cache / f"dvc-history-{commits}"
    if (root / ".dvc").is_dir():
        return root
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([sys.executable, "-m", "dvc", "init", "-q"], cwd=root, check=True)
    (root / "data").mkdir(exist_ok=True)
    for i in range(commits):
        body = "id,value\n" + "".join(f"{r},{(r * 7 + i) % 101}\n" for r in range(200 + i))
        data = body.encode()
        md5 = hashlib.md5(data).hexdigest()
        blob = root / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        (root / "data" / "train.csv").write_bytes(data)
        (root / "data" / "train.csv.dvc").write_text(
            f"outs:\n- md5: {md5}\n  size: {len(data)}\n  hash: md5\n  path: train.csv\n"
        )
        (root / "data" / ".gitignore").write_text("/train.csv\n")
        subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
        subprocess.run([*GIT, "commit", "-qm", f"version {i}"], cwd=root, check=True)
        if i % 20 == 0:
            subprocess.run([*GIT, "tag", f"v{i // 20}"], cwd=root, check=True)
    return root
