"""What every screen and view of the app shares.

- The app, typed (``self.app.db``, ``self.app.today``), through Textual's ``getters.app``.
- Database work in thread workers (``db_work``) that never close the app: a failure goes to
  the app's one handler (``WardApp.work_failed``), which tells the user in Korean, logs what
  nobody foresaw, and hands the screen its message (``work_failed``) for its status line.
- One rule for reading data again (``WardScreen.reload``): when the screen is first shown,
  when it is shown again after another screen or section was in front of it (not a dialog),
  and when another desk changed the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import getters, work
from textual.screen import ModalScreen, Screen
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from wardtui.app import WardApp

if TYPE_CHECKING:
    import datetime as dt

    from wardtui.db.database import Database

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
    #: Each write under way: what to do with its result, and how to announce its failure.
    _writes: dict[Worker[Any], tuple[Callable[[Any], None], FailureWords]]

    @property
    def db(self) -> Database:
        return self.app.db

    @property
    def today(self) -> dt.date:
        return self.app.today

    def write(
        self, change: Callable[[Database], Result], done: Callable[[Result], None], *, failure: FailureWords = WRITE
    ) -> None:
        """Run one write off the UI thread, then ``done(result)`` on it. A failure is told by the
        app's one handler in ``failure``'s words, and the node's ``work_failed("write", …)`` follows."""
        worker = self._write(change)
        if not hasattr(self, "_writes"):
            self._writes = {}
        self._writes[worker] = (done, failure)

    @work(thread=True, group="write", exit_on_error=False)
    def _write(self, change: Callable[[Database], Result]) -> Result:
        return change(self.db)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        if not worker.is_finished:
            return
        write = getattr(self, "_writes", {}).pop(worker, None)
        if event.state is WorkerState.SUCCESS and write is not None:
            write[0](worker.result)
        elif event.state is WorkerState.ERROR and worker.error is not None:
            if write is not None:
                self.report_failure("write", worker.error, write[1])
            else:
                method = getattr(type(self), worker.name, None)
                self.report_failure(worker.name, worker.error, getattr(method, "failure_words", READ))

    def report_failure(self, name: str, error: BaseException, words: FailureWords = READ) -> None:
        """Hand a failure to the app's one handler (for work done outside a ``db_work`` worker)."""
        self.app.work_failed(self, name, error, title=words.title, undone=words.undone)

    def work_failed(self, name: str, message: str) -> None:
        """After the app has told the user: this node's own part (a status line, a busy flag).

        ``name`` is the failed worker's method; ``message`` what the user was told.
        """


class WardScreen(WardNode, Screen[ResultType]):
    """A full screen of the app."""

    #: The id of the one-line status the screen shows a failure in, if it has one.
    STATUS_ID: ClassVar[str | None] = None
    _away = False

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

    def on_screen_suspend(self) -> None:
        # Handled once the screen in front is up. A dialog (a form, a question, help) hides
        # nothing: whoever opened it acts on its answer, and closing it reads nothing again.
        if not isinstance(self.app.screen, ModalScreen):
            self._away = True

    def on_screen_resume(self) -> None:
        # Textual resumes a new mode's screen twice on its first show; on_mount reads then.
        if self._away:
            self._away = False
            self.reload()

    def on_ward_app_data_changed(self) -> None:
        self.reload()  # another desk wrote

    def work_failed(self, name: str, message: str) -> None:
        if self.STATUS_ID is not None:
            self.query_one(f"#{self.STATUS_ID}", Static).update(Text(message, style="bold red"), layout=False)


class WardModalScreen(WardNode, ModalScreen[ResultType]):
    """A dialog over a screen (a form, a question, a log): the typed app and safe workers."""


class WardView(WardNode, Widget):
    """One view of a screen with several (a ``ContentSwitcher`` pane) that reads its own data."""
