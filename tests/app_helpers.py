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
    """Wait until no worker runs. A worker of an exclusive group (the data-version poll, a
    search typed over) may be cancelled by its successor while we wait, and a database worker
    may fail (the app reports it); both are normal, so wait again rather than raise."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except (WorkerCancelled, WorkerFailed):
            continue  # a failed worker has been reported by the app's one handler: tests read that
