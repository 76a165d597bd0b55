"""A Spark Connect URL that reaches something else fails in seconds with one line."""

from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest

from fsdl_tui.headless import query_main

pytest.importorskip("pyspark", reason="needs pyspark: uv run --extra spark pytest")


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def foreign_grpc_port():
    """A real gRPC (HTTP/2) server that serves no Spark Connect service."""
    from concurrent import futures

    import grpc

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield port
    server.stop(grace=None)


def run_headless(port: int, tmp_path: Path) -> tuple[int, str, float]:
    (tmp_path / "t.csv").write_text("a\n1\n")
    err = io.StringIO()
    started = time.perf_counter()
    code = query_main(
        ["SELECT 1", str(tmp_path / "t.csv"), "--engine", f"sc://127.0.0.1:{port}"],
        io.StringIO(), err,
    )  # fmt: skip
    return code, err.getvalue(), time.perf_counter() - started


def test_a_port_that_never_answers_fails_within_the_deadline(silent_port, tmp_path) -> None:
    code, err, elapsed = run_headless(silent_port, tmp_path)
    assert code == 1
    assert elapsed < 15, elapsed
    assert err.count("\n") == 1 and "did not answer within" in err, err


def test_a_server_that_is_not_spark_is_one_line(foreign_grpc_port, tmp_path) -> None:
    code, err, elapsed = run_headless(foreign_grpc_port, tmp_path)
    assert code == 1
    assert elapsed < 15, elapsed
    assert err.startswith("fsdl-tui: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
