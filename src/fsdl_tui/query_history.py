"""The persistent query history: one JSON line per query in the user's data dir.

Appends are flushed and fsynced one line at a time, so a kill mid-write loses at most that
line; lines that do not parse are set aside in a `.corrupt` copy and reported, never fatal.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .atomic import StateWriteError, write_atomic

MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class HistoryEntry:
    ran_at: str  # ISO 8601, UTC
    sql: str
    status: str  # done | failed | cancelled
    rows: int | None = None
    elapsed: float | None = None
    error: str = ""

    @staticmethod
    def now(sql: str, status: str, rows: int | None, elapsed: float | None, error: str = ""):
        ran_at = datetime.now(UTC).isoformat(timespec="seconds")
        return HistoryEntry(ran_at, sql, status, rows, elapsed, error)


_FIELD_TYPES = {
    "ran_at": (str,), "sql": (str,), "status": (str,), "rows": (int, type(None)),
    "elapsed": (int, float, type(None)), "error": (str,),
}  # fmt: skip


def _entry(line: str) -> HistoryEntry | None:
    """One history line, or None when it is not a well-formed entry (wrong keys or types)."""
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or not {"ran_at", "sql", "status"} <= data.keys():
            return None
        for key, value in data.items():
            if (
                key not in _FIELD_TYPES
                or isinstance(value, bool)
                or not isinstance(value, _FIELD_TYPES[key])
            ):
                return None
        datetime.fromisoformat(data["ran_at"])
        return HistoryEntry(**data)
    except (ValueError, TypeError):
        return None


class HistoryStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[list[HistoryEntry], str]:
        """Entries oldest first, and a warning when damaged lines were set aside."""
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return [], ""
        except OSError as error:
            return [], f"Cannot read the query history {self.path}: {error.strerror}"
        entries, damaged = [], []
        for line in lines:
            if not line.strip():
                continue
            entry = _entry(line)
            if entry is None:
                damaged.append(line)
            else:
                entries.append(entry)
        if not damaged:
            return entries[-MAX_ENTRIES:], ""
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            with aside.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(damaged) + "\n")
            self._rewrite(entries)
        except (OSError, StateWriteError) as error:
            return entries[-MAX_ENTRIES:], (
                f"{len(damaged)} damaged line(s) of the query history were skipped; they could "
                f"not be set aside: {getattr(error, 'strerror', None) or error}"
            )
        return entries[-MAX_ENTRIES:], (
            f"{len(damaged)} damaged line(s) of the query history were set aside in {aside}."
        )

    def _rewrite(self, entries: list[HistoryEntry]) -> None:
        write_atomic(
            self.path, "".join(json.dumps(asdict(e)) + "\n" for e in entries[-MAX_ENTRIES:])
        )

    def append(self, entry: HistoryEntry) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(entry)) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def history_table(entries: list[HistoryEntry] | tuple[HistoryEntry, ...]):  # -> pa.Table
    """The history as an Arrow table (through `table_from_rows`: no pandas import)."""
    import pyarrow as pa

    from .arrow_rows import table_from_rows

    def epoch_seconds(text: str) -> int:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return math.floor(moment.timestamp())

    def finite(value: float | None) -> float | None:
        return value if value is None or math.isfinite(value) else None

    schema = pa.schema(
        [
            ("ran_at", pa.int64()),
            ("sql", pa.string()),
            ("status", pa.string()),
            ("rows", pa.int64()),
            ("elapsed", pa.float64()),
            ("error", pa.string()),
        ]
    )
    rows = (
        {
            "ran_at": epoch_seconds(e.ran_at),
            "sql": e.sql,
            "status": e.status,
            "rows": e.rows,
            "elapsed": finite(e.elapsed),
            "error": e.error,
        }
        for e in entries
    )
    table = table_from_rows(rows, schema)
    return table.set_column(0, "ran_at", table.column(0).cast(pa.timestamp("s", tz="UTC")))
