"""Keys typed just before a priority key: Textual handles a priority binding as its key arrives,
while the keys before it may still wait in the focused box's own queue (typed fast, pasted as
keys, sent by a script). What such a key does with the box's content waits for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input


def after_typed_keys(app: App, callback: Callable[..., Any], *args: Any) -> None:
    """Call `callback(*args)` once the focused widget has handled every key sent before now."""
    focused = app.focused
    if focused is None:
        callback(*args)
    else:
        focused.call_later(callback, *args)


class KeysBehindAQuestion:
    """Keys typed right behind a key that asks a question (W, C: a fast typist, a script):
    Textual sent them to the box focused as they arrived, before the question's text box took
    the focus, and they reach the app unhandled. Here they go to the question instead, in the
    order they came: text is typed into it; another key (Enter) is pressed again once the text
    before it is in."""

    def __init__(self) -> None:
        self._box: Input | None = None  # the text box keys went on to
        self._pending = 0  # keys sent on that the box has not had yet
        self._pressed: list[events.Key] = []  # pressed again: back here, the bindings take them

    def send_on(self, app: App, event: events.Key) -> bool:
        """Whether `event` went on to the focused text box (the caller stops it here)."""
        for index, pressed in enumerate(self._pressed):
            if pressed is event:
                del self._pressed[index]
                return False
        box = app.focused
        if box is not self._box:
            self._box, self._pending, self._pressed = None, 0, []
        # a text box types its own text keys: text reaching the app was sent elsewhere
        if not isinstance(box, Input) or not (event.is_printable or self._pending):
            return False
        self._box = box
        self._pending += 1
        key = events.Key(event.key, event.character)
        if key.is_printable:
            box.post_message(key)
            box.call_later(self._handled)
        else:
            self._pressed.append(key)
            box.call_later(self._press, app, key)
        return True

    def _handled(self) -> None:
        self._pending = max(self._pending - 1, 0)

    def _press(self, app: App, key: events.Key) -> None:
        self._handled()
        app.post_message(key)  # as if pressed now: the app sends it to the focused box
