"""`dvc.yaml`'s plots — a metric per step or epoch in a CSV, TSV, JSON or YAML file — as series of
numbers at any rev, for line charts in the terminal.

Definitions are read as DVC reads them: top-level `plots:` (a file, a file with `x`/`y`, or a
named plot whose `y` names fields of one or more files) and stages' `plots:` outputs. Without
`x` the step is the row number; without `y` the last field of the first row is drawn.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from .yaml_io import YAMLError, load_yaml

MAX_POINTS = 10_000  # per series: a longer file is cut (and said)
MAX_BYTES = 16 * 1024 * 1024
DATA_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".yaml", ".yml")


@dataclass(frozen=True)
class PlotDef:
    title: str
    file: str
    x: str | None = None  # None: the row number
    y: str | None = None  # None: the last field of the first row

    @property
    def label(self) -> str:
        return f"{self.title} · {self.y or 'last field'}" if self.y else self.title


def plot_defs(dvc_yaml: object) -> tuple[PlotDef, ...]:
    """Every series `dvc.yaml` (parsed) defines, in its order; malformed entries are skipped."""
    if not isinstance(dvc_yaml, dict):
        return ()
    found: list[PlotDef] = []
    for entry in _entries(dvc_yaml.get("plots")):
        found.extend(_defs(entry))
    stages = dvc_yaml.get("stages")
    for body in stages.values() if isinstance(stages, dict) else ():
        if isinstance(body, dict):
            for entry in _entries(body.get("plots")):
                found.extend(_defs(entry))
    found = [d for d in found if d.file.lower().endswith(DATA_SUFFIXES)]
    described = {d.file for d in found if d.x or d.y}  # a bare file is drawn by its own defs
    return tuple(dict.fromkeys(d for d in found if d.x or d.y or d.file not in described))


def _entries(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [{k: v} for k, v in value.items()]
    return []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _defs(entry: object) -> list[PlotDef]:
    if isinstance(entry, str):
        return [PlotDef(entry, entry)]
    if not isinstance(entry, dict) or len(entry) != 1:
        return []
    ((name, body),) = entry.items()
    name = str(name)
    body = body if isinstance(body, dict) else {}
    x = body.get("x")
    y = body.get("y")
    if isinstance(y, dict):  # a named plot: {file: field or [fields]}
        defs = []
        for file, fields in y.items():
            x_field = x.get(file) if isinstance(x, dict) else _text(x)
            for field in fields if isinstance(fields, list) else [fields]:
                if isinstance(field, str):
                    defs.append(PlotDef(name, str(file), _text(x_field), field))
        return defs
    fields = y if isinstance(y, list) else [y]
    return [PlotDef(name, name, _text(x), _text(f)) for f in fields]


def _records(text: bytes, file: str) -> list[dict]:
    name = file.lower()
    if name.endswith((".csv", ".tsv")):
        reader = csv.DictReader(io.StringIO(text.decode("utf-8", errors="replace")),
                                delimiter="\t" if name.endswith(".tsv") else ",")  # fmt: skip
        return list(reader)
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text) if name.endswith(".json") else load_yaml(text)
    if isinstance(data, dict):  # {"train": [...]} as DVC writes with Live
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def read_series(
    plot: PlotDef, read: Callable[[str], bytes | None]
) -> tuple[list[float], list[float]] | None:
    """The (x, y) points of `plot` from its file as `read(path)` gives it; None when the file
    is missing or not readable."""
    text = read(plot.file)
    if text is None or len(text) > MAX_BYTES:
        return None
    try:
        records = _records(text, plot.file)
    except (ValueError, YAMLError, UnicodeDecodeError):
        return None
    if not records:
        return None
    y_field = plot.y or list(records[0])[-1]
    xs: list[float] = []
    ys: list[float] = []
    for index, record in enumerate(records[:MAX_POINTS]):
        y = _number(record.get(y_field))
        x = _number(record.get(plot.x)) if plot.x else float(index)
        if x is not None and y is not None:
            xs.append(x)
            ys.append(y)
    return (xs, ys) if xs else None


def load_defs(text: bytes | None) -> tuple[PlotDef, ...]:
    if not text:
        return ()
    try:
        return plot_defs(load_yaml(text))
    except YAMLError:
        return ()
