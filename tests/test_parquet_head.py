"""A Parquet file's head, read by DuckDB before pyarrow is imported while the app starts: the
same columns and cell texts the engine shows a moment later, or nothing when they might differ."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from textual.app import App, ComposeResult

from fsdl_tui.app import FsdlApp
from fsdl_tui.config import Config
from fsdl_tui.engine.duckdb_connect import connect
from fsdl_tui.engine_boot import EngineBoot, boot_engine, first_rows
from fsdl_tui.formatting import GRID_CELL_CHARS, format_table
from fsdl_tui.head_process import HeadProcess, may_have_parquet_head
from fsdl_tui.parquet_head import find_quietly, read_parquet_head
from fsdl_tui.text_head import HeadResult
from fsdl_tui.widgets.result_grid import ResultGrid

from .helpers import grid_lines, settle, shown_result

PLAIN_COLUMNS = """
    i AS id,
    (i % 7 - 3)::TINYINT AS tiny,
    CASE WHEN i = 1 THEN 18446744073709551615 ELSE i END::UBIGINT AS big,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3 END AS ratio,
    (i / 10)::FLOAT AS f32,
    (i * 1.25)::DECIMAL(10, 2) AS price,
    CASE i % 4 WHEN 0 THEN 'plain' WHEN 1 THEN 'tab\there' WHEN 2 THEN '\x1b[31mred'
         ELSE repeat('λ', 400) END AS label,
    '[bold]x[/bold]' AS markup,
    i % 2 = 0 AS even,
    DATE '2024-02-28' + i::INTEGER AS day,
    TIME '23:59:58' + INTERVAL (i) MILLISECOND AS at,
    TIMESTAMP '2024-01-01 00:00:00.5' + INTERVAL (i) SECOND AS ts
