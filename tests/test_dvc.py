"""Reading DVC history from real git + DVC repos: outputs, versions, time travel, fetch."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from fsdl_tui.dvc.errors import DataUnavailable, DvcError
from fsdl_tui.dvc.fetch import Fetch
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.repo import NotADvcRepo, open_repo
from fsdl_tui.dvc.snapshot import load_snapshot, outputs_table, versions_table
from fsdl_tui.dvc.timetravel import expand_dvc_versions, locate

from .conftest import dvc_cli, git_commit, run


def fingerprint(root: Path) -> dict[str, str]:
    """Every file under root (the .git folder included) with a hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".dvc/tmp" not in p.as_posix()
    }


@pytest.fixture
def history(demo_repo: Path):
    h = History(open_repo(demo_repo))
    yield h
    h.close()


def test_outputs_of_dvc_files_and_dvc_lock(history: History) -> None:
    outputs = {o.path: o for o in history.workspace_outputs()}
    assert set(outputs) == {
        "data/train.parquet", "data/labels.csv", "data/images", "data/prepared.parquet",
        "data/features.parquet", "model.json", "metrics.json", "plots/loss.csv",
    }  # fmt: skip
    assert outputs["data/images"].is_dir and outputs["data/images"].nfiles == 21
    assert outputs["data/prepared.parquet"].source == "dvc.lock:prepare"


def test_history_of_a_file(history: History) -> None:
    versions = history.versions("data/train.parquet")
    assert [v.tags for v in versions] == [("v2.0",), ("v1.1",), ("v1.0",)]
    assert versions[-1].message == "First labelled batch: 1,000 images"
    assert all(v.size and v.md5 and v.commit and v.author == "fsdl-tui demo" for v in versions)
    assert len({v.md5 for v in versions}) == 3


def test_history_of_a_directory_and_a_file_inside_it(history: History) -> None:
    directory = history.versions("data/images")
    assert [(v.tags, v.nfiles) for v in directory] == [(("v2.0",), 21), (("v1.0",), 13)]
    inner = history.versions("data/images/metadata.csv")
    assert [v.tags for v in inner] == [("v2.0",), ("v1.0",)]
    assert inner[0].md5 != inner[1].md5 and inner[0].size > inner[1].size


def test_stage_output_history_skips_commits_that_did_not_change_it(history: History) -> None:
    # the "Tune learning rate" commit changed dvc.lock (train stage) but not prepared.parquet
    assert [v.tags for v in history.versions("data/prepared.parquet")] == [
        ("v2.0",),
        ("v1.1",),
        ("v1.0",),
    ]
    assert len(history.versions("metrics.json")) == 4


def test_time_travel_reads_old_versions_with_sql(history: History, engine) -> None:
    def rows(sql: str) -> list[dict]:
        job = engine.query(sql, lambda s: expand_dvc_versions(s, history, engine.scan_sql))
        return job.run().fetch(0, 10).to_pylist()

    counts = rows(
        "SELECT (SELECT count(*) FROM dvc_version('data/train.parquet', 'v1.0')) AS v10, "
        "(SELECT count(*) FROM dvc_version('data/train.parquet', 'v1.1')) AS v11, "
        "(SELECT count(*) FROM dvc_version('data/train.parquet', 'v2.0')) AS v20"
    )
    assert counts == [{"v10": 1000, "v11": 1160, "v20": 1310}]
    labels = rows("SELECT count(*) AS n FROM dvc_version('data/labels.csv', 'v1.0')")
    assert labels == [{"n": 4}]
    inner = rows("SELECT count(*) AS n FROM dvc_version('data/images/metadata.csv', 'v1.0')")
    assert inner == [{"n": 12}]
    sha = history.versions("data/train.parquet")[-1].commit
    assert rows(f"SELECT count(*) AS n FROM dvc_version('data/train.parquet', '{sha[:7]}')") == [
        {"n": 1000}
    ]


def test_bad_paths_and_revs_are_clear_errors(history: History) -> None:
    with pytest.raises(DvcError, match="not tracked by DVC"):
        locate(history, "data/nope.parquet", "v1.0")
    with pytest.raises(DvcError, match="No commit, tag, branch or experiment named 'v9'"):
        locate(history, "data/train.parquet", "v9")
    with pytest.raises(DvcError, match="reads Parquet, CSV/TSV, JSON/JSONL and Arrow files — not"):
        locate(history, "data/images/cat.png", "v1.0")


