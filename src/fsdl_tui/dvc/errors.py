"""Failures of DVC reads, as messages for people."""

from __future__ import annotations

from ..engine.base import EngineError


class DvcError(EngineError):
    title = "DVC"


class DataUnavailable(DvcError):
    """A version's bytes are not in the local cache (maybe in the remote)."""

    title = "Data unavailable"

    def __init__(
        self,
        message: str,
        *,
        path: str,
        rev: str,
        commit: str,
        md5: str,
        fetchable: bool | None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.rev = rev
        self.commit = commit
        self.md5 = md5
        self.fetchable = fetchable  # None: a cloud remote, which only a fetch can tell
