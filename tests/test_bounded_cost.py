"""Small hostile inputs cost little: YAML alias bombs, .dvc files with thousands of outputs, huge
cells."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from fsdl_tui.dvc.outputs import parse_dvc_file
from fsdl_tui.dvc.pipeline import load_pipeline
from fsdl_tui.dvc.repo import open_repo
from fsdl_tui.dvc.yaml_io import YAMLError, load_yaml


def alias_bomb(levels: int = 12, width: int = 9) -> str:
    """The "billion laughs": each level lists the previous one `width` times."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_quickly() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 1500
    started = time.perf_counter()
    with pytest.raises(YAMLError, match="aliases expand it past"):
        load_yaml(bomb)
    assert time.perf_counter() - started < 2


def test_a_self_referring_alias_is_refused() -> None:
    with pytest.raises(YAMLError, match="refers to a value that contains it"):
        load_yaml("a: &a [1, *a]\n")


def test_ordinary_aliases_and_merge_keys_still_load() -> None:
    text = "base: &b {lr: 0.1, epochs: 3}\ntrain:\n  <<: *b\n  lr: 0.01\nsame: *b\n"
    assert load_yaml(text) == {
        "base": {"lr": 0.1, "epochs": 3},
        "train": {"lr": 0.01, "epochs": 3},
        "same": {"lr": 0.1, "epochs": 3},
    }


def test_a_dvc_file_with_a_bomb_is_one_broken_row() -> None:
    outputs = parse_dvc_file(("outs:\n- path: x\n" + alias_bomb()).encode(), "x.dvc")
    assert len(outputs) == 1 and "aliases expand it past" in (outputs[0].error or "")


def test_a_templated_pipeline_over_a_bomb_is_an_error_not_a_hang(demo_repo: Path) -> None:
    (demo_repo / "params.yaml").write_text((demo_repo / "params.yaml").read_text() + alias_bomb())
    dvc_yaml = demo_repo / "dvc.yaml"
    text = dvc_yaml.read_text().replace(
        "cmd: python stages/train.py", "cmd: python stages/train.py --lr ${train.lr}"
    )
    dvc_yaml.write_text("vars:\n- params.yaml\n" + text)
    started = time.perf_counter()
    pipeline = load_pipeline(open_repo(demo_repo))
    assert time.perf_counter() - started < 5
    assert "aliases expand it past" in pipeline.error


def test_resolving_a_templated_pipeline_writes_nothing_in_the_repo(demo_repo: Path) -> None:
    dvc_yaml = demo_repo / "dvc.yaml"
    text = dvc_yaml.read_text().replace(
        "cmd: python stages/train.py", "cmd: python stages/train.py --lr ${train.lr}"
    )
    dvc_yaml.write_text("vars:\n- params.yaml\n" + text)
    shutil.rmtree(demo_repo / ".dvc" / "tmp", ignore_errors=True)  # as in a fresh clone
    before = sorted(str(p.relative_to(demo_repo)) for p in demo_repo.rglob("*"))
    pipeline = load_pipeline(open_repo(demo_repo))
    assert pipeline.error == ""
    assert {s.name: s for s in pipeline.stages}["train"].cmd.endswith("--lr 0.003")
    after = sorted(str(p.relative_to(demo_repo)) for p in demo_repo.rglob("*"))
    assert after == before


def test_history_of_a_dvc_file_with_2000_outputs_is_linear(tmp_path: Path) -> None:
    from fsdl_tui.dvc.history import History
    from fsdl_tui.dvc.snapshot import load_snapshot

    from .conftest import git_commit, run

    repo = tmp_path / "many"
    (repo / ".dvc").mkdir(parents=True)
    run(repo, "git", "init", "-q")
    for commit in range(3):
        outs = "".join(
            f"- path: shard_{i:04d}.bin\n  md5: a{(i * 7 + commit * (i % 2)):031x}\n  size: {i}\n"
            for i in range(2000)
        )
        (repo / "shards.dvc").write_text("outs:\n" + outs)
        git_commit(repo, f"commit {commit}")
    started = time.perf_counter()
    history = History(open_repo(repo))
    snapshot = load_snapshot(history)
    elapsed = time.perf_counter() - started
    assert len(snapshot.outputs) == 2000
    # odd shards changed in every commit, even ones never did
    assert len(snapshot.versions["shard_0001.bin"]) == 3
    assert len(snapshot.versions["shard_0002.bin"]) == 1
    assert [v.commit for v in snapshot.versions["shard_0001.bin"]] == [
        v.commit for v in history.versions("shard_0001.bin")
    ]
    history.close()
    assert elapsed < 5, f"{elapsed:.1f} s"


async def test_a_huge_cell_opens_in_the_inspector_as_a_bounded_prefix(tmp_path: Path) -> None:
    import duckdb
    from textual.widgets import Static

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.inspect_screen import MAX_INSPECT_CHARS, InspectScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    path = tmp_path / "huge.parquet"
    duckdb.sql(f"COPY (SELECT repeat('x', 50_000_000) AS blob_text) TO '{path}'")
    app = FsdlApp([str(path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InspectScreen)
        shown = str(app.screen.query_one("#inspect-value", Static).render())
        assert shown.splitlines()[0] == "x" * MAX_INSPECT_CHARS
        assert f"{50_000_000 - MAX_INSPECT_CHARS:,} more characters not shown" in shown
        assert "50,000,000 characters" in (app.screen.query_one("VerticalScroll").border_subtitle)
