"""Exporting the current result to a file, with progress; Esc cancels (the target is untouched)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

from ..engine import EngineError, QueryCancelled
from ..formatting import sanitize

if TYPE_CHECKING:
    from ..engine import ExportJob


class ExportScreen(ModalScreen[int | None]):
    """Dismisses with the number of rows written, or None when cancelled or failed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 70; height: auto; padding: 1 2; border: round $accent; background: $surface;
    }
    ExportScreen #export-status { color: $text-muted; }
    """

    def __init__(self, job: ExportJob, target: Path) -> None:
        super().__init__()
        self.job = job
        self.target = target
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Exporting to {sanitize(str(self.target))}"))
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Label("starting… (Esc cancels)", id="export-status")

    def on_mount(self) -> None:
        self.set_interval(0.2, self._tick)
        self._run()

    def _tick(self) -> None:
        progress = self.job.progress()
        bar = self.query_one(ProgressBar)
        if progress is not None:
            bar.update(progress=progress)
        elapsed = time.monotonic() - self._started
        self.query_one("#export-status", Label).update(f"{elapsed:.1f} s · Esc cancels")

    @work(thread=True, group="export", exit_on_error=False)
    def _run(self) -> None:
        try:
            rows = self.job.run()
        except QueryCancelled:
            self.app.call_from_thread(self._finish, None, "Export cancelled; nothing was written.")
            return
        except EngineError as error:
            self.app.call_from_thread(self._finish, None, f"Export failed: {error.message}")
            return
        self.app.call_from_thread(self._finish, rows, "")

    def _finish(self, rows: int | None, message: str) -> None:
        if rows is None:
            self.notify(message, severity="warning" if "cancelled" in message else "error")
        else:
            self.notify(f"{rows:,} rows written to {self.target}", title="Exported")
        self.dismiss(rows)

    def action_cancel(self) -> None:
        self.job.cancel()
