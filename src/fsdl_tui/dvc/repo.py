"""Find a DVC repository (also `dvc init --subdir` ones inside a larger git repo) and its cache."""

from __future__ import annotations

import configparser
import contextlib
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
    # committed config values not followed (a path outside the repository), to tell the user
    ignored: tuple[str, ...] = ()
    # why git could not be used, when it refused (e.g. a repository owned by another user)
    git_error: str = ""

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
        return _local_path(self.remote_url, self.root) if self.remote_url else None


def find_dvc_root(path: Path) -> Path | None:
    """The nearest folder at or above `path` holding a `.dvc` folder (no git call)."""
    start = path.expanduser().resolve()
    if start.is_file():
        start = start.parent
    return next((p for p in (start, *start.parents) if (p / ".dvc").is_dir()), None)


def _read_config(parser: configparser.ConfigParser, path: Path) -> None:
    # a broken config: fall back to DVC's defaults
    with contextlib.suppress(configparser.Error, UnicodeDecodeError, OSError):
        parser.read(path, encoding="utf-8")


def _user_configs(root: Path) -> configparser.ConfigParser:
    """The configs the user wrote on this machine (system, global, the repo's config.local):
    trusted, unlike the committed `.dvc/config` that came with a clone."""
    from platformdirs import site_config_dir, user_config_dir

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    for path in (
        Path(site_config_dir("dvc", "iterative")) / "config",
        Path(user_config_dir("dvc", "iterative")) / "config",
        root / ".dvc" / "config.local",
    ):
        _read_config(parser, path)
    return parser


def _local_path(value: str, root: Path) -> Path | None:
    """A config path as DVC resolves it (relative to .dvc/); None for a URL."""
    if "://" in value:
        return None
    path = Path(value).expanduser()
    return (path if path.is_absolute() else root / ".dvc" / path).resolve()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def open_repo(path: Path) -> DvcRepo:
    """The DVC repo at `path` or above it. Raises NotADvcRepo with a readable message.

    The committed `.dvc/config` may only point the cache and a local remote inside the
    repository; a path elsewhere is ignored (and said in `ignored`). The user's own configs
    (config.local, global, system) may point anywhere."""
    start = path.expanduser().resolve()
    if not start.exists():
        raise NotADvcRepo(f"No such folder: {path}")
    if start.is_file():
        start = start.parent
    root = next((p for p in (start, *start.parents) if (p / ".dvc").is_dir()), None)
    if root is None:
        raise NotADvcRepo(f"{path} is not inside a DVC repository (no .dvc folder found).")
    git_error = ""
    try:
        git_root: Path | None = Path(git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    except (GitError, OSError) as error:
        git_root = None
        if "not a git repository" not in str(error).lower():
            git_error = f"git refused to read {root}: {error}"
    committed = configparser.ConfigParser(interpolation=None, strict=False)
    _read_config(committed, root / ".dvc" / "config")
    user = _user_configs(root)
    ignored: list[str] = []

    def trusted_path(section: str, option: str) -> str | None:
        if user.has_option(section, option):
            return user.get(section, option)
        if not committed.has_option(section, option):
            return None
        value = committed.get(section, option)
        local = _local_path(value, root)
        if local is None or _inside(local, root):
            return value
        ignored.append(f"{section} {option} = {value} (outside the repository)")
        return None

    cache_dir = root / ".dvc" / "cache"
    configured = trusted_path("cache", "dir")
    if configured is not None:
        cache_dir = _local_path(configured, root) or cache_dir
    remote_name = user.get("core", "remote", fallback=None) or committed.get(
        "core", "remote", fallback=None
    )
    remote_url = None
    if remote_name:
        for section in (f'remote "{remote_name}"', f"'remote \"{remote_name}\"'"):
            if user.has_section(section) or committed.has_section(section):
                remote_url = trusted_path(section, "url")
                break
    return DvcRepo(root, git_root, cache_dir.resolve(), remote_name, remote_url, tuple(ignored),
                   git_error)  # fmt: skip
