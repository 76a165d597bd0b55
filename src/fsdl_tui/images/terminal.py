"""How this terminal draws pictures: Kitty's graphics protocol, Sixel or Unicode half blocks.

`auto` decides from the environment alone (asking the terminal costs a round trip at every
launch and can swallow a keystroke): Kitty and Ghostty speak Kitty's protocol with the Unicode
placeholders Textual needs; WezTerm, iTerm2, Konsole, foot, mlterm and contour draw Sixel;
tmux, screen, the browser (`--web`) and every other terminal get half blocks, which draw
everywhere. `images = kitty|sixel` in the config (or `FSDL_TUI_IMAGES`) forces a protocol.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

GRAPHICS = ("kitty", "sixel")
SIXEL_TERMS = ("foot", "foot-extra", "mlterm", "contour", "yaft-256color")
SIXEL_PROGRAMS = ("WezTerm", "iTerm.app")


def _in_browser(env: Mapping[str, str]) -> bool:
    return env.get("TERM_PROGRAM") == "textual" or "WebDriver" in env.get("TEXTUAL_DRIVER", "")


def choose_mode(setting: str, env: Mapping[str, str] | None = None) -> str:
    """`kitty`, `sixel`, `halfblock` or `off` for the `images` setting in this environment."""
    env = os.environ if env is None else env
    if setting == "off":
        return "off"
    if _in_browser(env):  # textual-serve's page draws colours, not terminal graphics
        return "halfblock"
    if setting != "auto":
        return setting
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if env.get("TMUX") or term.startswith(("screen", "tmux")):
        return "halfblock"  # tmux passes neither protocol through by default
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty" or program == "ghostty":
        return "kitty"
    if program in SIXEL_PROGRAMS or term in SIXEL_TERMS or env.get("KONSOLE_VERSION"):
        return "sixel"
    return "halfblock"


def prepare(mode: str) -> str:
    """Ready the drawing library before the app starts (it asks the terminal for its cell size
    in pixels, which cannot be done once Textual reads the keyboard); the mode in force —
    half blocks when the library cannot be loaded."""
    if mode not in GRAPHICS:
        return mode
    try:
        import textual_image.widget  # noqa: F401  (the import asks the terminal)
    except Exception as error:  # a missing or broken install: draw as every terminal can
        print(f"fsdl-tui: images drawn with half blocks ({error})", file=sys.stderr)
        return "halfblock"
    return mode
