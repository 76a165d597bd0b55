"""The panes of the main screen, and the dialogs pushed over them."""
