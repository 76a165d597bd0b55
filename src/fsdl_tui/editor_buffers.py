"""The SQL editor's buffers, kept across restarts in the user's data dir (written atomically)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from .atomic import write_atomic
from .paths import data_dir

MAX_BUFFERS = 20


@dataclass(frozen=True)
class Buffers:
    texts: tuple[str, ...] = ("",)
    current: int = 0

    @property
    def text(self) -> str:
        return self.texts[self.current]

    def edited(self, text: str) -> Buffers:
        texts = list(self.texts)
        texts[self.current] = text
        return replace(self, texts=tuple(texts))

    def added(self) -> Buffers:
        if len(self.texts) >= MAX_BUFFERS:
            return self
        return Buffers((*self.texts, ""), len(self.texts))

    def moved(self, step: int) -> Buffers:
        return replace(self, current=(self.current + step) % len(self.texts))

    def closed(self) -> Buffers:
        if len(self.texts) == 1:
            return Buffers()
        texts = self.texts[: self.current] + self.texts[self.current + 1 :]
        return Buffers(texts, min(self.current, len(texts) - 1))


def buffers_path() -> Path:
    return data_dir() / "editor_buffers.json"


def load_buffers(path: Path | None = None) -> Buffers:
    """The saved buffers; a missing or damaged file gives one empty buffer."""
    try:
        data = json.loads((path or buffers_path()).read_text(encoding="utf-8"))
        texts = tuple(str(t) for t in data["texts"])[:MAX_BUFFERS] or ("",)
        return Buffers(texts, max(0, min(int(data.get("current", 0)), len(texts) - 1)))
    except (OSError, ValueError, KeyError, TypeError):
        return Buffers()


def save_buffers(buffers: Buffers, path: Path | None = None) -> None:
    """Raises StateWriteError when the file cannot be written."""
    data = {"texts": list(buffers.texts), "current": buffers.current}
    write_atomic(path or buffers_path(), json.dumps(data))
