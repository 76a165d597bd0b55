"""One row with a column of every type, at its edges: built by DuckDB (the SQL) and by pyarrow
(INT96 timestamps as Spark writes them). Used by the every-type tests and as fuzz seeds."""

from __future__ import annotations

from pathlib import Path

# name: DuckDB expression. Each is shown as DuckDB's own text (`CAST(x AS VARCHAR)`), except
# BYTES_AND_NESTED, which the app writes its own way (bytes in hex, nested values as JSON-like).
EDGES = {
    "ts_max": "TIMESTAMP '294247-01-10 04:00:54.775806'",
    "ts_min": "TIMESTAMP '290309-12-22 (BC) 00:00:00'",
    "ts_year_10000": "TIMESTAMP '10000-01-01 00:00:00'",
    "ts_bc": "TIMESTAMP '0001-01-01 00:00:00' - INTERVAL 1 DAY",
    "ts_inf": "TIMESTAMP 'infinity'",
    "ts_ninf": "TIMESTAMP '-infinity'",
    "date_bc": "DATE '0044-03-15 (BC)'",
    "date_max": "DATE '5881580-07-10'",
    "date_inf": "DATE 'infinity'",
    "ts_s": "TIMESTAMP_S '2020-01-01 00:00:01'",
    "ts_ms": "TIMESTAMP_MS '2020-01-01 00:00:01.12'",
    "ts_ns": "TIMESTAMP_NS '2262-04-11 23:47:16.854775'",
    "ts_ns_digits": "'2020-01-01 00:00:00.123456789'::TIMESTAMP_NS",
    "tstz": "TIMESTAMPTZ '2020-06-01 12:00:00+02'",
    "tstz_year_20000": "TIMESTAMPTZ '20000-06-01 12:00:00+00'",
    "time_max": "TIME '23:59:59.999999'",
    "timetz": "TIMETZ '12:30:00+05:30'",
    "interval": "INTERVAL '1 year 2 months 3 days 04:05:06.789'",
    "interval_neg": "INTERVAL '-1 year -2 days -00:00:01'",
    "tinyint_min": "(-128)::TINYINT",
    "ubigint_max": "18446744073709551615::UBIGINT",
    "hugeint_max": "170141183460469231731687303715884105727::HUGEINT",
    "hugeint_min": "(-170141183460469231731687303715884105727)::HUGEINT - 1",
    "uhugeint_max": "340282366920938463463374607431768211455::UHUGEINT",
    "decimal_38": "99999999999999999999999999999999999999::DECIMAL(38,0)",
    "decimal_38_10": "'-9999999999999999999999999999.9999999999'::DECIMAL(38,10)",
    "float": "0.1::FLOAT",
    "double_max": "1.7976931348623157e308::DOUBLE",
    "nan": "'nan'::DOUBLE",
    "inf": "'inf'::DOUBLE",
    "ninf": "'-inf'::FLOAT",
    "uuid": "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID",
    "bit": "'0101010111'::BIT",
    "bignum": "'-123456789012345678901234567890'::VARINT",
    "enum": "'b'::ENUM('a', 'b')",
    "variant": "{'a': [1, 2]}::VARIANT",
    "text_controls": "'bell\x07 esc\x1b[31m tab\t'",
    "blob": "'\\xAA\\x00ab'::BLOB",
    "union": "union_value(num := 42)::UNION(num INTEGER, str VARCHAR)",
    "map": "MAP {'k': [1, 2], 'j': NULL}",
    "nested": "[{'a': [MAP {1: TIMESTAMP '294247-01-01 00:00:00'}], 'b': NULL}]",
    "struct_of_lossy": "{'u': 340282366920938463463374607431768211455::UHUGEINT, "
    "'t': TIMETZ '01:00:00+01'}",
}
BYTES_AND_NESTED = ("blob", "union", "map", "nested", "struct_of_lossy")
NOT_IN_PARQUET = ("interval_neg",)  # "Parquet files do not support negative intervals"
# 128-bit integers at their edges have 39 digits: beyond DECIMAL(38, 0), Parquet's widest
BEYOND_PARQUET_DECIMAL = ("hugeint_max", "hugeint_min", "uhugeint_max")


def every_type_sql(leave_out: tuple[str, ...] = ()) -> str:
    return "SELECT " + ",\n  ".join(
        f"{expr} AS {name}" for name, expr in EDGES.items() if name not in leave_out
    )


def write_every_type_parquet(path: Path) -> Path:
    """The row through DuckDB's Parquet writer (which keeps what Parquet can hold)."""
    import duckdb

    sql = every_type_sql(NOT_IN_PARQUET)
    duckdb.connect().execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    return path


def write_int96_parquet(path: Path) -> Path:
    """Timestamps as Spark writes them (INT96), at the edges Python's datetime cannot hold,
    bare and inside a struct and a list."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    micros_per_day = 86_400 * 10**6
    edges = [
        253_402_300_799_999_999,  # 9999-12-31 23:59:59.999999
        -62_135_596_800_000_000,  # 0001-01-01
        -62_135_596_800_000_000 - micros_per_day,  # 1 BC, 31 Dec
        95_617_584_000_000_000,  # 5000-01-01
        1_577_836_800_123_456,  # 2020-01-01 00:00:00.123456
    ]
    ts = pa.array(edges, pa.timestamp("us"))
    table = pa.table({
        "ts": ts,
        "in_struct": pa.StructArray.from_arrays([ts, pa.array(range(len(edges)))], ["at", "n"]),
        "in_list": pa.array([[value] for value in edges], pa.list_(pa.timestamp("us"))),
    })  # fmt: skip
    pq.write_table(table, path, use_deprecated_int96_timestamps=True)
    return path
