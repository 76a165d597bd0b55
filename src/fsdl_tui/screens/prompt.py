"""Questions: `ask` puts one on the main screen's prompt bar (long questions wrap: nothing is
cut at 80 columns); ConfirmScreen asks yes or no in a dialog."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label

from ..widgets.prompt_bar import Answered, Changed, PromptBar, Submitted


def ask(
    asker: Widget,
    question: str,
    on_answer: Answered,
    *,
    placeholder: str = "",
    on_submit: Submitted | None = None,
    on_change: Changed | None = None,
) -> None:
    """Ask on the bottom lines of `asker`'s screen (the main one: panes ask, dialogs do not);
    `on_answer` gets the answer or None."""
    bar = asker.screen.query_one(PromptBar)
    bar.ask(question, on_answer, placeholder=placeholder, on_submit=on_submit, on_change=on_change)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: Y or Enter for yes, N or Esc for no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 70; max-width: 100%; height: auto; padding: 1 2;
        border: round $warning; background: $surface;
    }
    ConfirmScreen Label { width: 100%; }
    ConfirmScreen #confirm-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Label("Y / Enter: yes    N / Esc: no", id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
