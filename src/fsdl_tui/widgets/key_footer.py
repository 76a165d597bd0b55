"""The footer of keys: one widget drawing one line, redrawn only when the keys it shows change.

Textual's Footer is a widget per key, each with its CSS; it rebuilt them all whenever the focus
moved, even to show the same keys (closing any prompt hands the focus back: ~80 ms of the UI
thread while Ctrl+G's rows were fetched), and mounting them was ~45 ms of every launch. This
draws the same line — each key and what it does, the command palette's key at the right — and
a click on a key presses it, as there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class ShownKey:
    key: str  # what a click presses
    display: str  # how it is written (`^s`)
    description: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--separator",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--separator { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[ShownKey, ...] | None = None
        self._palette: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []  # where each key was drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        keys, palette = self._shown_keys()
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _shown_keys(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The keys the focused widget and its ancestors offer (one per action, as Textual's
        Footer shows them), and the command palette's."""
        app = self.app
        seen: set[str] = set()
        keys = []
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            shown = ShownKey(binding.key, app.get_key_display(binding), binding.description,
                             enabled)  # fmt: skip
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = shown
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append(shown)
        return tuple(keys), palette

    def _current(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        if self._keys is None:  # drawn before the first bindings signal
            self._keys, self._palette = self._shown_keys()
        return self._keys, self._palette

    def render(self) -> Text:
        keys, palette = self._current()
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        width = self.size.width
        right = Text()
        if palette is not None:
            separator = self.get_component_rich_style("key-footer--separator")
            right.append("▏", separator)  # in place of the key's left padding, as Textual
            right.append(f"{palette.display} ", key_style)
            right.append(f"{palette.description} ", description_style)
        room = max(width - right.cell_len, 0)
        line = Text()
        self._spans = []
        for shown in keys:
            start = line.cell_len
            dim = Style(dim=not shown.enabled)  # a key whose action is off just now
            line.append(f" {shown.display} ", key_style + dim)
            if shown.description:
                line.append(f"{shown.description} ", description_style + dim)
            self._spans.append((start, line.cell_len, shown))
        if line.cell_len > room:  # cut to fit, and said so
            line.truncate(room, overflow="ellipsis")
        line.pad_right(room - line.cell_len)
        if palette is not None:
            self._spans.append((room, width, palette))
        return line + right

    def on_click(self, event: events.Click) -> None:
        for start, end, shown in self._spans:
            if start <= event.x < end:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return

    @property
    def keys_shown(self) -> tuple[str, ...]:
        """What the footer says each key does, left to right (the palette's last)."""
        keys, palette = self._current()
        shown = [k.description for k in keys]
        return (*shown, palette.description) if palette is not None else tuple(shown)