"""


def write_parquet(path: Path, columns: str, rows: int = 500) -> Path:
    duckdb.sql(f"COPY (SELECT {columns} FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)")
    return path


def head_of(path: Path):
    found = find_quietly(str(path))
    if found is None:
        return None
    with connect() as connection:
        return read_parquet_head(connection, found)


def test_a_parquet_head_shows_what_the_engine_shows(tmp_path: Path) -> None:
    """Every cell of the first block and of a page past it, and the columns: as the engine's
    (control characters made visible, markup as text, long text cut and marked)."""
    path = write_parquet(tmp_path / "plain.parquet", PLAIN_COLUMNS)
    head = head_of(path)
    assert head is not None and len(head.rows) == 200 and not head.whole and head.total == 500
    shown = HeadResult(head)
    engine, opened = boot_engine(Config(), (str(path),), None, False)
    try:
        made = first_rows(engine, opened, page_rows=100)
        assert made is not None and made.result is not None
        assert shown.columns == made.result.columns
        assert shown.first_rows(100) == made.rows
        page = made.result.fetch(150, 50, GRID_CELL_CHARS)
        assert format_table(shown.fetch(150, 50, GRID_CELL_CHARS)) == format_table(page)
    finally:
        engine.close()
    cells = [cell for row in shown.first_rows(4) for cell in row]
    assert "tab⇥here" in cells and "␛[31mred" in cells and "[bold]x[/bold]" in cells
    assert "λ" * 299 + "…" in cells and "18446744073709551615" in cells


def test_a_wide_heads_first_block_is_the_engines_first_band(tmp_path: Path) -> None:
    """Over one band of columns the engine reads the first band first: so does the head's
    first block; a page of the head gives every column (the grid takes them all)."""
    columns = ", ".join(f"i * {n} AS c{n}" for n in range(100))
    path = write_parquet(tmp_path / "wide.parquet", columns)
    shown = HeadResult(head_of(path))
    engine, opened = boot_engine(Config(), (str(path),), None, False)
    try:
        made = first_rows(engine, opened, page_rows=100)
        assert made is not None and made.result is not None
        assert shown.columns == made.result.columns
        assert shown.first_rows(100) == made.rows and len(made.rows[0]) == 32
        page = made.result.fetch(150, 50, GRID_CELL_CHARS)
        assert format_table(shown.fetch(150, 50, GRID_CELL_CHARS, range(32, 64))) == format_table(
            page
        )
    finally:
        engine.close()


def engine_first_rows(target: Path):
    engine, opened = boot_engine(Config(), (str(target),), None, False)
    try:
        made = first_rows(engine, opened, page_rows=100)
        assert made is not None and made.result is not None
        return made.result.columns, made.rows, made.result.row_count
    finally:
        engine.close()


@pytest.mark.parametrize("layout", ["shards", "hive", "glob"])
def test_a_folder_of_parquet_shards_has_the_head_the_engine_shows(
    tmp_path: Path, layout: str
) -> None:
    """A folder (or a glob) whose dataset is Parquet shards of one schema, or hive partitions:
    the first rows and columns the engine shows, and the row count of every file."""
    folder = tmp_path / "data"
    for part in range(3):
        where = folder / f"split={part}" if layout == "hive" else folder
        where.mkdir(parents=True, exist_ok=True)
        write_parquet(where / f"part-{part:05d}.parquet", f"i + {part * 1000} AS n, 'x' AS s", 150)
    target = folder / "*.parquet" if layout == "glob" else folder
    head = head_of(target)
    assert head is not None and head.total == 450 and len(head.rows) == 200
    shown = HeadResult(head)
    columns, rows, count = engine_first_rows(target)
    assert shown.columns == columns and shown.first_rows(100) == rows and count == 450
    if layout == "hive":
        assert "split" in head.names


def test_shards_whose_schemas_differ_are_left_to_the_engine(tmp_path: Path) -> None:
    """The engine's view matches such files' columns by name: a head of the first file could
    show other columns."""
    write_parquet(tmp_path / "part-0.parquet", "i AS n")
    write_parquet(tmp_path / "part-1.parquet", "i AS n, 'x' AS extra")
    assert head_of(tmp_path) is None


def test_a_small_file_is_its_head(tmp_path: Path) -> None:
    head = head_of(write_parquet(tmp_path / "small.parquet", "i AS n", rows=3))
    assert head is not None and head.whole and head.rows == ((0,), (1,), (2,))


@pytest.mark.parametrize(
    "columns",
    [
        "[i, i + 1] AS pair",  # nested values: DuckDB's Python values are not Arrow's
        "{'a': i} AS record",
        "MAP {'k': i} AS mapping",
        "TIMESTAMPTZ '2024-01-01 00:00:00+00' AS stamped",  # the session's time zone
        "TIMESTAMP_NS '2024-01-01 00:00:00.123456789' AS nanos",
        "INTERVAL (i) DAY AS span",
        "'\\x00\\x01'::BLOB AS bytes",  # unbounded values
        "CASE WHEN i = 1 THEN DATE 'infinity' ELSE DATE '2024-01-01' END AS day",
        ", ".join(f"i AS c{n}" for n in range(129)),  # a head reads every column
    ],
)
def test_a_head_that_might_differ_is_left_to_the_engine(tmp_path: Path, columns: str) -> None:
    assert head_of(write_parquet(tmp_path / "odd.parquet", columns)) is None


def test_not_a_parquet_file_gives_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    assert head_of(broken) is None
    assert head_of(tmp_path / "missing.parquet") is None
    assert not may_have_parquet_head("s3://bucket/x.parquet")
    assert not may_have_parquet_head(str(tmp_path / "notes.txt"))
    assert may_have_parquet_head(str(tmp_path / "*.parquet")) and may_have_parquet_head(str(broken))
    csvs = tmp_path / "csvs"
    csvs.mkdir()
    duckdb.sql(f"COPY (SELECT 1 AS n) TO '{csvs / 'a.csv'}'")
    assert may_have_parquet_head(str(csvs)) and head_of(csvs) is None  # its dataset is a CSV


def test_the_head_is_read_with_nothing_imported_here(tmp_path: Path) -> None:
    """The launch's point: a child reads the head, so this process imports neither DuckDB
    nor pyarrow for it (Textual's import has the GIL to itself); the engine's imports follow
    once started (the app starts them after the head's frame)."""
    path = write_parquet(tmp_path / "rows.parquet", "i + 1000 AS n")
    code = f"""
import sys
from fsdl_tui.config import Config
from fsdl_tui.engine_boot import EngineBoot
from fsdl_tui.head_process import HeadProcess
boot = EngineBoot(Config(), ({str(path)!r},), None, False, head_of=HeadProcess({str(path)!r}))
head = boot.head(timeout=30)
assert head is not None and head.rows[0] == (1000,), head
assert "pyarrow" not in sys.modules and "duckdb" not in sys.modules
boot.start()
engine, opened = boot.result()
assert "pyarrow" in sys.modules and opened.sources[0].rows == 500
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity (Linux)")
@pytest.mark.parametrize("cores", [1, 2])
def test_a_child_reads_the_head_only_with_a_core_to_spare(tmp_path: Path, cores: int) -> None:
    """On one core the child's own start and DuckDB import only add to the launch: the
    command line starts none there (the engine reads the first rows in-process)."""
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < cores:
        pytest.skip(f"this machine lets the tests use {len(allowed)} core(s)")
    path = write_parquet(tmp_path / "rows.parquet", "i AS n")
    code = f"""
import os
os.sched_setaffinity(0, {set(allowed[:cores])!r})
import fsdl_tui.app, fsdl_tui.head_process as hp
started = []
class Recorded(hp.HeadProcess):
    def __init__(self, target):
        started.append(target)
        super().__init__(target)
hp.HeadProcess = Recorded
fsdl_tui.app.FsdlApp.run = lambda self: None  # the launch's decisions, not the screen
from fsdl_tui.cli import main
main([{str(path)!r}])
print(len(started))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)  # fmt: skip
    assert done.stdout.strip() == ("1" if cores > 1 else "0"), done.stderr


@pytest.mark.parametrize(
    ("files", "cpus"),
    [
        ({"cpu.max": "100000 100000\n"}, 1.0),  # cgroup v2: a pod limited to one CPU
        ({"cpu.max": "250000 100000\n"}, 2.5),
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 0.5),  # v1
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu.max": "garbage"}, None),
        ({}, None),  # no cgroup files (not Linux, not mounted)
    ],
)
def test_a_containers_cpu_quota_is_read(tmp_path: Path, files: dict, cpus: float | None) -> None:
    """A container limited to one CPU on a big machine has no core to spare for the child,
    whatever its affinity says."""
    from fsdl_tui.head_process import cgroup_cpus

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert cgroup_cpus(tmp_path) == cpus


