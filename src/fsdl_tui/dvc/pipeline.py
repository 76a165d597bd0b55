"""The pipeline of `dvc.yaml`: stages with their deps, outs, params and metrics, which stages are
stale against `dvc.lock` and the workspace, and the DAG drawn as text.

Staleness is computed here (hashes of deps and outs, param values), read-only; `dvc status`
would update DVC's state database. A templated dvc.yaml (`${...}`) is resolved by DVC itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .outputs import Output
from .repo import DvcRepo
from .status import MISSING, MODIFIED, UNVERIFIED, workspace_status
from .yaml_io import YAMLError, load_yaml


@dataclass(frozen=True)
class Stage:
    name: str
    cmd: str
    deps: tuple[str, ...] = ()
    outs: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()  # (params file, key)
    metrics: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()  # why it would run again; empty when up to date

    @property
    def is_stale(self) -> bool:
        return bool(self.stale)


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...] = ()
    params_files: tuple[str, ...] = ()
    metrics_files: tuple[str, ...] = ()
    error: str = ""

    def upstream(self, stage: Stage) -> list[Stage]:
        """Stages producing something `stage` depends on."""
        return [
            other
            for other in self.stages
            if other is not stage
            and any(_covers(out, dep) for out in other.outs for dep in stage.deps)
        ]


def _covers(out: str, dep: str) -> bool:
    out_path, dep_path = PurePosixPath(out), PurePosixPath(dep)
    return out_path == dep_path or out_path in dep_path.parents or dep_path in out_path.parents


def _paths(entries: object) -> tuple[str, ...]:
    paths: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            paths.append(entry)
        elif isinstance(entry, dict):
            paths.extend(str(key) for key in entry)
    return tuple(paths)


def _params(entries: object) -> tuple[tuple[str, str], ...]:
    params: list[tuple[str, str]] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            params.append(("params.yaml", entry))
        elif isinstance(entry, dict):
            for file, keys in entry.items():
                for key in keys if isinstance(keys, list) else []:
                    params.append((str(file), str(key)))
    return tuple(params)


def _template_inputs(root: Path, data: dict) -> list[str]:
    """The files a templated dvc.yaml reads values from: params.yaml and its `vars` files
    (paths inside the repository only)."""
    names = ["params.yaml"]
    for entry in data.get("vars") or []:
        if isinstance(entry, str):
            names.append(entry.split(":", 1)[0])
    inside = []
    for name in dict.fromkeys(names):
        path = (root / name).resolve()
        if path.is_file() and root in path.parents:
            inside.append(path.relative_to(root).as_posix())
    return inside


def _resolved_stages(repo: DvcRepo, data: dict) -> dict[str, dict]:
    """Stage definitions from a templated dvc.yaml, resolved by DVC (imported only here).

    DVC's Repo writes as it opens (.dvc/tmp, a lock, .gitignore entries), so it resolves a
    scratch copy of dvc.yaml and the files it reads values from, never the repository. Each of
    those is read through `load_yaml` first, so an alias bomb is refused before DVC sees it."""
    import shutil
    import tempfile

    from dvc.repo import Repo

    inputs = _template_inputs(repo.root, data)
    for name in inputs:
        if name.endswith((".yaml", ".yml")):
            load_yaml((repo.root / name).read_bytes())  # raises YAMLError for a bomb
    stages: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="fsdl-tui-dvc-") as scratch:
        root = Path(scratch)
        (root / ".dvc").mkdir()
        (root / ".dvc" / "config").write_text("[core]\n    no_scm = true\n")
        for name in ["dvc.yaml", *inputs]:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(repo.root / name, root / name)
        with Repo(str(root)) as dvc_repo:
            for stage in dvc_repo.index.stages:
                if getattr(stage, "cmd", None) is None:
                    continue  # a .dvc file, not a pipeline stage
                stages[stage.name] = {
                    "cmd": stage.cmd if isinstance(stage.cmd, str) else " && ".join(stage.cmd),
                    "deps": [str(d.def_path) for d in stage.deps if not hasattr(d, "params")],
                    "outs": [str(o.def_path) for o in stage.outs],
                    "params": [
                        {str(d.def_path): list(d.params or [])}
                        for d in stage.deps
                        if hasattr(d, "params")
                    ],
                    "metrics": [str(o.def_path) for o in stage.outs if o.metric],
                }
    return stages


def _flatten(data: object, prefix: str = "") -> dict[str, object]:
    if isinstance(data, dict):
        flat: dict[str, object] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): data}


def load_yaml_file(path: Path) -> object:
    try:
        return load_yaml(path.read_bytes())
    except (OSError, YAMLError):
        return None


def load_pipeline(repo: DvcRepo) -> Pipeline:
    dvc_yaml = repo.root / "dvc.yaml"
    if not dvc_yaml.is_file():
        return Pipeline()
    try:
        text = dvc_yaml.read_text(encoding="utf-8")
        data = load_yaml(text)
        definitions = data.get("stages", {}) if isinstance(data, dict) else None
        if not isinstance(definitions, dict):
            raise ValueError("it has no 'stages' mapping")
        if "${" in text:
            definitions = _resolved_stages(repo, data)
    except (OSError, YAMLError, ValueError) as error:
        return Pipeline(error=f"Cannot read dvc.yaml: {str(error).splitlines()[0]}")
    except Exception as error:  # DVC's own errors while resolving templates
        return Pipeline(error=f"DVC could not resolve dvc.yaml: {error}")
    lock = load_yaml_file(repo.root / "dvc.lock")
    locked = lock.get("stages", {}) if isinstance(lock, dict) else {}
    stages = []
    for name, body in definitions.items():
        if not isinstance(body, dict):
            continue
        stage = Stage(
            name=str(name),
            cmd=body.get("cmd", "")
            if isinstance(body.get("cmd"), str)
            else " && ".join(map(str, body.get("cmd") or [])),
            deps=_paths(body.get("deps")),
            outs=tuple(
                dict.fromkeys(
                    _paths(body.get("outs"))
                    + _paths(body.get("metrics"))
                    + _paths(body.get("plots"))
                )
            ),
            params=_params(body.get("params")),
            metrics=_paths(body.get("metrics")),
        )
        stages.append(_with_staleness(repo, stage, locked.get(name) if isinstance(locked, dict)
                                      else None))  # fmt: skip
    pipeline = Pipeline(
        stages=tuple(stages),
        params_files=tuple(
            sorted(
                {file for s in stages for file, _ in s.params}
                or ({"params.yaml"} if (repo.root / "params.yaml").is_file() else set())
            )
        ),
        metrics_files=tuple(
            sorted({m for s in stages for m in s.metrics} | set(_paths(data.get("metrics"))))
        ),
    )
    return _propagate(pipeline)


def _with_staleness(repo: DvcRepo, stage: Stage, lock: object) -> Stage:
    if not isinstance(lock, dict):
        return _replace(stage, ("never run (not in dvc.lock)",))
    reasons: list[str] = []
    if lock.get("cmd") not in (stage.cmd, None) and str(lock.get("cmd")) != stage.cmd:
        reasons.append("command changed")
    for kind in ("deps", "outs"):
        for entry in lock.get(kind) or []:
            if not isinstance(entry, dict) or "path" not in entry or not entry.get("md5"):
                continue
            out = Output(path=str(entry["path"]), source="dvc.lock", md5=str(entry["md5"]),
                         size=entry.get("size"), nfiles=entry.get("nfiles"),
                         legacy=entry.get("hash") != "md5")  # fmt: skip
            status = workspace_status(repo, out)
            if status in (MODIFIED, MISSING):
                noun = "dependency" if kind == "deps" else "output"
                reasons.append(f"{noun} {entry['path']} {status}")
            elif status == UNVERIFIED:
                continue
    locked_params = lock.get("params") or {}
    for file, key in stage.params:
        current = _flatten(load_yaml_file(repo.root / file)).get(key)
        recorded = _flatten(locked_params.get(file, {})).get(key) if isinstance(
            locked_params, dict) else None  # fmt: skip
        if current != recorded:
            reasons.append(f"param {key}: {recorded!r} → {current!r}")
    return _replace(stage, tuple(reasons))


def _replace(stage: Stage, stale: tuple[str, ...]) -> Stage:
    from dataclasses import replace

    return replace(stage, stale=stale)


def _propagate(pipeline: Pipeline) -> Pipeline:
    """A stage downstream of a stale one will run again too."""
    stale = {s.name for s in pipeline.stages if s.is_stale}
    changed = True
    stages = {s.name: s for s in pipeline.stages}
    while changed:
        changed = False
        for stage in list(stages.values()):
            ups = [u.name for u in pipeline.upstream(stage) if u.name in stale]
            if ups and stage.name not in stale:
                stale.add(stage.name)
                stages[stage.name] = _replace(stage, (f"upstream stage {ups[0]} is stale",))
                changed = True
    from dataclasses import replace

    return replace(pipeline, stages=tuple(stages[s.name] for s in pipeline.stages))


def draw_dag(pipeline: Pipeline) -> str:
    """The stage graph as text (DVC's own `dvc dag` renderer); stale stages marked."""
    if not pipeline.stages:
        return ""
    from dvc.dagascii import draw

    label = {s.name: f"{s.name} [stale]" if s.is_stale else s.name for s in pipeline.stages}
    edges = [(label[s.name], label[u.name]) for s in pipeline.stages for u in pipeline.upstream(s)]
    return draw(list(label.values()), edges)
