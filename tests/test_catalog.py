"""The catalog's content and search, and the `catalog` table in the data plane."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlparse

import pytest

from fsdl_tui.catalog import (
    APP_PANES,
    CATEGORIES,
    KINDS,
    by_id,
    filter_tools,
    load_tools,
    with_installed,
)
from fsdl_tui.catalog.installed import installed_versions
from fsdl_tui.data_plane import catalog_tools, register_builtin_tables

# Every tool, platform, technique and reference the course notes name, plus the app's own stack.
NAMED_IN_NOTES = [
    "Weights and Biases", "Hugging Face", "Label Studio", "Designing Data-Intensive Applications",
    "Snowflake", "Databricks", "SQL", "Pandas", "Dask", "RAPIDS", "Airflow", "Prefect",
    "Dagster", "Uber Michelangelo", "Tecton", "Feast", "Featureform", "Hugging Face Datasets",
    "Activeloop", "Self-supervised learning", "OpenAI CLIP", "Image data augmentation",
    "torchvision", "SimCLR", "Synthetic data", "Amazon Mechanical Turk", "Scale", "Labelbox",
    "Supervisely", "Diffgram", "Aquarium Learning", "Scale Nucleus", "Snorkel", "DVC",
    "DuckDB", "Apache Arrow", "Textual", "Rich",
    # also named by the notes: the dataframe idea and DAG-based processing
    "Dataframes", "DAG workflows",
]  # fmt: skip


def test_every_named_tool_has_a_complete_entry() -> None:
    tools = {tool.name: tool for tool in load_tools()}
    missing = [name for name in NAMED_IN_NOTES if name not in tools]
    assert missing == []
    for name in NAMED_IN_NOTES:
        tool = tools[name]
        for field in ("id", "name", "category", "kind", "summary", "homepage"):
            assert getattr(tool, field).strip(), f"{name}: empty {field}"
        assert tool.category in CATEGORIES, name
        assert set(tool.also_in) <= set(CATEGORIES), name
        assert tool.kind in KINDS, name
        assert not tool.in_app or tool.in_app in APP_PANES, name
        url = urlparse(tool.homepage)
        assert url.scheme == "https" and "." in url.netloc and " " not in tool.homepage, name
        assert 40 <= len(tool.summary) <= 400, f"{name}: summary should be one or two sentences"


def test_ids_are_unique_and_related_entries_exist() -> None:
    tools = load_tools()
    ids = [tool.id for tool in tools]
    assert len(ids) == len(set(ids))
    known = by_id(tools)
    for tool in tools:
        assert set(tool.related) <= set(known), tool.id
        assert tool.id not in tool.related


def test_notes_links_are_kept() -> None:
    tools = {tool.name: tool for tool in load_tools()}
    assert tools["Dask"].homepage == "https://examples.dask.org/dataframe.html"
    assert tools["SimCLR"].homepage.startswith("https://ai.googleblog.com/2020/04/")
    assert tools["Designing Data-Intensive Applications"].homepage == "https://dataintensive.net/"


def test_database_thesis_entries() -> None:
    tools = {tool.name: tool for tool in load_tools()}
    assert tools["Weights and Biases"].database_of == "experiments"
    assert tools["Hugging Face"].database_of == "models"
    assert tools["Label Studio"].database_of == "labels"
    assert "databases at the core" in tools["Label Studio"].categories


def test_installed_comes_from_metadata() -> None:
    tools = {t.id: t for t in with_installed(load_tools(), installed_versions())}
    assert tools["duckdb"].is_installed
    assert tools["duckdb"].installed[0][0] == "duckdb"
    assert not tools["feast"].is_installed
    assert not tools["mturk"].is_installed  # no Python package at all


def test_installed_versions_match_importlib_metadata() -> None:
    from importlib import metadata

    from fsdl_tui.catalog.installed import normalise

    expected: dict[str, str] = {}
    for dist in metadata.distributions():
        if dist.metadata["Name"]:
            expected.setdefault(normalise(dist.metadata["Name"]), dist.version)
    assert installed_versions() == expected


def test_installed_versions_read_metadata_when_the_folder_name_does_not_say(tmp_path) -> None:
    (tmp_path / "Fancy_Tool-2.1.0.dist-info").mkdir()
    egg = tmp_path / "old_tool.egg-info"  # no version in its name: its PKG-INFO says
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: Old.Tool\nVersion: 0.9\n")
    (tmp_path / "broken.egg-info").mkdir()  # says nothing at all: left out
    (tmp_path / "first_one-1.0.dist-info").mkdir()
    shadowed = tmp_path / "later"
    shadowed.mkdir()
    (shadowed / "first_one-2.0.dist-info").mkdir()
    found = installed_versions([str(tmp_path), str(shadowed), str(tmp_path / "missing")])
    assert found == {"fancy-tool": "2.1.0", "old-tool": "0.9", "first-one": "1.0"}


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("duckdb", "DuckDB"),
        ("feature store", "Featureform"),
        ("hgf", "Hugging Face"),  # fuzzy: letters in order
        ("database of labels", "Label Studio"),
        ("versioning", "DVC"),
    ],
)
def test_search_ranks_the_expected_tool_first(query: str, first: str) -> None:
    assert filter_tools(load_tools(), query, None)[0].name == first


def test_search_within_category_and_no_match() -> None:
    tools = load_tools()
    stores = filter_tools(tools, "", "feature stores")
    assert {t.name for t in stores} == {"Uber Michelangelo", "Tecton", "Feast", "Featureform"}
    assert filter_tools(tools, "open source", "feature stores")
    assert filter_tools(tools, "zzzqqq", None) == ()


def test_catalog_is_a_table_in_the_data_plane(engine) -> None:
    register_builtin_tables(engine, catalog_tools())
    counts = engine.query("SELECT category, count(*) AS n FROM catalog GROUP BY 1").run()
    rows = counts.fetch(0, 20).to_pylist()
    assert sum(row["n"] for row in rows) == len(load_tools())
    installed = engine.query("SELECT name FROM catalog WHERE installed ORDER BY name").run()
    assert "DuckDB" in [row["name"] for row in installed.fetch(0, 50).to_pylist()]


def test_catalog_table_in_headless_query() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fsdl_tui", "query",
         "SELECT category, count(*) AS n FROM catalog GROUP BY 1 ORDER BY 1", "--format", "csv"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "category,n"
    assert "feature stores,4" in lines
