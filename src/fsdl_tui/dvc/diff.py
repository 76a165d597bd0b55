"""A data diff of two versions of a tracked table: schema, row counts, rows added and removed
(whole-row, or by a key column), and per-column statistics before and after.

Everything is computed by the engine from SQL that reads the versions through
`dvc_version(path, rev)`, so the same SQL can be opened and run in the Data pane.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine import Column, Engine
from ..engine.base import Dialect
from ..formatting import is_numeric_type
from .version_call import dvc_version_call

SAMPLE_ROWS = 50


@dataclass(frozen=True)
class DiffSpec:
    path: str
    old_rev: str
    new_rev: str
    key: str | None = None  # compare rows by this column instead of whole rows

    def version(self, rev: str) -> str:
        return dvc_version_call(self.path, rev)

    @property
    def old(self) -> str:
        return self.version(self.old_rev)

    @property
    def new(self) -> str:
        return self.version(self.new_rev)


@dataclass(frozen=True)
class ColumnStats:
    name: str
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DataDiff:
    spec: DiffSpec
    added_columns: tuple[Column, ...]
    removed_columns: tuple[Column, ...]
    retyped_columns: tuple[tuple[str, str, str], ...]  # name, old type, new type
    rows_before: int
    rows_after: int
    rows_added: int
    rows_removed: int
    rows_changed: int | None  # by key only
    added_sample: list[dict[str, object]]
    removed_sample: list[dict[str, object]]
    stats: tuple[ColumnStats, ...]
    rows_sql: str  # the added/removed rows as one query, for the Data pane
    compared_on: tuple[str, ...]  # the columns compared (common to both versions)


def rows_sql(spec: DiffSpec, common: tuple[str, ...], dialect: Dialect) -> str:
    """Added and removed rows of `new` against `old`, with a `change` column."""
    cols = ", ".join(dialect.quote(n) for n in common)
    if spec.key:
        key = dialect.quote(spec.key)
        return (
            f"SELECT 'added' AS change, {cols} FROM {spec.new}\n"
            f"WHERE {key} NOT IN (SELECT {key} FROM {spec.old})\n"
            f"UNION ALL\n"
            f"SELECT 'removed' AS change, {cols} FROM {spec.old}\n"
            f"WHERE {key} NOT IN (SELECT {key} FROM {spec.new})"
        )
    return (
        f"SELECT 'added' AS change, * FROM (\n"
        f"  SELECT {cols} FROM {spec.new} EXCEPT ALL SELECT {cols} FROM {spec.old})\n"
        f"UNION ALL\n"
        f"SELECT 'removed' AS change, * FROM (\n"
        f"  SELECT {cols} FROM {spec.old} EXCEPT ALL SELECT {cols} FROM {spec.new})"
    )


def _samples_sql(
    spec: DiffSpec, common: tuple[str, ...], changes_sql: str, dialect: Dialect
) -> str:
    """The first SAMPLE_ROWS added and the first SAMPLE_ROWS removed rows, each in the order
    of the key (else of the first column compared). One `LIMIT` over both took only added
    rows once there were enough of them: the removed ones showed as none."""
    order = dialect.quote(spec.key or (common[0] if common else "change"))
    rank = dialect.quote("fsdl_sample_rank")
    cols = ", ".join(["change", *(dialect.quote(n) for n in common)])
    return (
        f"SELECT {cols} FROM (\n"
        f"  SELECT *, row_number() OVER (PARTITION BY change ORDER BY {order}) AS {rank}\n"
        f"  FROM (\n{changes_sql}\n) changes\n"
        f") ranked WHERE {rank} <= {SAMPLE_ROWS} ORDER BY change, {rank}"
    )


def _stats_sql(source: str, columns: tuple[Column, ...], dialect: Dialect) -> str:
    parts = []
    for index, column in enumerate(columns):
        name = dialect.quote(column.name)
        mean = dialect.as_double(f"avg({name})" if is_numeric_type(column.type) else "NULL")
        parts.append(
            f"SELECT {index} AS position, count(*) - count({name}) AS nulls, "
            f"count(DISTINCT {name}) AS distinct_values, {dialect.as_text(f'min({name})')} AS "
            f"min, {dialect.as_text(f'max({name})')} AS max, {mean} AS mean FROM {source}"
        )
    return "\nUNION ALL\n".join(parts)


def compute_diff(engine: Engine, transform: Callable[[str], str], spec: DiffSpec) -> DataDiff:
    """Blocking: run in a worker. Raises EngineError (e.g. DataUnavailable) with a message."""

    def run(sql: str):
        return engine.query(sql, transform).run()

    def rows(sql: str, limit: int = 10_000) -> list[dict[str, object]]:
        result = run(sql)
        try:
            return result.fetch(0, limit).to_pylist()
        finally:
            result.close()

    old_columns = run(f"SELECT * FROM {spec.old} LIMIT 0").columns
    new_columns = run(f"SELECT * FROM {spec.new} LIMIT 0").columns
    old_types = {c.name: c.type for c in old_columns}
    new_types = {c.name: c.type for c in new_columns}
    common = tuple(c.name for c in new_columns if c.name in old_types)
    if spec.key and spec.key not in common:
        from ..engine import QueryError

        raise QueryError(f"Key column {spec.key!r} is not in both versions.")
    counts = rows(
        f"SELECT (SELECT count(*) FROM {spec.old}) AS before, "
        f"(SELECT count(*) FROM {spec.new}) AS after"
    )[0]
    dialect = engine.dialect
    changes_sql = rows_sql(spec, common, dialect)
    changed = rows(f"SELECT change, count(*) AS n FROM (\n{changes_sql}\n) GROUP BY change")
    by_change = {str(r["change"]): int(r["n"]) for r in changed}  # type: ignore[call-overload]
    samples = rows(_samples_sql(spec, common, changes_sql, dialect))
    rows_changed = None
    if spec.key:
        key = dialect.quote(spec.key)
        others = [n for n in common if n != spec.key]
        differs = " OR ".join(f"o.{dialect.quote(n)} IS DISTINCT FROM n.{dialect.quote(n)}"
                              for n in others) or "FALSE"  # fmt: skip
        rows_changed = int(rows(
            f"SELECT count(*) AS n FROM {spec.old} o JOIN {spec.new} n ON o.{key} = n.{key} "
            f"WHERE {differs}"
        )[0]["n"])  # type: ignore[call-overload]  # fmt: skip
    common_columns = tuple(c for c in new_columns if c.name in old_types)

    def column_stats(source: str) -> dict[str, dict[str, object]]:
        found = rows(_stats_sql(source, common_columns, dialect)) if common else []
        by_position = {int(r["position"]): r for r in found}  # type: ignore[call-overload]
        return {c.name: by_position[i] for i, c in enumerate(common_columns) if i in by_position}

    before, after = column_stats(spec.old), column_stats(spec.new)
    stats = tuple(
        ColumnStats(name, _drop_name(before.get(name)), _drop_name(after.get(name)))
        for name in common
    )
    return DataDiff(
        spec=spec,
        added_columns=tuple(c for c in new_columns if c.name not in old_types),
        removed_columns=tuple(c for c in old_columns if c.name not in new_types),
        retyped_columns=tuple(
            (n, old_types[n], new_types[n]) for n in common if old_types[n] != new_types[n]
        ),
        rows_before=int(counts["before"]),  # type: ignore[call-overload]
        rows_after=int(counts["after"]),  # type: ignore[call-overload]
        rows_added=by_change.get("added", 0),
        rows_removed=by_change.get("removed", 0),
        rows_changed=rows_changed,
        added_sample=[r for r in samples if r["change"] == "added"][:SAMPLE_ROWS],
        removed_sample=[r for r in samples if r["change"] == "removed"][:SAMPLE_ROWS],
        stats=stats,
        rows_sql=changes_sql,
        compared_on=common,
    )


def _drop_name(row: dict[str, object] | None) -> dict[str, object]:
    return {k: v for k, v in (row or {}).items() if k != "position"}