def test_without_a_head_the_boot_does_not_wait(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "nested.parquet", "[i] AS xs")
    boot = EngineBoot(Config(), (str(path),), None, False, head_of=HeadProcess(str(path)))
    assert boot.head(timeout=30) is None
    engine, opened = boot.result(timeout=60)  # never started by hand: it must not wait
    assert boot.first() is not None
    engine.close()
    assert opened.sources[0].ok


async def test_a_parquet_head_is_shown_first_and_replaced_by_the_engines_rows(
    tmp_path: Path,
) -> None:
    """The head is in the first frame, said to be the first rows; the engine starts after it
    and its result (every row) replaces the head."""
    path = write_parquet(tmp_path / "rows.parquet", "i + 1000 AS n, i / 4 AS x", rows=5000)
    config = Config()
    boot = EngineBoot(config, (str(path),), None, False, head_of=HeadProcess(str(path)))
    head = boot.head(timeout=30)
    assert head is not None
    app = FsdlApp([str(path)], config=config, boot=boot, head=head)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one("ResultGrid")
        assert any("1000" in line for line in grid_lines(app))  # no pause: the first frame
        assert not app.state.engine_ready
        assert grid.border_title == "Result · first rows"
        assert str(grid.border_subtitle).startswith("row 1 of the first 200")
        numbers = grid_lines(app)[2].index("1000")  # where the row numbers end
        await settle(pilot)
        result = shown_result(app)
        assert result.row_count == 5000 and app.state.query.sql == "SELECT * FROM rows"
        assert grid.border_title == "Result"
        assert str(grid.border_subtitle).startswith("row 1 of 5,000")
        assert any("1000" in line and "0.0" in line for line in grid_lines(app))
        assert grid_lines(app)[2].index("1000") == numbers  # the gutter was 5,000 rows wide


