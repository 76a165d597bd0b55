"""Everything the DVC pane and the `dvc_*` SQL tables show, read in one go (in a worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from . import cache
from .experiments import Experiments, load_experiments
from .git import utc
from .history import History, Version
from .metrics import MetricsHistory, metrics_history
from .outputs import Output
from .pipeline import Pipeline, draw_dag, load_pipeline
from .repo import DvcRepo
from .status import workspace_status

MAX_MEMBERS = 500


@dataclass(frozen=True)
class OutputInfo:
    output: Output
    in_cache: bool = False
    workspace: str = ""
    members: tuple[str, ...] = ()  # files of a directory output (from its cached manifest)

    @property
    def path(self) -> str:
        return self.output.path


@dataclass(frozen=True)
class DvcSnapshot:
    repo: DvcRepo
    outputs: tuple[OutputInfo, ...] = ()
    versions: dict[str, tuple[Version, ...]] = field(default_factory=dict)
    pipeline: Pipeline = field(default_factory=Pipeline)
    dag: str = ""
    metrics: MetricsHistory = field(default_factory=MetricsHistory)
    experiments: Experiments = field(default_factory=Experiments)


def _info(repo: DvcRepo, out: Output) -> OutputInfo:
    if out.error:
        return OutputInfo(out)
    members: tuple[str, ...] = ()
    if out.is_dir:
        manifest = cache.read_manifest(repo, out.md5 or "", out.legacy) or []
        members = tuple(sorted(m["relpath"] for m in manifest))[:MAX_MEMBERS]
    try:
        status = workspace_status(repo, out)
    except OSError as error:
        status = f"unreadable: {error.strerror}"
    if out.conflict:
        status = f"merge conflict in {out.source_file}"
    return OutputInfo(out, cache.in_cache(repo, out.md5, out.legacy), status, members)


def load_snapshot(history: History) -> DvcSnapshot:
    repo = history.repo
    outputs = tuple(_info(repo, out) for out in history.workspace_outputs())
    versions = {
        path: tuple(found)
        for path, found in history.all_versions([info.output for info in outputs]).items()
    }
    pipeline = load_pipeline(repo)
    metrics = metrics_history(repo, pipeline)
    experiments = load_experiments(repo, pipeline)
    return DvcSnapshot(repo, outputs, versions, pipeline, draw_dag(pipeline), metrics, experiments)


def version_in_cache(repo: DvcRepo, version: Version) -> bool:
    return cache.in_cache(repo, version.md5, version.legacy)


def outputs_table(snapshot: DvcSnapshot) -> pa.Table:
    rows = [
        {
            "path": info.path,
            "kind": "error" if info.output.error else "dir" if info.output.is_dir else "file",
            "source": info.output.source,
            "hash": info.output.md5,
            "size": info.output.size,
            "nfiles": info.output.nfiles,
            "in_cache": info.in_cache,
            "workspace": info.workspace or None,
            "error": info.output.error,
        }
        for info in snapshot.outputs
    ]
    return pa.Table.from_pylist(rows, schema=_OUTPUTS_SCHEMA)


def versions_table(snapshot: DvcSnapshot) -> pa.Table:
    rows = [
        {
            "path": v.path,
            "rev": v.rev,
            "commit": v.commit or None,
            "date": utc(v.date),
            "author": v.author or None,
            "message": v.message,
            "tags": list(v.tags),
            "hash": v.md5,
            "size": v.size,
            "nfiles": v.nfiles,
            "in_cache": version_in_cache(snapshot.repo, v),
        }
        for versions in snapshot.versions.values()
        for v in versions
    ]
    return pa.Table.from_pylist(rows, schema=_VERSIONS_SCHEMA)


_OUTPUTS_SCHEMA = pa.schema(
    [("path", pa.string()), ("kind", pa.string()), ("source", pa.string()),
     ("hash", pa.string()), ("size", pa.int64()), ("nfiles", pa.int64()),
     ("in_cache", pa.bool_()), ("workspace", pa.string()), ("error", pa.string())]
)  # fmt: skip
_VERSIONS_SCHEMA = pa.schema(
    [("path", pa.string()), ("rev", pa.string()), ("commit", pa.string()),
     ("date", pa.timestamp("s", tz="UTC")), ("author", pa.string()), ("message", pa.string()),
     ("tags", pa.list_(pa.string())), ("hash", pa.string()), ("size", pa.int64()),
     ("nfiles", pa.int64()), ("in_cache", pa.bool_())]
)  # fmt: skip
