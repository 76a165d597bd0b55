"""A program in a real pseudo-terminal, its screen emulated by pyte: what a user would see, timed.

A reader thread stamps every chunk the program writes with its arrival time; waiting feeds the
chunks to the emulated screen one by one and answers with the arrival time of the chunk that made
the screen show what was asked for — so pyte's own parsing (slow: ~2 MB/s) is not counted. Nor
does it compete with the program: chunks are fed only once the program has written nothing for
a moment (QUIET_S), and a timed key is sent only once what came before it is fed. On a 2-core
machine, emulating each frame as it came took ~0.1 s of CPU from a 0.2 s query, and the frames of
the keys before a timed one, fed after it, slowed a 40 ms DuckDB query to 60-75 ms (its two
threads had one core) — a real terminal runs on the user's side of the SSH link.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import threading
import time
from collections import deque
from pathlib import Path

import pyte
from wcwidth import wcwidth

QUIET_S = 0.03  # no output for this long: the program is waiting; emulate what it wrote
MOST_DEFERRED_S = 1.0  # a program that never pauses (an animation) is emulated after this

KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pagedown": "\x1b[6~",
    "pageup": "\x1b[5~",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f5": "\x1b[15~",
    "ctrl+g": "\x07",
    "ctrl+j": "\n",
    "ctrl+q": "\x11",
    "ctrl+r": "\x12",
}


class Terminal:
    """`command` running in a pty of `cols` x `rows`; read the screen, send keys, time both."""

    def __init__(
        self,
        command: list[str],
        *,
        cols: int = 120,
        rows: int = 35,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._chunks: deque[tuple[float, bytes]] = deque()
        self._arrived = threading.Condition()
        self._screen_lock = threading.Lock()
        self._lines: list[str] = []
        self.started = time.perf_counter()
        size = struct.pack("HHHH", rows, cols, 0, 0)
        pid, fd = pty.fork()
        if pid == 0:  # the child: the program, with the pty as its terminal
            fcntl.ioctl(0, termios.TIOCSWINSZ, size)
            if cwd is not None:
                os.chdir(cwd)
            os.execvpe(command[0], command, {**os.environ, **(env or {}), "TERM": "xterm-256color",
                                            "COLUMNS": str(cols), "LINES": str(rows)})  # fmt: skip
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, size)
        self._alive = True
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while self._alive:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not data:
                break
            with self._arrived:
                self._chunks.append((time.perf_counter(), data))
                self._arrived.notify_all()
        self._alive = False
        with self._arrived:
            self._arrived.notify_all()

    def _next_chunk(self, timeout: float) -> float | None:
        """Feed the next chunk to the screen (waiting up to `timeout` for one, and then for
        the program to pause); its arrival."""
        with self._arrived:
            if not self._chunks and self._alive:
                self._arrived.wait(timeout)
            if not self._chunks:
                return None
            deadline = self._chunks[0][0] + MOST_DEFERRED_S
            while self._alive and time.perf_counter() < deadline:
                quiet_for = time.perf_counter() - self._chunks[-1][0]
                if quiet_for >= QUIET_S:
                    break
                self._arrived.wait(QUIET_S - quiet_for)
            arrived, data = self._chunks.popleft()
        with self._screen_lock:
            self._stream.feed(data)
        return arrived

    def _display(self) -> str:
        """The screen's text; only the lines the last chunks changed are made again."""
        with self._screen_lock:
            screen = self.screen
            if len(self._lines) != screen.lines:
                self._lines = list(screen.display)
            else:
                for y in screen.dirty:
                    if y < screen.lines:
                        self._lines[y] = _line_text(screen, y)
            screen.dirty.clear()
            return "\n".join(self._lines)

    def text(self) -> str:
        """The screen as it is now (everything written so far fed in)."""
        while self._next_chunk(0) is not None:
            pass
        return self._display()

    def wait_for(self, pattern: str, timeout: float = 60.0) -> float:
        """Seconds until the screen matches `pattern` (a regex), from now."""
        return self.wait_for_since(pattern, time.perf_counter(), timeout)

    def wait_for_since(self, pattern: str, start: float, timeout: float = 60.0) -> float:
        """Seconds from `start` to the arrival of the output that made the screen match."""
        regex = re.compile(pattern)
        if regex.search(self._display()):
            return 0.0
        deadline = start + timeout
        while time.perf_counter() < deadline:
            arrived = self._next_chunk(0.05)
            if arrived is not None and regex.search(self._display()):
                return max(arrived - start, 0.0)
            if arrived is None and not self._alive:
                break
        raise TimeoutError(f"{pattern!r} not on screen after {timeout}s:\n{self._display()}")

    def wait_for_change(self, before: str, start: float, timeout: float = 30.0) -> float:
        """Seconds from `start` to the output that made the screen differ from `before`."""
        deadline = start + timeout
        while time.perf_counter() < deadline:
            arrived = self._next_chunk(0.05)
            if arrived is not None and self._display() != before:
                return max(arrived - start, 0.0)
            if arrived is None and not self._alive:
                break
        raise TimeoutError("the screen did not change")

    def press(self, *keys: str) -> float:
        """Send keys (names from KEYS, or text); returns the time the last one was sent."""
        for key in keys:
            os.write(self.fd, KEYS.get(key, key).encode())
        return time.perf_counter()

    def type(self, text: str, delay: float = 0.0) -> None:
        for char in text:
            os.write(self.fd, char.encode())
            if delay:
                time.sleep(delay)

    def press_and_wait(self, key: str, pattern: str, timeout: float = 60.0) -> float:
        """Seconds from sending `key` to the screen matching `pattern` (what came before it
        emulated first: the emulator takes no core from the program while it is timed)."""
        self.text()
        sent = self.press(key)
        return self.wait_for_since(pattern, sent, timeout)

    def wait_until_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> float:
        """Wait until the program (and its children) used under a tenth of a core for `quiet`
        seconds: its start-up work done, as a user reading the first screen lets it finish.
        Returns the seconds waited."""
        start = time.perf_counter()
        clock = os.sysconf("SC_CLK_TCK")
        window: deque[tuple[float, int]] = deque([(start, self.cpu_ticks())])
        while time.perf_counter() - start < timeout:
            time.sleep(0.05)
            now, ticks = time.perf_counter(), self.cpu_ticks()
            window.append((now, ticks))
            while now - window[0][0] > quiet:
                oldest = window.popleft()
                if (ticks - oldest[1]) / clock < 0.1 * (now - oldest[0]):
                    return now - start
        return time.perf_counter() - start

    def cpu_ticks(self) -> int:
        """User and system CPU time of the program and its children, in clock ticks."""
        return sum(_cpu_ticks(pid) for pid in [self.pid, *_children(self.pid)])

    def rss_mb(self, field: str = "VmRSS") -> float:
        """Resident memory of the program and its children, in MiB (`RssAnon`: without the
        pages of memory-mapped files, which the kernel can drop at any time)."""
        return sum(_rss_kb(pid, field) for pid in [self.pid, *_children(self.pid)]) / 1024

    def close(self) -> None:
        self._alive = False
        try:
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(50):
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _cpu_ticks(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            for child in children:
                found += [int(child), *_children(int(child))]
    except OSError:
        pass
    return found


def _line_text(screen: pyte.Screen, y: int) -> str:
    """Line `y` as `pyte.Screen.display` makes it (a wide character's stub skipped)."""
    line, chars, wide = screen.buffer[y], [], False
    for x in range(screen.columns):
        if wide:
            wide = False
            continue
        char = line[x].data
        wide = wcwidth(char[0]) == 2
        chars.append(char)
    return "".join(chars)
