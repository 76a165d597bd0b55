"""One line under the grid: what the query did, or a spinner while it runs."""

from __future__ import annotations

import time

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from ..formatting import counted, sanitize
from ..state import AppState, QueryStatus

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
SPINNER_DELAY_S = 0.4
# "running" is written once a query has run this long: a repaint at its start takes a core from
# the query's threads (F's 60 ms frequency query took ~30 ms longer on 2 cores), and a query done
# sooner shows its answer before anyone could read the word
RUNNING_SHOWN_S = 0.1


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1; padding: 0 1; background: $panel; color: $text;
        text-wrap: nowrap; text-overflow: ellipsis;  /* one line, a cut marked with … */
    }
    StatusLine.-failed { background: $error 30%; }
    StatusLine.-cancelled { background: $warning 20%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._state = AppState()
        self._timer: Timer | None = None
        self._frame = 0
        self._shown_job: int | None = None  # the running job whose status is on screen

    def show_state(self, state: AppState) -> None:
        self._state = state
        running = state.query.running
        if running and self._timer is None:
            # a query done within a blink needs no animation (each frame takes the CPU the
            # query's threads would use, on a small machine)
            self._timer = self.set_timer(RUNNING_SHOWN_S, self._show_running)
        elif not running and self._timer is not None:
            self._timer.stop()
            self._timer = None
        if running and self._shown_job != state.query.job_id:
            return  # the line keeps what it said until RUNNING_SHOWN_S
        self.set_class(state.query.status is QueryStatus.FAILED, "-failed")
        self.set_class(state.query.status is QueryStatus.CANCELLED, "-cancelled")
        # one line of fixed size: a repaint, not a layout of the screen (80 ms at 80×24 here)
        self.update(self.describe(state, time.monotonic(), self._frame), layout=False)

    def _show_running(self) -> None:
        self._shown_job = self._state.query.job_id
        self._timer = self.set_timer(SPINNER_DELAY_S - RUNNING_SHOWN_S, self._start_spinning)
        self.show_state(self._state)

    def _start_spinning(self) -> None:
        self._timer = self.set_interval(0.1, self._tick)
        self._tick()

    def _tick(self) -> None:
        self._frame += 1
        self.update(self.describe(self._state, time.monotonic(), self._frame), layout=False)

    @staticmethod
    def describe(state: AppState, now: float, frame: int = 0) -> Text:
        query = state.query
        text = Text()
        if state.engine_error:
            text.append("✗ The engine did not start: ", style="bold")
            text.append(sanitize(state.engine_error.splitlines()[0]))
        elif not state.engine_ready:
            text.append(f"{SPINNER[frame % len(SPINNER)]} starting the engine…")
        elif state.data.loading:
            text.append(f"{SPINNER[frame % len(SPINNER)]} opening files…")
        elif query.status is QueryStatus.RUNNING:
            elapsed = now - (query.started_at or now)
            text.append(f"{SPINNER[frame % len(SPINNER)]} running {elapsed:.1f} s", style="bold")
            if query.preview_id is not None:
                text.append(" · first rows shown, the rest is on its way")
            text.append(" · Esc cancels", style="dim")
        elif query.status is QueryStatus.FAILED:
            first = query.error.splitlines()[0] if query.error else ""
            text.append(f"✗ {sanitize(query.error_title)}: ", style="bold")
            text.append(sanitize(first))
        elif query.status is QueryStatus.CANCELLED:
            text.append(f"■ cancelled after {query.elapsed or 0:.1f} s", style="bold")
            if query.partial and query.result_sql == query.sql:
                kept = "row is" if query.rows == 1 else f"{query.rows:,} rows are"
                text.append(f" · its first {kept} shown", style="dim")
            elif query.result_id is not None:
                text.append(" · the previous result is still shown", style="dim")
        elif query.status is QueryStatus.DONE and query.result_id is not None:
            if query.message and not query.columns:
                text.append(f"✓ {sanitize(query.message)}")
            else:
                text.append(f"✓ {counted(query.rows, 'row')} × {counted(query.columns, 'column')}")
            text.append(f" · {query.elapsed or 0:.3f} s", style="dim")
        else:
            text.append("ready")
        if state.engine_name:
            text.append(f"  [{state.engine_name}]", style="dim")
        return text
