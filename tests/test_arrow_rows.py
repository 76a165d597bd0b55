"""Tables of plain rows (the catalog, the history) are made without importing pandas."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa

from fsdl_tui.arrow_rows import table_from_rows

SCHEMA = pa.schema([("n", pa.int64()), ("s", pa.string()), ("tags", pa.list_(pa.string())),
                    ("ok", pa.bool_()), ("x", pa.float64())])  # fmt: skip


def test_rows_become_the_schemas_columns_with_nulls_and_any_text() -> None:
    rows = [
        {"x": 1.5, "ok": True, "tags": ["a", "é"], "s": "line\nbreak \x1b[31m", "n": 2**62},
        {"n": None, "s": None, "tags": [], "ok": None, "x": None},
    ]
    table = table_from_rows(rows, SCHEMA)
    assert table.schema == SCHEMA
    assert table.to_pylist() == [
        {"n": 2**62, "s": "line\nbreak \x1b[31m", "tags": ["a", "é"], "ok": True, "x": 1.5},
        {"n": None, "s": None, "tags": [], "ok": None, "x": None},
    ]
    assert table_from_rows([], SCHEMA).schema == SCHEMA
    assert table_from_rows([], SCHEMA).num_rows == 0


def test_a_long_value_fits() -> None:
    table = table_from_rows([{"s": "x" * 3_000_000}], pa.schema([("s", pa.string())]))
    assert len(table.column("s")[0].as_py()) == 3_000_000


def test_the_builtin_tables_do_not_import_pandas() -> None:
    code = (
        "import sys\n"
        "from fsdl_tui.catalog import load_tools\n"
        "from fsdl_tui.data_plane import catalog_table\n"
        "from fsdl_tui.query_history import HistoryEntry, history_table\n"
        "catalog_table(load_tools())\n"
        "history_table([HistoryEntry.now('SELECT 1', 'done', 1, 0.5)])\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
