"""Keys typed just before a priority key: Textual handles a priority binding as its key arrives,
while the keys before it may still wait in the focused box's own queue (typed fast, pasted as
keys, sent by a script). What such a key does with the box's content waits for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App


def after_typed_keys(app: App, callback: Callable[..., Any], *args: Any) -> None:
    """Call `callback(*args)` once the focused widget has handled every key sent before now."""
    focused = app.focused
    if focused is None:
        callback(*args)
    else:
        focused.call_later(callback, *args)
