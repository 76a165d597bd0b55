"""A tracked path's versions across commits, read from git: `git log -- <.dvc or dvc.lock>` plus
one `git cat-file --batch` process. No DVC import, no checkout, nothing written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from . import cache
from .git import BlobReader, list_files, log, log_changes, tags_by_commit
from .outputs import Output, is_source_file, parse_source
from .repo import DvcRepo

WORKSPACE = "workspace"
CONFLICT_MARKER = re.compile(rb"^<<<<<<< ", re.MULTILINE)


@dataclass(frozen=True)
class Version:
    path: str  # what was asked for: an output, or a file inside a directory output
    rev: str  # short sha, or "workspace"
    commit: str  # full sha ("" for the workspace)
    date: str
    author: str
    message: str
    tags: tuple[str, ...]
    md5: str | None  # None: a member of a directory whose manifest is not cached
    size: int | None
    nfiles: int | None
    legacy: bool
    output: str  # the output path that holds it
    source: str  # the .dvc file or dvc.lock stage


def source_files(repo: DvcRepo, rev: str | None) -> list[str]:
    """`.dvc` files and `dvc.lock` files (relative to the DVC root), in the workspace or at rev."""
    if repo.git_root is None:
        found = [p.relative_to(repo.root).as_posix() for p in repo.root.rglob("*")
                 if p.is_file() and ".dvc" not in p.relative_to(repo.root).parts[:1]]  # fmt: skip
        return sorted(p for p in found if is_source_file(p))
    if rev is None:
        spec = [repo.git_path("*.dvc"), repo.git_path("**/*.dvc"), repo.git_path("dvc.lock"),
                repo.git_path("**/dvc.lock")]  # fmt: skip
    else:  # ls-tree takes folders, not globs: list the DVC root, filter below
        spec = [repo.prefix] if repo.prefix else []
    paths = list_files(repo.git_root, rev, spec)
    prefix = repo.prefix + "/" if repo.prefix else ""
    relative = [p[len(prefix) :] for p in paths if p.startswith(prefix)]
    return [p for p in relative if is_source_file(p) and not p.startswith(".dvc/")]


def find_output(outputs: list[Output], path: str) -> tuple[Output, str] | None:
    """The output holding `path` and the path inside it ("" for the output itself)."""
    target = PurePosixPath(path)
    for out in outputs:
        if out.error:
            continue
        out_path = PurePosixPath(out.path)
        if target == out_path:
            return out, ""
        if out_path in target.parents:
            return out, target.relative_to(out_path).as_posix()
    return None


def _resolve_member(repo: DvcRepo, out: Output, inner: str) -> tuple[str | None, int | None]:
    manifest = cache.read_manifest(repo, out.md5 or "", out.legacy)
    if manifest is None:
        return None, None
    entry = cache.member(manifest, inner)
    if entry is None:
        return "", None  # not in this version of the directory
    blob = cache.cache_file(repo, entry["md5"], out.legacy)
    return entry["md5"], blob.stat().st_size if blob.is_file() else None


def _version(repo, path, commit, tags, out, inner) -> Version | None:
    md5, size, nfiles = out.md5, out.size, out.nfiles
    if inner:
        md5, size = _resolve_member(repo, out, inner)
        nfiles = None
        if md5 == "":
            return None
    sha = commit.sha if commit else ""
    return Version(
        path=path,
        rev=sha[:8] if sha else WORKSPACE,
        commit=sha,
        date=commit.date if commit else "",
        author=commit.author if commit else "",
        message=commit.message if commit else "(uncommitted changes)",
        tags=tuple(tags.get(sha, ())),
        md5=md5,
        size=size,
        nfiles=nfiles,
        legacy=out.legacy,
        output=out.path,
        source=out.source,
    )


class History:
    """Reads the versions of tracked paths; keep one per repo to reuse its git processes."""

    def __init__(self, repo: DvcRepo) -> None:
        self.repo = repo
        self._reader = BlobReader(repo.git_root) if repo.git_root else None
        self._tags = tags_by_commit(repo.git_root) if repo.git_root else {}

    def close(self) -> None:
        if self._reader:
            self._reader.close()

    def workspace_outputs(self) -> list[Output]:
        outputs: list[Output] = []
        for source in source_files(self.repo, None):
            try:
                text = (self.repo.root / source).read_bytes()
            except OSError:
                continue  # listed by git but deleted from the workspace
            outputs.extend(self._mid_merge(source, text) or parse_source(text, source))
        return outputs

    def _mid_merge(self, source: str, text: bytes) -> list[Output]:
        """During a merge conflict a source holds conflict markers and parses to nothing:
        its outputs as HEAD has them (marked), so their history stays on screen."""
        if self._reader is None or not CONFLICT_MARKER.search(text):
            return []
        committed = self._reader.read("HEAD", self.repo.git_path(source))
        outputs = parse_source(committed, source) if committed is not None else []
        return [replace(out, conflict=True) for out in outputs if not out.error]

    def outputs_at(self, commit: str) -> list[Output]:
        assert self._reader is not None
        outputs: list[Output] = []
        for source in source_files(self.repo, commit):
            text = self._reader.read(commit, self.repo.git_path(source))
            if text is not None:
                outputs.extend(parse_source(text, source))
        return outputs

    def all_versions(self, outputs: list[Output]) -> dict[str, list[Version]]:
        """Every version of each output, as `versions` gives them, read in one `git log` over
        their source files and one parse of each source per commit that changed it: linear in
        the history, however many outputs a `.dvc` file holds."""
        wanted = [out for out in outputs if not out.error]
        by_source: dict[str, list[Output]] = {}
        for out in wanted:
            by_source.setdefault(out.source_file, []).append(out)
        found: dict[str, list[Version]] = {out.path: [] for out in wanted}
        if self._reader is not None and by_source:
            git_paths = {self.repo.git_path(source): source for source in by_source}
            for commit, changed in log_changes(self.repo.git_root, list(git_paths)):
                sources = [git_paths[p] for p in changed if p in git_paths] or list(by_source)
                for source in sources:
                    text = self._reader.read(commit.sha, self.repo.git_path(source))
                    if text is None:
                        continue  # the source was deleted in this commit
                    at_commit = {o.path: o for o in parse_source(text, source) if not o.error}
                    for out in by_source[source]:
                        hit = at_commit.get(out.path)
                        version = hit and _version(self.repo, out.path, commit, self._tags, hit, "")
                        if version:
                            found[out.path].append(version)
        return {out.path: _with_workspace(self.repo, _changes_only(found[out.path]), out)
                for out in wanted}  # fmt: skip

    def versions(self, path: str) -> list[Version]:
        """Every version of `path`, newest first; the workspace first when it differs."""
        path = PurePosixPath(path).as_posix()
        found = find_output(self.workspace_outputs(), path)
        if found is None and self._reader is not None:
            found = find_output(self.outputs_at("HEAD"), path)
        if found is None:
            return []
        source_file = found[0].source_file
        versions: list[Version] = []
        if self._reader is not None:
            for commit in log(self.repo.git_root, [self.repo.git_path(source_file)]):
                text = self._reader.read(commit.sha, self.repo.git_path(source_file))
                if text is None:
                    continue  # the source was deleted in this commit
                hit = find_output(parse_source(text, source_file), path)
                if hit is not None:
                    version = _version(self.repo, path, commit, self._tags, *hit)
                    if version is not None:
                        versions.append(version)
        return _with_workspace(self.repo, _changes_only(versions), *found)


def _with_workspace(repo: DvcRepo, versions: list[Version], out: Output, inner: str = ""):
    """The workspace's version first, when it differs from the newest commit's."""
    workspace = _version(repo, PurePosixPath(out.path, inner).as_posix() if inner else out.path,
                         None, {}, out, inner)  # fmt: skip
    if workspace is not None and (not versions or workspace.md5 != versions[0].md5):
        versions.insert(0, workspace)
    return versions


def _changes_only(newest_first: list[Version]) -> list[Version]:
    """Keep a commit only when the hash differs from the commit before it."""
    kept = []
    for index, version in enumerate(newest_first):
        older = newest_first[index + 1] if index + 1 < len(newest_first) else None
        if older is None or older.md5 != version.md5 or version.md5 is None:
            kept.append(version)
    return kept
