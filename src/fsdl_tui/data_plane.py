"""The tables every engine gets besides the user's files, for the app and `fsdl-tui query` alike.

Keep the two in step: whatever a pane shows as a table is registered here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from .catalog import Tool
    from .dvc.history import History
    from .dvc.snapshot import DvcSnapshot
    from .engine import Engine


NO_REPO = "dvc_version() needs a DVC repository: start fsdl-tui inside one, or with --repo DIR."


def catalog_tools() -> tuple[Tool, ...]:
    """The catalog with what is installed in this Python environment filled in."""
    from .catalog import load_tools, with_installed
    from .catalog.installed import installed_versions

    return with_installed(load_tools(), installed_versions())


def catalog_table(tools: tuple[Tool, ...]) -> pa.Table:
    import pyarrow as pa

    from .arrow_rows import table_from_rows

    text, texts = pa.string(), pa.list_(pa.string())
    schema = pa.schema([
        ("id", text), ("name", text), ("category", text), ("also_in", texts), ("kind", text),
        ("summary", text), ("homepage", text), ("distributions", texts),
        ("installed", pa.bool_()), ("installed_versions", text), ("database_of", text),
        ("related", texts), ("tags", texts), ("in_app", text),
    ])  # fmt: skip
    rows = (
        {
            "id": t.id,
            "name": t.name,
            "category": t.category,
            "also_in": list(t.also_in),
            "kind": t.kind,
            "summary": t.summary,
            "homepage": t.homepage,
            "distributions": list(t.distributions),
            "installed": t.is_installed,
            "installed_versions": t.installed_text or None,
            "database_of": t.database_of or None,
            "related": list(t.related),
            "tags": list(t.tags),
            "in_app": t.in_app or None,
        }
        for t in tools
    )
    return table_from_rows(rows, schema)


def register_builtin_tables(engine: Engine, tools: tuple[Tool, ...] | None = None) -> None:
    engine.register_table("catalog", catalog_table(tools if tools is not None else catalog_tools()))


def register_history_table(engine: Engine) -> None:
    """The query history (as the app keeps it) as the table `query_history`."""
    from .paths import history_path
    from .query_history import HistoryStore, history_table

    entries, _ = HistoryStore(history_path()).load()
    engine.register_table("query_history", history_table(entries))


def register_dvc_tables(engine: Engine, snapshot: DvcSnapshot) -> None:
    """dvc_outputs, dvc_versions, dvc_metrics, dvc_experiments and dvc_exp_values: a DVC repo's
    history and experiments as SQL tables."""
    from .dvc.experiments import exp_values_table, experiments_table
    from .dvc.metrics import metrics_table
    from .dvc.snapshot import outputs_table, versions_table

    engine.register_table("dvc_outputs", outputs_table(snapshot))
    engine.register_table("dvc_versions", versions_table(snapshot))
    engine.register_table("dvc_metrics", metrics_table(snapshot.metrics))
    engine.register_table("dvc_experiments", experiments_table(snapshot.experiments))
    engine.register_table("dvc_exp_values", exp_values_table(snapshot.experiments))


def build_demo(target: Path, progress: Callable[[str], None]) -> None:
    """Build the demo DVC repo at `target` in a child process (DVC's imports and the
    pipeline's runs stay out of this one), reporting its progress lines. Raises DvcError."""
    import subprocess
    import sys

    from .dvc.errors import DvcError

    command = [sys.executable, "-m", "fsdl_tui", "demo", str(target)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True)  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(("committed", "git init")):
            progress(f"building the demo: {line.strip()}")
    error = process.stderr.read() if process.stderr else ""
    if process.wait() != 0:
        last = [line for line in error.splitlines() if line.strip()][-1:] or ["failed"]
        raise DvcError(f"Building the demo repository failed: {last[0]}")


def open_history(
    repo: Path, build: bool = False, progress: Callable[[str], None] = lambda _: None
) -> History:
    """The DVC repo's history reader (building the demo first when `build` and it is not
    there yet), for the app and `fsdl-tui query` alike. Raises DvcError."""
    from .dvc.errors import DvcError
    from .dvc.history import History
    from .dvc.repo import NotADvcRepo, open_repo
    from .paths import demo_is_built

    if build and not demo_is_built(repo):
        progress("building the demo DVC repository…")
        build_demo(repo, progress)
    progress(f"reading {repo}")
    try:
        return History(open_repo(repo))
    except NotADvcRepo as error:
        raise DvcError(str(error)) from error


def prepare_transform() -> None:
    """Load the `dvc_version` check every query runs (its pattern compiles on import) in the
    background work, not on the UI thread at the first query (~1 ms before its job starts)."""
    from .dvc import version_call  # noqa: F401


def dvc_transform(engine: Engine, history: History | None) -> Callable[[str], str]:
    """What the engine runs on SQL first: `dvc_version(path, rev)` becomes a scan of that
    version's file; without a repository such a call is a clear error. It runs in the query's
    worker; the time-travel code (git, YAML: ~70 ms to import, more while the screen paints)
    loads only for SQL that calls `dvc_version`."""
    from .dvc.version_call import DVC_VERSION_CALL

    def expand(sql: str) -> str:
        if not DVC_VERSION_CALL.search(sql):
            return sql
        if history is None:
            from .dvc.errors import DvcError

            raise DvcError(NO_REPO)
        from .dvc.timetravel import expand_dvc_versions

        return expand_dvc_versions(sql, history, engine.scan_sql)

    return expand