class GridApp(App):
    def compose(self) -> ComposeResult:
        yield ResultGrid()


@pytest.mark.parametrize(("keys", "row"), [(["end"], 5000), (["end", "up"], 199)])
async def test_end_in_the_first_rows_means_the_last_row_of_all(
    tmp_path: Path, keys: list[str], row: int
) -> None:
    """End pressed while a query's first rows are shown goes on to the result's last row once
    it is in; a key moving the cursor after End keeps it where the user put it."""
    path = write_parquet(tmp_path / "rows.parquet", "i AS n", rows=5000)
    head = HeadResult(head_of(path))
    engine, opened = boot_engine(Config(), (str(path),), None, False)
    try:
        made = first_rows(engine, opened, page_rows=100)
        assert made is not None and made.result is not None
        app = GridApp()
        async with app.run_test(size=(80, 24)) as pilot:
            grid = app.query_one(ResultGrid)
            grid.focus()
            grid.show(head, first_rows=head.first_rows(grid.block_rows), partial=True)
            await pilot.press(*keys)
            await pilot.pause()
            grid.show(made.result, keep_position=True, first_rows=made.rows)
            await settle(pilot)
            assert str(grid.border_subtitle).startswith(f"row {row:,} of 5,000")
            assert any(line.split()[:2] == [f"{row:,}", str(row - 1)] for line in grid_lines(app))
    finally:
        engine.close()


class HeldBoot(EngineBoot):
    """The engine's start held back until the test lets it go (a slow disk, a slow machine)."""

    held = True

    def start(self) -> None:
        if not self.held:
            super().start()

    def let_go(self) -> None:
        self.held = False
        super().start()


@pytest.mark.parametrize(("key", "first", "header"), [("S", "4999", "n"), ("F", "0", "count")])
async def test_a_step_asked_for_over_the_head_runs_once_the_engine_is_up(
    tmp_path: Path, key: str, first: str, header: str
) -> None:
    """Sort, frequency… pressed while the head is shown and the engine is starting: the key is
    not lost — the step runs over the first result as soon as it is in."""
    path = write_parquet(tmp_path / "rows.parquet", "i AS n", rows=5000)
    config = Config()
    boot = HeldBoot(config, (str(path),), None, False, head_of=HeadProcess(str(path)))
    head = boot.head(timeout=30)
    app = FsdlApp([str(path)], config=config, boot=boot, head=head)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r", key)
        await pilot.pause(0.2)
        assert not app.state.engine_ready and app.state.query.sql == ""
        boot.let_go()
        await settle(pilot)
        assert app.state.query.error == ""
        assert app.state.query.sql.startswith("SELECT") and "rows" in app.state.query.sql
        lines = grid_lines(app)
        assert header in lines[0].split() and lines[2].split()[:3] == ["1", first, "│"], lines[:3]


def test_a_folders_head_and_then_its_engine(tmp_path: Path) -> None:
    """The launch's boot over a folder: the head of its first dataset, then the engine with
    every dataset the folder holds (what the head found is not looked for again)."""
    for part in range(3):
        write_parquet(tmp_path / f"part-{part:05d}.parquet", f"i + {part * 1000} AS n", 150)
    duckdb.sql(f"COPY (SELECT 1 AS label) TO '{tmp_path / 'labels.csv'}'")
    boot = EngineBoot(Config(), (str(tmp_path),), None, False, head_of=HeadProcess(str(tmp_path)))
    head = boot.head(timeout=30)
    assert head is not None and head.total == 450 and head.rows[0] == (0,)
    boot.start()
    engine, opened = boot.result()
    assert boot.first() is not None
    engine.close()
    assert sorted((s.kind, s.rows) for s in opened.sources) == [("csv", 1), ("parquet", 450)]


