"""YAML for DVC's files (.dvc, dvc.lock, dvc.yaml, params): PyYAML's C loader when built.

A repository's YAML is untrusted: a 1 KB file of nested aliases ("billion laughs") expands to
billions of values for whoever walks it. Each document is composed first and its expanded size
counted over the node graph (linear in the file); one that would expand past a budget, or that
refers to itself, is refused before anything is built. A document without an anchor (`&`) has
no alias, so nothing to count: what DVC writes is read at the parser's speed.
"""

from __future__ import annotations

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

YAMLError = yaml.YAMLError
MAX_YAML_BYTES = 32 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000


class YAMLBomb(yaml.YAMLError):
    """A document too large to build once its aliases are expanded."""


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document has with every alias expanded (each shared node counted
    once per reference), computed without expanding anything."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_EXPANDED_NODES:
                raise YAMLBomb(f"aliases expand it past {MAX_EXPANDED_NODES:,} values; not read")
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YAMLBomb("an alias refers to a value that contains it; not read")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml(text: bytes | str) -> object:
    """Parse with a safe loader, within a size and alias-expansion budget. Raises YAMLError."""
    if len(text) > MAX_YAML_BYTES:
        raise YAMLBomb(f"larger than {MAX_YAML_BYTES // 2**20} MiB; not read")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if ("&" in text) if isinstance(text, str) else (b"&" in text):
            _expanded_size(node)  # without an anchor there is no alias to expand
        return loader.construct_document(node)
    finally:
        loader.dispose()
