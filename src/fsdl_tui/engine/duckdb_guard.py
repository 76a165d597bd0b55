"""Read-only mode for DuckDB: a statement runs only if it reads, judged twice.

1. By its parse tree: each statement of the string must be a query (SELECT, also SUMMARIZE,
   DESCRIBE, SHOW, PIVOT) or an EXPLAIN whose inner statement — parsed again — is a query.
2. By the plan DuckDB's binder makes of it (`EXPLAIN (FORMAT json)`, nothing executed): every
   operator of the whole tree must be a query operator or a scan by a table function that only
   reads. A write nested anywhere (`WITH x AS (DELETE … RETURNING *)`, `CREATE TABLE … AS PIVOT`)
   is an operator of that tree, so it is refused whatever the statement's type says.

The operator list is an allow-list: an operator this module does not know is refused.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import duckdb

from ..atomic import StateWriteError, write_atomic
from .base import QueryError
from .duckdb_errors import query_error

# Physical operators that compute a query's rows and change nothing (DuckDB's
# PhysicalOperatorType names). Table function scans show the function's name instead.
QUERY_OPERATORS = frozenset(
    {
        "ORDER_BY", "LIMIT", "STREAMING_LIMIT", "LIMIT_PERCENT", "TOP_N", "WINDOW",
        "STREAMING_WINDOW", "UNNEST", "UNGROUPED_AGGREGATE", "SIMPLE_AGGREGATE",
        "HASH_GROUP_BY", "PERFECT_HASH_GROUP_BY", "PARTITIONED_AGGREGATE", "FILTER",
        "PROJECTION", "RESERVOIR_SAMPLE", "STREAMING_SAMPLE", "PIVOT", "TABLE_SCAN",
        "SEQ_SCAN", "DUMMY_SCAN", "COLUMN_DATA_SCAN", "CHUNK_SCAN", "CTE_SCAN",
        "REC_CTE_SCAN", "REC_REC_CTE_SCAN", "DELIM_SCAN", "EXPRESSION_SCAN",
        "POSITIONAL_SCAN", "BLOCKWISE_NL_JOIN", "NESTED_LOOP_JOIN", "HASH_JOIN",
        "CROSS_PRODUCT", "PIECEWISE_MERGE_JOIN", "IE_JOIN", "DELIM_JOIN", "LEFT_DELIM_JOIN",
        "RIGHT_DELIM_JOIN", "POSITIONAL_JOIN", "ASOF_JOIN", "UNION", "REC_CTE",
        "REC_KEY_CTE", "CTE", "MATERIALIZED_CTE", "EMPTY_RESULT", "RESULT_COLLECTOR",
        "INOUT_FUNCTION",
    }
)  # fmt: skip
# Table functions that change state (checkpoints, logging, profiling, external resources)
# or run SQL text of their own: never a scan in read-only mode.
STATEFUL_TABLE_FUNCTIONS = re.compile(
    r"checkpoint|force_checkpoint|(enable|disable)_(logging|profiling)|truncate_duckdb_logs"
    r"|.*external_resource.*|json_execute_serialized_sql",
)
QUERY_TYPES = {"SELECT", "MULTI"}  # PIVOT parses as MULTI: its plan decides
_EXPLAIN = re.compile(
    r"\s*EXPLAIN\s+(?:(?P<analyze>ANALY[SZ]E)\s+)?(?:\((?P<options>[^()]*)\)\s*)?", re.I
)


def _blocked(what: str) -> QueryError:
    return QueryError(
        f"Read-only mode runs queries that read; {what} is not run. Export results with "
        "Ctrl+S (or fsdl-tui query --format), or start with --allow-writes.",
        title="Blocked in read-only mode",
    )


def statement_text(statement: duckdb.Statement) -> str:
    """A statement's SQL without its trailing semicolon, ready to be wrapped."""
    return statement.query.strip().rstrip(";").rstrip()


def _verb(text: str, kind: str) -> str:
    words = text.split()
    if not words:
        return kind
    if words[0].upper() in {"CREATE", "DROP", "ALTER"} and len(words) > 1:
        return f"{words[0]} {words[1]}".upper()
    return words[0].upper()


class ReadOnlyGuard:
    """Judges statements on a cursor of the engine's own; built once per engine."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, cache_dir: Path | None = None
    ) -> None:
        self._scans = frozenset(
            name.upper()
            for name in table_functions(connection, cache_dir)
            if not STATEFUL_TABLE_FUNCTIONS.fullmatch(name)
        )

    def check(self, cursor: duckdb.DuckDBPyConnection, statements: list[duckdb.Statement]) -> None:
        """Raise QueryError unless every statement only reads. Checks all before any runs."""
        for statement in statements:
            self._check_one(cursor, statement)

    def _check_one(self, cursor: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> None:
        kind = statement.type.name
        text = statement_text(statement)
        if kind == "EXPLAIN":
            text = self._explained_query(cursor, text)
        elif kind not in QUERY_TYPES:
            raise _blocked(_verb(text, kind))
        self._check_plan(cursor, text)

    def _explained_query(self, cursor: duckdb.DuckDBPyConnection, text: str) -> str:
        """The statement inside an EXPLAIN, which must itself be a query."""
        match = _EXPLAIN.match(text)
        inner_text = text[match.end() :] if match else ""
        analyze = bool(match and (match["analyze"] or "analy" in (match["options"] or "").lower()))
        what = "EXPLAIN ANALYZE" if analyze else "EXPLAIN"
        try:
            inner = cursor.extract_statements(inner_text) if inner_text else []
        except duckdb.Error:
            inner = []
        if len(inner) != 1 or inner[0].type.name not in QUERY_TYPES:
            words = inner_text.split()
            raise _blocked(f"{what} {words[0].upper()}" if words else what)
        return statement_text(inner[0])

    def _check_plan(self, cursor: duckdb.DuckDBPyConnection, text: str) -> None:
        try:
            rows = cursor.execute(f"EXPLAIN (FORMAT json)\n{text}").fetchall()
        except duckdb.InterruptException:
            raise  # the job reports a cancel
        except duckdb.Error as error:  # the statement's own error, as running it would give
            raise query_error(error) from error
        for _, plan in rows:
            for name in _operator_names(json.loads(plan)):
                if name not in QUERY_OPERATORS and name not in self._scans:
                    raise _blocked(f"a statement that does {name.replace('_', ' ')}")


FUNCTION_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def table_functions(connection: duckdb.DuckDBPyConnection, cache_dir: Path | None) -> list[str]:
    """DuckDB's table functions. Listing them builds DuckDB's whole function catalog (~30 ms
    at each launch), so the list is kept per DuckDB version in `cache_dir` when given (the
    user's own cache, trusted as DuckDB trusts its extension folder; a list with anything but
    plain lower-case names is ignored and made again)."""
    cache = cache_dir / f"duckdb-{duckdb.__version__}-table-functions.txt" if cache_dir else None
    if cache is not None:
        try:
            names = cache.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            names = []
        if names and all(FUNCTION_NAME.fullmatch(name) for name in names):
            return names
    rows = connection.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'table'"
    ).fetchall()
    names = sorted(name for (name,) in rows)
    if cache is not None:
        with contextlib.suppress(StateWriteError):  # a read-only home: listed again next time
            write_atomic(cache, "\n".join(names))
    return names


def _operator_names(nodes: object) -> list[str]:
    names: list[str] = []
    stack = list(nodes) if isinstance(nodes, list) else [nodes]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            names.append(str(node.get("name", "")).strip().upper())
            stack.extend(node.get("children") or [])
    return names
