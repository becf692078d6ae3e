"""What the tests read off a running app's screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from wardtui.widgets.line_table import LineTable


def is_shown(widget: Any) -> bool:
    """Whether the widget is displayed: it and every container up to its screen (a view that
    a ContentSwitcher is not showing is not displayed, and neither is anything in it)."""
    return all(node.display for node in widget.ancestors_with_self if node is not widget.screen and node is not widget.app)


def shown_table(app: Any) -> Any:
    """The table of the screen shown: the line table of the payments view shown, or a DataTable
    (the payment run screen). Both answer row_count, get_row_at, move_cursor, cursor_row."""
    visible = [t for t in app.screen.query(LineTable) if is_shown(t)]
    return visible[0] if visible else app.screen.query_one(DataTable)


async def wait_for_workers(app: Any) -> None:
    """Wait until no worker runs. A worker of an exclusive group (the data-version check, a
    search typed over, the command palette's) may be cancelled by its successor while we
    wait, and a database worker may fail (the app's one handler reports it: tests read that);
    both are normal, so wait again rather than raise."""
    from textual.worker import WorkerCancelled, WorkerFailed


    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
            return
        except (WorkerCancelled, WorkerFailed):
            continue
    raise AssertionError("workers kept cancelling one another: something keeps starting them")


def busy_workers(app: Any) -> list[Any]:
    from textual.worker import WorkerState

    return [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]


async def settle(pilot: Any) -> None:
    """Until the app is quiet: every worker done, and the app and the screen shown have
    handled what was posted to them (what the workers sent back, the refreshes it asked for).

    What a worker posts may start another (a save reloads the list, a reload then counts),
    so this goes round until a round ends with no worker pending or running; at least two
    rounds, as a key's handler may post a message whose handler starts the worker. It waits
    for events, not for a time: a loaded machine only makes it take longer.
    """
    for rounds in range(1, 51):
        await wait_for_workers(pilot.app)
        await pilot.pause()
        if rounds >= 2 and not busy_workers(pilot.app):
            # Focusing a field scrolls it into view with an animation (a form's first error):
            # a screenshot must not catch it half-way.
            await pilot.wait_for_scheduled_animations()
            return
    raise AssertionError(f"the app never settled: workers still busy: {busy_workers(pilot.app)}")


async def check_data_version(pilot: Any) -> None:
    """Once, what the app's poll timer does every few seconds: look at the data version (a
    worker), tell the sections when it moved, and let them reload; then settle. Tests run
    the app without the timer (``make_app``) and call this after another desk's write, so
    no timer races their keys."""
    pilot.app.check_data_version()
    await settle(pilot)
