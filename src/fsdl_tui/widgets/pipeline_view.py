"""The DVC pipeline: the stage graph (stale stages marked) and a table of stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from ..formatting import sanitize
from .tables import RowList, fill_table

if TYPE_CHECKING:
    from ..dvc.pipeline import Pipeline


class PipelineView(Horizontal):
    DEFAULT_CSS = """
    PipelineView > #pipeline-dag-box { width: 30; max-width: 50%; border: round $panel-lighten-2; }
    PipelineView > #pipeline-stages { width: 1fr; border: round $panel-lighten-2; }
    PipelineView > #pipeline-stages:focus { border: round $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pipeline-dag-box"):
            yield Static(id="pipeline-dag")
        yield RowList(id="pipeline-stages", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#pipeline-dag-box").border_title = "dvc.yaml"
        self.query_one("#pipeline-stages").border_title = "Stages"

    def show(self, pipeline: Pipeline | None, dag: str) -> None:
        if (pipeline, dag) == self._shown:
            return
        self._shown = (pipeline, dag)
        graph = self.query_one("#pipeline-dag", Static)
        if pipeline is None or (not pipeline.stages and not pipeline.error):
            graph.update(Text("No pipeline: this repository has no dvc.yaml stages.", "dim"))
            fill_table(self.query_one(DataTable), ("stage",), [])
            return
        if pipeline.error:
            graph.update(Text(pipeline.error, style="red"))
            return
        text = Text()
        for line in dag.splitlines():
            text.append(line + "\n", style="yellow" if "[stale]" in line else "")
        graph.update(text)
        widest = max((len(line) for line in dag.splitlines()), default=20)
        self.query_one("#pipeline-dag-box").styles.width = widest + 4
        rows = [
            (
                Text(s.name, style="bold"),
                Text(
                    "stale" if s.is_stale else "up to date",
                    style="yellow" if s.is_stale else "green",
                ),
                Text(sanitize("; ".join(s.stale))),
                Text(sanitize(", ".join(s.deps))),
                Text(sanitize(", ".join(s.outs))),
                Text(sanitize(", ".join(key for _, key in s.params))),
                Text(sanitize(s.cmd)),
            )
            for s in pipeline.stages
        ]
        fill_table(self.query_one(DataTable),
                   ("stage", "status", "why", "deps", "outs", "params", "cmd"), rows,
                   max_widths=(16, 10, 40, 40, 40, 30, 40))  # fmt: skip
