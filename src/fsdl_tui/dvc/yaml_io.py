"""YAML for DVC's files (.dvc, dvc.lock, dvc.yaml, params): PyYAML's C loader when built."""

from __future__ import annotations

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

YAMLError = yaml.YAMLError


def load_yaml(text: bytes | str) -> object:
    """Parse with a safe loader. Raises YAMLError."""
    return yaml.load(text, Loader=_Loader)
