"""The bundled sample data: inside the wheel as package data, or in the source tree."""

from __future__ import annotations

from pathlib import Path


def sample_data_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "sample_data"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "sample_data"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError("The bundled sample data is missing from this installation.")
