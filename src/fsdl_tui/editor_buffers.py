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
    # the buffer the app writes its SQL into (a file's preview, explore steps, DVC versions);
    # None once the user types into it: the app never writes over what the user typed
    app: int | None = None

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
        return Buffers((*self.texts, ""), len(self.texts), self.app)

    def with_app_sql(self, sql: str) -> Buffers:
        """`sql` written by the app: into the current buffer when it is empty or the app's,
        else into the app's buffer (made when there is none), which becomes current. A buffer
        that already holds `sql` is shown instead (no copies pile up launch after launch)."""
        if sql in self.texts:
            return replace(self, current=self.texts.index(sql), app=self.texts.index(sql))
        if not self.text.strip() or self.current == self.app:
            target = self
        elif self.app is not None and self.app < len(self.texts):
            target = replace(self, current=self.app)
        else:
            target = self.added()
            if target is self:  # no room for another buffer: the last one is the app's
                target = replace(self, current=len(self.texts) - 1)
        return replace(target.edited(sql), app=target.current)

    def typed(self, text: str) -> Buffers:
        """The user's edit: the buffer is theirs now."""
        app = None if self.app == self.current else self.app
        return replace(self.edited(text), app=app)

    def moved(self, step: int) -> Buffers:
        return replace(self, current=(self.current + step) % len(self.texts))

    def closed(self) -> Buffers:
        if len(self.texts) == 1:
            return Buffers()
        texts = self.texts[: self.current] + self.texts[self.current + 1 :]
        app = self.app
        if app is not None:
            app = None if app == self.current else app - (app > self.current)
        return Buffers(texts, min(self.current, len(texts) - 1), app)


def buffers_path() -> Path:
    return data_dir() / "editor_buffers.json"


def load_buffers(path: Path | None = None) -> Buffers:
    """The saved buffers; a missing or damaged file gives one empty buffer."""
    try:
        data = json.loads((path or buffers_path()).read_text(encoding="utf-8"))
        texts = tuple(str(t) for t in data["texts"])[:MAX_BUFFERS] or ("",)
        app = data.get("app")
        app = app if isinstance(app, int) and 0 <= app < len(texts) else None
        return Buffers(texts, max(0, min(int(data.get("current", 0)), len(texts) - 1)), app)
    except (OSError, ValueError, KeyError, TypeError):
        return Buffers()


def save_buffers(buffers: Buffers, path: Path | None = None) -> None:
    """Raises StateWriteError when the file cannot be written."""
    data = {"texts": list(buffers.texts), "current": buffers.current, "app": buffers.app}
    write_atomic(path or buffers_path(), json.dumps(data))
