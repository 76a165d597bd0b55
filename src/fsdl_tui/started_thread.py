"""Work started in a thread at once, for a Textual worker to wait on.

A thread worker's thread starts only once the handler that asked for it has returned and the
event loop comes round to the worker's task — here 15–25 ms later, after the screen's refresh
(and fighting it for the GIL while DuckDB could have been running without it). Started here,
the work runs at once; the worker that joins it keeps its errors and lifetime as the app sees
them (the app's error reports, tests waiting for workers, exit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class StartedThread:
    """`work` running in a daemon thread from the moment this is made; `join` waits for it and
    raises what it raised."""

    def __init__(self, work: Callable[[], object], name: str) -> None:
        self._work = work
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as error:  # handed to the joining worker
            self._error = error

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error
