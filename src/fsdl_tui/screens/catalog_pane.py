"""The Catalog pane: still to be built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

NOT_YET = """[b]Catalog pane — not in this build yet.[/b]

It will list the data-management tools of the course notes by category, searchable,
with details and whether each is installed here."""


class CatalogPane(Vertical, can_focus=True):
    def compose(self) -> ComposeResult:
        yield Static(NOT_YET, classes="pane-notice")
