"""The app's message routing, a mixin per pane: intents to a controller, results to the store."""
