"""`fsdl-tui --web` serves the app only to whoever has the printed link, from its own page."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time

import aiohttp
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served():
    """A real `fsdl-tui --web` process: its base URL and its token, from the printed link."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fsdl_tui", "--web", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
        assert match, line
        base, token = match[1], match[2]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=10)


async def status(url: str, **kwargs) -> int:
    async with aiohttp.ClientSession() as session, session.get(url, **kwargs) as response:
        return response.status


async def ws_status(base: str, *, cookies: dict | None = None, origin: str | None = None) -> int:
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession(cookies=cookies) as session:
        try:
            async with session.ws_connect(f"{base}/ws?width=80&height=24", headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_everything_is_refused_without_the_token(served) -> None:
    base, token = served
    assert asyncio.run(status(f"{base}/")) == 403
    assert asyncio.run(status(f"{base}/?token=wrong-{token}")) == 403
    assert asyncio.run(status(f"{base}/static/js/textual.js")) == 403
    assert asyncio.run(ws_status(base, origin=base)) == 403


def test_the_link_opens_the_page_and_its_scripts(served) -> None:
    base, token = served

    async def visit() -> tuple[int, str, int]:
        # a browser keeps cookies for an IP address; aiohttp only when told to
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            async with session.get(f"{base}/?token={token}") as page:
                text = await page.text()
                code = page.status
            # the cookie the page set lets its own scripts load
            async with session.get(f"{base}/static/js/textual.js") as script:
                return code, text, script.status

    code, page, script = asyncio.run(visit())
    assert code == 200 and script == 200
    assert "textual.js" in page and f"{base.replace('http', 'ws')}/ws" in page


def test_the_websocket_refuses_other_origins(served) -> None:
    base, token = served
    cookies = {"fsdl_tui_token": token}
    assert asyncio.run(ws_status(base, cookies=cookies, origin="http://evil.example")) == 403
    assert asyncio.run(ws_status(base, cookies=cookies, origin="http://localhost:1")) == 403
    assert asyncio.run(ws_status(base, cookies=cookies)) == 403  # no Origin at all
    assert asyncio.run(ws_status(base, origin=base)) == 403  # right Origin, no token
    assert asyncio.run(ws_status(base, cookies=cookies, origin=base)) == 101


def test_a_non_loopback_host_is_warned_about() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fsdl_tui", "--web", "--port", str(port), "--host", "0.0.0.0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stderr is not None
        warning = server.stderr.readline()
        assert "warning: --host 0.0.0.0 serves the app beyond this machine" in warning
    finally:
        server.terminate()
        server.wait(timeout=10)
