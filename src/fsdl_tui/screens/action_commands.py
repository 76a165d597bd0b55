"""The command palette's entries for every action of every pane (and of the result grid)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (palette group, pane to show, widget to focus, the class whose BINDINGS are its actions, the
# widget that runs them)
TARGETS = (
    ("Data", "data", "#sql-editor", "DataPane", "#data-pane"),
    ("Result", "data", "#result-grid", "ResultGrid", "#result-grid"),
    ("DVC", "dvc", "#dvc-outputs", "DvcPane", "#dvc-pane"),
    ("Catalog", "catalog", "#catalog-filter", "CatalogPane", "#catalog-pane"),
)


def _owner_classes() -> dict[str, type]:
    """The classes by name (imported here: the panes import the app's modules)."""
    from ..widgets.result_grid import ResultGrid
    from .catalog_pane import CatalogPane
    from .data_pane import DataPane
    from .dvc_pane import DvcPane

    return {c.__name__: c for c in (DataPane, ResultGrid, DvcPane, CatalogPane)}


class ActionCommands(Provider):
    def _commands(self):
        app = self.app
        classes = _owner_classes()
        for group, pane, focus, class_name, owner in TARGETS:
            for binding in classes[class_name].BINDINGS:  # a pane not yet shown has them too
                description = getattr(binding, "description", "")
                if not description:
                    continue
                key = app.get_key_display(binding)
                yield (f"{group}: {description}", f"key {key}",
                       partial(self._run, pane, focus, owner, binding.action))  # fmt: skip

    async def _run(self, pane: str, focus: str, owner: str, action: str) -> None:
        app = self.app
        await app.action_show_pane(pane)  # type: ignore[attr-defined]
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
