"""Open a URL in a graphical browser when there is one on this machine's screen.

Over SSH, or with no display, nothing is started (a console browser would take over the
terminal): the caller copies the URL with OSC 52 instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def has_local_display() -> bool:
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """True when a graphical browser was asked to open `url`."""
    if not has_local_display():
        return False
    if sys.platform == "win32":
        os.startfile(url)  # type: ignore[attr-defined]
        return True
    opener = "open" if sys.platform == "darwin" else shutil.which("xdg-open")
    if not opener:
        return False
    subprocess.Popen(
        [opener, url],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return True
