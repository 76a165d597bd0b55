"""The app's own screen: the panes are composed on it, and it is styled once at the launch.

Textual restyles a screen's every widget each time it is shown again (a dialog closed, say: the
styles may have changed meanwhile). It does so the first time too, right after mounting, when
each widget was styled as it was mounted and nothing has changed since: ~35 ms of the UI thread
(2 cores) before the first frame, a sixth of its work. Later resumes restyle as before.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class FirstScreen(Screen[None]):
    _shown = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual's handler for the same event runs after this one (handlers are dispatched
        # along the class hierarchy, this class first) and reads the flag
        if not self._shown:
            self._shown = True
            event.refresh_styles = False
