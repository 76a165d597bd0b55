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


EXP_TRAIN = """import json, yaml
p = yaml.safe_load(open("params.yaml"))
json.dump({"accuracy": round(0.9 - abs(p["lr"] - 0.01), 4), "loss": round(p["lr"] * 3, 4)},
          open("metrics.json", "w"))
"""
EXP_DVC_YAML = """stages:
  train:
    cmd: python train.py
    deps: [train.py]
    params: [lr, epochs]
    metrics: [{metrics.json: {cache: false}}]
"""


def exp_repo(cache: Path, experiments: int = 200) -> Path:
    """A git + DVC repo with `experiments` experiments of its HEAD, recorded as `dvc exp run`
    records them (a commit under refs/exps/… changing params.yaml and metrics.json; written
    with git itself, as 200 real runs would take minutes)."""
    import os

    root = cache / f"dvc-exps-{experiments}"
    if (root / ".dvc").is_dir():
        return root
    partial = root.with_name(root.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    run = {"cwd": partial, "check": True}
    subprocess.run([*GIT, "init", "-q"], **run)
    subprocess.run([sys.executable, "-m", "dvc", "init", "-q"], **run)
    (partial / "train.py").write_text(EXP_TRAIN)
    (partial / "dvc.yaml").write_text(EXP_DVC_YAML)
    (partial / "params.yaml").write_text("lr: 0.01\nepochs: 10\n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "dvc", "repro", "-q"], env=env, **run)
    subprocess.run([*GIT, "add", "-A"], **run)
    subprocess.run([*GIT, "commit", "-qm", "baseline"], **run)
    head = subprocess.run([*GIT, "rev-parse", "HEAD"], capture_output=True, text=True,
                          **run).stdout.strip()  # fmt: skip
    index = {**os.environ, "GIT_INDEX_FILE": str(partial / ".git" / "bench-exp.index")}

    def git(*args: str, text: str | None = None) -> str:
        done = subprocess.run([*GIT, *args], input=text, capture_output=True, text=True,
                              env=index, **run)  # fmt: skip
        return done.stdout.strip()

    for n in range(experiments):
        lr = round(0.001 * (n + 1), 4)
        git("read-tree", head)
        for path, content in (("params.yaml", f"lr: {lr}\nepochs: {10 + n % 5}\n"),
                              ("metrics.json", f'{{"accuracy": {round(0.9 - abs(lr - 0.01), 4)}, '
                                               f'"loss": {round(lr * 3, 4)}}}')):  # fmt: skip
            blob = git("hash-object", "-w", "--stdin", text=content)
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
        commit = git("commit-tree", git("write-tree"), "-p", head, "-m", f"exp {n}")
        git("update-ref", f"refs/exps/{head[:2]}/{head[2:]}/exp-{n:03d}", commit)
    partial.rename(root)
    return root


def pictures(cache: Path, rows: int = 10_000) -> Path:
    """An image dataset as Hugging Face keeps one: PNG bytes (64×64, a few hundred distinct)
    beside a label, `rows` rows."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    from PIL import Image

    path = cache / f"pictures_{rows}.parquet"
    if path.exists():
        return path
    tiles = []
    for n in range(256):
        image = Image.new("RGB", (64, 64), (n, 255 - n, (n * 7) % 256))
        out = io.BytesIO()
        image.save(out, format="PNG")
        tiles.append(out.getvalue())
    labels = [f"class_{i % 10}" for i in range(rows)]
    table = pa.table({"label": labels, "png": [tiles[i % 256] for i in range(rows)]})
    cache.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def folder_of(cache: Path, files: int) -> Path:
    """`files` shards of 1,000 rows each (copies of one file: the first row is the same)."""
    folder = cache / f"folder_{files}"
    if folder.exists():
        return folder
    one = parquet(cache, 1_000)
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    for k in range(files):
        target = partial / f"part-{k:05d}.parquet"
        if not target.exists():
            target.write_bytes(one.read_bytes())
    partial.rename(folder)
    return folder


def _fast_import(root: Path, commits: list[tuple[str, dict[str, bytes]]], tag_every: int) -> None:
    """Commits (message, {path: content}) on top of HEAD through `git fast-import`: thousands
    of commits in seconds."""
    head = subprocess.run([*GIT, "rev-parse", "HEAD"], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    branch = subprocess.run([*GIT, "symbolic-ref", "HEAD"], cwd=root, check=True,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    chunks: list[bytes] = []
    for index, (message, files) in enumerate(commits, start=1):
        body = message.encode()
        chunks.append(f"commit {branch}\nmark :{index}\n".encode())
        chunks.append(f"committer bench <bench@invalid> {1_700_000_000 + index * 60} +0000\n"
                      .encode())  # fmt: skip
        chunks.append(b"data %d\n%s\n" % (len(body), body))
        chunks.append(f"from {head if index == 1 else f':{index - 1}'}\n".encode())
        for path, content in files.items():
            chunks.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode())
            chunks.append(content + b"\n")
        if tag_every and (index - 1) % tag_every == 0:
            chunks.append(f"reset refs/tags/v{(index - 1) // tag_every}\nfrom :{index}\n\n"
                          .encode())  # fmt: skip
    subprocess.run([*GIT, "fast-import", "--quiet"], cwd=root, input=b"".join(chunks),
                   check=True)  # fmt: skip
    subprocess.run([*GIT, "reset", "--hard", "-q"], cwd=root, check=True)


def _cached(root: Path, data: bytes) -> str:
    md5 = hashlib.md5(data).hexdigest()
    blob = root / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
    if not blob.exists():
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
    return md5


def _new_dvc_repo(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([sys.executable, "-m", "dvc", "init", "-q"], cwd=root, check=True)
    (root / "data").mkdir(exist_ok=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "dvc init"], cwd=root, check=True)


def dvc_long_history(cache: Path, commits: int) -> Path:
    """data/train.csv changed in each of `commits` commits (tag every 20), as `dvc_repo`, made
    with `git fast-import`."""
    root = cache / f"dvc-long-{commits}"
    if (root / ".dvc").is_dir() and (root / "data" / "train.csv").exists():
        return root
    _new_dvc_repo(root)
    made = []
    for i in range(commits):
        data = ("id,value\n" + "".join(f"{r},{(r * 7 + i) % 101}\n" for r in range(200))).encode()
        md5 = _cached(root, data + str(i).encode())
        dvc = f"outs:\n- md5: {md5}\n  size: {len(data)}\n  hash: md5\n  path: train.csv\n"
        made.append((f"version {i}", {"data/train.csv.dvc": dvc.encode(),
                                      "data/.gitignore": b"/train.csv"}))  # fmt: skip
    _fast_import(root, made, tag_every=20)
    (root / "data" / "train.csv").write_bytes(data + str(commits - 1).encode())
    return root


def dvc_many_outputs(cache: Path, outputs: int = 2_000, commits: int = 200) -> Path:
    """One .dvc file tracking `outputs` files, 2% of which change in each commit."""
    root = cache / f"dvc-outputs-{outputs}x{commits}"
    if (root / ".dvc").is_dir() and (root / "data" / "f_0000.csv").exists():
        return root
    _new_dvc_repo(root)
    made, contents = [], {}
    for c in range(commits):
        lines = ["outs:"]
        for o in range(outputs):
            data = f"id,v\n{o},{c if o % 50 == c % 50 else 0}\n".encode()
            contents[o] = data
            md5 = _cached(root, data)
            lines.append(f"- md5: {md5}\n  size: {len(data)}\n  hash: md5\n  path: f_{o:04d}.csv")
        made.append((f"commit {c}", {"data/files.dvc": "\n".join(lines).encode()}))
    _fast_import(root, made, tag_every=0)
    for o, data in contents.items():
        (root / "data" / f"f_{o:04d}.csv").write_bytes(data)
    return root
