"""Spark SQL for exploring a result without writing SQL (the same screens as DuckDB's)."""

from __future__ import annotations

import datetime as dt
import decimal
import math

from .sql_text import lengths_histogram_sql

NUMERIC = ("TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL", "BYTE",
           "SHORT", "LONG", "REAL")  # fmt: skip


def quote_ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def quote_string(value: str) -> str:
    """A Spark string literal (backslash is an escape character in Spark SQL)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _wrap(sql: str) -> str:
    return f"(\n{sql}\n) AS _t"


class SparkDialect:
    def quote(self, name: str) -> str:
        return quote_ident(name)

    def as_text(self, expression: str) -> str:
        return f"CAST({expression} AS STRING)"

    def as_double(self, expression: str) -> str:
        return f"CAST({expression} AS DOUBLE)"

    def sort(self, sql: str, column: str, descending: bool) -> str:
        order = "DESC" if descending else "ASC"
        return f"SELECT * FROM {_wrap(sql)} ORDER BY {quote_ident(column)} {order} NULLS LAST"

    def literal(self, value: object, type_name: str) -> str | None:
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and not math.isfinite(value):
            return f"CAST('{value}' AS DOUBLE)"
        if isinstance(value, int | float | decimal.Decimal):
            return f"CAST({value} AS {type_name})"
        if isinstance(value, dt.datetime):
            return f"TIMESTAMP {quote_string(value.isoformat(sep=' '))}"
        if isinstance(value, dt.date):
            return f"DATE {quote_string(value.isoformat())}"
        if isinstance(value, str):
            return quote_string(value)
        return None

    def filter_value(
        self, sql: str, column: str, value: object, type_name: str, *, negate: bool
    ) -> str | None:
        ident = quote_ident(column)
        if value is None:
            condition = f"{ident} IS {'NOT ' if negate else ''}NULL"
        else:
            literal = self.literal(value, type_name)
            if literal is None:
                return None
            condition = f"{'NOT ' if negate else ''}({ident} <=> {literal})"
        return f"SELECT * FROM {_wrap(sql)} WHERE {condition}"

    def where(self, sql: str, expression: str) -> str:
        return f"SELECT * FROM {_wrap(sql)} WHERE {expression}"

    def frequency(self, sql: str, column: str) -> str:
        ident = quote_ident(column)
        return (
            f"SELECT {ident}, count(*) AS count,\n"
            f"  round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS percent,\n"
            f"  repeat('█', CAST(30 * count(*) / max(count(*)) OVER () AS INT)) AS bar\n"
            f"FROM {_wrap(sql)}\nGROUP BY {ident}\nORDER BY count DESC, {ident} NULLS LAST"
        )

    def exclude(self, sql: str, columns: list[str]) -> str:
        names = ", ".join(quote_ident(c) for c in columns)
        return f"SELECT * EXCEPT ({names}) FROM {_wrap(sql)}"

    def profile(self, sql: str, column: str | None, type_name: str = "") -> str:
        """The same columns as DuckDB's SUMMARIZE (the profile screen reads those); mean, std
        and quartiles only for numbers."""
        if column is None:
            raise ValueError("Spark profiles one column at a time")
        c = quote_ident(column)
        numeric = type_name.upper().startswith(NUMERIC)

        def number(expression: str) -> str:
            return f"CAST({expression} AS STRING)" if numeric else "CAST(NULL AS STRING)"

        return (
            f"SELECT {quote_string(column)} AS column_name, first(typeof({c})) AS column_type,\n"
            f"  CAST(min({c}) AS STRING) AS min, CAST(max({c}) AS STRING) AS max,\n"
            f"  approx_count_distinct({c}) AS approx_unique,\n"
            f"  {number(f'avg({c})')} AS avg, {number(f'stddev({c})')} AS std,\n"
            f"  {number(f'percentile_approx({c}, 0.25)')} AS q25,\n"
            f"  {number(f'percentile_approx({c}, 0.5)')} AS q50,\n"
            f"  {number(f'percentile_approx({c}, 0.75)')} AS q75,\n"
            f"  count(*) AS count,\n"
            f"  round(100.0 * (count(*) - count({c})) / greatest(count(*), 1), 2) "
            f"AS null_percentage\nFROM {_wrap(sql)}"
        )

    @staticmethod
    def is_temporal(type_name: str) -> bool:
        return type_name.upper().startswith(("TIMESTAMP", "DATE"))

    CHARS = "CAST(length({c}) AS DOUBLE)"
    TOKENS = ("CAST(CASE WHEN trim({c}) = '' THEN 0 "
              "ELSE size(split(trim({c}), '\\\\s+')) END AS DOUBLE)")  # fmt: skip

    def text_lengths(self, sql: str, column: str, bins: int) -> str:
        """A text column's lengths, in characters and whitespace-separated tokens, binned."""
        ident = quote_ident(column)
        return lengths_histogram_sql(_wrap(sql), ident, self.CHARS.format(c=ident),
                                     self.TOKENS.format(c=ident), bins)  # fmt: skip

    def histogram(self, sql: str, column: str, type_name: str, bins: int) -> str:
        ident = quote_ident(column)
        temporal = self.is_temporal(type_name)
        value = (
            f"unix_micros(CAST({ident} AS TIMESTAMP)) / 1e6"
            if temporal
            else f"CAST({ident} AS DOUBLE)"
        )

        def edge(offset: str) -> str:
            point = f"lo + ({offset}) * (hi - lo) / {bins}"
            return f"timestamp_seconds({point})" if temporal else point

        return (
            f"WITH src AS (\n  SELECT {value} AS v FROM {_wrap(sql)} WHERE {ident} IS NOT NULL),\n"
            f"bounds AS (SELECT min(v) AS lo, max(v) AS hi FROM src),\n"
            f"binned AS (\n"
            f"  SELECT least(floor((v - lo) / nullif((hi - lo) / {bins}, 0)), {bins - 1}) AS bin,\n"
            f"    count(*) AS count FROM src CROSS JOIN bounds GROUP BY 1)\n"
            f"SELECT {edge('coalesce(bin, 0)')} AS bin_start,\n"
            f"  {edge('coalesce(bin, 0) + 1')} AS bin_end, count\n"
            f"FROM binned CROSS JOIN bounds ORDER BY bin"
        )
