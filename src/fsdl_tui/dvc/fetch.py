"""Fetch one version of an output from the DVC remote into the local cache.

DVC's API resolves targets against the working directory, so the fetch runs in a child process
started in the repo root (`python -m fsdl_tui.dvc.fetch TARGET COMMIT`); the app can kill it to
cancel. The user asked for this write, into the cache only.
"""

from __future__ import annotations

import subprocess
import sys

from .errors import DvcError
from .repo import DvcRepo


class Fetch:
    def __init__(self, repo: DvcRepo, output_path: str, commit: str) -> None:
        self.repo = repo
        self.command = [sys.executable, "-m", "fsdl_tui.dvc.fetch", output_path, commit]
        self._process: subprocess.Popen[str] | None = None
        self.cancelled = False

    def run(self) -> int:
        """Blocks until done; returns how many objects were fetched. Raises DvcError."""
        self._process = subprocess.Popen(
            self.command,
            cwd=self.repo.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = self._process.communicate()
        if self.cancelled:
            raise DvcError("The fetch was cancelled.", title="Fetch cancelled")
        if self._process.returncode != 0:
            lines = [line for line in err.strip().splitlines() if line.strip()]
            raise DvcError(lines[-1] if lines else "dvc fetch failed", title="Fetch failed")
        fetched = [line for line in out.splitlines() if line.startswith("fetched ")]
        return int(fetched[-1].split()[1]) if fetched else 0

    def cancel(self) -> None:
        self.cancelled = True
        if self._process is not None and self._process.poll() is None:
            self._process.kill()


def main(argv: list[str]) -> int:
    target, commit = argv
    from dvc.exceptions import DvcException
    from dvc.repo import Repo

    try:
        with Repo(".") as repo:
            count = repo.fetch(targets=[target], revs=[commit], workspace=False)
    except DvcException as error:
        print(f"fsdl-tui: {error}", file=sys.stderr)
        return 1
    print(f"fetched {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
