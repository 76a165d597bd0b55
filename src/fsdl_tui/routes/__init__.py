"""The app's message routing, a mixin per pane: intents to a controller, results to the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

# what a route mixin derives from: the App it becomes part of, for type checkers only (at run
# time a plain class, so that FsdlApp has one App base)
AppBase = App[None] if TYPE_CHECKING else object
