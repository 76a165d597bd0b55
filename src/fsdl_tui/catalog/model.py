"""The catalog's entries: loaded from the packaged `tools.toml`. No Textual, no DuckDB."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

CATEGORIES = (
    "databases at the core",
    "unifying platforms",
    "data exploration",
    "data processing",
    "feature stores",
    "datasets",
    "data labelling",
    "labelling solutions",
    "data versioning",
)
KINDS = ("library", "self-hosted platform", "hosted service", "technique", "book")
APP_PANES = ("data", "dvc")


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    category: str
    kind: str
    summary: str
    homepage: str
    distributions: tuple[str, ...] = ()
    database_of: str = ""
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    in_app: str = ""  # the fsdl-tui pane that does this job, if any
    also_in: tuple[str, ...] = ()  # further sections of the notes that name it
    installed: tuple[tuple[str, str], ...] = field(default=())  # (distribution, version)

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *self.also_in)

    @property
    def is_installed(self) -> bool:
        return bool(self.installed)

    @property
    def installed_text(self) -> str:
        return ", ".join(f"{dist} {version}" for dist, version in self.installed)


def _tool(entry: dict) -> Tool:
    tuples = {"distributions", "related", "tags", "also_in"}
    values = {key: tuple(value) if key in tuples else value for key, value in entry.items()}
    return Tool(**values)


@cache
def load_tools() -> tuple[Tool, ...]:
    """Every entry of the packaged catalog, in file order."""
    text = resources.files(__package__).joinpath("tools.toml").read_text(encoding="utf-8")
    return tuple(_tool(entry) for entry in tomllib.loads(text)["tool"])


def with_installed(tools: tuple[Tool, ...], versions: dict[str, str]) -> tuple[Tool, ...]:
    """The tools with their installed distributions filled in from `versions` (normalised names)."""
    from .installed import normalise

    return tuple(
        replace(
            tool,
            installed=tuple(
                (dist, versions[normalise(dist)])
                for dist in tool.distributions
                if normalise(dist) in versions
            ),
        )
        for tool in tools
    )


def by_id(tools: tuple[Tool, ...]) -> dict[str, Tool]:
    return {tool.id: tool for tool in tools}
