"""The catalog of data-management tools in the course notes. Pure Python: no Textual or DuckDB."""

from .model import APP_PANES, CATEGORIES, KINDS, Tool, by_id, load_tools, with_installed
from .search import category_counts, filter_tools, score

__all__ = [
    "APP_PANES",
    "CATEGORIES",
    "KINDS",
    "Tool",
    "by_id",
    "category_counts",
    "filter_tools",
    "load_tools",
    "score",
    "with_installed",
]
