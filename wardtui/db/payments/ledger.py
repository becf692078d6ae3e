"""Reading the ledger (지급 장부): totals per programme and period, the 통반장 budget, and pages of payments.

Totals aggregate in the database: ``payment_total``, kept by triggers (migration 0004), and
the report's 2020 batches. The ledger is read a page at a time, by key, never whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wardtui.core.payments import mask_name
from wardtui.db.database import Database
from wardtui.db.payments.programs import programs

LEDGER_PAGE = 50

#: Totals per programme and period, read from the covering index alone.
#: The ledger's aggregate, as the database keeps it in ``payment_total`` (migration 0004).
TOTALS_SQL = (
    "SELECT program_id, period, SUM(CASE WHEN state = '지급' THEN 1 ELSE 0 END), SUM(amount_won) "
    "FROM payment {where} GROUP BY program_id, period"
)
#: The same answer read from the totals the triggers keep (one row per programme and period).
KEPT_TOTALS_SQL = "SELECT program_id, period, paid_count, amount_won FROM payment_total WHERE row_count > 0 {filters}"


# -- totals --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodTotal:
    """Paid for one programme and period: report batches and ledger rows, never mixed."""

    program_id: int
    program: str
    period: str
    headcount: int | None
    amount_won: int
    source: str  # 보고서 | 장부

    def to_json(self) -> dict[str, Any]:
        return {"program": self.program, "program_id": self.program_id, "period": self.period,
                "headcount": self.headcount, "amount_won": self.amount_won, "source": self.source}


def _group_filters(program_id: int | None, period: str | None) -> tuple[list[str], dict[str, Any]]:
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if program_id is not None:
        conditions.append("program_id = :program_id")
        params["program_id"] = program_id
    if period is not None:
        conditions.append("period = :period")
        params["period"] = period
    return conditions, params


def ledger_totals_sql(program_id: int | None = None, period: str | None = None) -> tuple[str, dict[str, Any]]:
    """The aggregate over the ledger itself (what ``payment_total`` must always equal)."""
    conditions, params = _group_filters(program_id, period)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    return TOTALS_SQL.format(where=where), params


def kept_totals_sql(program_id: int | None = None, period: str | None = None) -> tuple[str, dict[str, Any]]:
    conditions, params = _group_filters(program_id, period)
    return KEPT_TOTALS_SQL.format(filters="".join(f"AND {c} " for c in conditions)), params


def totals(db: Database, program_id: int | None = None, period: str | None = None) -> list[PeriodTotal]:
    """Per programme and period: the report's 2020 batches, then the ledger's aggregate."""
    names = {p.id: p.name for p in programs(db)}
    conditions, params = _group_filters(program_id, period)
    batch_sql = "SELECT program_id, period, headcount, amount_won FROM payment_run WHERE origin = 'report'" + "".join(
        f" AND {c}" for c in conditions
    )
    found = [
        PeriodTotal(p, names.get(p, str(p)), q, h, int(a), "보고서") for p, q, h, a in db.rows(batch_sql, params)
    ]
    sql, params = kept_totals_sql(program_id, period)
    found += [PeriodTotal(p, names.get(p, str(p)), q, int(h or 0), int(a or 0), "장부") for p, q, h, a in db.rows(sql, params)]
    return sorted(found, key=lambda t: (t.program_id, t.period, t.source != "보고서"))


@dataclass(frozen=True)
class Budget:
    """The 통반장 활동 지원 budget as the report prints it, and what the ledger adds."""

    budget_won: int | None
    executed_won: int | None
    rate_percent: int | None
    ledger_won: int
    ledger_count: int


def budget(db: Database, ledger: list[PeriodTotal] | None = None) -> Budget:
    """``ledger``: the rows of ``totals(db)`` already read; their 장부 rows are the same sums,
    so a second pass over a million-row ledger is saved."""
    printed = dict(db.rows("SELECT key, value FROM report_total WHERE key IN ('tong_ban.budget', 'tong_ban.executed', 'tong_ban.rate')"))
    if ledger is not None:
        book = [t for t in ledger if t.source == "장부"]
        count, amount = sum(t.headcount or 0 for t in book), sum(t.amount_won for t in book)
    else:
        count, amount = db.rows("SELECT SUM(CASE WHEN state = '지급' THEN 1 ELSE 0 END), SUM(amount_won) FROM payment")[0]
    return Budget(printed.get("tong_ban.budget"), printed.get("tong_ban.executed"), printed.get("tong_ban.rate"),
                  int(amount or 0), int(count or 0))


# -- the ledger ----------------------------------------------------------------------------
@dataclass(frozen=True)
class LedgerRow:
    id: str
    program_id: int
    program: str
    recipient_id: int | None
    name: str | None
    period: str
    amount_won: int
    paid_on: dt.date
    state: str
    reverses_id: str | None
    note: str | None

    @property
    def masked(self) -> str:
        return mask_name(self.name) if self.name else "-"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "program_id": self.program_id, "program": self.program, "recipient_id": self.recipient_id,
                "period": self.period, "amount_won": self.amount_won, "paid_on": self.paid_on.isoformat(),
                "state": self.state, "reverses_id": self.reverses_id}


_LEDGER_SQL = (
    "SELECT pay.id, pay.program_id, prog.name, pay.recipient_id, rec.name, pay.period, pay.amount_won, pay.paid_on, "
    "pay.state, pay.reverses_id, pay.note FROM payment pay JOIN payment_program prog ON prog.id = pay.program_id "
    "LEFT JOIN recipient rec ON rec.id = pay.recipient_id"
)


def _ledger(row: tuple[Any, ...]) -> LedgerRow:
    return LedgerRow(*row)


def ledger_page(
    db: Database, *, program_id: int | None = None, period: str | None = None, recipient_id: int | None = None,
    before: str | None = None, start: str | None = None, after: str | None = None, limit: int = LEDGER_PAGE,
) -> list[LedgerRow]:
    """One page of the ledger, newest first (ids are time-ordered); never the whole of it.

    Paged by key, not OFFSET, so a page costs the same wherever it is and rows another desk
    adds meanwhile shift nothing: ``before`` the page after a row (ids below it), ``start``
    the page beginning with a row (that id and below: a reload), ``after`` the page before a
    row (the ``limit`` ids just above it, still returned newest first). At most one of them.
    """
    conditions: list[str] = []
    params: dict[str, Any] = {"limit": limit}
    for column, value in (("program_id", program_id), ("period", period), ("recipient_id", recipient_id)):
        if value is not None:
            conditions.append(f"pay.{column} = :{column}")
            params[column] = value
    order = "DESC"
    for op, key in (("<", before), ("<=", start), (">", after)):
        if key is not None:
            conditions.append(f"pay.id {op} :key")
            params["key"] = key
    if after is not None:
        order = "ASC"  # the nearest rows above, then turned round below
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    found = [_ledger(r) for r in db.rows(f"{_LEDGER_SQL} {where} ORDER BY pay.id {order} LIMIT :limit", params)]
    return found[::-1] if order == "ASC" else found


def ledger_count(db: Database, *, program_id: int | None = None, period: str | None = None, recipient_id: int | None = None) -> int:
    """How many ledger rows the filter shows: a programme's or a period's from the totals the
    database keeps (``payment_total.row_count``), one person's by their index."""
    if recipient_id is None:
        conditions, params = _group_filters(program_id, period)
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        return int(db.scalar(f"SELECT SUM(row_count) FROM payment_total {where}", params) or 0)
    conditions, params = ["recipient_id = :recipient_id"], {"recipient_id": recipient_id}
    for column, value in (("program_id", program_id), ("period", period)):
        if value is not None:
            conditions.append(f"{column} = :{column}")
            params[column] = value
    return int(db.scalar(f"SELECT COUNT(*) FROM payment WHERE {' AND '.join(conditions)}", params) or 0)


