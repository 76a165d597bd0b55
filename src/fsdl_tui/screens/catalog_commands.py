"""Command palette entries "Catalog: <tool>" for every catalog entry."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class CatalogCommands(Provider):
    def _tools(self):
        return self.app.state.catalog.tools  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for tool in self._tools():
            yield DiscoveryHit(
                f"Catalog: {tool.name}",
                partial(self.app.show_catalog_tool, tool.id),  # type: ignore[attr-defined]
                help=tool.summary.split(". ")[0],
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for tool in self._tools():
            command = f"Catalog: {tool.name}"
            score = matcher.match(command)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command),
                    partial(self.app.show_catalog_tool, tool.id),  # type: ignore[attr-defined]
                    help=tool.summary.split(". ")[0],
                )
