"""Filter catalog entries by category and a typed query (fuzzy over name, summary and tags)."""

from __future__ import annotations

from .model import Tool


def _subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def score(tool: Tool, query: str) -> float:
    """0 when some word of the query matches nothing; higher for better matches.

    Per word: a substring of the name counts most, then tags, category, database_of and summary;
    failing those, the word's letters in order within the name (fuzzy: "hgf" finds Hugging Face).
    """
    words = query.lower().split()
    if not words:
        return 1.0
    name = tool.name.lower()
    tags = " ".join(tool.tags).lower()
    rest = " ".join((tool.summary, tool.category, tool.kind, tool.database_of, tool.id)).lower()
    total = 0.0
    for word in words:
        if name.startswith(word):
            total += 5
        elif word in name:
            total += 4
        elif word in tags:
            total += 3
        elif word in rest:
            total += 1
        elif _subsequence(word, name.replace(" ", "")):
            total += 0.5
        else:
            return 0.0
    return total


def filter_tools(tools: tuple[Tool, ...], query: str, category: str | None) -> tuple[Tool, ...]:
    """Entries in `category` (None: all) matching `query`, best match first, else file order."""
    pool = [t for t in tools if category is None or category in t.categories]
    if not query.strip():
        return tuple(pool)
    scored = [(score(t, query), i, t) for i, t in enumerate(pool)]
    return tuple(t for s, i, t in sorted(scored, key=lambda x: (-x[0], x[1])) if s > 0)


def category_counts(tools: tuple[Tool, ...], categories: tuple[str, ...]) -> dict[str, int]:
    return {c: sum(1 for t in tools if c in t.categories) for c in categories}
