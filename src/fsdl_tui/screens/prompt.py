"""Questions: `ask` puts one on the screen's prompt bar (a dialog on screens without one);
long questions wrap (nothing is cut at 80 columns). ConfirmScreen asks yes or no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label

from ..widgets.prompt_bar import Answered, PromptBar, Submitted


def ask(
    asker: Widget,
    question: str,
    on_answer: Answered,
    *,
    placeholder: str = "",
    on_submit: Submitted | None = None,
) -> None:
    """Ask on the bottom lines of `asker`'s screen; `on_answer` gets the answer or None."""
    try:
        bar = asker.screen.query_one(PromptBar)
    except NoMatches:
        dialog = PromptScreen(question, placeholder=placeholder, on_submit=on_submit)
        asker.app.push_screen(dialog, on_answer)
        return
    bar.ask(question, on_answer, placeholder=placeholder, on_submit=on_submit)


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 60; max-width: 100%; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    PromptScreen Label { color: $text-muted; width: 100%; }
    """

    def __init__(
        self,
        question: str,
        *,
        placeholder: str = "",
        on_submit: Submitted | None = None,
    ) -> None:
        """`on_submit` gets the answer before the prompt closes (the screen underneath repaints
        as it closes: work started first overlaps with that, e.g. fetching a row's block)."""
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.on_submit = on_submit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Input(placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.on_submit is not None and event.value:
            self.on_submit(event.value)
        self.dismiss(event.value or None)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


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
