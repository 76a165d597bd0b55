"""The tables every engine gets besides the user's files, for the app and `fsdl-tui query` alike.

Keep the two in step: whatever a pane shows as a table is registered here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from .catalog import Tool
    from .dvc.snapshot import DvcSnapshot
    from .engine import Engine


def catalog_tools() -> tuple[Tool, ...]:
    """The catalog with what is installed in this Python environment filled in."""
    from .catalog import load_tools, with_installed
    from .catalog.installed import installed_versions

    return with_installed(load_tools(), installed_versions())


def catalog_table(tools: tuple[Tool, ...]) -> pa.Table:
    import pyarrow as pa

    def strings(values: tuple[str, ...]) -> list[str]:
        return list(values)

    return pa.table(
        {
            "id": [t.id for t in tools],
            "name": [t.name for t in tools],
            "category": [t.category for t in tools],
            "also_in": pa.array([strings(t.also_in) for t in tools], pa.list_(pa.string())),
            "kind": [t.kind for t in tools],
            "summary": [t.summary for t in tools],
            "homepage": [t.homepage for t in tools],
            "distributions": pa.array(
                [strings(t.distributions) for t in tools], pa.list_(pa.string())
            ),
            "installed": [t.is_installed for t in tools],
            "installed_versions": [t.installed_text or None for t in tools],
            "database_of": [t.database_of or None for t in tools],
            "related": pa.array([strings(t.related) for t in tools], pa.list_(pa.string())),
            "tags": pa.array([strings(t.tags) for t in tools], pa.list_(pa.string())),
            "in_app": [t.in_app or None for t in tools],
        }
    )


def register_builtin_tables(engine: Engine, tools: tuple[Tool, ...] | None = None) -> None:
    engine.register_table("catalog", catalog_table(tools if tools is not None else catalog_tools()))


def register_dvc_tables(engine: Engine, snapshot: DvcSnapshot) -> None:
    """dvc_outputs, dvc_versions and dvc_metrics: a DVC repo's history as SQL tables."""
    from .dvc.metrics import metrics_table
    from .dvc.snapshot import outputs_table, versions_table

    engine.register_table("dvc_outputs", outputs_table(snapshot))
    engine.register_table("dvc_versions", versions_table(snapshot))
    engine.register_table("dvc_metrics", metrics_table(snapshot.metrics))
