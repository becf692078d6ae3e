"""What the four views of the payments screen share: a table, and the title and status line
the screen shows above and below it while the view is the one shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message

from wardtui.core.payments import mask_name
from wardtui.screens.base import WardView
from wardtui.widgets.line_table import Column, LineTable

Line = tuple[str, tuple[Any, ...]]


def right(text: str) -> Text:
    return Text(text, justify="right")


@dataclass
class LedgerFilter:
    """Which ledger rows the ledger view shows: a programme and period, or one person."""

    program_id: int | None = None
    period: str | None = None
    recipient_id: int | None = None
    title: str = ""


class PaymentsView(WardView):
    """One view; the screen shows its ``title_text`` and ``status_text`` while it is current."""

    #: (label, key) of the table's columns.
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()

    class Said(Message):
        """The view's title or status changed."""

        def __init__(self, view: PaymentsView) -> None:
            super().__init__()
            self.view = view

    class OpenLedger(Message):
        """Show the ledger rows of a total or of a person."""

        def __init__(self, which: LedgerFilter) -> None:
            super().__init__()
            self.which = which

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.title_text = Text("")
        self.status_text = Text("")
        #: Bumped per load: an older load's answer is dropped.
        self.generation = 0
        #: The row to put the cursor on after the next load.
        self.select_key: str | None = None

    def compose(self) -> ComposeResult:
        yield LineTable([Column(label, key) for label, key in self.COLUMNS], fixed_columns=0, id=f"{self.id}-table")

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def reload(self) -> None:
        """Read this view's rows again."""

    def say(self, *, title: str | Text | None = None, status: str | Text | None = None) -> None:
        """A title or status line; plain text (it carries names and what was searched for)."""
        if title is not None:
            self.title_text = Text(title) if isinstance(title, str) else title
        if status is not None:
            self.status_text = Text(status) if isinstance(status, str) else status
        self.post_message(self.Said(self))

    def work_failed(self, name: str, message: str) -> None:
        self.say(status=Text(message, style="bold red"))

    def fill(self, lines: list[Line]) -> None:
        """Show the rows (LineTable: a few hundred rows cost ~10 ms where DataTable took ~150 ms
        to measure and draw them), then the cursor on the row a write asked for, if any."""
        key, self.select_key = self.select_key, None
        self.table.set_rows(lines, cursor_key=key or self.table.cursor_key)  # another desk's write moves nothing

    def current_key(self) -> str | None:
        return self.table.cursor_key


class NameMask:
    """Names shown masked (김*숙) until the user reveals a row with ``r``."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # row key → full name, shown only once revealed
        self.revealed: set[str] = set()

    def shown(self, key: str) -> str:
        full = self.names.get(key, "-")
        return full if key in self.revealed else mask_name(full)

    def hide_all(self, table: LineTable, column: str = "name") -> None:
        """Mask every name again (the view is shown afresh), before its rows are read again."""
        self.revealed.clear()
        for key in self.names:
            if key in table:
                table.update_cell(key, column, self.shown(key))

    def toggle(self, table: LineTable, column: str = "name") -> None:
        key = table.cursor_key
        if key is None or key not in self.names:
            return
        self.revealed ^= {key}
        table.update_cell(key, column, self.shown(key))
