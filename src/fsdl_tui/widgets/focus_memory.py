"""A pane that gives focus back to where the user left it (F3 returns to the versions list the
user was in, not to the pane's first box)."""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Tabs


def focus_now(widget: Widget) -> None:
    """Focus `widget` now, not on the app's next turn (`Widget.focus` waits for it): keys
    already queued behind a priority key that moves the focus must reach the box it chose."""
    widget.screen.set_focus(widget)


class FocusMemory:
    """Mixed into a pane: `focus_default` focuses the box last focused in the pane while it is
    still there and shown, else `first_focus_target()`. Not a Widget itself: Textual takes a
    widget's default CSS from its first widget base (the pane's Horizontal/Vertical)."""

    _last_focused: Widget | None = None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_focused = event.widget

    def on_mount(self) -> None:
        # tab strips inside a pane are switched by their keys (v/p/m); as Tab stops they showed
        # no focus, so Tab moves between the pane's lists only
        for tabs in self.query(Tabs):  # type: ignore[attr-defined]
            tabs.can_focus = False

    def focus_default(self) -> None:
        """Focus now, not on the app's next turn (`Widget.focus` waits for it): keys already
        queued behind a pane switch must reach the pane switched to."""
        last = self._last_focused
        if last is not None and last.is_attached and last.display and last.visible:
            target = last
        else:
            target = self.first_focus_target()
        focus_now(target)

    def first_focus_target(self) -> Widget:
        raise NotImplementedError
