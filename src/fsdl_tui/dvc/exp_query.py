"""Sorting and filtering the experiments table, over the whole table: `accuracy > 0.8 and lr =
0.01`. Pure functions of rows; no DVC, no UI.

A column is named by its full key (`params.yaml:train.lr`), its key (`train.lr`) or the key's
last part (`lr`) when that is unambiguous; `name`, `rev`, `baseline` and `created` too.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the DVC pane imports this at start-up: no git, YAML or Arrow then
    from .experiments import ExperimentRow

FIXED = {"name": "name", "rev": "rev", "baseline": "baseline_name", "created": "created"}
_OPS: dict[str, Callable[[object, object], bool]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne, "<>": operator.ne,
    "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}  # fmt: skip
_CONDITION = re.compile(
    r"^\s*(?P<column>[\w.:/-]+)\s*(?P<op>==|!=|<>|<=|>=|=|<|>)\s*(?P<value>.+?)\s*$"
)


class FilterError(ValueError):
    pass


def value_of(row: ExperimentRow, column: str) -> object:
    if column in FIXED:
        return getattr(row, FIXED[column])
    return row.values.get(column)


def resolve_column(name: str, columns: tuple[str, ...]) -> str:
    """The column `name` means; FilterError when none or several do."""
    name = name.strip()
    if name in FIXED or name in columns:
        return name
    for match in (lambda c: c.split(":", 1)[1] == name,
                  lambda c: c.split(":", 1)[1].split(".")[-1] == name):  # fmt: skip
        found = [c for c in columns if match(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise FilterError(f"{name!r} could be {', '.join(found)}: name one of them.")
    raise FilterError(f"No column {name!r}; columns: {', '.join(_short(c) for c in columns)}.")


def _short(column: str) -> str:
    return column.split(":", 1)[1]


def _literal(text: str) -> object:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def compile_filter(expression: str, columns: tuple[str, ...]) -> Callable[[ExperimentRow], bool]:
    """A predicate for `column op value [and …]`; FilterError says what is wrong."""
    conditions = []
    for part in re.split(r"\s+and\s+", expression.strip(), flags=re.IGNORECASE):
        match = _CONDITION.match(part)
        if match is None:
            raise FilterError(f"Cannot read {part!r}: write e.g. accuracy > 0.8 and lr = 0.01")
        column = resolve_column(match["column"], columns)
        conditions.append((column, _OPS[match["op"]], _literal(match["value"])))

    def keep(row: ExperimentRow) -> bool:
        for column, compare, wanted in conditions:
            value = value_of(row, column)
            if value is None:
                return False
            try:
                if not compare(value, wanted):
                    return False
            except TypeError:  # a number against text: compare their texts
                if not compare(str(value), str(wanted)):
                    return False
        return True

    return keep


def sort_key(column: str) -> Callable[[ExperimentRow], tuple]:
    """Numbers by value, then text; rows without the value last (in either direction, the
    caller reverses only the present ones)."""

    def key(row: ExperimentRow) -> tuple:
        value = value_of(row, column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, float(value), "")
        return (1, 0.0, str(value))

    return key


def sorted_rows(
    rows: tuple[ExperimentRow, ...], column: str, descending: bool
) -> list[ExperimentRow]:
    present = [r for r in rows if value_of(r, column) not in (None, "")]
    missing = [r for r in rows if value_of(r, column) in (None, "")]
    return sorted(present, key=sort_key(column), reverse=descending) + missing
