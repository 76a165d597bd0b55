"""A small result held whole in memory as Arrow: previews, EXPLAIN, status messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from .base import Column

if TYPE_CHECKING:
    import duckdb


def columns_of(names: list[str], types: list[object]) -> tuple[Column, ...]:
    return tuple(Column(name, str(kind)) for name, kind in zip(names, types, strict=True))


def columns_of_sql(cursor: duckdb.DuckDBPyConnection, sql: str) -> tuple[Column, ...]:
    """The columns DuckDB's `sql` would give (bound, not run)."""
    relation = cursor.sql(sql)
    return columns_of(relation.columns, relation.types)


@dataclass
class ArrowResult:
    sql: str
    data: pa.Table
    elapsed: float = 0.0
    message: str = ""
    types: tuple[str, ...] | None = None  # the engine's names for the column types

    @property
    def columns(self) -> tuple[Column, ...]:
        """Named by the engine's types when it gave them (a preview then shows the types its
        whole result will), else by Arrow's."""
        types = self.types if self.types is not None else list(self.data.schema.types)
        return columns_of(self.data.schema.names, list(types))

    @property
    def row_count(self) -> int:
        return self.data.num_rows

    def fetch(
        self, offset: int, limit: int, cell_chars: int | None = None, only: range | None = None
    ) -> pa.Table:
        window = self.data.slice(offset, limit)
        return window if only is None else window.select(list(only))

    def close(self) -> None:
        pass
