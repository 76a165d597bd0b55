"""`…` at a view's edge where text goes on beyond it: the grid and the lists that scroll
sideways say what they hide."""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from textual.strip import Strip


def mark_edges(data: Strip, left: bool, right: bool, width: int) -> Strip:
    """`data` (`width` cells) with its first and/or last cell replaced by `…` in that cell's
    style (a highlighted row stays highlighted)."""
    parts = []
    if left:
        first = data.crop(0, 1)
        style = next((seg.style for seg in first if seg.text), None)
        parts.append(Strip([Segment("…", style)]))
        data = data.crop(1, width)
    end = data.cell_length
    if right and end > 0:
        last = data.crop(end - 1, end)
        style = next((seg.style for seg in last if seg.text), None)
        parts.extend([data.crop(0, end - 1), Strip([Segment("…", style)])])
    else:
        parts.append(data)
    return Strip.join(parts)


def hidden_sides(spans: Iterable[tuple[int, int]], left: int, right: int) -> tuple[bool, bool]:
    """Whether any text span (start, end) reaches past the view [left, right) on the left and
    on the right."""
    past_left = past_right = False
    for start, end in spans:
        if end <= start:
            continue
        past_left = past_left or start < left
        past_right = past_right or end > right
    return past_left, past_right
