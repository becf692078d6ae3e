"""What the tests read off a running app's screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from wardtui.widgets.line_table import LineTable


def shown_table(app: Any) -> Any:
    """The table of the screen shown: the payments section's line table, or a DataTable
    (the payment run screen). Both answer row_count, get_row_at, move_cursor, cursor_row."""
    found = app.screen.query(LineTable)
    return found.first() if found else app.screen.query_one(DataTable)


async def wait_for_workers(app: Any) -> None:
    """Wait until no worker runs. A worker of an exclusive group (the data-version check, a
    search typed over, the command palette's) may be cancelled by its successor while we
    wait; that is normal, so wait again rather than fail."""
    from textual.worker import WorkerCancelled

    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
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
            return
    raise AssertionError(f"the app never settled: workers still busy: {busy_workers(pilot.app)}")


async def check_data_version(pilot: Any) -> None:
    """Once, what the app's poll timer does every few seconds: look at the data version (a
    worker), tell the sections when it moved, and let them reload; then settle. Tests run
    the app without the timer (``make_app``) and call this after another desk's write, so
    no timer races their keys."""
    pilot.app.check_data_version()
    await settle(pilot)
