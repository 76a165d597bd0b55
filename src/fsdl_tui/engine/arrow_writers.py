"""Write a stream of Arrow record batches to CSV, TSV, Parquet, JSON or JSON lines.

Exports go through these writers rather than DuckDB's `COPY ... TO`: in read-only mode DuckDB may
only touch the opened paths (its sandbox), and the folder a user exports to is not one of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Protocol

import pyarrow as pa

TEXT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet", **TEXT_FORMATS}


def export_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


class BatchWriter(Protocol):
    def write(self, batch: pa.RecordBatch) -> None: ...

    def close(self) -> None: ...


class CsvWriter:
    """CSV or TSV with a header; nested values must arrive as text (JSON) already."""

    def __init__(self, out: BinaryIO, schema: pa.Schema, delimiter: str) -> None:
        from pyarrow import csv

        options = csv.WriteOptions(include_header=True, delimiter=delimiter)
        self._writer = csv.CSVWriter(out, schema, write_options=options)

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()


class ParquetWriter:
    def __init__(self, out: BinaryIO, schema: pa.Schema) -> None:
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(out, schema)

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()


class JsonWriter:
    """Rows that arrive as one JSON text each (DuckDB's to_json): one per line, or an array."""

    def __init__(self, out: BinaryIO, *, array: bool) -> None:
        self._out = out
        self._array = array
        self._first = True
        if array:
            out.write(b"[")

    def write(self, batch: pa.RecordBatch) -> None:
        rows = batch.column(0).to_pylist()
        if not rows:
            return
        if self._array:
            joined = ",\n".join(rows)
            self._out.write((b"\n" if self._first else b",\n") + joined.encode())
        else:
            self._out.write(("\n".join(rows) + "\n").encode())
        self._first = False

    def close(self) -> None:
        if self._array:
            self._out.write(b"\n]\n" if not self._first else b"]\n")


def open_writer(kind: str, out: BinaryIO, schema: pa.Schema) -> BatchWriter:
    if kind in ("csv", "tsv"):
        return CsvWriter(out, schema, "\t" if kind == "tsv" else ",")
    if kind == "parquet":
        return ParquetWriter(out, schema)
    return JsonWriter(out, array=kind == "json")
