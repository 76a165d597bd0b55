"""The SQL editor: a TextArea with SQL highlighting."""

from __future__ import annotations

from textual.widgets import TextArea


class SqlEditor(TextArea):
    """Tab moves focus on (the editor is one stop among the pane's widgets)."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            text,
            language="sql",
            id=id,
            show_line_numbers=True,
            soft_wrap=False,
            tab_behavior="focus",
        )

    def sql_to_run(self) -> str:
        """The selection if there is one, else the whole buffer."""
        return self.selected_text.strip() or self.text.strip()
