"""What a launch opens: the user's paths and DVC repo, found or defaulted as the help says.

Used by the app's command line and by `fsdl-tui query` alike (neither imports the other).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Launch:
    targets: list[str]  # for the Data pane
    repo: Path | None  # for the DVC pane
    build_demo: bool = False


def plan_launch(paths: list[str], repo: str | None, cwd: Path) -> Launch:
    """What to open: the user's paths and DVC repo, found or defaulted as the help says."""
    from .dvc.repo import find_dvc_root
    from .paths import default_demo_dir, demo_is_built

    if repo is not None:
        root = Path(repo).expanduser()
        return Launch(paths or [str(root)], root)
    for path in paths:
        if not any(ch in path for ch in "*?[") and _exists(Path(path)):
            root = find_dvc_root(Path(path))
            if root is not None:
                return Launch(paths, root)
    if paths:
        return Launch(paths, None)
    root = find_dvc_root(cwd)
    if root is not None:
        return Launch([str(root)], root)
    demo = default_demo_dir()
    return Launch(default_targets([]), demo, build_demo=not demo_is_built(demo))


def _exists(path: Path) -> bool:
    """Whether `path` exists; a path the OS refuses (too long, say) is left for opening to
    report."""
    try:
        return path.exists()
    except OSError:
        return False


def default_targets(paths: list[str]) -> list[str]:
    if paths:
        return paths
    from .sample import sample_data_dir

    return [str(sample_data_dir())]
