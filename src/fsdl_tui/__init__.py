"""fsdl-tui: a keyboard-driven terminal app for data management in ML projects."""

__version__ = "0.1.0"
