"""App state files written atomically: a temporary file beside the target, fsynced, renamed.

A failed write (a full disk, a read-only folder) raises `StateWriteError` with a readable
message and leaves no temporary file behind; temporary files a killed process left are removed
the next time the state is written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from .engine.base import EngineError

STALE_TEMP_S = 60.0


class StateWriteError(EngineError):
    title = "Cannot save"


def write_atomic(target: Path, text: str) -> None:
    """Replace `target` with `text`, all or nothing. Raises StateWriteError."""
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f"{target.name}.",
                                             suffix=".tmp")  # fmt: skip
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise StateWriteError(f"{target} was not saved: {reason}") from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def remove_stale_temps(target: Path) -> None:
    """Delete `target`'s temporary files older than a minute (left by a killed process)."""
    cutoff = time.time() - STALE_TEMP_S
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f"{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
