"""Payments due next (for the home dashboard and ``wardtui due``): each programme's next period
by the office's calendar, unless the ledger already pays it."""

from __future__ import annotations

import datetime as dt

from wardtui.core.payments import DueDate, due_dates
from wardtui.db.database import Database
from wardtui.db.payments.programs import programs


def due_items(db: Database, today: dt.date) -> list[DueDate]:
    """``core.payments.due_dates`` from ``today``, less any period already paid in the ledger
    (any 지급 row); soonest first."""
    codes = {p.code: p.id for p in programs(db)}
    items = []
    for due in due_dates(today):
        program_id = codes.get(due.program_code)
        if program_id is not None and db.scalar(
            "SELECT 1 FROM payment WHERE program_id = :p AND period = :q AND state = '지급' LIMIT 1",
            {"p": program_id, "q": due.period.code},
        ):
            continue
        items.append(due)
    return items