def test_version_missing_from_cache_is_fetched_from_remote(demo_repo: Path) -> None:
    repo = open_repo(demo_repo)
    history = History(repo)
    old = locate(history, "data/train.parquet", "v1.0")
    old.file.unlink()
    with pytest.raises(DataUnavailable) as caught:
        locate(history, "data/train.parquet", "v1.0")
    assert caught.value.fetchable is True
    assert "not in the local cache" in caught.value.message and old.md5 in caught.value.message
    assert Fetch(repo, "data/train.parquet", caught.value.commit).run() >= 1
    assert locate(history, "data/train.parquet", "v1.0").file.is_file()
    history.close()


def test_version_missing_from_cache_and_remote_says_unavailable(demo_repo: Path) -> None:
    repo = open_repo(demo_repo)
    history = History(repo)
    old = locate(history, "data/train.parquet", "v1.0")
    old.file.unlink()
    remote = repo.local_remote_dir()
    assert remote is not None
    (remote / "files" / "md5" / old.md5[:2] / old.md5[2:]).unlink()
    with pytest.raises(DataUnavailable) as caught:
        locate(history, "data/train.parquet", "v1.0")
    assert caught.value.fetchable is False
    assert "in neither the local cache nor the remote 'demo'" in caught.value.message
    assert caught.value.commit in caught.value.message or caught.value.commit[:8] in str(
        caught.value
    )
    history.close()


def test_broken_dvc_file_is_one_error_row(demo_repo: Path) -> None:
    (demo_repo / "data" / "labels.csv.dvc").write_text("outs: [ {{ not yaml")
    history = History(open_repo(demo_repo))
    snapshot = load_snapshot(history)
    errors = [info for info in snapshot.outputs if info.output.error]
    assert len(errors) == 1 and "labels.csv.dvc" in (errors[0].output.error or "")
    assert len(snapshot.outputs) == 8  # the others are all there
    assert history.versions("data/train.parquet")
    history.close()


def test_reading_history_changes_nothing(demo_repo: Path, engine) -> None:
    status_before = run(demo_repo, "git", "status", "--porcelain")  # refreshes a copied index
    before = fingerprint(demo_repo)
    history = History(open_repo(demo_repo))
    snapshot = load_snapshot(history)
    outputs_table(snapshot)
    versions_table(snapshot)
    for info in snapshot.outputs:
        history.versions(info.path)
    engine.query(
        "SELECT * FROM dvc_version('data/train.parquet', 'v1.0')",
        lambda s: expand_dvc_versions(s, history, engine.scan_sql),
    ).run()
    history.close()
    assert fingerprint(demo_repo) == before
    assert run(demo_repo, "git", "status", "--porcelain") == status_before


def test_snapshot_tables(history: History) -> None:
    snapshot = load_snapshot(history)
    outputs = outputs_table(snapshot).to_pylist()
    assert {row["path"] for row in outputs} >= {"data/train.parquet", "data/images"}
    assert all(row["in_cache"] and row["workspace"] == "unchanged" for row in outputs)
    versions = versions_table(snapshot)
    assert set(versions.column_names) >= {
        "path", "rev", "commit", "date", "author", "message", "tags", "hash", "size", "nfiles"
    }  # fmt: skip
    train = [r for r in versions.to_pylist() if r["path"] == "data/train.parquet"]
    assert [r["tags"] for r in train] == [["v2.0"], ["v1.1"], ["v1.0"]]


def test_modified_workspace_is_reported(demo_repo: Path) -> None:
    (demo_repo / "data" / "labels.csv").write_text("label\nzebra\n")
    shutil.rmtree(demo_repo / "data" / "prepared.parquet", ignore_errors=True)
    (demo_repo / "data" / "prepared.parquet").unlink(missing_ok=True)
    history = History(open_repo(demo_repo))
    status = {i.path: i.workspace for i in load_snapshot(history).outputs}
    assert status["data/labels.csv"] == "modified"
    assert status["data/prepared.parquet"] == "missing"
    assert status["data/train.parquet"] == "unchanged"
    history.close()


