"""What every screen and view of the app shares.

- The app, typed (``self.app.db``, ``self.app.today``), through Textual's ``getters.app``.
- Database work in thread workers (``db_work``) that never close the app: a failure goes to
  the app's one handler (``WardApp.work_failed``), which tells the user in Korean, logs what
  nobody foresaw, and hands the screen its message (``work_failed``) for its status line.
- One rule for reading data again (``WardScreen.reload``): when the screen is first shown,
  when it is shown again after another screen or section was in front of it (not a dialog),
  and when another desk changed the data (under an open dialog: once it closes).
- Notifications are plain text: they carry what users typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import getters, work
from textual.screen import ModalScreen, Screen
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from wardtui.app import WardApp
from wardtui.sections import SECTIONS

if TYPE_CHECKING:
    import datetime as dt

    from wardtui.db.database import Database
    from wardtui.widgets.form import FormScreen

ResultType = TypeVar("ResultType")
Result = TypeVar("Result")
Method = TypeVar("Method", bound=Callable[..., Any])


@dataclass(frozen=True)
class FailureWords:
    """How a failed piece of work is announced: the notification's title, and what did not
    happen (said of an error nobody foresaw)."""

    title: str
    undone: str


READ = FailureWords("불러오지 못했습니다", "불러오지 못했습니다")
WRITE = FailureWords("저장하지 못했습니다", "저장하지 않았습니다")


def db_work(*, group: str, exclusive: bool = True, failure: FailureWords = READ) -> Callable[[Method], Method]:
    """Make a method a thread worker for database work whose failure never closes the app.

    Exclusive by default: a newer request in the same group cancels the older one, whose
    answer would be stale.
    """

    def decorator(method: Method) -> Method:
        worker = work(thread=True, exclusive=exclusive, group=group, exit_on_error=False)(method)
        worker.failure_words = failure  # type: ignore[attr-defined]  # read back by WardNode
        return worker  # type: ignore[return-value]

    return decorator


class WardNode(MessagePump):
    """The part of every screen and view that talks to the app (mixed into a Textual node)."""

    app = getters.app(WardApp)

    @property
    def db(self) -> Database:
        return self.app.db

    @property
    def today(self) -> dt.date:
        return self.app.today

    def write(
        self, change: Callable[[Database], Result], done: Callable[[Result], None], *, failure: FailureWords = WRITE
    ) -> None:
        """Run one write off the UI thread (the app owns the thread: closing this screen does not
        cancel it), then ``done(result)`` here. A failure is told by the app's one handler in
        ``failure``'s words, and this node's ``work_failed("write", …)`` follows."""
        self.app.start_write(self, change, done, title=failure.title, undone=failure.undone)

    def save_form(self, form: FormScreen, change: Callable[[Database], Result], done: Callable[[Result], None], *,
                  failure: FailureWords = WRITE) -> None:
        """A form's write: the form stays open, with what was typed, until the write is done;
        then it closes and ``done(result)`` runs. A failure is told by the app's one handler and
        at the foot of the form, and this screen reads again once the form is closed (the data
        may have moved: a conflict with another desk, say)."""

        def saved(result: Result) -> None:
            form.dismiss(None)
            done(result)

        self.app.start_write(_FormWrite(form, self), change, saved, title=failure.title, undone=failure.undone)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """As Textual's, but plain text unless markup is asked for (see WardApp.notify)."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            method = getattr(type(self), worker.name, None)
            self.report_failure(worker.name, worker.error, getattr(method, "failure_words", READ))

    def report_failure(self, name: str, error: BaseException, words: FailureWords = READ) -> None:
        """Hand a failure to the app's one handler (for work done outside a ``db_work`` worker)."""
        self.app.work_failed(self, name, error, title=words.title, undone=words.undone)

    def work_failed(self, name: str, message: str) -> None:
        """After the app has told the user: this node's own part (a status line, a busy flag).

        ``name`` is the failed worker's method; ``message`` what the user was told.
        """


class _FormWrite:
    """Who hears of a form's failed write: the form (it says why) and its screen (it reads again)."""

    def __init__(self, form: FormScreen, owner: WardNode) -> None:
        self.form, self.owner = form, owner

    @property
    def is_attached(self) -> bool:
        return self.form.is_attached

    def work_failed(self, name: str, message: str) -> None:
        self.form.work_failed(name, message)
        screen = self.owner.screen if isinstance(self.owner, Widget) else self.owner
        if isinstance(screen, WardScreen):
            screen.read_when_shown()


class WardScreen(WardNode, Screen[ResultType]):
    """A full screen of the app."""

    #: The id of the one-line status the screen shows a failure in, if it has one.
    STATUS_ID: ClassVar[str | None] = None
    #: Another screen or section was in front of this one: read again when shown.
    _away = False
    #: Another desk wrote while a dialog of this screen was open: read again when it closes.
    _stale = False

    def reload(self) -> None:
        """Read the screen's data again, keeping the cursor (screens that show data say how)."""

    def show_target(self, key: str | None) -> None:
        """Show one item the home list jumps to (a project id, an election, ``code:period``);
        a screen that can say so."""

    def first_load(self) -> None:
        """The read on first show; a screen that can paint its data in the first frame says so."""
        self.reload()

    # Textual calls each class's own handler along the MRO: a screen's on_mount (its columns,
    # its focus) runs before this one, which then reads.
    def on_mount(self) -> None:
        self.first_load()

    def under_dialog(self) -> bool:
        """Whether a dialog (a form, a question, help) is open over this screen in its section."""
        for stack in self._stacks():
            if self in stack:
                above = stack[stack.index(self) + 1:]
                return bool(above) and isinstance(above[0], ModalScreen)
        return False

    def _stacks(self) -> list[list[Screen[Any]]]:
        stacks = [self.app.screen_stack]
        for s in SECTIONS:
            try:
                stacks.append(self.app.get_screen_stack(s.id))
            except KeyError:
                continue  # a section not opened yet
        return stacks

    def on_screen_suspend(self) -> None:
        # A dialog hides nothing: whoever opened it acts on its answer, and closing it reads
        # nothing again. Another screen on top, or another section, does.
        if not self.under_dialog():
            self._away = True

    def on_screen_resume(self) -> None:
        # Textual resumes a new mode's screen twice on its first show; on_mount reads then.
        if self._away or self._stale:
            self._away = self._stale = False
            self.reload()

    def on_ward_app_data_changed(self) -> None:
        # Another desk wrote. Never read again under the user's form: when it closes.
        if self.under_dialog():
            self._stale = True
        else:
            self.reload()

    def read_when_shown(self) -> None:
        """Read again when next shown (a dialog over it closes), not now."""
        self._stale = True

    def work_failed(self, name: str, message: str) -> None:
        if self.STATUS_ID is not None:
            self.query_one(f"#{self.STATUS_ID}", Static).update(Text(message, style="bold red"), layout=False)


class WardModalScreen(WardNode, ModalScreen[ResultType]):
    """A dialog over a screen (a form, a question, a log): the typed app and safe workers."""


class WardView(WardNode, Widget):
    """One view of a screen with several (a ``ContentSwitcher`` pane) that reads its own data."""
