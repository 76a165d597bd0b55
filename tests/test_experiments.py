"""DVC experiments as rows: a real repo, two `dvc exp run -n …` (one changes a param that changes
a metric and an output's rows) and a `dvc exp save`; the table and SQL against `dvc exp show
--json`, experiments by name in dvc_version, changed outputs, plot series, a directory output's
diff — and nothing written while reading."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from fsdl_tui.dvc.compare import compare
from fsdl_tui.dvc.experiments import load_experiments
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.pipeline import load_pipeline
from fsdl_tui.dvc.repo import open_repo
from fsdl_tui.headless import query_main

from .conftest import dvc_cli, git_commit, run

TRAIN = """import csv, json, os, yaml
import pyarrow as pa, pyarrow.parquet as pq
p = yaml.safe_load(open("params.yaml"))
rows = 100 - p["val_percent"]
os.makedirs("data", exist_ok=True)
pq.write_table(pa.table({"id": list(range(rows))}), "data/prepared.parquet")
acc = round(0.9 - abs(p["lr"] - 0.01) * 5 - p["val_percent"] / 1000, 4)
json.dump({"accuracy": acc, "rows": rows}, open("metrics.json", "w"))
os.makedirs("plots", exist_ok=True)
with open("plots/loss.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["epoch", "loss"])
    for e in range(p["epochs"]):
        w.writerow([e, round(1 / (1 + e * p["lr"] * 10), 4)])
"""
DVC_YAML = """stages:
  train:
    cmd: python train.py
    deps: [train.py]
    params: [lr, epochs, val_percent]
    outs: [data/prepared.parquet]
    metrics: [{metrics.json: {cache: false}}]
    plots: [{plots/loss.csv: {cache: false}}]
plots:
  - Learning curve:
      x: epoch
      y:
        plots/loss.csv: loss
"""


def _snapshot(root: Path) -> dict[str, object]:
    """What reading must not change: refs, the index, the workspace, the cache."""
    files = {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for p in root.rglob("*")
        if p.is_file() and ".dvc/tmp" not in str(p)
    }
    refs = run(root, "git", "for-each-ref")
    return {"files": files, "refs": refs}


@pytest.fixture(scope="module")
def exp_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("exps")
    env_path = str(Path(dvc_cli()).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ["PATH"] = env_path  # the stage runs `python`: the test environment's
    run(root, "git", "init", "-q", "-b", "main")
    run(root, dvc_cli(), "init", "-q")
    (root / "train.py").write_text(TRAIN)
    (root / "dvc.yaml").write_text(DVC_YAML)
    (root / "params.yaml").write_text("lr: 0.01\nepochs: 5\nval_percent: 10\n")
    images = root / "images"
    images.mkdir()
    for name in ("cat.png", "dog.png", "owl.png"):
        (images / name).write_bytes(name.encode())
    run(root, dvc_cli(), "add", "-q", "images")
    run(root, dvc_cli(), "repro", "-q")
    git_commit(root, "baseline")
    run(root, "git", "tag", "v1")
    (images / "owl.png").unlink()  # a second version of the directory: one gone, one added,
    (images / "fox.png").write_bytes(b"fox")  # one changed
    (images / "cat.png").write_bytes(b"a new cat")
    run(root, dvc_cli(), "add", "-q", "images")
    git_commit(root, "new images")
    run(root, dvc_cli(), "exp", "run", "-q", "-n", "more-val", "-S", "val_percent=30")
    run(root, dvc_cli(), "exp", "run", "-q", "-n", "fast-lr", "-S", "lr=0.05", "-S",
        "val_percent=10")  # fmt: skip
    (root / "params.yaml").write_text("lr: 0.01\nepochs: 8\nval_percent: 10\n")
    run(root, dvc_cli(), "repro", "-q")
    run(root, dvc_cli(), "exp", "save", "-q", "-n", "saved-run")
    run(root, "git", "checkout", "-q", "--", ".")  # the workspace as committed
    run(root, dvc_cli(), "checkout", "-q")
    return root


def test_experiments_table_matches_dvc_exp_show(exp_repo: Path) -> None:
    before = _snapshot(exp_repo)
    repo = open_repo(exp_repo)
    experiments = load_experiments(repo, load_pipeline(repo))
    assert _snapshot(exp_repo) == before  # reading wrote nothing
    command = [dvc_cli(), "exp", "show", "--json", "-A"]
    done = subprocess.run(command, cwd=exp_repo, capture_output=True, text=True, check=True)
    shown = json.loads(done.stdout)
    expected = {}
    for commit in shown:
        for exp in commit.get("experiments") or []:
            for rev in exp["revs"]:
                data = rev["data"]
                params = data["params"]["params.yaml"]["data"]
                metrics = data["metrics"]["metrics.json"]["data"]
                expected[rev["name"]] = (rev["rev"], params, metrics)
    mine = {r.name: r for r in experiments.rows if r.kind == "experiment"}
    assert set(mine) == set(expected) == {"more-val", "fast-lr", "saved-run"}
    for name, (rev, params, metrics) in expected.items():
        row = mine[name]
        assert row.rev == rev
        assert {k.split(":", 1)[1]: v for k, v in row.values.items()} == {**params, **metrics}
        assert experiments.baseline_of(row).name == "main"
    kinds = [r.kind for r in experiments.rows]
    assert kinds[0] == "workspace" and kinds.count("commit") == 2
    assert mine["more-val"].values["metrics.json:rows"] == 70  # the param changed the output


def test_sql_tables_and_dvc_version_by_experiment_name(exp_repo: Path) -> None:
    out = io.StringIO()
    sql = ("SELECT e.name, v.value FROM dvc_experiments e JOIN dvc_exp_values v "
           "ON v.experiment = e.name WHERE e.kind = 'experiment' AND v.key = 'val_percent' "
           "ORDER BY e.name")  # fmt: skip
    assert query_main([sql, "--repo", str(exp_repo), "--format", "csv"], out) == 0
    assert out.getvalue() == "name,value\nfast-lr,10.0\nmore-val,30.0\nsaved-run,10.0\n"
    out = io.StringIO()
    version = "(SELECT count(*) FROM dvc_version('data/prepared.parquet', '{}'))"
    sql = f"SELECT {version.format('more-val')} AS exp, {version.format('main')} AS main"
    assert query_main([sql, "--repo", str(exp_repo), "--format", "csv"], out) == 0
    assert out.getvalue() == "exp,main\n70,90\n"


def test_changed_outputs_and_plot_series(exp_repo: Path) -> None:
    repo = open_repo(exp_repo)
    experiments = load_experiments(repo, load_pipeline(repo))
    base = experiments.row("main")
    history = History(repo)
    try:
        comparison = compare(history, experiments, ("main", "more-val"))
    finally:
        history.close()
    changed = {path for path, _ in comparison.outputs}
    assert changed == {"data/prepared.parquet", "metrics.json"}  # loss.csv: the same epochs
    (plot,) = experiments.plots
    assert plot.title == "Learning curve" and plot.x == "epoch" and plot.y == "loss"
    xs, ys = experiments.series[(0, experiments.row("saved-run").rev)]
    assert xs == [float(e) for e in range(8)] and ys[0] == 1.0 and ys[-1] < ys[0]
    assert len(experiments.series[(0, base.rev)][0]) == 5


async def test_experiments_view_at_80x24(exp_repo: Path) -> None:
    """The whole table sorts and filters, marks compare (Enter on an output diffs its data),
    g plots the learning curve."""
    from textual.widgets import DataTable

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.compare_screen import CompareScreen
    from fsdl_tui.screens.diff_screen import DiffScreen
    from fsdl_tui.widgets.experiments_view import ExperimentsView

    from .helpers import send_at_once, settle

    app = FsdlApp([str(exp_repo / "data")], repo=exp_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        view = app.query_one(ExperimentsView)
        table = app.query_one("#experiments-table", DataTable)
        names = [table.get_row_at(i)[1].plain.strip(" ├") for i in range(table.row_count)]
        assert names[:2] == ["workspace", "main"] and set(names) >= {"more-val", "fast-lr",
                                                                     "saved-run", "v1"}  # fmt: skip
        accuracy = 4 + [c.split(":")[1] for c in view.experiments.columns].index("accuracy")
        table.move_cursor(row=0, column=accuracy)
        await pilot.press("S")  # the whole table by accuracy, best first
        await settle(pilot)
        best = [r.values["metrics.json:accuracy"] for r in view.experiments.rows]
        assert table.get_row_at(0)[accuracy].plain.strip() == str(max(best))
        assert "sorted by accuracy ↓" in str(table.border_title)
        send_at_once(app, "w", *"val_percent = 30", "enter")  # typed fast: all to the question
        await settle(pilot)
        assert table.row_count == 1 and table.get_row_at(0)[1].plain == "more-val"
        await pilot.press("escape")  # all rows, in their groups again
        await settle(pilot)
        assert table.row_count == len(view.experiments.rows)
        table.move_cursor(row=[r.name for r in view.experiments.rows].index("more-val"))
        await pilot.press("g")  # the learning curve of more-val and its commit
        assert view.plot == 0
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert [r.name for r in app.screen.comparison.rows] == ["main", "more-val"]
        outputs = app.screen.query_one("#compare-outputs", DataTable)
        outputs.move_cursor(row=outputs.get_row_index("data/prepared.parquet"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert (app.screen.diff.rows_before, app.screen.diff.rows_after) == (90, 70)


def test_a_directory_output_diff_lists_added_removed_and_changed_files(exp_repo: Path) -> None:
    from fsdl_tui.dvc.dir_diff import dir_diff

    history = History(open_repo(exp_repo))
    try:
        diff = dir_diff(history, "images", "v1", "main")
    finally:
        history.close()
    assert [m.relpath for m in diff.added] == ["fox.png"]
    assert [m.relpath for m in diff.removed] == ["owl.png"]
    assert [(b.relpath, b.size, a.size) for b, a in diff.changed] == [("cat.png", 7, 9)]
    assert diff.unchanged == 1


async def test_d_on_a_directory_output_shows_its_files_diff(exp_repo: Path) -> None:
    from textual.widgets import DataTable

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.dir_diff_screen import DirDiffScreen

    from .helpers import settle

    app = FsdlApp([str(exp_repo / "data")], repo=exp_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        outputs = app.query_one("#dvc-outputs", DataTable)
        outputs.move_cursor(row=outputs.get_row_index("images"))
        await settle(pilot)
        app.query_one("#dvc-versions", DataTable).focus()
        await pilot.press("d")  # the newest version against the one before it
        await settle(pilot)
        assert isinstance(app.screen, DirDiffScreen)
        files = app.screen.query_one("#dir-diff-files", DataTable)
        statuses = {files.get_row_at(i)[1].plain: files.get_row_at(i)[0].plain
                    for i in range(files.row_count)}  # fmt: skip
        assert statuses == {"cat.png": "changed", "fox.png": "added", "owl.png": "removed"}


def test_dvc_exp_values_match_dvc_exp_show(exp_repo: Path) -> None:
    """Every param and metric of every experiment in `dvc_exp_values`, as `dvc exp show` has it."""
    command = [dvc_cli(), "exp", "show", "--json", "-A"]
    shown = json.loads(subprocess.run(command, cwd=exp_repo, capture_output=True, text=True,
                                      check=True).stdout)  # fmt: skip
    expected = set()
    for commit in shown:
        for exp in commit.get("experiments") or []:
            for rev in exp["revs"]:
                for kind, file in (("params", "params.yaml"), ("metrics", "metrics.json")):
                    for key, value in rev["data"][kind][file]["data"].items():
                        expected.add((rev["name"], kind[:-1] if kind == "params" else "metric",
                                      key, float(value)))  # fmt: skip
    out = io.StringIO()
    sql = ("SELECT v.experiment, v.kind, v.key, v.value FROM dvc_exp_values v JOIN "
           "dvc_experiments e ON e.name = v.experiment WHERE e.kind = 'experiment'")  # fmt: skip
    assert query_main([sql, "--repo", str(exp_repo), "--format", "json"], out) == 0
    got = {(r["experiment"], r["kind"], r["key"], r["value"]) for r in json.loads(out.getvalue())}
    assert got == expected and len(got) == 3 * 5
