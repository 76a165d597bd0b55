"""Two or more experiments (or commits) side by side: params and metrics with the change from
the first, and the outputs whose hashes differ. Read from git in a worker; nothing written."""

from __future__ import annotations

from dataclasses import dataclass

from .experiments import ExperimentRow, Experiments
from .history import History


@dataclass(frozen=True)
class Comparison:
    rows: tuple[ExperimentRow, ...]
    params: tuple[str, ...]
    metrics: tuple[str, ...]
    # (path, hash at each row): the outputs whose hash is not the same at every row
    outputs: tuple[tuple[str, tuple[str | None, ...]], ...]

    def rev(self, index: int) -> str:
        """What `dvc_version` takes for row `index`: an experiment's name, or a commit."""
        row = self.rows[index]
        if row.kind == "experiment":
            return row.name
        return row.rev or "workspace"


def compare(history: History, experiments: Experiments, names: tuple[str, ...]) -> Comparison:
    rows = tuple(r for name in names if (r := experiments.row(name)) is not None)
    at = []
    for row in rows:
        outputs = history.workspace_outputs() if not row.rev else history.outputs_at(row.rev)
        at.append({o.path: o.md5 for o in outputs if not o.error})
    paths = sorted(set().union(*at)) if at else []
    differing = tuple(
        (path, tuple(found.get(path) for found in at))
        for path in paths
        if len({found.get(path) for found in at}) > 1
    )
    return Comparison(rows, experiments.params, experiments.metrics, differing)
