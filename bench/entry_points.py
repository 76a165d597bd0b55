"""Launch the ways a user starts fsdl-tui: `uv run fsdl-tui` in the checkout (the README's
command) and an `fsdl-tui` installed with `uv tool install .`, against the same floor as
`python -m fsdl_tui` (a fresh Python reading the first rows)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .cases import FIRST_ROW, Bench, Figure, launch_floor
from .terminal import Terminal

CHECKOUT = Path(__file__).resolve().parent.parent


def _first_rows(bench: Bench, command: list[str]) -> float:
    with Terminal(command, env=bench.env, cwd=bench.empty_dir) as term:
        return term.wait_for_since(FIRST_ROW, term.started, timeout=120)


def _install(bench: Bench, uv: str) -> Path:
    """This checkout installed as a uv tool into the bench's cache, afresh (the code changes
    between runs); returns its `fsdl-tui`."""
    tools = bench.cache / "uv-tools"
    env = {**os.environ, "UV_TOOL_DIR": str(tools / "envs"), "UV_TOOL_BIN_DIR": str(tools / "bin")}
    subprocess.run([uv, "tool", "install", "--force", "--reinstall-package", "fsdl-tui",
                    str(CHECKOUT)], env=env, check=True, capture_output=True)  # fmt: skip
    return tools / "bin" / "fsdl-tui"


def entry_points(bench: Bench, path: Path) -> list[Figure]:
    uv = shutil.which("uv")
    if uv is None:
        return []

    def floor() -> float:
        return bench.cold_python(launch_floor(f"read_parquet('{path}')"))

    via_uv = [uv, "run", "--project", str(CHECKOUT), "fsdl-tui", str(path)]
    uv_times, uv_floor = bench.paired(lambda: _first_rows(bench, via_uv), floor)
    installed = [str(_install(bench, uv)), str(path)]
    first = _first_rows(bench, installed)  # Python compiles the tool's bytecode on this one
    installed_times, installed_floor = bench.paired(lambda: _first_rows(bench, installed), floor)
    label = "launch → first rows, 10M-row Parquet"
    return [
        Figure(f"{label}, `uv run fsdl-tui`", uv_times, uv_floor,
               note="uv checks that the environment matches the lock file first"),
        Figure(f"{label}, installed `fsdl-tui` (uv tool install)", installed_times,
               installed_floor,
               note=f"its first launch after installing {first:.2f} s: Python compiles the "
                    "bytecode of what it imports then"),
    ]  # fmt: skip
