"""The command palette's entries for every action of every pane (and of the result grid)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (palette group, pane to show, widget to focus, the class whose BINDINGS are its actions)
TARGETS = (
    ("Data", "data", "#sql-editor", "DataPane", "#data-pane"),
    ("Result", "data", "#result-grid", "ResultGrid", "#result-grid"),
    ("DVC", "dvc", "#dvc-outputs", "DvcPane", "#dvc-pane"),
    ("Catalog", "catalog", "#catalog-filter", "CatalogPane", "#catalog-pane"),
)


class ActionCommands(Provider):
    def _commands(self):
        app = self.app
        for group, pane, focus, _class_name, owner in TARGETS:
            widgets = app.query(owner)
            if not widgets:  # a pane not mounted yet (they mount once the first rows are in)
                continue
            for binding in type(widgets.first()).BINDINGS:
                description = getattr(binding, "description", "")
                if not description:
                    continue
                key = app.get_key_display(binding)
                yield (f"{group}: {description}", f"key {key}",
                       partial(self._run, pane, focus, owner, binding.action))  # fmt: skip

    async def _run(self, pane: str, focus: str, owner: str, action: str) -> None:
        app = self.app
        app.action_show_pane(pane)  # type: ignore[attr-defined]
        app.query_one(focus).focus()
        await app.query_one(owner).run_action(action)

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
