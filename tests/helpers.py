"""Helpers for driving the app with Pilot."""

from __future__ import annotations

import contextlib

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from fsdl_tui.widgets.result_grid import ResultGrid


async def _wait_workers(app) -> None:
    """Wait for every worker; one that was cancelled (an exclusive worker superseded by a newer
    one) or that failed (reported by the app itself) counts as settled."""
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await worker.wait()


async def settle(pilot: Pilot, rounds: int = 50) -> None:
    """Wait until no worker is running and every message they posted has been handled."""
    app = pilot.app
    for _ in range(rounds):
        await _wait_workers(app)
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return


async def focused_grid(pilot: Pilot) -> ResultGrid:
    """The app settled with its result grid focused (and settled again)."""
    await settle(pilot)
    grid = pilot.app.query_one(ResultGrid)
    grid.focus()
    await settle(pilot)
    return grid


def grid_lines(app) -> list[str]:
    """The grid's visible lines as plain text."""
    grid = app.query_one(ResultGrid)
    return [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]


def screen_text(app) -> str:
    """Everything on screen as plain text (for 'is this message shown' checks)."""
    from textual.widgets import Static

    parts = [str(w.render()) for w in app.screen.query(Static) if w.display]
    return "\n".join(parts + grid_lines(app))


async def run_sql(pilot: Pilot, sql: str) -> None:
    """Type SQL into the Data pane's editor, run it with F5 and wait for the result."""
    from fsdl_tui.widgets.sql_editor import SqlEditor

    editor = pilot.app.query_one(SqlEditor)
    editor.load_text(sql)
    editor.focus()
    await pilot.press("f5")
    await settle(pilot)


async def run_from_palette(pilot: Pilot, text: str) -> None:
    """Open the command palette, type `text`, run the first match and wait for the result."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*text)
    await pilot.pause(0.5)  # the palette searches in a worker
    await pilot.press("enter")
    await settle(pilot)


def record_fetches(result, columns: list | None = None) -> list[tuple[int, int]]:
    """From now on, each window `result` reads, as (offset, limit), in order; and the columns
    each asked for (`only`: None for all) into `columns`, when given."""
    fetched: list[tuple[int, int]] = []
    real_fetch = result.fetch

    def recording_fetch(offset: int, limit: int, cell_chars: int | None = None, only=None):
        fetched.append((offset, limit))
        if columns is not None:
            columns.append(only)
        return real_fetch(offset, limit, cell_chars, only)

    result.fetch = recording_fetch
    return fetched


def shown_result(app):
    """The result the grid shows (the query controller owns it; the store holds its id)."""
    return app.query_one(ResultGrid).result


def toast_texts(app) -> list[str]:
    """The notifications on screen (run the app with `run_test(notifications=True)`)."""
    from textual.widgets._toast import Toast

    return [str(toast.render()) for toast in app.screen.query(Toast)]


def send_at_once(app, *keys: str) -> None:
    """Keys as a terminal sends them when typed fast, pasted as keys or sent by a script: all
    queued before the app handles the first (Pilot.press waits after each)."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        name = key if len(key) > 1 or key.isalnum() else _character_to_key(key)
        app.post_message(events.Key(name, key if len(key) == 1 else None))
