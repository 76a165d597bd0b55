"""The SQL editor: a TextArea with SQL highlighting and completion of the data plane's words."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import TextArea

from .completion import CompletionPopup, complete, word_before


class SqlEditor(TextArea):
    """Tab moves focus on (the editor is one stop among the pane's widgets), except while
    completions are offered: then Tab or Enter takes one, ↑/↓ choose, Esc dismisses."""

    BINDINGS = [
        Binding("alt+z", "toggle_soft_wrap", "Wrap lines", show=False, id="editor.soft_wrap"),
    ]

    def __init__(self, text: str = "", *, id: str | None = None, soft_wrap: bool = False) -> None:
        # no language yet: building the SQL highlighter takes 40-60 ms of the UI thread, which
        # the first screen does not wait for (`highlight()` turns it on)
        super().__init__(
            text,
            id=id,
            show_line_numbers=True,
            soft_wrap=soft_wrap,
            tab_behavior="focus",
        )
        self.words: list[tuple[str, str]] = []
        self._pending_typed_edits = 0  # typed edits whose Changed message has not arrived yet

    def action_toggle_soft_wrap(self) -> None:
        """Alt+Z: long lines wrap at the editor's width, or scroll sideways (80 columns leave
        the editor ~40)."""
        self.soft_wrap = not self.soft_wrap

    def highlight(self) -> None:
        self.language = "sql"

    def set_sql(self, sql: str) -> None:
        """Replace the whole text as one edit: Ctrl+Z brings the previous SQL back, and it
        costs <1 ms where `load_text` rebuilds the highlighter (20-45 ms of the UI thread)."""
        self.replace(sql, self.document.start, self.document.end, maintain_selection_offset=False)
        self.move_cursor((0, 0))

    @property
    def popup(self) -> CompletionPopup:
        return self.screen.query_one(CompletionPopup)

    def sql_to_run(self) -> str:
        """The selection if there is one, else the whole buffer."""
        return self.selected_text.strip() or self.text.strip()

    def _prefix(self) -> str:
        row, column = self.cursor_location
        return word_before(self.document.get_line(row), column)

    async def _on_key(self, event: events.Key) -> None:
        popup = self.popup
        if popup.display:
            if event.key in ("tab", "enter"):
                event.prevent_default()
                event.stop()
                self._accept()
                return
            if event.key in ("down", "up"):
                event.prevent_default()
                event.stop()
                popup.action_cursor_down() if event.key == "down" else popup.action_cursor_up()
                return
            if event.key == "escape":
                event.prevent_default()
                event.stop()
                popup.hide()
                return
        if event.is_printable or event.key == "backspace":
            self._pending_typed_edits += 1
        await super()._on_key(event)

    def _accept(self) -> None:
        choice = self.popup.choice
        prefix = self._prefix()
        self.popup.hide()
        if choice and prefix:
            row, column = self.cursor_location
            self.replace(choice, (row, column - len(prefix)), (row, column))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Offer completions while the user types a word (not when text is loaded)."""
        if not self._pending_typed_edits:
            self.popup.hide()  # text loaded by the app, not typed
            return
        self._pending_typed_edits -= 1
        if self._pending_typed_edits:
            return  # more typed keys are on their way: offer once they have landed
        candidates = complete(self._prefix(), self.words)
        if not candidates:
            self.popup.hide()
            return
        x, y = self.cursor_screen_offset
        self.popup.offer(candidates, x, y + 1, self.region.shrink(self.styles.gutter))

    def on_blur(self) -> None:
        self.popup.hide()
