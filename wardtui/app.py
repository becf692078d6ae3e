"""The Textual application: a shell of four sections, one mode each."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual import work
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from wardtui.sections import SECTION_IDS, SECTIONS, section

if TYPE_CHECKING:
    from wardtui.db.database import Database


class FailureListener(Protocol):
    """Who asked for database work (a screen, a view, a form): told when it failed, to show
    the message where it can. A closed one is not told; the user still is."""

    @property
    def is_attached(self) -> bool: ...

    def work_failed(self, name: str, message: str) -> None: ...


def section_screen(section_id: str) -> Screen[None]:
    """The root screen of a section (its module is imported when first shown)."""
    module_name, _, class_name = section(section_id).screen.partition(":")
    screen: Screen[None] = getattr(importlib.import_module(module_name), class_name)()
    try:
        screen.app.screen
    except ScreenStackError:
        return screen  # the first screen, built as the app starts: Textual styles it in full
    # Every screen's CSS is in the app's stylesheet by now (WardApp.preload_css, or Textual
    # reads this screen's own CSS_PATH as it shows it), so a section screen shown later is
    # styled right by its mount. Without this mark Textual re-parses every CSS source twice
    # on the first press of each section key (~40 ms each on this machine).
    screen._css_update_count = screen.app._css_update_count
    return screen


class WardApp(App[None]):
    """wardtui: 홈 · 시설 · 사업 · 수당·장학금 · 선거."""

    TITLE = "wardtui"
    SUB_TITLE = "자치행정과"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    MODES = {s.id: partial(section_screen, s.id) for s in SECTIONS}

    #: How often an open app looks for what other desks (or the CLI) wrote, in seconds.
    DATA_POLL_SECONDS = 3.0

    class DataChanged(Message):
        """Someone changed the data since the screen shown was loaded: it reloads
        (``on_ward_app_data_changed``), keeping its cursor."""

    BINDINGS = [
        *(
            Binding(s.key, f"section('{s.id}')", s.short, id=f"section.{s.id}", show=s.id != "home")
            for s in SECTIONS
        ),
        Binding("question_mark", "help", "도움말", id="app.help", key_display="?"),
        Binding("q", "quit", "끝내기", id="app.quit"),
        Binding("ctrl+p", "command_palette", "명령", show=False, priority=True, id="app.palette"),
    ]

    def __init__(
        self, db: Database, *, today: dt.date | None = None, section: str = "home",
        poll_seconds: float | None = DATA_POLL_SECONDS,
    ) -> None:
        # The app starts in the section's mode (Textual builds it when the app composes):
        # no blank default screen is painted first and then switched away from.
        self.DEFAULT_MODE = section  # type: ignore[misc]
        super().__init__()
        self.db = db
        self.today = today or dt.date.today()
        self.poll_seconds = poll_seconds
        self._data_version: tuple[object, ...] | None = None
        #: The database was not there to use (a moved file, a stopped server): the next data-version
        #: read that succeeds has every section read again, and says so if the loss was told.
        self.database_lost = False
        self._loss_told = False
        #: Writes under way: who asked, what to do with the result, how to word a failure.
        self._writes: dict[Worker[Any], tuple[FailureListener, Callable[[Any], None], str, str]] = {}

    def on_mount(self) -> None:
        self.sub_title = f"자치행정과 · 기준일 {self.today.isoformat()}"
        self.call_after_refresh(self.preload_css)
        if self.poll_seconds:
            self.check_data_version()
            self.set_interval(self.poll_seconds, self.check_data_version)

    def preload_css(self) -> None:
        """Read every screen's CSS (screens/**/*.tcss), once, just after the first paint.

        Textual reads a screen's CSS_PATH when it first shows it, and CSS new to the app makes
        it re-parse every source (~40 ms) on that section's first show; all at once here, the
        first paint does not wait for it and no later section pays it.
        """
        added = False
        for path in sorted((Path(__file__).parent / "screens").glob("**/*.tcss")):
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
                added = True
        if added:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    # -- failures ------------------------------------------------------------------------
    def work_failed(
        self, node: FailureListener | None, name: str, error: BaseException, *, title: str, undone: str
    ) -> None:
        """The one place a failed database worker is reported, whichever screen ran it.

        The user gets a Korean notification (a refusal's own words; for anything unforeseen its
        first line and the log file that holds the traceback), and the screen its status line.
        """
        from wardtui.failures import describe_failure

        failure = describe_failure(error, undone)
        if failure.lost:
            self.database_lost = self._loss_told = True
        self.notify(failure.message, title=title, severity="error")
        if node is not None:
            node.work_failed(name, failure.message)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """As Textual's, but a message is plain text unless markup is asked for: notifications
        carry names, titles and paths that users typed ('[/]' in one must not crash the app)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- writes --------------------------------------------------------------------------
    def start_write(self, node: FailureListener, change: Callable[[Database], Any], done: Callable[[Any], None],
                    *, title: str, undone: str) -> None:
        """Run one write in a thread that the app owns: closing the screen that asked for it
        (Esc while a payment run is written) neither cancels it nor loses what became of it."""
        worker = self.run_worker(partial(change, self.db), name="write", group="write", thread=True, exit_on_error=False)
        self._writes[worker] = (node, done, title, undone)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # By the state the message carries: by the time a PENDING message is handled, the worker
        # itself may be finished already, and its last message is still to come.
        finished = event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
        write = self._writes.pop(event.worker, None) if finished else None
        if write is None:
            return
        node, done, title, undone = write
        attached = node.is_attached
        if event.state is WorkerState.SUCCESS:
            if attached:
                done(event.worker.result)
            else:
                self.notify("닫은 화면에서 하던 저장을 마쳤습니다.", title="저장했습니다")
        elif event.state is WorkerState.ERROR and event.worker.error is not None:
            self.work_failed(node if attached else None, "write", event.worker.error, title=title, undone=undone)

    # -- other desks' writes ---------------------------------------------------------------
    def on_app_focus(self) -> None:
        # Back at this desk's terminal: show what others wrote meanwhile, without waiting.
        if self.poll_seconds:
            self.check_data_version()

    @work(thread=True, exclusive=True, group="data-version", exit_on_error=False)
    def check_data_version(self) -> None:
        """Post DataChanged to each section's screen when the database's data version moved,
        or when the database answers again after it could not be reached."""
        try:
            version = self.db.data_version()
        except Exception as exc:  # noqa: BLE001 - watched, not worked on: nothing to undo
            self.call_from_thread(self._database_unreachable, exc)
            return
        self.call_from_thread(self._data_version_is, version)

    def _database_unreachable(self, error: BaseException) -> None:
        from wardtui.failures import describe_failure

        failure = describe_failure(error, "데이터베이스를 확인하지 못했습니다")
        if failure.lost and not self._loss_told:  # said once, even if nobody pressed a key
            self.notify(failure.message, title="데이터베이스에 연결할 수 없습니다", severity="error")
            self._loss_told = True
        self.database_lost = self.database_lost or failure.lost

    def _data_version_is(self, version: tuple[object, ...]) -> None:
        if self.database_lost:
            self.database_lost = False
            if self._loss_told:
                self.notify("데이터베이스에 다시 연결했습니다. 화면을 새로 읽습니다.", title="다시 연결됨")
            self._loss_told = False
            self._data_version = version
            self._post_data_changed()
        elif self._data_version is None:
            self._data_version = version
        elif version != self._data_version:
            self._data_version = version
            self._post_data_changed()

    def _post_data_changed(self) -> None:
        # Every section, not only the one shown: going back to one must not show old data. A
        # screen under a dialog (a form being filled in) reads when the dialog closes.
        for s in SECTIONS:
            try:
                stack = self.get_screen_stack(s.id)
            except KeyError:
                continue  # not opened yet: it reads fresh data when it is
            shown = [screen for screen in stack if not isinstance(screen, ModalScreen)]
            if shown:
                shown[-1].post_message(self.DataChanged())

    # -- actions ---------------------------------------------------------------------------
    def action_section(self, section_id: str) -> None:
        if self.current_mode != section_id and section_id in SECTION_IDS:
            self.switch_mode(section_id)

    def action_help(self) -> None:
        from wardtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # Help opens at the keys of what is shown: the focused view, else the screen.
            focused = self.screen.focused
            shown = [type(node) for node in focused.ancestors_with_self] if focused else [type(self.screen)]
            self.push_screen(HelpScreen(shown))

    def action_audit(self) -> None:
        from wardtui.screens.audit import AuditScreen

        if not isinstance(self.screen, AuditScreen):
            self.push_screen(AuditScreen())

    def action_export(self) -> None:
        from wardtui.screens.audit import open_export

        open_export(self)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for s in SECTIONS:
            yield SystemCommand(f"{s.title} 화면으로 이동", f"키 {s.key}", lambda s=s.id: self.action_section(s))
        yield SystemCommand("도움말", "모든 키 보기 (?)", self.action_help)
        yield SystemCommand("감사: 보고서 점검", "계와 세부 합, 재원별 합, 집행률, 한도를 맞춰 봅니다", self.action_audit)
        yield SystemCommand("내보내기", "표를 XLSX·CSV로, 보고서 표를 천원 단위 XLSX로 (진행 막대)", self.action_export)
        yield SystemCommand("테마 바꾸기", "화면 색 구성을 고릅니다", self.action_change_theme)
        yield SystemCommand("화면 저장", "지금 화면을 SVG 파일로 저장합니다", self.action_save_screen)
        yield SystemCommand("끝내기", "프로그램을 끝냅니다 (q, Ctrl+Q)", self.exit)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder="명령 찾기… (예: 선거, 도움말)", id="--command-palette"))

    def action_save_screen(self) -> None:
        path = self.save_screenshot()
        self.notify(f"화면을 저장했습니다: {path}", title="화면 저장")
