"""Find a DVC repository (also `dvc init --subdir` ones inside a larger git repo) and its cache."""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .git import GitError, git


class NotADvcRepo(Exception):
    pass


@dataclass(frozen=True)
class DvcRepo:
    root: Path  # the folder holding .dvc/
    git_root: Path | None  # None: DVC without git (no history)
    cache_dir: Path
    remote_name: str | None = None
    remote_url: str | None = None

    @property
    def prefix(self) -> str:
        """The DVC root relative to the git root ("" when they are the same)."""
        if self.git_root is None or self.git_root == self.root:
            return ""
        return self.root.relative_to(self.git_root).as_posix()

    def git_path(self, relpath: str) -> str:
        """A path relative to the DVC root, as git names it (relative to the git root)."""
        return str(PurePosixPath(self.prefix) / relpath) if self.prefix else relpath

    def local_remote_dir(self) -> Path | None:
        """The default remote's folder when it is a local path (so presence can be checked)."""
        url = self.remote_url
        if not url or "://" in url:
            return None
        path = Path(url).expanduser()
        return path if path.is_absolute() else (self.root / ".dvc" / path).resolve()


def find_dvc_root(path: Path) -> Path | None:
    """The nearest folder at or above `path` holding a `.dvc` folder (no git call)."""
    start = path.expanduser().resolve()
    if start.is_file():
        start = start.parent
    return next((p for p in (start, *start.parents) if (p / ".dvc").is_dir()), None)


def _config(root: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    for name in ("config", "config.local"):
        try:
            parser.read(root / ".dvc" / name, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue  # a broken config: fall back to DVC's defaults
    return parser


def open_repo(path: Path) -> DvcRepo:
    """The DVC repo at `path` or above it. Raises NotADvcRepo with a readable message."""
    start = path.expanduser().resolve()
    if not start.exists():
        raise NotADvcRepo(f"No such folder: {path}")
    if start.is_file():
        start = start.parent
    root = next((p for p in (start, *start.parents) if (p / ".dvc").is_dir()), None)
    if root is None:
        raise NotADvcRepo(f"{path} is not inside a DVC repository (no .dvc folder found).")
    try:
        git_root: Path | None = Path(git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    except (GitError, OSError):
        git_root = None
    config = _config(root)
    cache_dir = root / ".dvc" / "cache"
    if config.has_option("cache", "dir"):
        configured = Path(config.get("cache", "dir")).expanduser()
        cache_dir = configured if configured.is_absolute() else (root / ".dvc" / configured)
    remote_name = config.get("core", "remote", fallback=None)
    remote_url = None
    if remote_name:
        for section in (f'remote "{remote_name}"', f"'remote \"{remote_name}\"'"):
            if config.has_option(section, "url"):
                remote_url = config.get(section, "url")
    return DvcRepo(root, git_root, cache_dir.resolve(), remote_name, remote_url)
