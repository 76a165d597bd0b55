"""Decide how a DuckDB query is paged, from its parsed form (`json_serialize_sql`).

Measured on a 10M-row Parquet: `LIMIT/OFFSET` over a plain scan costs ~10 ms at any offset and
`count(*)` is read from metadata, so such a query is *streamed* — re-run for each window. Anything
whose order or cost depends on the whole input (ORDER BY, GROUP BY, DISTINCT, filters, joins,
windows, CSV scans) is *materialized* once into a results table and paged by `rowid` (< 3 ms).
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

STREAMABLE_TABLE_FUNCTIONS = frozenset({"read_parquet", "parquet_scan"})


class Strategy(Enum):
    STREAM = "stream"  # LIMIT/OFFSET over the query itself
    MATERIALIZE = "materialize"  # CREATE TABLE AS, then page slices of the table
    FETCH = "fetch"  # small by nature (the catalog): fetched whole, no table of its own


@dataclass(frozen=True)
class Plan:
    strategy: Strategy
    # A row-level query (filter, sort, CSV scan) whose first rows `LIMIT n` finds fast (top-N,
    # early stop) while the full result is still being materialized.
    preview: bool = False
    # A streamed query that reads one table by its bare name, row for row (no LIMIT): a window
    # of it is that window of the table's rows (`shard_windows`).
    table: str | None = None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _has_aggregate_or_window(select_list: list[Any], aggregates: Container[str]) -> bool:
    for node in _walk(select_list):
        cls = node.get("class")
        if cls in ("WINDOW", "SUBQUERY"):
            return True
        if cls == "FUNCTION" and str(node.get("function_name", "")).lower() in aggregates:
            return True
    return False


def _is_fast_source(table: dict[str, Any] | None, fast_tables: Container[str]) -> bool:
    if not table or table.get("sample"):  # TABLESAMPLE: each window would draw anew
        return False
    kind = table.get("type")
    if kind == "BASE_TABLE":
        return str(table.get("table_name", "")).lower() in fast_tables
    if kind == "TABLE_FUNCTION":
        function = table.get("function", {})
        return str(function.get("function_name", "")).lower() in STREAMABLE_TABLE_FUNCTIONS
    return False


CATALOG_SCHEMAS = frozenset({"information_schema", "pg_catalog"})


def _reads_catalog_only(node: Any) -> bool:
    """Whether every table the query reads is the catalog's (information_schema, pg_catalog,
    duckdb_*() functions): such a result is small, and a table made for it would list itself."""
    found = False
    for part in _walk(node):
        kind = part.get("type")
        if kind == "BASE_TABLE":
            schema = str(part.get("schema_name", "")).lower()
            if schema not in CATALOG_SCHEMAS:
                return False
            found = True
        elif kind == "TABLE_FUNCTION":
            name = str(part.get("function", {}).get("function_name", "")).lower()
            if not name.startswith(("duckdb_", "pragma_")):
                return False
            found = True
    return found


def plan_select(
    serialized: dict[str, Any], fast_tables: Container[str], aggregates: Container[str]
) -> Plan:
    """STREAM only a projection of a fast source with nothing but LIMIT on top."""
    if serialized.get("error") or len(serialized.get("statements", [])) != 1:
        return Plan(Strategy.MATERIALIZE)
    if _reads_catalog_only(serialized["statements"][0]["node"]):
        return Plan(Strategy.FETCH)
    node = serialized["statements"][0]["node"]
    if node.get("type") != "SELECT_NODE" or node.get("cte_map", {}).get("map"):
        return Plan(Strategy.MATERIALIZE)
    modifiers = {m.get("type") for m in node.get("modifiers", [])}
    aggregating = (
        bool(node.get("group_expressions"))
        or node.get("aggregate_handling") != "STANDARD_HANDLING"
        or "DISTINCT_MODIFIER" in modifiers
        or _has_aggregate_or_window(node.get("select_list", []), aggregates)
    )
    if aggregating:
        return Plan(Strategy.MATERIALIZE)
    filtered = any(node.get(c) for c in ("where_clause", "having", "qualify", "sample"))
    plain = not filtered and modifiers <= {"LIMIT_MODIFIER"}
    if plain and _is_fast_source(node.get("from_table"), fast_tables):
        return Plan(Strategy.STREAM, table=None if modifiers else _bare_table(node["from_table"]))
    return Plan(Strategy.MATERIALIZE, preview=True)


def _bare_table(table: dict[str, Any]) -> str | None:
    """The name of a table read as it is: no schema or catalog, no sample, no time travel."""
    if table.get("type") != "BASE_TABLE" or table.get("schema_name") or table.get("catalog_name"):
        return None
    if table.get("sample") or table.get("at_clause"):
        return None
    return str(table.get("table_name", "")) or None
