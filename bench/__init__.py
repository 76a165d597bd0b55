"""fsdl-tui's benchmark: `uv run --group bench [--group peers] python -m bench`.

Every case runs the app in a real pseudo-terminal and times what a user sees, next to DuckDB's
own time for the same work measured in the same run (and harlequin/visidata when installed).
"""
