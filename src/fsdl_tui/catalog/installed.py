"""Which Python distributions are installed here, from package metadata: no tool is imported.

Installers name a distribution's metadata folder `{name}-{version}.dist-info` (names normalised
to underscores), so a listing of each `sys.path` folder answers without parsing one METADATA
file; only a folder whose name does not say (an old `.egg-info`) has its metadata read. Reading
every METADATA with `importlib.metadata` took ~0.2 s of the GIL at each launch.
"""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata
from pathlib import Path

METADATA_SUFFIXES = (".dist-info", ".egg-info")


def normalise(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions(path: list[str] | None = None) -> dict[str, str]:
    """Every installed distribution's normalised name and version (the first found on `path`,
    `sys.path` by default, as imports would find it)."""
    versions: dict[str, str] = {}
    for entry in sys.path if path is None else path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:  # a zip file, a missing folder
            continue
        for folder in names:
            if not folder.endswith(METADATA_SUFFIXES):
                continue
            found = _from_folder_name(folder) or _from_metadata(Path(entry or ".") / folder)
            if found is not None:
                versions.setdefault(normalise(found[0]), found[1])
    return versions


def _from_folder_name(folder: str) -> tuple[str, str] | None:
    stem = folder.rsplit(".", 1)[0]
    name, _, version = stem.partition("-")
    version = version.split("-")[0]  # an egg's `-py3.11` tag
    return (name, version) if name and version and version[0].isdigit() else None


def _from_metadata(folder: Path) -> tuple[str, str] | None:
    try:
        dist = metadata.PathDistribution(folder)
        name, version = dist.metadata["Name"], dist.version
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (name, version) if name and version else None
