"""Read-only git access: `git log`, `rev-parse` and one `git cat-file --batch` process.

Nothing here writes: commands run with GIT_OPTIONAL_LOCKS=0 so git does not even refresh the
index, and no command checks anything out. A cloned repository's own config is untrusted: every
command runs with its fsmonitor (a command git would run) and hooks switched off.
"""

from __future__ import annotations

import os
import subprocess
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# `-c` outranks every config file, the repository's own included
SAFE_CONFIG = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
               "-c", "core.quotepath=off")  # fmt: skip
FIELD = "\x1f"
RECORD = "\x1e"


class GitError(Exception):
    pass


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", *SAFE_CONFIG, *args],
        cwd=cwd,
        capture_output=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )
    if check and done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        raise GitError((fatal or lines or [f"git {args[0]} failed"])[0])
    return done.stdout.decode(errors="replace")


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str  # ISO 8601, committer date
    message: str  # subject line


def log(cwd: Path, paths: list[str], rev: str = "HEAD") -> list[Commit]:
    """Commits reachable from `rev` that touched `paths`, newest first."""
    fmt = FIELD.join(("%H", "%an", "%cI", "%s")) + RECORD
    out = git(cwd, "log", f"--format={fmt}", rev, "--", *paths, check=False)
    commits = []
    for record in out.split(RECORD):
        record = record.strip("\n")
        if record:
            sha, author, date, message = record.split(FIELD, 3)
            commits.append(Commit(sha, author, date, message))
    return commits


def log_changes(cwd: Path, paths: list[str], rev: str = "HEAD") -> list[tuple[Commit, list[str]]]:
    """Commits reachable from `rev` that touched any of `paths`, newest first, each with the
    paths among them it changed (empty for a merge whose diff git does not list): one pass."""
    fmt = RECORD + FIELD.join(("%H", "%an", "%cI", "%s")) + FIELD
    out = git(cwd, "log", f"--format={fmt}", "--name-only", "-z", rev, "--", *paths, check=False)
    commits = []
    for record in out.split(RECORD)[1:]:
        sha, author, date, message, names = record.split(FIELD, 4)
        changed = [name.strip("\n") for name in names.split("\0")]
        commits.append((Commit(sha, author, date, message), [n for n in changed if n]))
    return commits


def tags_by_commit(cwd: Path) -> dict[str, list[str]]:
    """Tag names for each commit they point at (annotated tags peeled)."""
    return names_by_commit(cwd, "refs/tags")


def names_by_commit(cwd: Path, *namespaces: str) -> dict[str, list[str]]:
    """Short ref names (`main`, `v1.0`) under `namespaces` for each commit they point at."""
    fmt = FIELD.join(("%(objectname)", "%(*objectname)", "%(refname:short)"))
    out = git(cwd, "for-each-ref", f"--format={fmt}", *namespaces, check=False)
    names: dict[str, list[str]] = {}
    for line in out.splitlines():
        parts = line.split(FIELD)
        if len(parts) == 3:
            names.setdefault(parts[1] or parts[0], []).append(parts[2])
    return names


def utc(iso: str) -> datetime | None:
    """A git ISO 8601 date in UTC; None when empty or unreadable."""
    try:
        return datetime.fromisoformat(iso).astimezone(UTC) if iso else None
    except ValueError:
        return None


def resolve_rev(cwd: Path, rev: str) -> str:
    """The full commit sha of a tag, branch or (short) sha."""
    try:
        return git(cwd, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitError:
        raise GitError(f"No commit, tag or branch named {rev!r} in this repository.") from None


def list_files(cwd: Path, rev: str | None, pathspecs: list[str]) -> list[str]:
    """Paths (relative to `cwd`) matching pathspecs: at a commit, or in the workspace (tracked
    and untracked-but-not-ignored) when rev is None."""
    if rev is None:
        out = git(cwd, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--",
                  *pathspecs, check=False)  # fmt: skip
    else:
        out = git(cwd, "ls-tree", "-r", "--name-only", "-z", "--full-tree", rev, "--",
                  *pathspecs, check=False)  # fmt: skip
    return sorted({p for p in out.split("\0") if p})


class BlobReader:
    """Reads `rev:path` blobs through one long-lived `git cat-file --batch` process."""

    def __init__(self, cwd: Path) -> None:
        self._process = subprocess.Popen(
            ["git", *SAFE_CONFIG, "cat-file", "--batch"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(),
        )
        self._lock = threading.Lock()

    def read(self, rev: str, path: str) -> bytes | None:
        """The blob's bytes, or None when `path` does not exist at `rev`."""
        assert self._process.stdin is not None and self._process.stdout is not None
        with self._lock:
            self._process.stdin.write(f"{rev}:{path}\n".encode())
            self._process.stdin.flush()
            header = self._process.stdout.readline().decode(errors="replace").split()
            if len(header) != 3 or header[1] != "blob":
                return None
            size = int(header[2])
            data = self._process.stdout.read(size)
            self._process.stdout.read(1)  # the newline after each object
            return data

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(timeout=5)

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
