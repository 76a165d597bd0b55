"""What a DVC repo tracks: outputs of `.dvc` files and of `dvc.lock` stages.

Parsed from the YAML itself (C loader), so the same code reads the workspace and any commit.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .yaml_io import YAMLError, load_yaml

LOCK_FILE = "dvc.lock"
# What DVC writes: a hash is 32 hex digits (".dir" for a directory): anything else could make a
# cache path that walks out of the cache ("../../.ssh/id_rsa")
MD5 = re.compile(r"[0-9a-f]{32}(\.dir)?")


def is_md5(value: object) -> bool:
    return isinstance(value, str) and MD5.fullmatch(value) is not None


@dataclass(frozen=True)
class Output:
    path: str  # relative to the DVC root, posix
    source: str  # the .dvc file, or "dvc.lock:<stage>"
    md5: str | None = None  # a directory's ends with ".dir"
    size: int | None = None
    nfiles: int | None = None
    legacy: bool = False  # DVC 2 hashes: cache/<2>/<rest> instead of cache/files/md5/<2>/<rest>
    error: str | None = None  # the source could not be parsed
    conflict: bool = False  # the workspace source has merge-conflict markers: read from HEAD

    @property
    def is_dir(self) -> bool:
        return bool(self.md5 and self.md5.endswith(".dir"))

    @property
    def source_file(self) -> str:
        return self.source.split(":", 1)[0]


def _out(entry: object, base: PurePosixPath, source: str) -> Output | None:
    if not isinstance(entry, dict) or "path" not in entry:
        return None
    path = posixpath.normpath((base / str(entry["path"])).as_posix())
    md5 = entry.get("md5") or None
    if path.startswith(("../", "/")) or path in ("..", "."):
        return Output(path=path, source=source, error=f"Broken {source}: {path!r} is outside "
                      "the repository")  # fmt: skip
    if md5 is not None and not is_md5(md5):
        return Output(path=path, source=source, error=f"Broken {source}: {str(md5)[:40]!r} "
                      "is not an MD5 hash")  # fmt: skip
    size = entry.get("size")
    nfiles = entry.get("nfiles")
    return Output(
        path=path,
        source=source,
        md5=md5,
        size=int(size) if isinstance(size, int) else None,
        nfiles=int(nfiles) if isinstance(nfiles, int) else None,
        legacy=entry.get("hash") != "md5",
    )


# A .dvc file of thousands of outputs changes a few of them per commit: its items are parsed
# one by one and remembered, so reading it at every commit costs what changed
ITEMWISE_FROM = 64  # outputs in one file
MAX_REMEMBERED = 100_000  # items (~40 MB), then forgotten at once
_remembered: dict[tuple[str, bytes], Output | None] = {}


def _items(text: bytes) -> list[bytes] | None:
    """The items of `outs:` in a file laid out as DVC writes it (`outs:` alone; each item at
    the margin, `- `, its keys indented by two spaces), each its own YAML text; None for any
    other layout, which is parsed whole."""
    if not text.startswith(b"outs:\n"):
        return None
    items: list[list[bytes]] = []
    for line in text[6:].splitlines(keepends=True):
        if line.startswith(b"- "):
            items.append([line])
        elif line.startswith(b"  ") and items:
            items[-1].append(line)
        else:
            return None
    return [b"".join(item) for item in items]


def _parse_itemwise(items: list[bytes], base: PurePosixPath, dvc_file: str) -> list[Output]:
    if len(_remembered) > MAX_REMEMBERED:
        _remembered.clear()
    outs = []
    for item in items:
        key = (dvc_file, item)
        if key not in _remembered:
            entries = load_yaml(item)
            if not isinstance(entries, list) or len(entries) != 1:
                raise ValueError("an item of 'outs' is not one entry")
            _remembered[key] = _out(entries[0], base, dvc_file)
        outs.append(_remembered[key])
    return [out for out in outs if out is not None]


def parse_dvc_file(text: bytes, dvc_file: str) -> list[Output]:
    """Outputs of one `.dvc` file (`dvc_file` relative to the DVC root)."""
    base = PurePosixPath(dvc_file).parent
    raw = text.encode() if isinstance(text, str) else text
    items = _items(raw) if raw.count(b"\n- ") >= ITEMWISE_FROM else None
    if items is not None:
        try:
            return _parse_itemwise(items, base, dvc_file)
        except (YAMLError, ValueError, TypeError):
            pass  # parsed whole below, for the whole file's message
    try:
        data = load_yaml(text)
        if not isinstance(data, dict) or not isinstance(data.get("outs"), list):
            raise ValueError("it has no 'outs' list")
        outs = [_out(entry, base, dvc_file) for entry in data["outs"]]
    except (YAMLError, ValueError, TypeError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [Output(path=dvc_file.removesuffix(".dvc"), source=dvc_file,
                       error=f"Broken {dvc_file}: {message}")]  # fmt: skip
    return [out for out in outs if out is not None]


def parse_lock(text: bytes, lock_file: str) -> list[Output]:
    """Outputs of every stage in a `dvc.lock`."""
    base = PurePosixPath(lock_file).parent
    try:
        data = load_yaml(text)
        stages = data.get("stages", {}) if isinstance(data, dict) else None
        if not isinstance(stages, dict):
            raise ValueError("it has no 'stages' mapping")
    except (YAMLError, ValueError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [Output(path=lock_file, source=lock_file, error=f"Broken {lock_file}: {message}")]
    outputs = []
    for stage, body in stages.items():
        outs = body.get("outs") if isinstance(body, dict) else None
        for entry in outs if isinstance(outs, list) else []:
            out = _out(entry, base, f"{lock_file}:{stage}")
            if out is not None:
                outputs.append(out)
    return outputs


def parse_source(text: bytes, source_file: str) -> list[Output]:
    if PurePosixPath(source_file).name == LOCK_FILE:
        return parse_lock(text, source_file)
    return parse_dvc_file(text, source_file)


def is_source_file(path: str) -> bool:
    name = PurePosixPath(path).name
    return name == LOCK_FILE or (name.endswith(".dvc") and name != ".dvc")
