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
    """Wait until no worker runs. A worker of an exclusive group (the data-version poll, a
    search typed over) may be cancelled by its successor while we wait; that is normal, so
    wait again rather than fail."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
