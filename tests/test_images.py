"""Pictures in cells: a relative path, PNG bytes in a BLOB and a Hugging Face `{bytes, path}`
struct are drawn in the inspector with half blocks; a corrupt PNG and a 200-megapixel one are a
line each, and the app keeps working."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from fsdl_tui.config import Config
from fsdl_tui.images.decode import ImageError, decode
from fsdl_tui.images.source import find_image


def png(color: tuple[int, int, int], size: tuple[int, int] = (32, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width×height (its pixels are never reached)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.fixture
def images_table(tmp_path: Path) -> Path:
    (tmp_path / "imgs").mkdir()
    (tmp_path / "imgs" / "red.png").write_bytes(png((255, 0, 0)))
    table = pa.table({
        "path": ["imgs/red.png", "imgs/missing.png", "imgs/red.png"],
        "blob": [png((0, 0, 255)), b"\x89PNG\r\n\x1a\nbroken", huge_png_header(20_000, 10_000)],
        "image": [{"bytes": png((0, 255, 0)), "path": "green.png"}, {"bytes": None,
                  "path": "imgs/red.png"}, None],
    })  # fmt: skip
    pq.write_table(table, tmp_path / "pictures.parquet")
    return tmp_path


def test_sources_and_decoding(images_table: Path) -> None:
    base = (images_table,)
    red = decode(find_image("imgs/red.png", base))
    assert (red.format, red.width, red.height) == ("PNG", 32, 16)
    assert red.image.getpixel((0, 0)) == (255, 0, 0)
    assert find_image("imgs/missing.png", base) is None
    green = decode(find_image({"bytes": png((0, 255, 0)), "path": "x.png"}, base))
    assert green.image.getpixel((0, 0)) == (0, 255, 0) and green.label == "x.png"
    assert find_image({"bytes": None, "path": "imgs/red.png"}, base).path is not None
    assert find_image(b"not an image", base) is None and find_image(42, base) is None
    with pytest.raises(ImageError, match="Not a picture"):
        decode(find_image(b"\x89PNG\r\n\x1a\nbroken", base))
    with pytest.raises(ImageError, match="20000×10000 image \\(200 megapixels\\) is too large"):
        decode(find_image(huge_png_header(20_000, 10_000), base))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_inspector_draws_each_kind(images_table: Path, size) -> None:
    from textual.widgets import Static

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.inspect_screen import InspectScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    app = FsdlApp([str(images_table / "pictures.parquet")], config=Config(images="halfblock"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        expected = {(0, 0): (255, 0, 0), (0, 1): (0, 0, 255), (0, 2): (0, 255, 0)}
        for (row, col), color in expected.items():
            grid.move_cursor(row=row, col=col)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, InspectScreen), (row, col)
            drawn = screen.query_one("#inspect-image", Static)
            strip = drawn.render_line(0)  # the picture's first line as the screen draws it
            cells = [seg for seg in strip if "▀" in seg.text]
            assert cells and cells[0].style.color.triplet == color, (row, col)
            assert "PNG" in str(screen.query_one("#inspect-caption", Static).render())
            await pilot.press("escape")
        for row, message in ((1, "Not a picture"), (2, "too large to draw")):
            grid.move_cursor(row=row, col=1)  # the BLOB column
            await pilot.press("enter")
            await settle(pilot)
            caption = str(app.screen.query_one("#inspect-caption", Static).render())
            assert message in caption
            await pilot.press("escape")
        await pilot.press("s")  # still working: a sort runs
        await settle(pilot)
        assert app.state.query.error == ""


async def test_h_on_a_text_column_draws_its_lengths(tmp_path: Path) -> None:
    """The check before fine-tuning: characters and whitespace tokens of each text, binned."""
    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.profile_screen import HistogramScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    texts = ["short", "a somewhat longer text", "", "one two three four five six", "x"]
    pq.write_table(pa.table({"id": list(range(5)), "text": texts}), tmp_path / "corpus.parquet")
    app = FsdlApp([str(tmp_path / "corpus.parquet")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(col=1)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        rows = app.screen.rows
        measures = {r["measure"] for r in rows}
        assert measures == {"characters", "tokens"}
        assert sum(r["count"] for r in rows if r["measure"] == "tokens") == 5
        assert max(r["bin_end"] for r in rows if r["measure"] == "tokens") == 6
        assert app.screen.query_one("#histogram-plot-2").display  # tokens: a chart of its own


async def test_gallery_goes_to_a_column_that_can_hold_pictures(tmp_path: Path) -> None:
    """G on a number, or on a label, shows the pictures of the result's bytes column; a result
    with no column that could hold one says so instead of a page of empty tiles."""
    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.gallery_screen import GalleryScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle, toast_texts

    table = pa.table({"id": [1, 2], "score": [0.5, 0.7], "label": ["cat", "dog"],
                      "png": [png((255, 0, 0), (4, 4))] * 2})  # fmt: skip
    pq.write_table(table, tmp_path / "shots.parquet")
    pq.write_table(table.select(["id", "score"]), tmp_path / "numbers.parquet")
    app = FsdlApp([str(tmp_path / "shots.parquet")], config=Config(images="halfblock"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()  # the cursor on `id`
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GalleryScreen) and app.screen.column == 3
        await pilot.press("escape")
        app.query_one(ResultGrid).move_cursor(col=2)  # the label: text, not named like a path
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GalleryScreen) and app.screen.column == 3
    app = FsdlApp([str(tmp_path / "numbers.parquet")], config=Config(images="halfblock"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.query_one(ResultGrid).focus()
        await pilot.press("G")
        await settle(pilot)
        assert not isinstance(app.screen, GalleryScreen)
        assert any("can hold pictures" in text for text in toast_texts(app))


async def test_gallery_pages_lazily_and_follows_the_filters(tmp_path: Path) -> None:
    """10,000 image rows: only a page is fetched and decoded; `=` on a label, then the gallery
    of that class."""
    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.gallery_screen import GalleryScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    colors = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}
    pictures = {label: png(color, (8, 8)) for label, color in colors.items()}
    labels = [list(colors)[i % 3] for i in range(10_000)]
    table = pa.table({"label": labels, "png": [pictures[label] for label in labels]})
    pq.write_table(table, tmp_path / "many.parquet")
    app = FsdlApp([str(tmp_path / "many.parquet")], config=Config(images="halfblock"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(col=1)
        await pilot.press("G")
        await settle(pilot)
        gallery = app.screen
        assert isinstance(gallery, GalleryScreen)
        first = [t.row for t in gallery.tiles]
        assert first == list(range(gallery.page_size)) and len(first) < 20
        assert [t.caption for t in gallery.tiles[:3]] == ["red", "green", "blue"]
        for _ in range(50):
            await pilot.press("pagedown")
        await settle(pilot)
        assert gallery.tiles[0].row == 50 * gallery.page_size
        assert len(gallery.tiles) == gallery.page_size  # one page decoded, wherever it is
        await pilot.press("right", "enter")
        await settle(pilot)
        from fsdl_tui.screens.inspect_screen import InspectScreen

        assert isinstance(app.screen, InspectScreen) and app.screen.picture is not None
        await pilot.press("escape", "escape")
        grid.move_cursor(row=2, col=0)  # a "blue" row
        await pilot.press("equals_sign")
        await settle(pilot)
        grid.move_cursor(col=1)
        await pilot.press("G")
        await settle(pilot)
        assert {t.caption for t in app.screen.tiles} == {"blue"}
        assert app.screen.result.row_count == 3_333


@pytest.mark.parametrize(
    ("setting", "env", "mode"),
    [
        ("auto", {"TERM": "xterm-256color"}, "halfblock"),
        ("auto", {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "kitty"),
        ("auto", {"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty"}, "kitty"),
        ("auto", {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "sixel"),
        ("auto", {"TERM": "foot"}, "sixel"),
        ("auto", {"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0", "KITTY_WINDOW_ID": "1"},
         "halfblock"),
        ("auto", {"TERM_PROGRAM": "textual", "KITTY_WINDOW_ID": "1"}, "halfblock"),  # --web
        ("sixel", {"TERM": "xterm-256color"}, "sixel"),
        ("kitty", {"TERM_PROGRAM": "textual"}, "halfblock"),  # the browser draws no protocol
        ("off", {"KITTY_WINDOW_ID": "1"}, "off"),
    ],
)  # fmt: skip
def test_the_drawing_mode_follows_the_terminal(setting, env, mode) -> None:
    from fsdl_tui.images.terminal import choose_mode

    assert choose_mode(setting, env) == mode


def test_images_setting_from_the_environment(monkeypatch) -> None:
    from fsdl_tui.config import load_config

    monkeypatch.setenv("FSDL_TUI_IMAGES", "sixel")
    assert load_config()[0].images == "sixel"
    monkeypatch.setenv("FSDL_TUI_IMAGES", "ascii-art")
    config, problems = load_config()
    assert config.images == "auto" and "images is one of auto, kitty, sixel" in problems[0]


@pytest.mark.parametrize(("mode", "marker"), [("sixel", "\x1bP"), ("kitty", "\U0010eeee")])
async def test_terminal_graphics_draw_pixels(
    images_table: Path, mode: str, marker: str, capfd
) -> None:
    """Forced Kitty or Sixel: the inspector sends the picture in the protocol (Sixel data in
    the frame; Kitty's upload straight to the terminal, then its placeholder cells), not as
    coloured blocks."""
    from rich.console import Console
    from textual.geometry import Region

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.inspect_screen import InspectScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .helpers import settle

    app = FsdlApp([str(images_table / "pictures.parquet")], config=Config(images=mode))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        grid = app.query_one(ResultGrid)
        grid.focus()
        grid.move_cursor(row=0, col=1)  # the blue PNG in a BLOB
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InspectScreen)
        drawn = app.screen.query_one("#inspect-image")
        assert drawn.size.height > 2
        if mode == "sixel":
            inner = drawn.children[0]
            strips = inner.render_lines(Region(0, 0, inner.size.width, inner.size.height))
            sent = "".join(segment.text for strip in strips for segment in strip)
        else:
            console = Console(force_terminal=True, width=drawn.size.width)
            with console.capture() as capture:
                console.print(drawn.render())
            sent = capture.get()
        assert marker in sent and "▀" not in sent
        if mode == "kitty":
            assert "\x1b_Gi=" in capfd.readouterr().out  # the PNG upload
        await pilot.press("escape")
        assert app.state.query.error == ""


async def test_picture_paths_at_a_dvc_version(tmp_path: Path) -> None:
    """`dvc_version('data/labels.csv', 'v1')`: a cell `images/cat.png` is the picture as it was
    at v1 (read from the DVC cache), not the one in the workspace today."""
    from textual.widgets import Static

    from fsdl_tui.app import FsdlApp
    from fsdl_tui.screens.inspect_screen import InspectScreen
    from fsdl_tui.widgets.result_grid import ResultGrid

    from .conftest import dvc_cli, git_commit, run
    from .helpers import run_sql, settle

    repo = tmp_path / "repo"
    (repo / "data" / "images").mkdir(parents=True)
    run(repo, "git", "init", "-q")
    run(repo, dvc_cli(), "init", "-q")
    (repo / "data" / "images" / "cat.png").write_bytes(png((255, 0, 0)))
    (repo / "data" / "labels.csv").write_text("image,label\nimages/cat.png,cat\n")
    run(repo, dvc_cli(), "add", "-q", "data/images", "data/labels.csv")
    git_commit(repo, "v1")
    run(repo, "git", "tag", "v1")
    (repo / "data" / "images" / "cat.png").write_bytes(png((0, 0, 255)))  # today: blue
    run(repo, dvc_cli(), "add", "-q", "data/images")
    git_commit(repo, "bluer cat")

    app = FsdlApp([str(repo / "data")], repo=repo, config=Config(images="halfblock"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        colors = []
        for sql in ("SELECT * FROM dvc_version('data/labels.csv', 'v1')",
                    "SELECT * FROM labels"):  # fmt: skip
            await run_sql(pilot, sql)
            grid = app.query_one(ResultGrid)
            grid.focus()
            grid.move_cursor(row=0, col=0)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, InspectScreen), sql
            strip = app.screen.query_one("#inspect-image", Static).render_line(0)
            colors.append(next(s for s in strip if "▀" in s.text).style.color.triplet)
            caption = str(app.screen.query_one("#inspect-caption", Static).render())
            await pilot.press("escape")
            await settle(pilot)
            if sql.startswith("SELECT * FROM dvc"):
                assert "data/images/cat.png at v1" in caption
        assert colors == [(255, 0, 0), (0, 0, 255)]
