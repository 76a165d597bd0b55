"""The DVC pane. Its version history, time travel and data diff are still to be built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

NOT_YET = """[b]DVC pane — not in this build yet.[/b]

It will list the datasets a DVC repo tracks, their versions across git commits and tags,
open any past version as a SQL table, and diff two versions.

Until then, use the Data pane (F2) on the files of your workspace."""


class DvcPane(Vertical, can_focus=True):
    def focus_default(self) -> None:
        self.focus()

    def compose(self) -> ComposeResult:
        yield Static(NOT_YET, classes="pane-notice")
