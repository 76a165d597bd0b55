"""Where the app keeps its own files: XDG dirs, never next to the user's data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "fsdl-tui"


def cache_dir() -> Path:
    return Path(os.environ.get("FSDL_TUI_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get("FSDL_TUI_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    return Path(os.environ.get("FSDL_TUI_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def engine_temp_dir() -> Path:
    """Where DuckDB spills large results (it would otherwise use `.tmp` in the working dir)."""
    return cache_dir() / f"duckdb-tmp-{os.getpid()}"


def default_demo_dir() -> Path:
    """Where `fsdl-tui` with no arguments builds (once) and opens its demo DVC repo."""
    return cache_dir() / "demo" / "repo"


def history_path() -> Path:
    return data_dir() / "query_history.jsonl"
