"""Wide results are read in bands of columns: a window of a 1,000-column table reads the
columns on screen, not all of them (DuckDB decodes a Parquet page per column it reads)."""

from __future__ import annotations

COLUMN_BAND = 32  # columns per read: more than a wide terminal shows of narrow columns


def band_count(columns: int) -> int:
    return max(-(-columns // COLUMN_BAND), 1)


def band_columns(band: int, columns: int) -> range:
    """The positions of the columns in `band`."""
    return range(band * COLUMN_BAND, min((band + 1) * COLUMN_BAND, columns))


def band_of(column: int) -> int:
    return column // COLUMN_BAND


def columns_to_read(band: int, columns: int) -> range | None:
    """What a read of `band` asks the engine for: None (every column) when there is one band."""
    return None if columns <= COLUMN_BAND else band_columns(band, columns)
