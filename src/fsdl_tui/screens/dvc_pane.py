"""The DVC pane: tracked outputs (and files inside directory outputs), each one's versions across
commits and tags; open any version as SQL, mark two for a data diff, fetch what is not cached."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import reactive, var
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from ..formatting import human_bytes, plain, sanitize
from ..state import AppState, DvcState, DvcStatus
from ..widgets.experiments_view import ExperimentsView
from ..widgets.focus_memory import FocusMemory
from ..widgets.metrics_view import MetricsView
from ..widgets.pipeline_view import PipelineView
from ..widgets.tables import RowList, fill_table, is_current

if TYPE_CHECKING:
    from ..dvc.history import Version
    from ..dvc.snapshot import OutputInfo

WORKSPACE = "workspace"  # the rev dvc_version() reads from the disk (dvc.history.WORKSPACE)

HELP = (
    "Enter opens the version as SQL in the Data pane · Space marks versions for a diff · "
    "d diffs (two marked, or the version against the one before it) · k diffs by a key column · "
    "w diffs the version against the file in the workspace · "
    "f fetches a version missing from the cache (Esc cancels) · r reloads"
)
NOTHING_TRACKED = "Nothing tracked yet: dvc add PATH (or a dvc.yaml stage's outs), then r."


def _date(iso: str) -> str:
    return iso[:16].replace("T", " ") if iso else ""


def _size(size: int | None) -> str:
    return human_bytes(size) if size is not None else ""


NARROW = 110  # columns
VERSION_ACTIONS = frozenset({"mark", "diff", "diff_by_key", "diff_workspace", "fetch"})


class DvcPane(FocusMemory, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", id="dvc.mark"),
        Binding("d", "diff", "Diff", id="dvc.diff"),
        # priority: it asks as the key arrives, so the keys typed right behind it are the answer
        Binding("k", "diff_by_key", "Diff by key", id="dvc.diff_by_key", priority=True),
        Binding("w", "diff_workspace", "Diff workspace", id="dvc.diff_workspace"),
        Binding("f", "fetch", "Fetch", id="dvc.fetch"),
        Binding("r", "reload", "Reload", id="dvc.reload"),
        Binding("escape", "cancel", "Cancel fetch", show=False, id="dvc.cancel"),
        Binding("v", "view('dvc-versions-tab')", "Versions", id="dvc.versions"),
        Binding("p", "view('dvc-pipeline-tab')", "Pipeline", id="dvc.pipeline"),
        Binding("m", "view('dvc-metrics-tab')", "Metrics", id="dvc.metrics"),
        Binding("e", "view('dvc-experiments-tab')", "Experiments", id="dvc.experiments"),
    ]

    state: reactive[AppState] = var(AppState, init=False)  # no repaint: widgets show changes

    class OutputSelected(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class OpenVersion(Message):
        def __init__(self, path: str, rev: str) -> None:
            super().__init__()
            self.path = path
            self.rev = rev

    class MarkVersion(Message):
        def __init__(self, rev: str) -> None:
            super().__init__()
            self.rev = rev

    class DiffRequested(Message):
        def __init__(self, path: str, old: str, new: str, key: str | None = None) -> None:
            super().__init__()
            self.path = path
            self.old = old
            self.new = new
            self.key = key

    class FetchRequested(Message):
        def __init__(self, path: str, version: Version) -> None:
            super().__init__()
            self.path = path
            self.version = version

    class ReloadRequested(Message):
        pass

    class CancelRequested(Message):
        """Esc: stop a running fetch."""

    ChartChosen = MetricsView.ChartChosen

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown_outputs: tuple | None = None
        self._shown_versions: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="dvc-header")
        with TabbedContent(id="dvc-views"):
            with TabPane("Versions · v", id="dvc-versions-tab"), Horizontal(id="dvc-body"):
                yield RowList(cursor_type="row", id="dvc-outputs")
                with Vertical(id="dvc-right"):
                    yield RowList(cursor_type="row", id="dvc-versions")
                    yield Static(HELP, id="dvc-help")
            with TabPane("Pipeline · p", id="dvc-pipeline-tab"):
                yield PipelineView(id="dvc-pipeline")
            with TabPane("Metrics · m", id="dvc-metrics-tab"):
                yield MetricsView(id="dvc-metrics")
            with TabPane("Experiments · e", id="dvc-experiments-tab"):
                yield ExperimentsView(id="dvc-experiments")

    def on_mount(self) -> None:
        self.query_one("#dvc-outputs").border_title = "Tracked outputs"
        self.query_one("#dvc-versions").border_title = "Versions"

    def on_resize(self) -> None:
        """Below NARROW columns the outputs go above the versions (side by side, neither fits;
        each list fits itself to its width)."""
        self.set_class(self.size.width < NARROW, "-narrow")

    def first_focus_target(self) -> Widget:
        return self.query_one("#dvc-outputs", DataTable)

    # --- state -> widgets -----------------------------------------------------------------

    def watch_state(self, old: AppState, new: AppState) -> None:
        dvc = new.dvc
        self._show_header(dvc)
        self._show_outputs(dvc)
        self._show_versions(dvc)
        self.query_one(PipelineView).show(dvc.pipeline, dvc.dag)
        self.query_one(MetricsView).show(dvc.metrics, dvc.chart)
        self.query_one(ExperimentsView).show(dvc.experiments)

    def _show_header(self, dvc: DvcState) -> None:
        header = Text()
        if dvc.status is DvcStatus.NONE:
            header.append("No DVC repository. Start fsdl-tui inside one, or: fsdl-tui --repo DIR",
                          style="dim")  # fmt: skip
        elif dvc.status in (DvcStatus.BUILDING, DvcStatus.LOADING):
            header.append("⠿ " + dvc.message, style="bold")
        elif dvc.status is DvcStatus.FAILED:
            header.append("✗ " + dvc.message, style="bold red")
        else:
            header.append(sanitize(dvc.root), style="bold")
            if dvc.remote:
                header.append(f"  · remote {sanitize(dvc.remote)}", style="dim")
            if dvc.busy:
                header.append(f"  · ⠿ {dvc.busy}", style="bold yellow")
            if dvc.marked:
                header.append(f"  · marked: {', '.join(dvc.marked)}", style="cyan")
        self.query_one("#dvc-header", Static).update(header)

    def _show_outputs(self, dvc: DvcState) -> None:
        table = self.query_one("#dvc-outputs", DataTable)
        selected = dvc.selected or ""
        expanded = next((i.path for i in dvc.outputs if i.members and (
            selected == i.path or selected.startswith(i.path + "/"))), None)  # fmt: skip
        key = (dvc.outputs, expanded)
        if key != self._shown_outputs:
            self._shown_outputs = key
            rows, keys = [], []
            for info in dvc.outputs:
                rows.append(self._output_row(info))
                keys.append(info.path)
                for member in info.members if info.path == expanded else ():
                    rows.append((Text("  └ " + sanitize(member), style="dim"), Text(""), Text(""),
                                 Text("")))  # fmt: skip
                    keys.append(f"{info.path}/{member}")
            fill_table(table, ("output", "size", "files", "status"), rows, keys=keys,
                       max_widths=(40, 9, 5, 22), flex=0)  # fmt: skip
        if dvc.selected in table.rows:
            index = table.get_row_index(dvc.selected)
            if table.cursor_row != index:
                table.move_cursor(row=index, animate=False)

    @staticmethod
    def _output_row(info: OutputInfo) -> tuple[Text, Text, Text, Text]:
        out = info.output
        if out.error:
            return (Text(sanitize(out.path), style="red"), Text(""), Text(""),
                    Text("broken: see details", style="red"))  # fmt: skip
        name = sanitize(out.path) + ("/" if out.is_dir else "")
        status = Text()
        status.append("cached" if info.in_cache else "not cached",
                      style="green" if info.in_cache else "yellow")  # fmt: skip
        if info.workspace and info.workspace != "unchanged":
            status.append(f" · {info.workspace}", style="yellow")
        files = str(out.nfiles) if out.nfiles is not None else ""
        return Text(name), Text(_size(out.size), justify="right"), Text(files), status

    def _show_versions(self, dvc: DvcState) -> None:
        table = self.query_one("#dvc-versions", DataTable)
        versions = dvc.versions_of(dvc.selected)
        key = (dvc.selected, versions, dvc.marked)
        if key == self._shown_versions:
            return
        same_output = self._shown_versions is not None and self._shown_versions[0] == dvc.selected
        keep_row = table.cursor_row if same_output else 0  # a mark does not move the cursor
        self._shown_versions = key
        table.border_title = plain(f"Versions · {dvc.selected}") if dvc.selected else "Versions"
        info = next((i for i in dvc.outputs if i.path == dvc.selected), None)
        if info is not None and info.output.error:
            fill_table(table, ("error",), [(Text(sanitize(info.output.error), style="red"),)])
            return
        if dvc.status is DvcStatus.READY and not dvc.outputs:
            fill_table(table, ("",), [(Text(NOTHING_TRACKED, style="dim"),)])
            return
        rows = [
            (
                Text("●" if v.rev in dvc.marked else "", style="cyan"),
                Text(v.rev, style="bold" if v.tags else ""),
                Text(", ".join(v.tags), style="cyan"),
                Text(_date(v.date)),
                Text(sanitize(v.message)),
                Text(_size(v.size), justify="right"),
                Text(str(v.nfiles) if v.nfiles is not None else ""),
            )
            for v in versions or ()
        ]
        keys = [v.rev for v in versions or ()]
        headers = ("", "rev", "tags", "date", "message", "size", "files")
        fill_table(table, headers, rows, keys=keys, max_widths=(1, 9, 14, 16, 80, 10, 6), flex=4)
        if rows:
            table.move_cursor(row=min(keep_row, len(rows) - 1), animate=False)

    # --- widgets -> messages --------------------------------------------------------------

    @on(TabbedContent.TabActivated, "#dvc-views")
    def _view_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()  # the app's pane tabs are a different TabbedContent
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys for versions (mark, diff, fetch) only where versions are shown: on the
        other views they would act on a list out of sight, and the footer would offer them."""
        if action in VERSION_ACTIONS:
            try:
                views = self.query_one("#dvc-views", TabbedContent)
            except NoMatches:
                return False
            return views.active == "dvc-versions-tab"
        return True

    @on(DataTable.RowHighlighted, "#dvc-outputs")
    def _output_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not is_current(event):
            return  # stale: from a refill
        path = event.row_key.value
        if path is not None and path != self.state.dvc.selected:
            self.post_message(self.OutputSelected(path))

    @on(DataTable.RowSelected, "#dvc-outputs")
    def _output_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.query_one("#dvc-versions", DataTable).focus()

    @on(DataTable.RowSelected, "#dvc-versions")
    def _version_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        version = self._highlighted_version()
        if version is not None:
            rev = version.tags[0] if version.tags else version.rev
            self.post_message(self.OpenVersion(version.path, rev))

    def _versions(self) -> tuple[Version, ...]:
        dvc = self.state.dvc
        return dvc.versions_of(dvc.selected) or ()

    def _highlighted_version(self) -> Version | None:
        table = self.query_one("#dvc-versions", DataTable)
        versions = self._versions()
        if not versions or not 0 <= table.cursor_row < len(versions):
            return None
        return versions[table.cursor_row]

    def action_mark(self) -> None:
        version = self._highlighted_version()
        if version is not None:
            self.post_message(self.MarkVersion(version.rev))

    def _diff_pair(self) -> tuple[str, str] | None:
        """(older, newer) revs: the two marked, the marked and the highlighted, or the
        highlighted and the version before it."""
        versions = self._versions()
        order = [v.rev for v in versions]  # newest first
        marked = [r for r in self.state.dvc.marked if r in order]
        highlighted = self._highlighted_version()
        if len(marked) == 2:
            pair = marked
        elif len(marked) == 1 and highlighted is not None and highlighted.rev != marked[0]:
            pair = [marked[0], highlighted.rev]
        elif highlighted is not None and order.index(highlighted.rev) + 1 < len(order):
            pair = [highlighted.rev, order[order.index(highlighted.rev) + 1]]
        else:
            self.notify("Mark two versions with Space (or pick one with an older one below it).",
                        severity="warning")  # fmt: skip
            return None
        older, newer = sorted(pair, key=order.index, reverse=True)
        return older, newer

    def _request_diff(self, key: str | None) -> None:
        pair = self._diff_pair()
        path = self.state.dvc.selected
        if pair is None or path is None:
            return
        self.post_message(self.DiffRequested(path, pair[0], pair[1], key))

    def action_diff(self) -> None:
        self._request_diff(None)

    def action_diff_workspace(self) -> None:
        """The highlighted version against the file on disk now."""
        version = self._highlighted_version()
        path = self.state.dvc.selected
        if version is None or path is None:
            return
        self.post_message(self.DiffRequested(path, version.rev, WORKSPACE))

    def action_diff_by_key(self) -> None:
        from .prompt import ask

        def chosen(key: str | None) -> None:
            if key:
                self._request_diff(key.strip())

        ask(self, "Diff by key column (rows with the same key are the same row)", chosen,
            placeholder="e.g. image_id")  # fmt: skip

    def action_fetch(self) -> None:
        version = self._highlighted_version()
        if version is None or self.state.dvc.selected is None:
            return
        if not version.commit:
            self.notify("The workspace version needs no fetch.", severity="warning")
            return
        self.post_message(self.FetchRequested(self.state.dvc.selected, version))

    def action_view(self, tab: str) -> None:
        self.query_one("#dvc-views", TabbedContent).active = tab
        focus = {"dvc-versions-tab": "#dvc-outputs", "dvc-pipeline-tab": "#pipeline-stages",
                 "dvc-metrics-tab": "#metrics-table",
                 "dvc-experiments-tab": "#experiments-table"}[tab]  # fmt: skip
        self.query_one(focus).focus()

    def action_reload(self) -> None:
        self.post_message(self.ReloadRequested())

    def action_cancel(self) -> None:
        if self.state.dvc.busy:
            self.post_message(self.CancelRequested())
