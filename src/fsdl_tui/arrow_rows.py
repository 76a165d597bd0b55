"""Arrow tables from rows of plain Python values, read by pyarrow's JSON reader with the schema
given. pyarrow's own conversion of Python objects (`pa.array`, `pa.table`) first imports pandas
when it is installed — ~0.5 s of a held GIL here, right after the first rows, for the catalog's
and the history's small tables."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa


def table_from_rows(rows: Iterable[Mapping[str, object]], schema: pa.Schema) -> pa.Table:
    """`rows` (JSON-able values: str, int, finite float, bool, None, lists of them) as a table
    of `schema`, its columns in the schema's order."""
    import pyarrow as pa
    import pyarrow.json as pj

    data = "".join(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n" for row in rows)
    if not data:
        return pa.Table.from_batches([], schema=schema)
    raw = data.encode()
    return pj.read_json(
        io.BytesIO(raw),
        read_options=pj.ReadOptions(block_size=len(raw) + 1, use_threads=False),  # one block
        parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
    )
