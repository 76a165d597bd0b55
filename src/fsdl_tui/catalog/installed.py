"""Which Python distributions are installed here, from package metadata: no tool is imported."""

from __future__ import annotations

import re
from importlib import metadata


def normalise(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> dict[str, str]:
    """Every installed distribution's normalised name and version (one scan of sys.path)."""
    versions: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"] if dist.metadata else None
        if name:
            versions.setdefault(normalise(name), dist.version)
    return versions
