"""A question asked on the bottom lines of the screen, over the status line and the keys.

A dialog is a screen of its own: opening and closing it repaints the whole screen twice (~0.1 s
at 120×35 on 2 cores, while the answer's rows load). The bar is on a layer of its own, so only
its lines are drawn, and what it covered comes back from the widgets' cached lines. It closes
when answered, on Esc, or when the focus leaves it (a click elsewhere); the pane keys wait.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import DescendantBlur
from textual.widget import Widget
from textual.widgets import Input, Label

from .focus_memory import focus_now

Answered = Callable[[str | None], None]
# What `on_submit` may return: call it with a function, and it calls that once the answer's
# effect is ready to be drawn (a jump's rows read): the bar closes then, in the same repaint.
WhenReady = Callable[[Callable[[], None]], None]
Submitted = Callable[[str], WhenReady | None]
Changed = Callable[[str], None]


class PromptBar(Vertical):
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = """
    PromptBar {
        layer: prompt; dock: bottom; height: auto; display: none;
        background: $surface; border-top: round $accent; padding: 0 1;
    }
    PromptBar Label { color: $text-muted; width: 100%; }
    PromptBar Input { border: none; height: 1; padding: 0; background: $surface; }
    PromptBar Input:focus { border: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._on_submit: Submitted | None = None
        self._on_answer: Answered | None = None
        self._on_change: Changed | None = None
        self._return_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Label()
        yield Input()

    @property
    def asking(self) -> bool:
        return self._on_answer is not None

    def ask(
        self,
        question: str,
        on_answer: Answered,
        *,
        placeholder: str = "",
        on_submit: Submitted | None = None,
        on_change: Changed | None = None,
    ) -> None:
        """Show `question` (plain text; long ones wrap). `on_submit` gets a non-empty answer
        first (and may keep the bar up until its effect can be drawn: WhenReady); `on_answer`
        gets the answer, or None when cancelled, once the focus is back where it was;
        `on_change` gets the answer as it is typed."""
        if self.asking:
            self._close(None)  # one question at a time: the new one replaces it
        self._on_submit, self._on_answer, self._on_change = on_submit, on_answer, on_change
        self._return_to = self.app.focused
        self.query_one(Label).update(Text(question))
        field = self.query_one(Input)
        field.placeholder = placeholder
        field.value = ""
        self.display = True
        focus_now(field)  # keys already typed behind the key that asked are the answer

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._on_change is not None and self.asking:
            self._on_change(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value or None
        when_ready = self._on_submit(answer) if self._on_submit and answer else None
        if when_ready is None:
            self._close(answer)
            return
        asked = self._on_answer
        when_ready(lambda: self._close(answer) if self._on_answer is asked else None)

    def action_cancel(self) -> None:
        self._close(None)

    def on_descendant_blur(self, _: DescendantBlur) -> None:
        if self.asking:  # the focus went elsewhere: the question is dropped
            self.call_after_refresh(self._cancel_if_unfocused)

    def _cancel_if_unfocused(self) -> None:
        if self.asking and not self.query_one(Input).has_focus:
            self._close(None, refocus=False)

    def _close(self, answer: str | None, *, refocus: bool = True) -> None:
        on_answer, self._on_answer, self._on_submit = self._on_answer, None, None
        self._on_change = None
        return_to, self._return_to = self._return_to, None
        if refocus and return_to is not None and return_to.is_attached:
            return_to.focus()
        self.display = False
        if on_answer is not None:
            on_answer(answer)
