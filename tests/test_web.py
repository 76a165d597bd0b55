"""`fsdl-tui --web` serves the app to a browser on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_web_serves_the_app_page() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fsdl_tui", "--web", "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert "textual.js" in page and f"ws://127.0.0.1:{port}/ws" in page
        script = f"http://127.0.0.1:{port}/static/js/textual.js"
        with urllib.request.urlopen(script, timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
