"""`fsdl-tui demo [DIR]`: build a real git + DVC repo whose history shows every DVC pane feature.

- data/train.parquet: image labels; v1.1 removes 40 mislabelled rows and adds 200, v2.0 adds a
  column (label_confidence) and 150 rows;
- data/labels.csv: the class list (v1.1 adds a class);
- data/images/: a directory output (image stand-ins and a metadata.csv), growing at v2.0;
- dvc.yaml: prepare -> featurize -> train, with params.yaml and metrics.json per commit;
- a local remote holding every version (pushed after each tag).

It imports DVC and changes the process's working directory while it runs (DVC's API resolves
paths against it), so the app runs it in a child process: `fsdl-tui demo DIR`.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from ..paths import DEMO_BUILT_MARK

LABELS = ["cat", "dog", "bird", "car", "truck"]
LABELERS = ["alice", "bob", "chen", "scale-ai"]

PREPARE = '''"""Split the labelled images into train/validation."""
import sys
import pyarrow.parquet as pq
import pyarrow.compute as pc
import yaml

params = yaml.safe_load(open("params.yaml"))["prepare"]
table = pq.read_table("data/train.parquet")
bucket = pc.remainder(table["image_id"], 100)
is_val = pc.less(bucket, int(params["val_percent"]))
table = table.append_column("split", pc.if_else(is_val, "val", "train"))
pq.write_table(table, "data/prepared.parquet")
'''

FEATURIZE = '''"""Per-image features (a stand-in for real embeddings)."""
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

dims = yaml.safe_load(open("params.yaml"))["featurize"]["dims"]
table = pq.read_table("data/prepared.parquet")
ids = table["image_id"].to_pylist()
columns = {"image_id": ids, "split": table["split"]}
for d in range(dims):
    columns[f"f{d}"] = [((i * 2654435761 + d * 40503) % 1000) / 1000 for i in ids]
pq.write_table(pa.table(columns), "data/features.parquet")
'''

TRAIN = '''"""Train a (pretend) classifier: the metrics follow the params and the data size."""
import json
import math
import pyarrow.parquet as pq
import yaml

params = yaml.safe_load(open("params.yaml"))["train"]
table = pq.read_table("data/features.parquet")
n = table.num_rows
dims = len([c for c in table.column_names if c.startswith("f")])
lr_penalty = 0.02 * abs(math.log10(params["lr"]) + 2.5)
accuracy = 1 - 0.5 * math.exp(-n / 900) - lr_penalty - 0.4 / (dims + 4)
loss = round(-math.log(max(accuracy, 1e-3)) * (1 + 1 / params["epochs"]), 4)
json.dump({"lr": params["lr"], "epochs": params["epochs"], "rows": n}, open("model.json", "w"))
metrics = {"accuracy": round(accuracy, 4), "loss": loss, "train_rows": n}
json.dump(metrics, open("metrics.json", "w"), indent=2)
with open("plots/loss.csv", "w") as out:  # a loss per epoch, for dvc.yaml's plots
    out.write("epoch,loss,val_loss\\n")
    for epoch in range(1, params["epochs"] + 1):
        fade = math.exp(-3 * epoch / params["epochs"])
        out.write(f"{epoch},{loss + fade:.4f},{loss * 1.1 + fade * 1.2:.4f}\\n")
'''


def _dvc_yaml(python: str) -> dict:
    return {
        "stages": {
            "prepare": {
                "cmd": f"{python} stages/prepare.py",
                "deps": ["stages/prepare.py", "data/train.parquet"],
                "params": ["prepare.val_percent"],
                "outs": ["data/prepared.parquet"],
            },
            "featurize": {
                "cmd": f"{python} stages/featurize.py",
                "deps": ["stages/featurize.py", "data/prepared.parquet"],
                "params": ["featurize.dims"],
                "outs": ["data/features.parquet"],
            },
            "train": {
                "cmd": f"{python} stages/train.py",
                "deps": ["stages/train.py", "data/features.parquet"],
                "params": ["train.lr", "train.epochs"],
                "outs": ["model.json"],
                "metrics": [{"metrics.json": {"cache": False}}],
                "plots": [{"plots/loss.csv": {"cache": False}}],
            },
        },
        "plots": [
            {"Learning curve": {"x": "epoch", "y": {"plots/loss.csv": ["loss", "val_loss"]}}}
        ],
    }


def _rows(rng: random.Random, start: int, count: int, confidence: bool) -> list[dict]:
    rows = []
    for image_id in range(start, start + count):
        row = {
            "image_id": image_id,
            "path": f"images/{image_id:05d}.jpg",
            "label": rng.choice(LABELS),
            "labeler": rng.choice(LABELERS),
            "width": rng.choice([640, 1280, 1920]),
        }
        if confidence:
            row["label_confidence"] = round(rng.uniform(0.5, 1.0), 3)
        rows.append(row)
    return rows


def remote_dir(root: Path) -> Path:
    """The demo's local DVC remote: a folder beside the repo."""
    return root.parent / f"{root.name}-remote"


