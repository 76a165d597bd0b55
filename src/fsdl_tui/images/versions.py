"""Pictures at the DVC version the data came from: for a result of
`SELECT … FROM dvc_version('data/labels.csv', 'v1')`, a cell `images/cat.png` is the picture
`data/images/cat.png` (or `images/cat.png` from the repository's root) as it was at `v1`, read
from the DVC cache — not the one in the workspace today. Runs in a worker (git reads)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .source import ImageRef


class VersionedImages:
    """Looks up relative picture paths at the versions a query's `dvc_version` calls name."""

    def __init__(self, repo_root: Path, sql: str) -> None:
        from ..dvc.version_call import dvc_version_calls

        self.repo_root = repo_root
        self.calls = dvc_version_calls(sql)
        self._history = None

    def _open(self):
        if self._history is None:
            from ..dvc.history import History
            from ..dvc.repo import open_repo

            self._history = History(open_repo(self.repo_root))
        return self._history

    def __call__(self, text: str) -> ImageRef | None:
        from ..dvc.errors import DataUnavailable, DvcError
        from ..dvc.repo import NotADvcRepo
        from ..dvc.timetravel import locate_file

        relative = PurePosixPath(text.replace("\\", "/").removeprefix("./"))
        if ".." in relative.parts:
            return None
        for data_path, rev in self.calls:
            folder = PurePosixPath(data_path.strip().removeprefix("./")).parent
            for candidate in dict.fromkeys((folder / relative, relative)):
                try:
                    _, _, blob = locate_file(self._open(), candidate.as_posix(), rev)
                except DataUnavailable as error:
                    return ImageRef(label=f"{candidate} at {rev}", problem=error.message)
                except (DvcError, NotADvcRepo, OSError):
                    continue
                return ImageRef(path=blob, label=f"{candidate} at {rev}")
        return None


def image_lookup(repo_root: str, sql: str) -> VersionedImages | None:
    """The at-version lookup for a result's SQL, or None when it reads no DVC version."""
    if not repo_root or "dvc_version" not in sql.lower():
        return None
    lookup = VersionedImages(Path(repo_root), sql)
    return lookup if lookup.calls else None