async def test_sql_run_while_the_engine_starts_runs_once_it_is_up(tmp_path: Path) -> None:
    """SQL run (F5) while the head is shown and the engine is starting is not lost: it runs
    as soon as the engine is up, after the file's first result."""
    from fsdl_tui.widgets.sql_editor import SqlEditor

    path = write_parquet(tmp_path / "rows.parquet", "i AS n", rows=5000)
    config = Config()
    boot = HeldBoot(config, (str(path),), None, False, head_of=HeadProcess(str(path)))
    app = FsdlApp([str(path)], config=config, boot=boot, head=boot.head(timeout=30))
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(SqlEditor)
        editor.load_text("SELECT 41 + 1 AS answer")
        editor.focus()
        await pilot.press("f5")
        await pilot.pause(0.2)
        assert not app.state.engine_ready
        boot.let_go()
        await settle(pilot)
        assert app.state.query.sql == "SELECT 41 + 1 AS answer" and app.state.query.error == ""
        assert any("42" in line for line in grid_lines(app))
        assert editor.text == "SELECT 41 + 1 AS answer"  # the SQL of the result shown


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_the_first_frame_is_styled_as_a_full_restyle_styles_it(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The first screen is not restyled when first shown (each widget was styled as it was
    mounted): every widget's styles are what styling them all again gives."""
    path = write_parquet(tmp_path / "rows.parquet", "i AS n, 'x' || i AS s", rows=500)
    config = Config()
    boot = HeldBoot(config, (str(path),), None, False, head_of=HeadProcess(str(path)))
    head = boot.head(timeout=30)
    app = FsdlApp([str(path)], config=config, boot=boot, head=head)

    def styles() -> list[tuple[str, str]]:
        return [(repr(node), node.styles.css) for node in app.screen.walk_children()]

    async with app.run_test(size=size) as pilot:
        try:
            await pilot.pause()
            first = styles()
            app.update_styles(app.screen)
            assert styles() == first
        finally:
            boot.let_go()
        await settle(pilot)


async def test_the_app_takes_the_childs_head_from_the_boot_for_its_first_frame(
    tmp_path: Path,
) -> None:
    """As launched: the app is made without the head (the child may still be reading) and
    asks the boot for it as it mounts; its first frame has the head's rows (the engine held
    back: they are not the engine's)."""
    path = write_parquet(tmp_path / "rows.parquet", "i + 1000 AS n", rows=5000)
    config = Config()
    boot = HeldBoot(config, (str(path),), None, False, head_of=HeadProcess(str(path)))
    assert boot.head(timeout=60) is not None  # in by the mount, as a rule: here, surely
    app = FsdlApp([str(path)], config=config, boot=boot)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            assert any("1000" in line for line in grid_lines(app))  # no pause: the first frame
            assert app.query_one(ResultGrid).border_title == "Result · first rows"
        finally:
            boot.let_go()
        await settle(pilot)
        assert shown_result(app).row_count == 5000


def test_the_child_does_not_import_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cloned repository's `duckdb.py` is not run by the child reading a file there; an odd
    name (a leading dash) is a file name, not an option."""
    repo = tmp_path / "repo"
    repo.mkdir()
    marker = tmp_path / "ran"
    (repo / "duckdb.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    write_parquet(repo / "-rows.parquet", "i + 1000 AS n")
    monkeypatch.chdir(repo)
    found, head = HeadProcess("-rows.parquet").result(timeout=60)
    assert not marker.exists()
    assert found is not None and found.datasets[0].stem == "-rows"
    assert head is not None and head.rows[0] == (1000,)


def test_a_child_that_finds_no_head_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    found, head = HeadProcess(str(broken)).result(timeout=60)
    assert found is not None and head is None  # what it found still spares the engine a look
    assert HeadProcess(str(tmp_path / "missing.parquet")).result(timeout=60) == (None, None)


def test_a_child_stopped_gives_no_head(tmp_path: Path) -> None:
    """A Spark session asked for in the settings (or the app quitting) ends the child."""
    path = write_parquet(tmp_path / "rows.parquet", "i AS n")
    process = HeadProcess(str(path))
    process.stop()
    assert process.result(timeout=60) == (None, None)
