"""`fsdl-tui --web`: the app in a browser, locked like Jupyter.

textual-serve runs the app for each page load and relays keys over a websocket. Anyone who can
reach that websocket types into the app, so:
- a random secret token is in the printed link; the page that opens with it sets an HttpOnly,
  SameSite=Strict cookie, and every request (page, static files, websocket, downloads) without
  the token or that cookie gets HTTP 403;
- the websocket is refused for any `Origin` other than the page's own (another web page the user
  visits cannot drive the app even with the cookie);
- it listens on 127.0.0.1 unless `--host` says otherwise, and warns for a non-loopback address.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp import web

COOKIE = "fsdl_tui_token"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed(request: web.Request, token: str) -> str | None:
    """Why `request` is refused, or None when it may pass."""
    given = request.query.get("token") or request.cookies.get(COOKIE) or ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        return "a valid token is required: open the link fsdl-tui printed"
    if request.path == "/ws":
        origin = request.headers.get("Origin")
        if origin is None or urlsplit(origin).netloc.lower() != request.host.lower():
            return "the websocket is served only to the page's own origin"
    return None


def token_middleware(token: str):
    from aiohttp import web

    @web.middleware
    async def guard(request: web.Request, handler):
        reason = allowed(request, token)
        if reason is not None:
            raise web.HTTPForbidden(text=f"403 Forbidden: {reason}\n")
        response = await handler(request)
        if request.query.get("token") and isinstance(response, web.StreamResponse):
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return guard


def make_server(command: str, host: str, port: int, token: str):
    """A textual-serve Server with the guard in front of every route."""
    from textual_serve.server import Server

    class GuardedServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(token_middleware(token))
            return app

    # the page's own address: the cookie set for it goes along with its websocket
    return GuardedServer(
        command, host=host, port=port, title="fsdl-tui", public_url=base_url(host, port)
    )


def base_url(host: str, port: int) -> str:
    return f"http://{url_host(host)}:{port}"


def new_token() -> str:
    return secrets.token_urlsafe(24)