def test_subdir_repo_inside_a_larger_git_repo(tmp_path: Path) -> None:
    run(tmp_path, "git", "init", "-q")
    (tmp_path / "README").write_text("monorepo\n")
    project = tmp_path / "ml" / "project"
    project.mkdir(parents=True)
    run(project, dvc_cli(), "init", "--subdir", "-q")
    (project / "scores.csv").write_text("id,score\n1,0.5\n")
    run(project, dvc_cli(), "add", "-q", "scores.csv")
    git_commit(tmp_path, "first scores")
    (project / "scores.csv").write_text("id,score\n1,0.5\n2,0.9\n")
    run(project, dvc_cli(), "add", "-q", "scores.csv")
    git_commit(tmp_path, "more scores")
    repo = open_repo(project / "scores.csv")
    assert repo.root == project.resolve() and repo.prefix == "ml/project"
    history = History(repo)
    versions = history.versions("scores.csv")
    assert [v.message for v in versions] == ["more scores", "first scores"]
    located = locate(history, "scores.csv", versions[-1].commit)
    assert located.file.read_text() == "id,score\n1,0.5\n"
    history.close()


def test_empty_repo_and_non_repo(tmp_path: Path) -> None:
    run(tmp_path, "git", "init", "-q")
    run(tmp_path, dvc_cli(), "init", "-q")
    history = History(open_repo(tmp_path))
    assert load_snapshot(history).outputs == ()
    assert history.versions("anything.csv") == []
    history.close()
    with pytest.raises(NotADvcRepo, match="not inside a DVC repository"):
        open_repo(tmp_path.parent)


def test_pipeline_stages_dag_and_staleness(demo_repo: Path) -> None:
    from fsdl_tui.dvc.pipeline import draw_dag, load_pipeline

    repo = open_repo(demo_repo)
    pipeline = load_pipeline(repo)
    assert [s.name for s in pipeline.stages] == ["prepare", "featurize", "train"]
    assert not any(s.is_stale for s in pipeline.stages)
    assert [u.name for u in pipeline.upstream(pipeline.stages[2])] == ["featurize"]
    dag = draw_dag(pipeline)
    assert dag.index("prepare") < dag.index("featurize") < dag.index("train")
    params = demo_repo / "params.yaml"
    params.write_text(params.read_text().replace("lr: 0.003", "lr: 0.1"))
    stale = {s.name: s.stale for s in load_pipeline(repo).stages}
    assert stale["prepare"] == () and stale["featurize"] == ()
    assert stale["train"] == ("param train.lr: 0.003 → 0.1",)
    (demo_repo / "data" / "train.parquet").write_bytes(b"changed")
    stale = {s.name: s.stale for s in load_pipeline(repo).stages}
    assert stale["prepare"] == ("dependency data/train.parquet modified",)
    assert stale["featurize"] == ("upstream stage prepare is stale",)


def test_params_and_metrics_of_every_commit(demo_repo: Path, engine) -> None:
    from fsdl_tui.dvc.metrics import metrics_history, metrics_table
    from fsdl_tui.dvc.pipeline import load_pipeline

    repo = open_repo(demo_repo)
    history = metrics_history(repo, load_pipeline(repo))
    assert [r.tags for r in history.rows] == [("v2.0",), ("v1.1",), (), ("v1.0",)]
    assert "params.yaml:train.lr" in history.params
    assert "metrics.json:accuracy" in history.numeric_metrics()
    lrs = [r.values["params.yaml:train.lr"] for r in history.rows]
    assert lrs == [0.003, 0.003, 0.003, 0.01]
    engine.register_table("dvc_metrics", metrics_table(history))
    rows = (
        engine.query("SELECT tags, value FROM dvc_metrics WHERE key = 'train_rows' ORDER BY date")
        .run()
        .fetch(0, 10)
        .to_pylist()
    )
    assert [r["value"] for r in rows] == [1000, 1000, 1160, 1310]


def test_diff_a_version_against_the_workspace_file(demo_repo: Path, engine) -> None:
    import duckdb

    from fsdl_tui.dvc.diff import DiffSpec, compute_diff

    train = demo_repo / "data" / "train.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * FROM read_parquet('{train}') WHERE image_id >= 10) "
        f"TO '{demo_repo / 'edited.parquet'}' (FORMAT parquet)"
    )
    (demo_repo / "edited.parquet").replace(
        train
    )  # 9 rows deleted (id 3 went at v1.1), not re-added
    history = History(open_repo(demo_repo))
    diff = compute_diff(
        engine,
        lambda s: expand_dvc_versions(s, history, engine.scan_sql),
        DiffSpec("data/train.parquet", "v2.0", "workspace"),
    )
    counts = (diff.rows_before, diff.rows_after, diff.rows_removed, diff.rows_added)
    assert counts == (1310, 1301, 9, 0)
    history.close()


