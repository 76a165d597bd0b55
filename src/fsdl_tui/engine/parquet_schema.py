"""Whether Parquet files share one schema, asked of DuckDB without pyarrow (the launch's head of
a folder of shards asks it before pyarrow is imported, the engine when it opens the folder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def one_parquet_schema(cursor: duckdb.DuckDBPyConnection, files: str) -> bool:
    """Whether every file of `files` (quoted literals, comma-separated) has the same schema
    (names, types, nesting, in order). Each file's schema is folded into hashes of its elements
    (XOR, sum, count: two different schemas agree on all three by a ~2^-64 chance), so memory
    stays one row a file however wide the files are."""
    element = "hash(column_id, name, duckdb_type, repetition_type, num_children)"
    rows = cursor.execute(
        "SELECT count(DISTINCT (x, s, n)) FROM (SELECT bit_xor(h) AS x, sum(h::HUGEINT) AS s, "
        f"count(*) AS n FROM (SELECT file_name, {element} AS h FROM parquet_schema([{files}])) "
        "GROUP BY file_name)"
    ).fetchall()
    return rows[0][0] == 1
