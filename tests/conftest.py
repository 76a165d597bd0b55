"""Shared fixtures: real DuckDB, real files made in tmp_path, app state in a throwaway XDG home."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fsdl_tui.engine import create_engine


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep every test's config, history and cache out of the real home."""
    home = tmp_path_factory.mktemp("xdg")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def engine():
    eng = create_engine()
    yield eng
    eng.close()


def write_numbers_parquet(path: Path, rows: int) -> Path:
    """A Parquet file with columns n (0..rows-1), grp (n % 10) and txt ('row n')."""
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT i AS n, i % 10 AS grp, 'row ' || i AS txt FROM range({rows}) t(i)) "
        f"TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 10000)"
    )
    con.close()
    return path


@pytest.fixture
def numbers_parquet(tmp_path: Path) -> Path:
    return write_numbers_parquet(tmp_path / "numbers.parquet", 100_000)


@pytest.fixture
def data_dir(tmp_path: Path, numbers_parquet: Path) -> Path:
    """A folder with a Parquet, a CSV, a nested CSV, a non-data file and a hidden folder."""
    (tmp_path / "people.csv").write_text("id,name,age\n1,Ada,36\n2,Grace,45\n3,Linus,28\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "scores.csv").write_text("id,score\n1,0.5\n2,0.75\n")
    (tmp_path / "notes.txt").write_text("not data")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.csv").write_text("a\n1\n")
    return tmp_path