class DemoBuilder:
    def __init__(self, root: Path, progress: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.remote = remote_dir(root)
        self.progress = progress or (lambda _message: None)
        self.rng = random.Random(7)
        self.commits = 0

    def git(self, *args: str) -> None:
        # fixed dates (a day per commit) make the history, and so every sha, reproducible
        date = f"2024-03-{self.commits + 1:02d}T10:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(
            ["git", "-c", "user.name=fsdl-tui demo", "-c", "user.email=demo@fsdl-tui.invalid",
             "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
            cwd=self.root, check=True, capture_output=True, env=env,
        )  # fmt: skip

    def write_train(self, rows: list[dict]) -> None:
        pq.write_table(pa.Table.from_pylist(rows), self.root / "data" / "train.parquet")

    def write_labels(self, labels: list[str]) -> None:
        lines = ["label,description"] + [f"{name},images of a {name}" for name in labels]
        (self.root / "data" / "labels.csv").write_text("\n".join(lines) + "\n")

    def write_images(self, ids: range) -> None:
        folder = self.root / "data" / "images"
        folder.mkdir(parents=True, exist_ok=True)
        for image_id in ids:
            (folder / f"{image_id:05d}.jpg").write_bytes(f"JPEG stand-in {image_id}".encode())
        lines = ["file,width,height"] + [f"{i:05d}.jpg,640,480" for i in ids]
        (folder / "metadata.csv").write_text("\n".join(lines) + "\n")

    def write_params(self, val_percent: int, dims: int, lr: float, epochs: int) -> None:
        params = {
            "prepare": {"val_percent": val_percent},
            "featurize": {"dims": dims},
            "train": {"lr": lr, "epochs": epochs},
        }
        (self.root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))

    def commit(self, repo, message: str, tag: str | None) -> None:
        repo.add(["data/train.parquet", "data/labels.csv", "data/images"])
        repo.reproduce()
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", "-a", tag, "-m", message)
        self.commits += 1
        repo.push()
        self.progress(f"committed {tag or message}")

    def build(self) -> Path:
        from dvc.repo import Repo

        if self.root.exists():
            shutil.rmtree(self.root)
        if self.remote.exists():
            shutil.rmtree(self.remote)
        (self.root / "data").mkdir(parents=True)
        (self.root / "stages").mkdir()
        (self.root / "plots").mkdir()
        self.progress("git init + dvc init")
        self.git("init", "-q", "-b", "main")
        Repo.init(str(self.root))
        # The committed config names the remote relative to .dvc/ (so every build has the same
        # shas); config.local, which DVC keeps out of git, gives DVC the absolute path, since
        # its fetch resolves a relative one against the working directory.
        remote = "['remote \"demo\"']\n    url = {}\n"
        (self.root / ".dvc" / "config").write_text(
            "[core]\n    remote = demo\n    autostage = false\n"
            + remote.format(f"../../{self.remote.name}")
        )
        (self.root / ".dvc" / "config.local").write_text(remote.format(self.remote))
        for name, code in (("prepare", PREPARE), ("featurize", FEATURIZE), ("train", TRAIN)):
            (self.root / "stages" / f"{name}.py").write_text(code)
        # stages run `python`: this interpreter (it has pyarrow and PyYAML) comes first on PATH
        bin_dir = str(Path(sys.executable).parent)
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        (self.root / "dvc.yaml").write_text(yaml.safe_dump(_dvc_yaml("python"), sort_keys=False))
        (self.root / ".gitignore").write_text("")
        repo = Repo(str(self.root))
        with contextlib.chdir(self.root):
            self._history(repo)
        (self.root / ".git" / DEMO_BUILT_MARK).write_text("")  # last: the build is whole
        self.progress("done")
        return self.root

    def _history(self, repo) -> None:
        try:
            train = _rows(self.rng, 0, 1000, confidence=False)
            self.write_train(train)
            self.write_labels(LABELS[:4])
            self.write_images(range(0, 12))
            self.write_params(val_percent=20, dims=4, lr=0.01, epochs=5)
            self.commit(repo, "First labelled batch: 1,000 images", "v1.0")

            self.write_params(val_percent=20, dims=4, lr=0.003, epochs=10)
            self.commit(repo, "Tune learning rate", None)

            removed = {r["image_id"] for r in train if r["image_id"] % 25 == 3}
            train = [r for r in train if r["image_id"] not in removed]
            train += _rows(self.rng, 1000, 200, confidence=False)
            self.write_train(train)
            self.write_labels(LABELS)
            self.commit(repo, "Drop 40 mislabelled images, add 200 trucks and cars", "v1.1")

            rng = random.Random(11)
            for row in train:
                row["label_confidence"] = round(rng.uniform(0.5, 1.0), 3)
            train += _rows(self.rng, 1200, 150, confidence=True)
            self.write_train(train)
            self.write_images(range(0, 20))
            self.write_params(val_percent=15, dims=8, lr=0.003, epochs=10)
            self.commit(repo, "Add label confidence; 150 more images; wider features", "v2.0")
        finally:
            repo.close()
        self._experiments()

    def _experiments(self) -> None:
        """Two experiments of the last commit, as a user runs them (in a temporary copy: the
        workspace stays as committed)."""
        for name, param in (("lr-high", "train.lr=0.03"), ("longer", "train.epochs=20")):
            self.progress(f"dvc exp run -n {name}")
            command = [sys.executable, "-m", "dvc", "exp", "run", "--temp", "-q", "-n", name, "-S",
                       param]  # fmt: skip
            subprocess.run(command, cwd=self.root, check=True, capture_output=True)


def build_demo(root: Path, progress: Callable[[str], None] | None = None) -> Path:
    """Build the demo repo at `root` (its remote goes beside it, in `<root>-remote`)."""
    return DemoBuilder(root, progress).build()
