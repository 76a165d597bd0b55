"""Params and metrics of every commit, as one table (like `dvc exp show`, over git history).

Read from git with `git log -- <params and metrics files> dvc.lock` and one cat-file process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyarrow as pa

from .git import BlobReader, log, tags_by_commit, utc
from .pipeline import Pipeline, _flatten
from .repo import DvcRepo
from .yaml_io import YAMLError, load_yaml


@dataclass(frozen=True)
class MetricsRow:
    rev: str
    commit: str
    date: str
    message: str
    tags: tuple[str, ...]
    values: dict[str, object] = field(default_factory=dict)  # "param:key" / "metric:key"


@dataclass(frozen=True)
class MetricsHistory:
    rows: tuple[MetricsRow, ...] = ()  # newest first
    params: tuple[str, ...] = ()  # column keys, "params.yaml:train.lr"
    metrics: tuple[str, ...] = ()  # "metrics.json:accuracy"

    def numeric_metrics(self) -> list[str]:
        return [m for m in self.metrics if any(_number(r.values.get(m)) for r in self.rows)]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


MAX_FILE_BYTES = 16 * 1024 * 1024  # a params or metrics file larger than this is not parsed


def parse_values(text: bytes, path: str) -> dict[str, object]:
    """The scalar values of a params or metrics file (JSON or YAML), keys flattened."""
    if len(text) > MAX_FILE_BYTES:
        return {}
    try:
        data = json.loads(text) if path.endswith(".json") else load_yaml(text)
    except (ValueError, YAMLError):
        return {}
    return {k: v for k, v in _flatten(data).items() if isinstance(v, str | int | float | bool)}


def metrics_history(repo: DvcRepo, pipeline: Pipeline) -> MetricsHistory:
    if repo.git_root is None or not (pipeline.params_files or pipeline.metrics_files):
        return MetricsHistory()
    files = [("param", f) for f in pipeline.params_files] + [
        ("metric", f) for f in pipeline.metrics_files
    ]
    tracked = [repo.git_path(f) for _, f in files] + [repo.git_path("dvc.lock")]
    tags = tags_by_commit(repo.git_root)
    rows, params, metrics = [], {}, {}
    with BlobReader(repo.git_root) as reader:
        for commit in log(repo.git_root, tracked):
            values: dict[str, object] = {}
            for kind, path in files:
                text = reader.read(commit.sha, repo.git_path(path))
                for key, value in (parse_values(text, path) if text else {}).items():
                    column = f"{path}:{key}"
                    values[column] = value
                    (params if kind == "param" else metrics)[column] = None
            rows.append(MetricsRow(commit.sha[:8], commit.sha, commit.date, commit.message,
                                   tuple(tags.get(commit.sha, ())), values))  # fmt: skip
    return MetricsHistory(tuple(rows), tuple(params), tuple(metrics))


def metrics_table(history: MetricsHistory) -> pa.Table:
    """Long format: one row per commit, file and key (`dvc_metrics`)."""
    records = []
    for row in history.rows:
        date = utc(row.date)
        for column, value in row.values.items():
            file, key = column.split(":", 1)
            records.append({
                "rev": row.rev, "commit": row.commit, "date": date, "tags": list(row.tags),
                "kind": "param" if column in history.params else "metric", "file": file,
                "key": key, "value": float(value) if _number(value) else None,
                "text": as_written(value),
            })  # fmt: skip
    return pa.Table.from_pylist(records, schema=_SCHEMA)


def as_written(value: object) -> str:
    """The value as the params/metrics file wrote it: `3`, not the `3.0` of `value DOUBLE`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


_SCHEMA = pa.schema(
    [("rev", pa.string()), ("commit", pa.string()), ("date", pa.timestamp("s", tz="UTC")),
     ("tags", pa.list_(pa.string())), ("kind", pa.string()), ("file", pa.string()),
     ("key", pa.string()), ("value", pa.float64()), ("text", pa.string())]
)  # fmt: skip
