"""The Textual application: a shell of four sections, one mode each."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual import work
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen

from wardtui.sections import SECTIONS, section

if TYPE_CHECKING:
    from wardtui.db.database import Database


class FailureListener(Protocol):
    """A screen or view whose database work failed: it shows the message where it can."""

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
        #: The database could not be reached by the last work that tried: the next data-version
        #: read that succeeds says so and has every section read again.
        self.database_lost = False

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
        self, node: FailureListener, name: str, error: BaseException, *, title: str, undone: str
    ) -> None:
        """The one place a failed database worker is reported, whichever screen ran it.

        The user gets a Korean notification (a refusal's own words; for anything unforeseen its
        first line and the log file that holds the traceback), and the screen its status line.
        """
        from wardtui.failures import describe_failure

        failure = describe_failure(error, undone)
        if failure.storage:
            self.database_lost = True
        self.notify(failure.message, title=title, severity="error")
        node.work_failed(name, failure.message)

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
        except Exception:  # noqa: BLE001 - the next read reports it; this only watches
            self.call_from_thread(self._database_unreachable)
            return
        self.call_from_thread(self._data_version_is, version)

    def _database_unreachable(self) -> None:
        self.database_lost = True

    def _data_version_is(self, version: tuple[object, ...]) -> None:
        if self.database_lost:
            self.database_lost = False
            self.notify("데이터베이스에 다시 연결했습니다. 화면을 새로 읽습니다.", title="다시 연결됨")
            self._data_version = version
            self._post_data_changed()
            return
        if self._data_version is None:
            self._data_version = version
        # A form is never reloaded under the user: the change waits until it closes.
        elif version != self._data_version and not isinstance(self.screen, ModalScreen):
            self._data_version = version
            self._post_data_changed()

    def _post_data_changed(self) -> None:
        # Every section, not only the one shown: going back to one must not show old data.
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
        if self.current_mode != section_id and any(s.id == section_id for s in SECTIONS):
            self.switch_mode(section_id)

    def action_help(self) -> None:
        from wardtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

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
