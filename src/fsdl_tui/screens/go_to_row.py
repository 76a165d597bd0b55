"""Which row a user means by what they typed in the go-to-row prompt."""

from __future__ import annotations


def parse_row_target(text: str, row_count: int) -> int | None:
    """A 1-based row number from "1234", "1,234", "-1" (from the end), "50%", or "end"."""
    cleaned = text.strip().lower().replace(",", "").replace("_", "")
    if not cleaned or row_count <= 0:
        return None
    if cleaned in ("end", "last", "$"):
        return row_count
    try:
        if cleaned.endswith("%"):
            share = float(cleaned[:-1])
            row = max(1, round(row_count * share / 100))
        else:
            row = int(cleaned)
            if row < 0:
                row = row_count + 1 + row
    except ValueError:
        return None
    return max(1, min(row, row_count))
