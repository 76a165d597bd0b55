"""How a result's rows are read for the screen, in SQL alone (no pyarrow: the app's first rows are
read with it before pyarrow is imported): the columns Arrow would change as DuckDB's text, long
text cut to what a cell shows."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .sql_text import quote_ident

# DuckDB types that do not survive the trip to Arrow: UHUGEINT wraps into a signed decimal,
# TIME WITH TIME ZONE loses its offset, BIT becomes bytes, BIGNUM an opaque blob, VARIANT a
# struct of encoded bytes. At any depth
# (a list of them, a struct holding one), the column travels as DuckDB's own text instead.
ARROW_LOSSY = re.compile(r"UHUGEINT|TIME WITH TIME ZONE|\bBIT\b|BIGNUM|VARINT|VARIANT")


AS_TEXT = "CAST({0} AS VARCHAR)"


def is_arrow_lossy(type_name: str) -> bool:
    """Whether Arrow would change values of this DuckDB type (see ARROW_LOSSY)."""
    return ARROW_LOSSY.search(type_name.upper()) is not None


def select_replacing(source: str, forms: dict[str, str]) -> str:
    """`SELECT * FROM source` with each named column computed by its form instead (`{0}` is
    the column): `SELECT * REPLACE (…)`, or plain when there is nothing to replace."""
    if not forms:
        return f"SELECT * FROM {source}"
    replaced = ", ".join(f"{form.format(quote_ident(name))} AS {quote_ident(name)}"
                         for name, form in forms.items())  # fmt: skip
    return f"SELECT * REPLACE ({replaced}) FROM {source}"


def _cell_form(type_name: str, cell_chars: int | None) -> str | None:
    """How a column is read for the screen, when not as it is (`{0}` is the column)."""
    if is_arrow_lossy(type_name):
        return AS_TEXT
    if cell_chars is not None and type_name.upper() in ("VARCHAR", "JSON"):
        return f"left({{0}}, {int(cell_chars)})"
    return None


def faithful_select(
    source: str,
    columns: Iterable[tuple[str, str]],
    cell_chars: int | None = None,
    only: range | None = None,
) -> str:
    """`SELECT * FROM source`, with the columns Arrow cannot carry as DuckDB's text, and text
    cut to `cell_chars` characters when given; `only` these columns (by position: names may
    repeat) when given."""
    listed = list(columns)
    if only is not None:
        picked = []
        for index in only:
            name, type_name = listed[index]
            form = _cell_form(type_name, cell_chars) or "{0}"
            picked.append(f"{form.format(f'#{index + 1}')} AS {quote_ident(name)}")
        return f"SELECT {', '.join(picked)} FROM {source}"
    forms = {}
    for name, type_name in listed:
        form = _cell_form(type_name, cell_chars)
        if form is not None:
            forms[name] = form
    return select_replacing(source, forms)
