"""SQL that explores a result without the user writing it: sort, filter, frequency, hide columns,
profile, histogram. Each takes the SQL of what is on screen and returns new SQL, shown in the
editor (editable) and run on the full result by the engine."""

from __future__ import annotations

import datetime as dt
import decimal
import math

from .sql_text import lengths_histogram_sql, quote_ident, quote_literal


def _wrap(sql: str) -> str:
    return f"(\n{sql}\n)"


class DuckDBDialect:
    def quote(self, name: str) -> str:
        return quote_ident(name)

    def as_text(self, expression: str) -> str:
        return f"CAST({expression} AS VARCHAR)"

    def as_double(self, expression: str) -> str:
        return f"CAST({expression} AS DOUBLE)"

    def sort(self, sql: str, column: str, descending: bool) -> str:
        order = "DESC" if descending else "ASC"
        return f"SELECT * FROM {_wrap(sql)} ORDER BY {quote_ident(column)} {order} NULLS LAST"

    def literal(self, value: object, type_name: str) -> str | None:
        """`value` as SQL of type `type_name`, or None when it has no literal (nested, NaN)."""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and not math.isfinite(value):
            return f"'{value}'::DOUBLE"
        if isinstance(value, int | float | decimal.Decimal):
            return f"{value}::{type_name}"
        if isinstance(value, str):
            return quote_literal(value)
        if isinstance(value, dt.datetime):
            return f"CAST({quote_literal(value.isoformat(sep=' '))} AS {type_name})"
        if isinstance(value, dt.date | dt.time):
            return f"CAST({quote_literal(value.isoformat())} AS {type_name})"
        if isinstance(value, bytes):
            return f"from_hex({quote_literal(value.hex())})"
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
            condition = f"{ident} IS {'' if negate else 'NOT '}DISTINCT FROM {literal}"
        return f"SELECT * FROM {_wrap(sql)} WHERE {condition}"

    def where(self, sql: str, expression: str) -> str:
        return f"SELECT * FROM {_wrap(sql)} WHERE {expression}"

    def frequency(self, sql: str, column: str) -> str:
        ident = quote_ident(column)
        return (
            f"SELECT {ident}, count(*) AS count,\n"
            f"  round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS percent,\n"
            f"  bar(count(*), 0, max(count(*)) OVER (), 30) AS bar\n"
            f"FROM {_wrap(sql)}\nGROUP BY {ident}\nORDER BY count DESC, {ident} NULLS LAST"
        )

    def exclude(self, sql: str, columns: list[str]) -> str:
        names = ", ".join(quote_ident(c) for c in columns)
        return f"SELECT * EXCLUDE ({names}) FROM {_wrap(sql)}"

    def profile(self, sql: str, column: str | None, type_name: str = "") -> str:
        """Type, count, nulls, distinct, min/max, mean/std and quartiles of a column (or all)."""
        what = f"SELECT {quote_ident(column)} FROM {_wrap(sql)}" if column else sql
        return f"SUMMARIZE {what}"

    @staticmethod
    def is_temporal(type_name: str) -> bool:
        return type_name.upper().startswith(("TIMESTAMP", "DATE"))

    CHARS = "length({c})::DOUBLE"
    TOKENS = ("CASE WHEN trim({c}) = '' THEN 0 "
              "ELSE len(string_split_regex(trim({c}), '\\s+')) END::DOUBLE")  # fmt: skip

    def text_lengths(self, sql: str, column: str, bins: int) -> str:
        """A text column's lengths, in characters and whitespace-separated tokens, binned."""
        ident = quote_ident(column)
        return lengths_histogram_sql(_wrap(sql), ident, self.CHARS.format(c=ident),
                                     self.TOKENS.format(c=ident), bins)  # fmt: skip

    def histogram(self, sql: str, column: str, type_name: str, bins: int) -> str:
        """Equal-width bins of a numeric or temporal column: bin start, end and count."""
        ident = quote_ident(column)
        temporal = self.is_temporal(type_name)
        value = f"epoch({ident})" if temporal else f"{ident}::DOUBLE"

        def edge(offset: str) -> str:
            point = f"lo + ({offset}) * (hi - lo) / {bins}"
            return f"to_timestamp({point})" if temporal else point

        return (
            f"WITH src AS (\n  SELECT {value} AS v FROM {_wrap(sql)} WHERE {ident} IS NOT NULL),\n"
            f"bounds AS (SELECT min(v) AS lo, max(v) AS hi FROM src),\n"
            f"binned AS (\n"
            f"  SELECT least(floor((v - lo) / nullif((hi - lo) / {bins}, 0)), {bins - 1}) AS bin,\n"
            f"    count(*) AS count FROM src, bounds GROUP BY bin)\n"
            f"SELECT {edge('coalesce(bin, 0)')} AS bin_start,\n"
            f"  {edge('coalesce(bin, 0) + 1')} AS bin_end, count\n"
            f"FROM binned, bounds ORDER BY bin"
        )
