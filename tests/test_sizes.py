"""Every pane at terminal sizes from 40x12 to 300x80, resized while running: no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from fsdl_tui.app import FsdlApp
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import settle


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (300, 80)])
async def test_every_pane_renders_at_this_size(demo_repo: Path, size: tuple[int, int]) -> None:
    app = FsdlApp([str(demo_repo)], repo=demo_repo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in ("f3", "p", "m", "v", "f4", "f2"):
            await pilot.press(key)
            await settle(pilot)
            app.screen.refresh()
            await pilot.pause()
        grid = app.query_one(ResultGrid)
        grid.focus()
        await pilot.press("end", "right", "right", "home")
        await settle(pilot)
        await pilot.resize_terminal(size[1] // 2 + 20, size[0] // 3 + 10)
        await settle(pilot)
        assert app.is_running
