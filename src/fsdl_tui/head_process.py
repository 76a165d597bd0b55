"""A Parquet dataset's head read in a child process while the app's own process starts.

On 2 cores the launch was bound by the GIL, not by the cores: DuckDB's import (~0.15–0.2 s)
and Textual's (~0.3–0.4 s) hold it, so a head read by a thread of the app's process put
DuckDB's import before the first frame. A child has a GIL of its own and runs on the other
core: it imports DuckDB and reads the head (`parquet_head`, ~0.35 s) while the app's process
imports Textual and composes the screen; the app's process imports DuckDB after the first
frame, for the engine. What the child found at the target (a folder's walk) comes back too.

The child is this process's Python with `-P`: the working directory (a cloned repository's,
say) is not on its import path, so a `duckdb.py` there is not run. It gets the target as an
argument and writes one pickle of plain values to a pipe; its stderr goes nowhere (the
terminal is Textual's). Any failure — no Python to run, a crash, a timeout — means no head,
and the engine's rows come as they would without one. On one core there is no other core: the
child's own start and its DuckDB import only add to the launch (1.25 → 1.35 s pinned to one
core here), so the engine reads the first rows in-process, as without a child.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine.discovery import Found
    from .text_head import TextHead

CHILD_TIMEOUT_S = 60.0  # a head is bounded work (≤ 1,000 files, 201 rows); a stalled disk is not
CHILD_CODE = "from fsdl_tui.head_process import child; child()"
CGROUP = Path("/sys/fs/cgroup")  # where a container's CPU quota is read


def has_spare_core() -> bool:
    """Whether this process may run on more than one core: its affinity (`taskset`, a
    cpuset) and a container's CPU quota (a pod limited to one CPU on a big machine) may allow
    fewer than the machine has."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    quota = cgroup_cpus()
    return cores > 1 and (quota is None or quota >= 2)


def cgroup_cpus(root: Path = CGROUP) -> float | None:
    """The CPUs a container's quota allows (None: no quota, or none readable): cgroup v2's
    `cpu.max` ("quota period", or "max"), else v1's `cpu.cfs_quota_us` (-1: none) over its
    period."""
    try:
        if (root / "cpu.max").exists():
            quota, _, period = (root / "cpu.max").read_text().partition(" ")
            return None if quota == "max" else int(quota) / int(period)
        v1 = root / "cpu"
        quota_us = int((v1 / "cpu.cfs_quota_us").read_text())
        period_us = int((v1 / "cpu.cfs_period_us").read_text())
        return None if quota_us <= 0 else quota_us / period_us
    except (OSError, ValueError, ZeroDivisionError):
        return None


def may_have_parquet_head(target: str) -> bool:
    """Whether `target` may name a local Parquet dataset: a Parquet file, a folder or a glob
    (what is in them is for the child to find)."""
    if "://" in target:
        return False
    if any(ch in target for ch in "*?["):
        return True
    from .engine.discovery import file_kind

    path = Path(target).expanduser()
    try:
        return path.is_dir() or (file_kind(path) == "parquet" and path.is_file())
    except OSError:  # a name too long, say: opening it reports the problem
        return False


class HeadProcess:
    """The child reading `target`'s head, started when this is made."""

    def __init__(self, target: str) -> None:
        self.target = target
        try:
            self._child: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-P", "-c", CHILD_CODE, target],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):  # no interpreter to run (an embedded Python, say)
            self._child = None
        else:  # the app quit before the head was in (a folder's long walk): not left running
            atexit.register(self.stop)

    def result(self, timeout: float = CHILD_TIMEOUT_S) -> tuple[Found | None, TextHead | None]:
        """What the child found at the target and the head (waiting for it); (None, None) when
        it failed."""
        child = self._child
        if child is None:
            return None, None
        try:
            out, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            return None, None
        finally:
            atexit.unregister(self.stop)
        if child.returncode != 0:
            return None, None
        return _unpickled(out)

    def stop(self) -> None:
        """End the child (the head is no longer wanted); `result` then gives no head."""
        if self._child is not None and self._child.poll() is None:
            self._child.kill()


def _unpickled(out: bytes) -> tuple[Found | None, TextHead | None]:
    from .engine.discovery import Found
    from .text_head import TextHead

    try:
        found, head = pickle.loads(out)  # our own child's: plain values read from the file
    except Exception:  # cut short: no head
        return None, None
    if not isinstance(found, Found | None) or not isinstance(head, TextHead | None):
        return None, None
    return found, head


def child() -> None:
    """In the child: find the target (`sys.argv[1]`), read its head, write both (DuckDB is
    imported only when there can be a head: a folder of 10,000 files comes back sooner)."""
    from .parquet_head import find_quietly, head_files, read_parquet_head

    found = find_quietly(sys.argv[1])
    head = None
    if found is not None and head_files(found) is not None:
        from .engine.duckdb_connect import connect

        with connect() as connection:
            head = read_parquet_head(connection, found)
    sys.stdout.buffer.write(pickle.dumps((found, head)))
