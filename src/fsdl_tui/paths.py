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


DEMO_BUILT_MARK = "fsdl-tui-demo-built"  # in the demo's .git/, written when its build ends


def demo_is_built(root: Path) -> bool:
    """Whether a demo build at `root` ran to its end: one cut short (the app quit while it ran,
    say) left a repo without history or experiments, and is built again."""
    return (root / ".git" / DEMO_BUILT_MARK).is_file()


def history_path() -> Path:
    return data_dir() / "query_history.jsonl"
