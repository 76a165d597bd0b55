"""Settings: defaults < config.toml (XDG config dir) < FSDL_TUI_* variables < CLI flags.

    theme = "nord"               # any Textual theme; otherwise the last one picked in the app
    page_rows = 128              # rows the grid fetches per request
    memory_limit = "4GB"         # DuckDB's memory limit (it spills to the cache dir beyond)
    read_only = true             # SQL may only read (the default); --allow-writes lifts it
    soft_wrap = false            # the SQL editor wraps long lines (Alt+Z toggles it)
    images = "auto"              # pictures in cells: auto | kitty | sixel | halfblock | off
    engine = "sc://host:15002"   # run on a Spark cluster through Spark Connect (default: DuckDB)
    token = "..."                # the Spark Connect token, if the cluster wants one
    [keys]                       # remap any key by its binding id (F1 lists them)
    "grid.sort_desc" = "D"

A broken or unknown setting is reported and ignored; the app always starts.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .paths import config_dir, data_dir

ENV_PREFIX = "FSDL_TUI_"
# `auto` picks Kitty's protocol, Sixel or half blocks by the terminal (images/terminal.py)
IMAGE_MODES = ("auto", "kitty", "sixel", "halfblock", "off")


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    page_rows: int = 128
    memory_limit: str | None = None
    read_only: bool = True  # user SQL may only read; --allow-writes lifts it
    soft_wrap: bool = False  # the SQL editor wraps long lines
    engine: str | None = None  # None or "duckdb": embedded DuckDB; "sc://...": Spark Connect
    token: str | None = None  # Spark Connect's token
    images: str = "auto"  # how pictures are drawn: auto | kitty | sixel | halfblock | off
    keys: dict[str, str] = field(default_factory=dict)


def config_path() -> Path:
    return Path(os.environ.get("FSDL_TUI_CONFIG") or config_dir() / "config.toml")


def ui_state_path() -> Path:
    """What the app remembers by itself (the last theme), apart from the user's config."""
    return data_dir() / "ui.json"


def _coerce(name: str, value: object, problems: list[str], origin: str) -> object:
    if name == "page_rows":
        try:
            rows = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            problems.append(f"{origin}: page_rows must be a number, not {value!r}")
            return None
        return max(16, min(rows, 10_000))
    if name in ("read_only", "soft_wrap"):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            return text in ("1", "true", "yes", "on")
        problems.append(f"{origin}: {name} must be true or false, not {value!r}")
        return None
    if name == "engine" and value not in (None, ""):
        text = str(value).strip()
        if text.lower() == "duckdb":
            return None
        if not text.startswith("sc://"):
            problems.append(f"{origin}: engine is 'duckdb' or a Spark Connect URL sc://host:port, "
                            f"not {value!r}")  # fmt: skip
            return None
        return text
    if name == "images":
        text = str(value).strip().lower()
        if text not in IMAGE_MODES:
            problems.append(f"{origin}: images is one of {', '.join(IMAGE_MODES)}, not {value!r}")
            return None
        return text
    if name == "keys":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            problems.append(f"{origin}: [keys] maps binding ids to key names")
            return None
        return {str(k): v for k, v in value.items()}
    return None if value in (None, "") else str(value)


def _apply(config: Config, values: dict, origin: str, problems: list[str]) -> Config:
    known = {f.name for f in fields(Config)}
    changes = {}
    for name, value in values.items():
        if name not in known:
            problems.append(f"{origin}: unknown setting {name!r}")
            continue
        coerced = _coerce(name, value, problems, origin)
        if coerced is not None:
            changes[name] = coerced
    return replace(config, **changes)


def load_config(cli: dict[str, object] | None = None) -> tuple[Config, list[str]]:
    """The settings in force, and one readable line per problem found."""
    config, problems = Config(), []
    remembered = _remembered_theme()
    if remembered:
        config = replace(config, theme=remembered)
    path = config_path()
    if path.is_file():
        try:
            config = _apply(config, tomllib.loads(path.read_text(encoding="utf-8")), str(path),
                            problems)  # fmt: skip
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
            problems.append(f"{path} is not valid TOML ({error}); using defaults")
    env = {
        f.name: os.environ[ENV_PREFIX + f.name.upper()]
        for f in fields(Config)
        if f.name != "keys" and ENV_PREFIX + f.name.upper() in os.environ
    }
    config = _apply(config, env, "environment", problems)
    config = _apply(config, {k: v for k, v in (cli or {}).items() if v is not None}, "command line",
                    problems)  # fmt: skip
    return config, problems


def _remembered_theme() -> str | None:
    try:
        return json.loads(ui_state_path().read_text(encoding="utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return None


def remember_theme(theme: str) -> None:
    """Save the theme picked in the app (atomically), for the next start."""
    from .atomic import write_atomic

    write_atomic(ui_state_path(), json.dumps({"theme": theme}))