def test_a_diffs_samples_hold_removed_rows_beside_many_added_ones(demo_repo: Path, engine) -> None:
    """Over a hundred rows added and 9 removed: both samples have rows, each in key order (one
    LIMIT over both filled it with added rows: 'Removed rows (first 0)' while 9 were removed)."""
    import duckdb

    from fsdl_tui.dvc.diff import SAMPLE_ROWS, DiffSpec, compute_diff

    train = demo_repo / "data" / "train.parquet"
    edited = demo_repo / "edited.parquet"
    con = duckdb.connect()
    copies = con.execute(
        f"SELECT count(*) FROM read_parquet('{train}') WHERE image_id < 150"
    ).fetchone()[0]
    con.execute(
        f"COPY (SELECT * FROM read_parquet('{train}') WHERE image_id >= 10 UNION ALL "
        f"SELECT * REPLACE (image_id + 100000 AS image_id) FROM read_parquet('{train}') "
        f"WHERE image_id < 150) TO '{edited}' (FORMAT parquet)"
    )
    edited.replace(train)
    history = History(open_repo(demo_repo))
    diff = compute_diff(
        engine,
        lambda s: expand_dvc_versions(s, history, engine.scan_sql),
        DiffSpec("data/train.parquet", "v2.0", "workspace", key="image_id"),
    )
    history.close()
    assert (diff.rows_added, diff.rows_removed) == (copies, 9) and copies > 2 * SAMPLE_ROWS
    removed = [r["image_id"] for r in diff.removed_sample]
    added = [r["image_id"] for r in diff.added_sample]
    assert len(removed) == 9 and removed == sorted(removed)
    assert len(added) == SAMPLE_ROWS and added == sorted(added) and added[0] == 100000
    from fsdl_tui.screens.diff_screen import sample_title

    assert sample_title(diff, added=True) == f"Added rows (first 50 of {copies}, by image_id)"
    assert sample_title(diff, added=False) == "Removed rows (9)"


def test_templated_dvc_yaml_is_resolved_by_dvc(demo_repo: Path) -> None:
    from fsdl_tui.dvc.pipeline import load_pipeline

    dvc_yaml = demo_repo / "dvc.yaml"
    text = dvc_yaml.read_text().replace(
        "cmd: python stages/train.py", "cmd: python stages/train.py --lr ${train.lr}"
    )
    dvc_yaml.write_text("vars:\n- params.yaml\n" + text)
    pipeline = load_pipeline(open_repo(demo_repo))
    assert pipeline.error == ""
    train = {s.name: s for s in pipeline.stages}["train"]
    assert train.cmd == "python stages/train.py --lr 0.003"
    assert train.stale == ("command changed",)
    assert train.outs == ("model.json", "metrics.json", "plots/loss.csv")


def test_a_dvc_file_of_many_outputs_reads_the_same_item_by_item() -> None:
    """Thousands of outputs in one .dvc, a few changed per commit: items are parsed one by one
    and remembered; the outputs are exactly those of a whole parse, errors included."""
    from fsdl_tui.dvc.outputs import parse_dvc_file

    items = [f"- md5: {i:032x}\n  size: {i}\n  hash: md5\n  path: f_{i}.csv\n" for i in range(100)]
    text = ("outs:\n" + "".join(items)).encode()
    itemwise = parse_dvc_file(text, "data/files.dvc")
    whole = parse_dvc_file(text + b"frozen: true\n", "data/files.dvc")  # a layout parsed whole
    assert itemwise == whole and len(itemwise) == 100 and itemwise[5].path == "data/f_5.csv"
    assert parse_dvc_file(text, "data/files.dvc") == itemwise  # remembered: the same again
    broken = parse_dvc_file(text.replace(b"  size: 7\n", b"  size: [7\n"), "data/files.dvc")
    assert len(broken) == 1 and broken[0].error.startswith("Broken data/files.dvc")
    outside = parse_dvc_file(text.replace(b"path: f_9.csv", b"path: ../../x"), "data/files.dvc")
    assert any(o.error and "outside the repository" in o.error for o in outside)
