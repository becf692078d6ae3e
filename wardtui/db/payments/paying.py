"""Writing to the ledger: one payment (지급), its correction (환수), and what every write shares.

"Paid once per programme and period" is the database's partial unique index
``uq_payment_once``: a duplicate is refused there and turned into a one-line WardError here.
Who is in post is asked again inside the write transaction, the people held
(``held_recipients``), so a term another desk ends meanwhile is seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from uuid_utils import uuid7

from wardtui.core.payments import Period, payment_amount_problem, payment_problem, reversal_amount
from wardtui.db.database import Database
from wardtui.db.payments.ledger import LedgerRow, get_payment
from wardtui.db.payments.programs import Program, check_period
from wardtui.db.payments.register import RECIPIENT_COLUMNS, RecipientRow, recipient_row
from wardtui.errors import WardError


def new_id() -> str:
    """A payment's id: a UUIDv7, time-ordered (the ledger pages newest first by id, and a
    million-row import appends at the end of the primary-key B-tree) yet unique across
    laptops. ``uuid_utils`` (the Rust ``uuid`` crate) keeps the ids one process makes in the
    order it makes them, within a millisecond too."""
    return str(uuid7())


def duplicate_message(program: Program, period: str, who: str = "") -> str:
    return f"이미 지급했습니다: {program.name} {period}{' ' + who if who else ''} (같은 사람·사업·기간에는 한 번만 지급합니다)"


def payment_values(program_id: int, recipient_id: int | None, period: str, amount: int, paid_on: dt.date,
                   *, run_id: str | None = None, note: str | None = None, user: str, now: dt.datetime) -> dict[str, Any]:
    """One ``payment`` row to insert, 지급 and with a new id."""
    return {"id": new_id(), "program_id": program_id, "recipient_id": recipient_id, "run_id": run_id,
            "period": period, "amount_won": amount, "paid_on": paid_on, "state": "지급", "reverses_id": None,
            "note": note, "created_at": now, "created_by": user}


def recipient_problem(program: Program, person: RecipientRow | None, recipient_id: int, period: Period) -> str | None:
    """Why ``person`` may not be paid by ``program`` for ``period`` (Korean), or None."""
    if person is None:
        return f"없는 대상자 번호입니다: {recipient_id}"
    return payment_problem(program_name=program.name, program_role=program.recipient_role, recipient_id=recipient_id,
                           role=person.role, appointed_on=person.appointed_on, ended_on=person.ended_on, period=period)


#: Recipients read (and, on PostgreSQL, locked) per statement: well under any driver's limit on parameters.
_HELD_CHUNK = 500


def held_recipients(session: Any, ids: Iterable[int]) -> dict[int, RecipientRow]:
    """The recipients ``ids`` as they are now, held until the write transaction ends.

    PostgreSQL: ``SELECT ... FOR UPDATE``, in id order so two writers never deadlock; a desk
    ending a term meanwhile waits for this transaction, or this one waits for it and reads
    its end date. SQLite: the transaction began with ``BEGIN IMMEDIATE``, which already keeps
    every other writer out (``FOR UPDATE`` is not rendered there).
    """
    from sqlalchemy import select

    from wardtui.db.models import Recipient

    table = Recipient.__table__  # type: ignore[attr-defined]
    columns = [table.c[name.strip()] for name in RECIPIENT_COLUMNS.split(",")]
    wanted = sorted(set(ids))
    held: dict[int, RecipientRow] = {}
    for start in range(0, len(wanted), _HELD_CHUNK):
        chunk = wanted[start:start + _HELD_CHUNK]
        query = select(*columns).where(table.c.id.in_(chunk)).order_by(table.c.id).with_for_update()
        for row in session.execute(query):
            person = recipient_row(tuple(row))
            held[person.id] = person
    return held


def add_payment(
    db: Database, *, program: Program, recipient_id: int, period_text: str, amount_won: int, paid_on: dt.date,
    note: str | None = None,
) -> LedgerRow:
    """One payment. The database refuses a second one for the same person, programme and period;
    a person not in post on the period's reference day is refused inside the same transaction."""
    period = check_period(program, period_text)
    problem = payment_amount_problem(amount_won)
    if problem:
        raise WardError(problem)
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.changelog import now, os_user, record_change
    from wardtui.db.models import Payment

    values = payment_values(program.id, recipient_id, period.code, amount_won, paid_on, note=note, user=os_user(), now=now())
    try:
        with db.session() as session:
            # Asked inside the write, the person held: a term another desk ends meanwhile is seen here.
            held = held_recipients(session, [recipient_id])
            problem = recipient_problem(program, held.get(recipient_id), recipient_id, period)
            if problem:
                raise WardError(problem)
            session.execute(Payment.__table__.insert(), [values])  # type: ignore[attr-defined]
            record_change(session, entity="payment", entity_id=values["id"], action="add",
                          new={k: values[k] for k in ("program_id", "recipient_id", "period", "amount_won", "paid_on")})
    except IntegrityError as exc:
        raise WardError(duplicate_message(program, period.code, f"대상자 {recipient_id}")) from exc
    found = get_payment(db, values["id"])
    assert found is not None
    return found


def reverse_payment(db: Database, payment_id: str, *, on: dt.date, note: str | None = None) -> LedgerRow:
    """Correct a payment: a 환수 row of the negative amount pointing at it; it becomes 정정됨."""
    original = get_payment(db, payment_id)
    if original is None:
        raise WardError(f"없는 지급입니다: {payment_id}")
    if original.state != "지급":
        raise WardError(f"정정할 수 없습니다: 이 지급은 '{original.state}' 상태입니다")
    amount = reversal_amount(original.amount_won)
    from sqlalchemy import update

    from wardtui.db.changelog import now, os_user, record_change
    from wardtui.db.models import Payment

    table = Payment.__table__  # type: ignore[attr-defined]
    values = payment_values(original.program_id, original.recipient_id, original.period, amount, on,
                            note=note or "정정(환수)", user=os_user(), now=now())
    values.update(state="환수", reverses_id=original.id)
    with db.session() as session:
        # Guarded by state so two people correcting at once cannot both succeed.
        done = session.connection().execute(
            update(table).where(table.c.id == original.id, table.c.state == "지급").values(state="정정됨"))
        if done.rowcount != 1:
            raise WardError("다른 사용자가 먼저 정정했습니다")
        session.execute(table.insert(), [values])
        record_change(session, entity="payment", entity_id=original.id, action="edit", old={"state": "지급"}, new={"state": "정정됨"})
        record_change(session, entity="payment", entity_id=values["id"], action="add",
                      new={"state": "환수", "amount_won": amount, "reverses_id": original.id})
    found = get_payment(db, values["id"])
    assert found is not None
    return found
