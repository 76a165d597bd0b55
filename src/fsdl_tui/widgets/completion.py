"""SQL completion: which words fit what is typed, and the popup that offers them."""

from __future__ import annotations

import re

from rich.text import Text
from textual.geometry import Region
from textual.widgets import OptionList
from textual.widgets.option_list import Option

WORD_BEFORE_CURSOR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
KIND_ORDER = {"table": 0, "view": 0, "column": 1, "function": 2, "keyword": 3}
MAX_SHOWN = 12


def word_before(line: str, column: int) -> str:
    match = WORD_BEFORE_CURSOR.search(line[:column])
    return match.group(0) if match else ""


def complete(prefix: str, words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Words starting with `prefix` (any case), tables and columns first; then tables and
    columns containing it."""
    if len(prefix) < 2:
        return []
    low = prefix.lower()
    starts = [(w, k) for w, k in words if w.lower().startswith(low) and w.lower() != low]
    contains = [
        (w, k)
        for w, k in words
        if k in ("table", "view", "column") and low in w.lower() and not w.lower().startswith(low)
    ]
    starts.sort(key=lambda wk: (KIND_ORDER.get(wk[1], 9), len(wk[0]), wk[0].lower()))
    contains.sort(key=lambda wk: (KIND_ORDER.get(wk[1], 9), len(wk[0]), wk[0].lower()))
    return (starts + contains)[:MAX_SHOWN]


POPUP_WIDTH = 44
POPUP_HEIGHT = 12  # its max-height


class CompletionPopup(OptionList):
    """Floats under the editor's cursor; the editor drives it (it never takes focus)."""

    DEFAULT_CSS = """
    CompletionPopup {
        overlay: screen; position: absolute; display: none; max-height: 12;
        border: round $accent; background: $surface; padding: 0;
    }
    """
    can_focus = False

    def offer(self, candidates: list[tuple[str, str]], x: int, y: int, within: Region) -> None:
        """Show `candidates` at (x, y) on screen, inside `within` (the editor's region, its
        border excluded) from left to right, and inside the screen from top to bottom."""
        self.clear_options()
        for word, kind in candidates:
            self.add_option(Option(Text.assemble(word, (f"  {kind}", "dim")), id=word))
        self.highlighted = 0
        screen = self.screen.size
        width = min(POPUP_WIDTH, within.width)
        height = min(len(candidates) + 2, POPUP_HEIGHT)
        self.styles.width = width
        x = max(within.x, min(x, within.right - width))
        if y + height > screen.height:
            y = max(0, y - height - 1)
        origin = self.parent.content_region.offset if self.parent is not None else None
        dx, dy = (origin.x, origin.y) if origin is not None else (0, 0)
        self.styles.offset = (x - dx, y - dy)  # (x, y) is on screen; offsets are container's
        self.display = True

    def hide(self) -> None:
        self.display = False

    @property
    def choice(self) -> str | None:
        if not self.display or self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
