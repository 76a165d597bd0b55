"""The footer of keys, rebuilt only when the keys it shows change.

Textual's Footer recomposes (unmounts and mounts every key, with their CSS) whenever the focus
moves, even when the keys stay the same: closing any prompt hands the focus back, and the
~60–90 ms of UI thread that cost delayed the rows the prompt asked for (Ctrl+G).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: Hashable | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._keys_shown(screen)
            if self._bindings_ready and shown == self._shown:
                return
            self._shown = shown  # Footer recomposes below
        super().bindings_changed(screen)

    def _keys_shown(self, screen: Screen) -> Hashable:
        """Everything `Footer.compose` reads from the bindings."""
        keys = []
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            group = binding.group and (binding.group.description, binding.group.compact)
            display = self.app.get_key_display(binding)
            keys.append((binding.key, display, binding.description, binding.action, binding.show,
                         enabled, tooltip, group))  # fmt: skip
        return (tuple(keys), self.show_command_palette, self.compact)
