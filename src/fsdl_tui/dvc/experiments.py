"""DVC experiments as rows, read from git the way history is: `git for-each-ref refs/exps` and
one `git cat-file --batch` process — no DVC import, nothing written.

An experiment is a ref `refs/exps/<baseline sha[:2]>/<sha[2:]>/<name>` to a commit whose tree
holds the experiment's params, metrics and `dvc.lock`. The table is `dvc exp show -A`'s: the
workspace, then each commit of the branch that changed params or metrics (and every commit an
experiment was run from), each followed by its experiments, newest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from . import cache
from .git import FIELD, BlobReader, GitError, git, log, names_by_commit, resolve_rev, utc
from .metrics import as_written, parse_values
from .outputs import LOCK_FILE, Output, parse_source
from .pipeline import Pipeline
from .plots import PlotDef, load_defs, read_series
from .repo import DvcRepo

EXP_REF = re.compile(r"^refs/exps/([0-9a-f]{2})/([0-9a-f]{38})/(?P<name>[^/]+)$")
WORKSPACE = "workspace"
MAX_COMMITS = 500  # commits of the branch shown (the newest); experiments' baselines always
QUEUE_REF = "refs/exps/celery/stash"
QUEUED_NOTE = "Queued experiments (`dvc queue`) are not listed; `dvc queue status` shows them."


@dataclass(frozen=True)
class ExperimentRow:
    name: str  # the experiment's name; a commit's branch, tag or short sha; "workspace"
    rev: str  # full sha ("" for the workspace)
    kind: str  # "workspace" | "commit" | "experiment"
    baseline: str  # the full sha of the commit it was run from (a commit: itself)
    baseline_name: str
    created: str  # ISO 8601
    message: str
    values: dict[str, object] = field(default_factory=dict)  # "params.yaml:train.lr" -> 0.01

    @property
    def short(self) -> str:
        return self.rev[:7]


@dataclass(frozen=True)
class Experiments:
    rows: tuple[ExperimentRow, ...] = ()
    params: tuple[str, ...] = ()  # column keys, "params.yaml:train.lr"
    metrics: tuple[str, ...] = ()  # "metrics.json:accuracy"
    note: str = ""  # what is not shown, said once
    plots: tuple[PlotDef, ...] = ()  # dvc.yaml's
    # (plot index, rev or "" for the workspace) -> (x, y): each row's version of each plot
    series: dict[tuple[int, str], tuple[list[float], list[float]]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.params + self.metrics

    def row(self, name_or_rev: str) -> ExperimentRow | None:
        return next((r for r in self.rows if name_or_rev in (r.name, r.rev)), None)

    def baseline_of(self, row: ExperimentRow) -> ExperimentRow | None:
        return next((r for r in self.rows if r.kind == "commit" and r.rev == row.baseline), None)


@dataclass(frozen=True)
class _Ref:
    sha: str
    name: str
    baseline: str
    created: str
    message: str


def experiment_refs(git_root: Path) -> list[_Ref]:
    """Every experiment ref (not DVC's own `exec`/`celery` bookkeeping), newest first."""
    fmt = FIELD.join(("%(objectname)", "%(refname)", "%(creatordate:iso-strict)", "%(subject)"))
    out = git(git_root, "for-each-ref", "--sort=-creatordate", f"--format={fmt}", "refs/exps",
              check=False)  # fmt: skip
    refs = []
    for line in out.splitlines():
        parts = line.split(FIELD, 3)
        if len(parts) != 4:
            continue
        sha, ref, created, message = parts
        match = EXP_REF.match(ref)
        if match:
            refs.append(_Ref(sha, match["name"], match[1] + match[2], created, message))
    return refs


def resolve_experiment(git_root: Path, name: str) -> str | None:
    """The commit of the experiment named `name` (the newest, if several baselines have one)."""
    for ref in experiment_refs(git_root):
        if ref.name == name:
            return ref.sha
    return None


def resolve_any(git_root: Path, rev: str) -> str:
    """The full sha of a tag, branch, sha — or an experiment's name. Raises GitError."""
    try:
        return resolve_rev(git_root, rev)
    except GitError as error:
        found = resolve_experiment(git_root, rev)
        if found is None:
            raise GitError(f"No commit, tag, branch or experiment named {rev!r} in this "
                           "repository.") from error  # fmt: skip
        return found


class _Reader:
    """Params and metrics files at a commit: from git, or (a metric DVC caches) from the cache
    through that commit's `dvc.lock`."""

    def __init__(self, repo: DvcRepo, blobs: BlobReader) -> None:
        self.repo = repo
        self.blobs = blobs

    def file(self, rev: str, path: str) -> bytes | None:
        if not rev:
            try:
                return (self.repo.root / path).read_bytes()
            except OSError:
                return None
        text = self.blobs.read(rev, self.repo.git_path(path))
        if text is not None:
            return text
        out = next((o for o in self.outputs(rev) if o.path == path and o.md5), None)
        if out is None or out.is_dir:
            return None
        try:
            return cache.cache_file(self.repo, out.md5 or "", out.legacy).read_bytes()
        except OSError:
            return None

    def outputs(self, rev: str) -> list[Output]:
        """The outputs `dvc.lock` records at `rev` (the workspace's when rev is "")."""
        if rev:
            text = self.blobs.read(rev, self.repo.git_path(LOCK_FILE))
        else:
            try:
                text = (self.repo.root / LOCK_FILE).read_bytes()
            except OSError:
                text = None
        return [o for o in parse_source(text, LOCK_FILE) if not o.error] if text else []


def load_experiments(repo: DvcRepo, pipeline: Pipeline) -> Experiments:
    if repo.git_root is None:
        return Experiments(note="Experiments need git: this DVC repository has none.")
    files = [("param", f) for f in pipeline.params_files] + [
        ("metric", f) for f in pipeline.metrics_files
    ]
    refs = experiment_refs(repo.git_root)
    tracked = [repo.git_path(f) for _, f in files] + [repo.git_path(LOCK_FILE)]
    commits = log(repo.git_root, tracked)[:MAX_COMMITS]
    names = names_by_commit(repo.git_root, "refs/heads", "refs/tags")
    head = git(repo.git_root, "rev-parse", "HEAD", check=False).strip()
    known = {c.sha for c in commits}
    for ref in refs:  # an experiment's baseline is shown even when it changed nothing
        if ref.baseline not in known:  # first: a baseline is recent (the sort below is stable,
            # so it stays above an older commit of the same second)
            commits[:0] = log(repo.git_root, [], rev=f"{ref.baseline}^!")
            known.add(ref.baseline)
    if head and head not in known:
        commits[:0] = log(repo.git_root, [], rev="HEAD^!")
    commits.sort(key=lambda c: utc(c.date) or datetime.min.replace(tzinfo=UTC), reverse=True)
    params: dict[str, None] = {}
    metrics: dict[str, None] = {}
    rows: list[ExperimentRow] = []
    with BlobReader(repo.git_root) as blobs:
        reader = _Reader(repo, blobs)

        def values(rev: str) -> dict[str, object]:
            found: dict[str, object] = {}
            for kind, path in files:
                text = reader.file(rev, path)
                for key, value in (parse_values(text, path) if text else {}).items():
                    column = f"{path}:{key}"
                    found[column] = value
                    (params if kind == "param" else metrics)[column] = None
            return found

        rows.append(ExperimentRow(WORKSPACE, "", WORKSPACE, head, _label(head, names), "",
                                  "the files as they are now", values("")))  # fmt: skip
        for commit in commits:
            label = _label(commit.sha, names)
            rows.append(ExperimentRow(label, commit.sha, "commit", commit.sha, label, commit.date,
                                      commit.message, values(commit.sha)))  # fmt: skip
            for ref in (r for r in refs if r.baseline == commit.sha):
                rows.append(ExperimentRow(ref.name, ref.sha, "experiment", commit.sha, label,
                                          ref.created, ref.message, values(ref.sha)))  # fmt: skip
        plots = load_defs(reader.file("", "dvc.yaml"))
        series = {}
        for index, plot in enumerate(plots):
            for row in rows:
                found = read_series(plot, lambda path, rev=row.rev: reader.file(rev, path))
                if found is not None:
                    series[(index, row.rev)] = found
    queued = git(repo.git_root, "rev-parse", "--verify", "--quiet", QUEUE_REF, check=False)
    note = QUEUED_NOTE if queued.strip() else ""
    return Experiments(tuple(rows), tuple(params), tuple(metrics), note, plots, series)


def _label(sha: str, names: dict[str, list[str]]) -> str:
    found = names.get(sha)
    return found[0] if found else sha[:7]


def experiments_table(experiments: Experiments) -> pa.Table:
    """`dvc_experiments`: one row per experiment, commit and the workspace."""
    records = [
        {"name": r.name, "rev": r.rev or None, "kind": r.kind, "baseline": r.baseline or None,
         "baseline_name": r.baseline_name, "created": utc(r.created), "message": r.message}
        for r in experiments.rows
    ]  # fmt: skip
    return pa.Table.from_pylist(records, schema=_EXPERIMENTS)


def exp_values_table(experiments: Experiments) -> pa.Table:
    """`dvc_exp_values`: one row per experiment, file and key (params and metrics)."""
    records = []
    for row in experiments.rows:
        for column, value in row.values.items():
            file, key = column.split(":", 1)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            records.append({
                "experiment": row.name, "rev": row.rev or None,
                "kind": "param" if column in experiments.params else "metric", "file": file,
                "key": key, "value": float(value) if number else None, "text": as_written(value),
            })  # fmt: skip
    return pa.Table.from_pylist(records, schema=_VALUES)


_EXPERIMENTS = pa.schema(
    [("name", pa.string()), ("rev", pa.string()), ("kind", pa.string()),
     ("baseline", pa.string()), ("baseline_name", pa.string()),
     ("created", pa.timestamp("s", tz="UTC")), ("message", pa.string())]
)  # fmt: skip
_VALUES = pa.schema(
    [("experiment", pa.string()), ("rev", pa.string()), ("kind", pa.string()),
     ("file", pa.string()), ("key", pa.string()), ("value", pa.float64()), ("text", pa.string())]
)  # fmt: skip
