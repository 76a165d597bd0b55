"""History of one DVC-tracked file over 200 commits: fsdl-tui's git route against DVC's own.

    uv run python bench/dvc_history.py [--commits 200] [--runs 3]

Builds the repo once into bench/.cache/ (a .dvc-tracked CSV changed in every commit, a tag every
20 commits, the cache filled as `dvc add` would). Then, in the same run:
- fsdl-tui: `History(repo).versions(path)` in a fresh process (cold: imports included) and
  in-process (warm);
- DVC's API per revision: `dvc.api.get_url(path, repo, rev)` for every commit;
- the dvc CLI: one `dvc diff` call, the least any CLI route pays per revision.
Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
GIT = [
    "git",
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@invalid",
    "-c",
    "commit.gpgsign=false",
]


def build(commits: int) -> Path:
    root = CACHE / f"dvc-history-{commits}"
    if (root / ".dvc").is_dir():
        return root
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([sys.executable, "-m", "dvc", "init", "-q"], cwd=root, check=True)
    (root / "data").mkdir(exist_ok=True)
    for i in range(commits):
        body = "id,value\n" + "".join(f"{r},{(r * 7 + i) % 101}\n" for r in range(200 + i))
        data = body.encode()
        md5 = hashlib.md5(data).hexdigest()
        blob = root / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        (root / "data" / "train.csv").write_bytes(data)
        (root / "data" / "train.csv.dvc").write_text(
            f"outs:\n- md5: {md5}\n  size: {len(data)}\n  hash: md5\n  path: train.csv\n"
        )
        (root / "data" / ".gitignore").write_text("/train.csv\n")
        subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
        subprocess.run([*GIT, "commit", "-qm", f"version {i}"], cwd=root, check=True)
        if i % 20 == 0:
            subprocess.run([*GIT, "tag", f"v{i // 20}"], cwd=root, check=True)
    return root


OURS = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from fsdl_tui.dvc.history import History
from fsdl_tui.dvc.repo import open_repo
h = History(open_repo(Path(sys.argv[1])))
versions = h.versions("data/train.csv")
print(len(versions), time.perf_counter() - t)
"""

DVC_API = """
import subprocess, sys, time
t = time.perf_counter()
import dvc.api
root = sys.argv[1]
shas = subprocess.run(["git", "log", "--format=%H", "--", "data/train.csv.dvc"], cwd=root,
                      capture_output=True, text=True).stdout.split()
urls = {dvc.api.get_url("data/train.csv", repo=root, rev=sha) for sha in shas}
print(len(urls), time.perf_counter() - t)
"""


def run(code: str, root: Path) -> tuple[int, float]:
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True,
                         check=True).stdout.split()  # fmt: skip
    return int(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = build(args.commits)
    ours_cold = [run(OURS, root) for _ in range(args.runs)]
    from fsdl_tui.dvc.history import History
    from fsdl_tui.dvc.repo import open_repo

    warm = []
    for _ in range(args.runs):
        start = time.perf_counter()
        history = History(open_repo(root))
        count = len(history.versions("data/train.csv"))
        warm.append(time.perf_counter() - start)
        history.close()
    api = [run(DVC_API, root) for _ in range(max(1, args.runs - 2))]
    env = {**os.environ, "DVC_NO_ANALYTICS": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dvc", "diff", "HEAD~1", "HEAD"], cwd=root, env=env,
                   capture_output=True, check=False)  # fmt: skip
    cli_one = time.perf_counter() - start
    ours = statistics.median(t for _, t in ours_cold)
    api_t = statistics.median(t for _, t in api)
    print(f"DVC history of one file over {args.commits} commits ({os.cpu_count()} cores), "
          f"medians of {args.runs}")  # fmt: skip
    print(
        f"  fsdl-tui, cold process (imports included) {ours:8.3f} s  ({ours_cold[0][0]} versions)"
    )
    print(
        f"  fsdl-tui, warm (in process)                {statistics.median(warm):8.3f} s  ({count})"
    )
    print(f"  dvc.api.get_url per revision               {api_t:8.3f} s  ({api[0][0]} urls)")
    print(f"  dvc CLI, one `dvc diff` call               {cli_one:8.3f} s  "
          f"(x{args.commits - 1} revisions ≈ {cli_one * (args.commits - 1):.0f} s)")  # fmt: skip
    print(f"  ratio: DVC API / fsdl-tui cold = {api_t / ours:.0f}x")


if __name__ == "__main__":
    main()
