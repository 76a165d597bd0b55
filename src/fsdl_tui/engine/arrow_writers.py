"""Write a stream of Arrow record batches to CSV, TSV, Parquet, JSON or JSON lines.

Exports go through these writers rather than DuckDB's `COPY ... TO`: in read-only mode DuckDB may
only touch the opened paths (its sandbox), and the folder a user exports to is not one of them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

import pyarrow as pa

TEXT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet", **TEXT_FORMATS}


def export_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """A file to write `target`'s new bytes to: a temporary file beside it, renamed over it
    only when the `with` block ends without an error — a failed or cancelled write leaves
    whatever was there, and no temporary file."""
    temporary = target.with_name(f".{target.name}.fsdl-tui-{os.getpid()}.part")
    try:
        with open(temporary, "wb") as out:
            yield out
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_error(target: Path | str, error: OSError) -> str:
    """Why `target` could not be written, naming it (not the temporary file beside it)."""
    return f"Cannot write {target}: {error.strerror or error}"


class BatchWriter(Protocol):
    def write(self, batch: pa.RecordBatch) -> None: ...

    def close(self) -> None: ...


class CsvWriter:
    """CSV or TSV with a header; nested values must arrive as text (JSON) already. Quotes only
    where needed, as DuckDB's COPY: a batch is written unquoted, and only a batch holding a
    delimiter, quote or line break is written again with its text quoted."""

    def __init__(self, out: BinaryIO, schema: pa.Schema, delimiter: str) -> None:
        import csv
        import io

        from pyarrow import csv as pacsv

        self._out, self._csv = out, pacsv
        self._plain = pacsv.WriteOptions(include_header=False, delimiter=delimiter,
                                         quoting_style="none")  # fmt: skip
        self._quoted = pacsv.WriteOptions(include_header=False, delimiter=delimiter)
        header = io.StringIO()
        csv.writer(header, delimiter=delimiter, lineterminator="\n").writerow(schema.names)
        out.write(header.getvalue().encode())

    def write(self, batch: pa.RecordBatch) -> None:
        buffer = pa.BufferOutputStream()
        try:
            self._csv.write_csv(batch, buffer, self._plain)
        except pa.ArrowInvalid:  # "values may not contain structural characters"
            buffer = pa.BufferOutputStream()
            self._csv.write_csv(batch, buffer, self._quoted)
        self._out.write(buffer.getvalue())

    def close(self) -> None:
        pass


class ParquetWriter:
    def __init__(self, out: BinaryIO, schema: pa.Schema) -> None:
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(out, schema)

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()


class JsonWriter:
    """Rows that arrive as their own JSON text, separator included (see `JSON_ROW_SQL`): the
    bytes of each batch's strings are written as they are, never a Python string per row."""

    def __init__(self, out: BinaryIO, *, array: bool) -> None:
        self._out = out
        self._array = array
        self._first = True

    def write(self, batch: pa.RecordBatch) -> None:
        if not batch.num_rows:
            return
        data = string_bytes(batch.column(0))
        if self._first:  # the first row has no separator before it
            data = (b"[\n" + bytes(data[len(ROW_SEPARATOR) :])) if self._array else data
            self._first = False
        self._out.write(data)

    def close(self) -> None:
        if self._array:
            self._out.write(b"[]\n" if self._first else b"\n]\n")


# One JSON text per row, as the writer wants it: lines end with a newline; in an array, each row
# is preceded by ",\n" (the writer drops the first one)
ROW_SEPARATOR = b",\n"
JSON_ROW_SQL = {
    "jsonl": "to_json({})::VARCHAR || chr(10)",
    "json": "',' || chr(10) || to_json({})::VARCHAR",
}


def string_bytes(array: pa.Array) -> memoryview:
    """The UTF-8 bytes of a string array's values, back to back (no nulls expected)."""
    offsets_buffer, data_buffer = array.buffers()[1:3]
    width = "q" if pa.types.is_large_string(array.type) else "i"
    offsets = memoryview(offsets_buffer).cast(width)
    start, end = offsets[array.offset], offsets[array.offset + len(array)]
    return memoryview(data_buffer)[start:end] if data_buffer is not None else memoryview(b"")


def open_writer(kind: str, out: BinaryIO, schema: pa.Schema) -> BatchWriter:
    if kind in ("csv", "tsv"):
        return CsvWriter(out, schema, "\t" if kind == "tsv" else ",")
    if kind == "parquet":
        return ParquetWriter(out, schema)
    return JsonWriter(out, array=kind == "json")