@dataclass(frozen=True)
class LedgerPage:
    """Where a reader of the ledger is: the page number, and the rows that anchor the next turn.

    The next page is the rows below the last one shown, the previous the rows just above the
    first, and a reload starts again at the first row shown (the first page is always read afresh).
    """

    index: int = 0
    first_id: str | None = None
    last_id: str | None = None
    has_next: bool = False
    anchor: tuple[str, str] | None = None  # ("before" | "start" | "after", payment id); None: the newest rows


def ledger_page_at(
    db: Database, *, program_id: int | None, period: str | None, recipient_id: int | None, index: int,
    anchor: tuple[str, str] | None,
) -> tuple[LedgerPage, list[LedgerRow], int]:
    """The page ``anchor`` points at (page number ``index``), with the count of the whole filter.

    A page that has gone (its rows reversed away, say) gives the first page instead.
    """

    def page(*, before: str | None = None, after: str | None = None, start: str | None = None,
             limit: int) -> list[LedgerRow]:
        return ledger_page(db, program_id=program_id, period=period, recipient_id=recipient_id,
                           before=before, after=after, start=start, limit=limit)

    kind, key = anchor or ("", None)
    rows: list[LedgerRow] = []
    if kind == "after":
        rows = page(after=key, limit=LEDGER_PAGE)
        has_next = bool(rows) and bool(page(before=rows[-1].id, limit=1))
        if len(rows) < LEDGER_PAGE:  # reached the newest rows: that is the first page
            kind, rows = "", []
    if kind != "after" or not rows:
        found = page(before=key if kind == "before" else None, start=key if kind == "start" else None, limit=LEDGER_PAGE + 1)
        if not found and kind:  # the rows this page stood on are gone: back to the first
            found = page(limit=LEDGER_PAGE + 1)
            kind = ""
        rows, has_next = found[:LEDGER_PAGE], len(found) > LEDGER_PAGE
    shown = index if kind else 0
    count = ledger_count(db, program_id=program_id, period=period, recipient_id=recipient_id)
    return LedgerPage(shown, rows[0].id if rows else None, rows[-1].id if rows else None, has_next,
                      ("start", rows[0].id) if shown and rows else None), rows, count


def get_payment(db: Database, payment_id: str) -> LedgerRow | None:
    found = db.rows(f"{_LEDGER_SQL} WHERE pay.id = :id", {"id": payment_id})
    return _ledger(found[0]) if found else None
