"""Work started in a thread at once, joined by a worker (`started_thread.StartedThread`)."""

from __future__ import annotations

import threading

import pytest

from fsdl_tui.started_thread import StartedThread


def test_work_runs_before_join_and_join_raises_what_it_raised() -> None:
    started = threading.Event()
    release = threading.Event()

    def work() -> None:
        started.set()
        release.wait(5)
        raise ValueError("from the work")

    thread = StartedThread(work, "test")
    assert started.wait(5)  # running before anyone joins
    release.set()
    with pytest.raises(ValueError, match="from the work"):
        thread.join()
