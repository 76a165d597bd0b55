"""Datasets DuckDB has no reader for, as pyarrow datasets it scans lazily: Arrow IPC files and
streams (Feather, Hugging Face `save_to_disk` and cache files) and Delta tables.

Nothing is loaded into memory: IPC files are scanned by pyarrow's dataset reader, IPC streams are
memory-mapped (zero-copy, the way `datasets` itself reads them), Delta tables are read through
`deltalake` (delta-rs, no JVM), an optional extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.ipc as ipc

from .base import SourceError
from .discovery import KIND_NAMES, Dataset

if TYPE_CHECKING:
    import pyarrow.dataset as ds  # imports pandas (~0.4 s): only when such a dataset is opened

IPC_FILE_MAGIC = b"ARROW1"
# `delta_version('path/to/table', 3)`: the table at an older version, like dvc_version
DELTA_VERSION_CALL = re.compile(
    r"delta_version\s*\(\s*'((?:[^']|'')*)'\s*,\s*(-?\d+)\s*\)", re.IGNORECASE
)
REMOTE_STREAM = (
    "Arrow stream files (what Hugging Face's save_to_disk writes) cannot be scanned in place in "
    "a bucket, only from the start: copy the folder to this machine (e.g. `aws s3 sync`) and "
    "open the copy."
)
DELTA_EXTRA = "Reading Delta tables needs the `delta` extra: uv run --extra delta fsdl-tui …"


@dataclass(frozen=True)
class Scannable:
    dataset: ds.Dataset | pa.Table  # what DuckDB scans, again for every query
    rows: int | None  # None: not known without reading it all (remote CSV, JSON)
    version: int | None = None  # a Delta table's


def _is_ipc_file(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(6) == IPC_FILE_MAGIC


def _mapped_table(path: str) -> pa.Table:
    """An IPC stream (or an uncompressed Feather v1 file) memory-mapped, not read."""
    source = pa.memory_map(path)
    try:
        return ipc.open_stream(source).read_all()
    except pa.ArrowInvalid:
        import pyarrow.feather as feather  # Feather v1: its own layout

        return feather.read_table(path, memory_map=True)


def arrow_scannable(files: tuple[str, ...]) -> Scannable:
    """The Arrow files of one dataset (IPC files or streams) as one scannable dataset. Streams
    are memory-mapped tables, registered as they are (no pyarrow.dataset: it imports pandas)."""
    try:
        if all(_is_ipc_file(f) for f in files):
            import pyarrow.dataset as ds

            dataset = ds.dataset(list(files), format="ipc")
            return Scannable(dataset, dataset.count_rows())
        tables = [_mapped_table(f) for f in files]
        table = pa.concat_tables(tables, promote_options="permissive")
    except (OSError, pa.ArrowException) as error:
        raise SourceError(f"Not readable as Arrow: {error}") from error
    return Scannable(table, table.num_rows)


def delta_scannable(path: str, version: int | None = None) -> Scannable:
    """A Delta table at its current version, or at `version`."""
    try:
        from deltalake import DeltaTable
        from deltalake.exceptions import DeltaError
    except ImportError as error:
        raise SourceError(DELTA_EXTRA) from error
    try:
        table = DeltaTable(path, storage_options=_delta_storage(path))
        latest = table.version()
        if version is not None and version != latest:
            if not 0 <= version <= latest:
                raise SourceError(f"The Delta table {path} has no version {version}; its "
                                  f"versions are 0 to {latest}.")  # fmt: skip
            table.load_as_version(version)
        dataset = table.to_pyarrow_dataset()
        return Scannable(dataset, dataset.count_rows(), table.version())
    except (DeltaError, OSError, pa.ArrowException, ValueError) as error:
        at = f" at version {version}" if version is not None else ""
        raise SourceError(f"Not readable as a Delta table{at}: {error}") from error


def _delta_storage(path: str) -> dict[str, str] | None:
    """delta-rs reads AWS settings from the environment, but refuses a plain-http endpoint
    (a local MinIO, say) unless told it may."""
    import os

    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL", "")
    if path.startswith(("s3://", "s3a://")) and endpoint.startswith("http://"):
        return {"AWS_ALLOW_HTTP": "true", "AWS_ENDPOINT_URL": endpoint}
    return None


def _file_format(kind: str, first: str) -> ds.FileFormat | str:

    import pyarrow.dataset as ds

    if kind == "csv" and first.lower().endswith((".tsv", ".tsv.gz")):
        import pyarrow.csv as pacsv

        return ds.CsvFileFormat(parse_options=pacsv.ParseOptions(delimiter="\t"))
    return {"arrow": "ipc"}.get(kind, kind)


def remote_scannable(dataset: Dataset) -> Scannable:
    """A dataset in object storage (or on the web) over its pyarrow filesystem: scanned
    lazily, a Parquet page fetching only the row groups it needs."""
    import pyarrow.dataset as ds

    from .remote import split

    filesystem, root, prefix = split(dataset.root)
    paths = [f[len(prefix) :] for f in dataset.files]
    what = KIND_NAMES.get(dataset.kind, dataset.kind)
    hive = dataset.layout == "hive"
    try:
        if dataset.kind == "arrow" and not _is_remote_ipc_file(filesystem, paths[0]):
            raise SourceError(REMOTE_STREAM)

        def scan(schema: pa.Schema | None = None) -> ds.Dataset:
            return ds.dataset(
                paths, filesystem=filesystem, format=_file_format(dataset.kind, paths[0]),
                schema=schema, partitioning="hive" if hive else None,
                partition_base_dir=root if hive else None,
            )  # fmt: skip

        scanned = scan()
        if len(paths) > 1 and dataset.kind in ("parquet", "arrow"):  # columns matched by name
            schemas = [scanned.schema, *(f.physical_schema for f in scanned.get_fragments())]
            scanned = scan(pa.unify_schemas(schemas, promote_options="permissive"))
        rows = scanned.count_rows() if dataset.kind in ("parquet", "arrow") else None
    except (OSError, pa.ArrowException, ValueError) as error:
        raise SourceError(f"Not readable as {what}: {error}") from error
    return Scannable(scanned, rows)


def _is_remote_ipc_file(filesystem, path: str) -> bool:
    with filesystem.open_input_file(path) as handle:
        return handle.read(6) == IPC_FILE_MAGIC
