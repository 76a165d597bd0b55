"""Feed one input through the paths the app uses for its kind. Each returns "ok" or the one-line
message a user would see; anything else escaping is a bug the harness reports."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fsdl_tui.dvc import cache
from fsdl_tui.dvc.history import _resolve_member
from fsdl_tui.dvc.outputs import Output, parse_dvc_file, parse_lock
from fsdl_tui.dvc.pipeline import draw_dag, load_pipeline
from fsdl_tui.dvc.repo import DvcRepo
from fsdl_tui.engine import EngineError, create_engine
from fsdl_tui.formatting import format_table

SUFFIX = {"parquet": ".parquet", "csv": ".csv", "types": ".parquet", "int96": ".parquet"}
DEGRADED = "read leniently: "  # the file opened, with a warning shown beside it


def data_file(path: Path) -> str:
    """Open (schema, row count), first page, a column profile: as the Data pane does."""
    engine = create_engine(read_only=True)
    try:
        sources = engine.open_path(str(path))
        engine.sandbox([])
        source = sources[0]
        if source.error:
            return source.error
        result = engine.query(engine.select_all_sql(source.name)).run()
        format_table(result.fetch(0, 100))
        format_table(result.fetch(max(result.row_count - 5, 0), 5))
        if source.columns:
            base = engine.select_all_sql(source.name)
            profile = engine.dialect.profile(base, source.columns[0].name)
            format_table(engine.query(profile).run().fetch(0, 20))
        return "ok" if not source.warning else f"{DEGRADED}{source.warning}"
    except EngineError as error:
        return error.message
    finally:
        engine.close()


def _outputs_message(outputs: list[Output]) -> str:
    errors = [o.error for o in outputs if o.error]
    for out in outputs:  # what the DVC pane shows of each
        str(out.path), out.is_dir, out.source_file
    return errors[0] if errors else "ok"


def dvc_file(data: bytes) -> str:
    return _outputs_message(parse_dvc_file(data, "data/train.parquet.dvc"))


def lock_file(data: bytes) -> str:
    return _outputs_message(parse_lock(data, "dvc.lock"))


def dvc_yaml(folder: Path, data: bytes) -> str:
    (folder / ".dvc").mkdir(exist_ok=True)
    (folder / "dvc.yaml").write_bytes(data)
    repo = DvcRepo(root=folder, git_root=None, cache_dir=folder / ".dvc" / "cache")
    pipeline = load_pipeline(repo)
    if pipeline.error:
        return pipeline.error
    draw_dag(pipeline)
    return "ok"


def dir_manifest(folder: Path, data: bytes) -> str:
    """A directory output's `.dir` manifest, as history and time travel read it."""
    repo = DvcRepo(root=folder, git_root=None, cache_dir=folder / "cache")
    md5 = hashlib.md5(data).hexdigest() + ".dir"
    path = cache.cache_file(repo, md5, legacy=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    out = Output(path="data/images", source="data/images.dvc", md5=md5)
    manifest = cache.read_manifest(repo, md5, legacy=False)
    cache.in_cache(repo, md5, legacy=False)
    for member in manifest or []:
        _resolve_member(repo, out, str(member["relpath"]))
    return "ok" if manifest is not None else "not a manifest"


def feed(kind: str, data: bytes, folder: Path) -> str:
    if kind in SUFFIX:
        path = folder / f"input{SUFFIX[kind]}"
        path.write_bytes(data)
        return data_file(path)
    if kind == "dvc":
        return dvc_file(data)
    if kind == "lock":
        return lock_file(data)
    if kind == "dvc_yaml":
        return dvc_yaml(folder, data)
    return dir_manifest(folder, data)
