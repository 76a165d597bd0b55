"""Shared fixtures: real DuckDB, real files made in tmp_path, app state in a throwaway XDG home."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Sandboxes often set PYTHONDONTWRITEBYTECODE: then every `python -m fsdl_tui` a test starts
# compiles textual, duckdb and the app again (~1 s each). Caches are written, as anywhere else.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

import duckdb  # noqa: E402
import pytest  # noqa: E402

from fsdl_tui.engine import create_engine  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep every test's config, history and cache out of the real home."""
    home = tmp_path_factory.mktemp("xdg")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def engine():
    eng = create_engine()
    yield eng
    eng.close()


def write_numbers_parquet(path: Path, rows: int) -> Path:
    """A Parquet file with columns n (0..rows-1), grp (n % 10) and txt ('row n')."""
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT i AS n, i % 10 AS grp, 'row ' || i AS txt FROM range({rows}) t(i)) "
        f"TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 10000)"
    )
    con.close()
    return path


@pytest.fixture
def numbers_parquet(tmp_path: Path) -> Path:
    return write_numbers_parquet(tmp_path / "numbers.parquet", 100_000)


@pytest.fixture
def data_dir(tmp_path: Path, numbers_parquet: Path) -> Path:
    """A folder with a Parquet, a CSV, a nested CSV, a non-data file and a hidden folder."""
    (tmp_path / "people.csv").write_text("id,name,age\n1,Ada,36\n2,Grace,45\n3,Linus,28\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "scores.csv").write_text("id,score\n1,0.5\n2,0.75\n")
    (tmp_path / "notes.txt").write_text("not data")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.csv").write_text("a\n1\n")
    return tmp_path


# --- DVC repos ---------------------------------------------------------------------------------

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repo, built once per session by the real `fsdl-tui demo` (git + DVC)."""
    root = tmp_path_factory.mktemp("demo-template") / "repo"
    done = subprocess.run(
        [sys.executable, "-m", "fsdl_tui", "demo", str(root)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def demo_repo(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo repo and its remote, safe to change."""
    repo = tmp_path / "repo"
    remote = tmp_path / "repo-remote"
    shutil.copytree(demo_template, repo, symlinks=True)
    shutil.copytree(demo_template.parent / "repo-remote", remote, symlinks=True)
    _point_remote(repo, demo_template, remote)
    return repo


def _point_remote(repo: Path, template: Path, remote: Path) -> None:
    local = repo / ".dvc" / "config.local"
    local.write_text(local.read_text().replace(str(template) + "-remote", str(remote)))


def fixed_demo(template: Path) -> Path:
    """A copy of the demo at a fixed path, for snapshots that show the repo's path."""
    base = Path("/tmp/fsdl-tui-snapshot-demo")
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(template, base / "repo", symlinks=True)
    shutil.copytree(template.parent / "repo-remote", base / "repo-remote", symlinks=True)
    _point_remote(base / "repo", template, base / "repo-remote")
    return base / "repo"


def dvc_cli() -> str:
    return str(Path(sys.executable).parent / "dvc")


def run(cwd: Path, *args: str) -> str:
    done = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{args}: {done.stderr}"
    return done.stdout


def git_commit(cwd: Path, message: str) -> None:
    run(cwd, "git", "add", "-A")
    run(cwd, "git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", message)


# --- Spark -------------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`-n`, `--dist loadgroup`), tests that share a fixed resource run on
    one worker: the Spark server (pyspark always starts it on port 15002) and the snapshots'
    demo repo (built at one fixed path, so that paths in the pictures do not change)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_spark = callspec is not None and "spark" in callspec.params.values()
        if on_spark or "spark_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("spark"))
        elif item.path.name == "test_snapshots.py":
            item.add_marker(pytest.mark.xdist_group("snapshots"))


@pytest.fixture(scope="session")
def spark_url():
    """A local Spark Connect server (local[2]) started once for the session: its sc:// URL."""
    import shutil

    if shutil.which("java") is None:
        pytest.skip("the Spark engine's tests need Java 17+ on PATH")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip("the Spark engine's tests need pyspark: uv run --extra spark pytest")
    # pyspark starts its local server on Spark Connect's default port, whatever is asked
    local = (
        SparkSession.builder.remote("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield "sc://localhost:15002"
    # local.stop() waits minutes for the JVM to wind down: close the client, end the JVM
    import contextlib

    from pyspark import SparkContext

    with contextlib.suppress(Exception):
        local.client.close()
    gateway = getattr(SparkContext, "_gateway", None)
    process = getattr(gateway, "proc", None)
    if process is not None:
        process.kill()
        process.wait(timeout=30)


def add_experiment(repo: Path, name: str, files: dict[str, str], date: str) -> str:
    """An experiment as `dvc exp run` records it — a commit on HEAD with changed files, under
    `refs/exps/<baseline[:2]>/<baseline[2:]>/<name>` — at a fixed date (for snapshots: DVC's own
    commits carry the time they were made). Returns its sha."""
    env = {**os.environ, "GIT_INDEX_FILE": str(repo / ".git" / f"exp-{name}.index"),
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "dvc",
           "GIT_AUTHOR_EMAIL": "dvc@invalid", "GIT_COMMITTER_NAME": "dvc",
           "GIT_COMMITTER_EMAIL": "dvc@invalid"}  # fmt: skip

    def git(*args: str, text: str | None = None) -> str:
        done = subprocess.run(["git", *args], cwd=repo, env=env, input=text, capture_output=True,
                              text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    baseline = git("rev-parse", "HEAD")
    git("read-tree", "HEAD")
    for path, content in files.items():
        blob = git("hash-object", "-w", "--stdin", text=content)
        git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
    tree = git("write-tree")
    commit = git("commit-tree", tree, "-p", baseline, "-m", f"dvc: commit experiment {name}")
    git("update-ref", f"refs/exps/{baseline[:2]}/{baseline[2:]}/{name}", commit)
    Path(env["GIT_INDEX_FILE"]).unlink()
    return commit
