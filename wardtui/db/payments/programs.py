"""Payment programmes (통장 실비수당, 상해보험, 반장 명절 보상품, 통장자녀 장학금) and their unit rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wardtui.core.payments import Period, PeriodError, parse_period, program_period, rate_problem, rate_start_problem
from wardtui.core.search import matches, normalize
from wardtui.db.database import Database
from wardtui.errors import WardError


# -- programmes ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Program:
    id: int
    code: str
    name: str
    parent_id: int | None
    recipient_role: str
    cadence: str
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "name": self.name, "recipient_role": self.recipient_role, "cadence": self.cadence}


def programs(db: Database) -> list[Program]:
    return [
        Program(*r)
        for r in db.rows("SELECT id, code, name, parent_id, recipient_role, cadence, note FROM payment_program ORDER BY id")
    ]


def resolve_program(db: Database, text: str) -> Program:
    """A programme by id, code, exact name or an unambiguous part of its name."""
    text = text.strip()
    every = programs(db)
    if text.isascii() and text.isdigit():  # not "²": int() refuses it
        for p in every:
            if p.id == int(text):
                return p
        raise WardError(f"없는 사업 번호입니다: {text}")
    exact = [p for p in every if normalize(text) in (normalize(p.name), normalize(p.code))]
    if len(exact) == 1:
        return exact[0]
    found = [p for p in every if matches(text, p.name, p.code)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"{p.id} {p.name}" for p in (found or every))
    if not found:
        raise WardError(f"'{text}'에 맞는 사업이 없습니다 ({names})")
    raise WardError(f"'{text}'에 맞는 사업이 여럿입니다: {names} (번호나 더 긴 이름을 쓰십시오)")


def check_period(program: Program, text: str) -> Period:
    """The period ``text`` names, if ``program`` is paid for it (``core.payments.program_period``);
    a WardError if not."""
    try:
        return program_period(program.name, program.cadence, text)
    except PeriodError as exc:
        raise WardError(str(exc)) from exc


# -- rates ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rate:
    id: int
    program_id: int
    program: str
    unit_amount_won: int
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "program_id": self.program_id, "program": self.program,
            "unit_amount_won": self.unit_amount_won, "unit": self.unit,
            "valid_from": self.valid_from.isoformat(), "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }


_RATE_SQL = (
    "SELECT r.id, r.program_id, p.name, r.unit_amount_won, r.unit, r.valid_from, r.valid_to, r.note "
    "FROM payment_rate r JOIN payment_program p ON p.id = r.program_id"
)


def _rate(row: tuple[Any, ...]) -> Rate:
    return Rate(*row)


def rates(db: Database) -> list[Rate]:
    return [_rate(r) for r in db.rows(f"{_RATE_SQL} ORDER BY r.program_id, r.valid_from")]


def rate_on(db: Database, program_id: int, day: dt.date) -> Rate | None:
    found = db.rows(
        f"{_RATE_SQL} WHERE r.program_id = :p AND r.valid_from <= :d AND (r.valid_to IS NULL OR r.valid_to >= :d) "
        "ORDER BY r.valid_from DESC LIMIT 1",
        {"p": program_id, "d": day.isoformat()},
    )
    return _rate(found[0]) if found else None


def rate_for_period(every: list[Rate], program_id: int, period_code: str) -> Rate | None:
    """Of ``every`` rate (``rates()``), the one in force on the period's reference day: what a run
    for that period pays. None for a period the calendar cannot place (설 before 1989)."""
    try:
        day = parse_period(period_code).reference_day()
    except ValueError:
        return None
    return next((r for r in reversed(every) if r.program_id == program_id and r.valid_from <= day
                 and (r.valid_to is None or day <= r.valid_to)), None)


UNITS = {"monthly": "월", "yearly": "인", "holiday": "명절", "half_year": "반기"}


def set_rate(db: Database, program: Program, unit_amount_won: int, valid_from: dt.date, *, unit: str | None = None) -> Rate:
    """A new unit amount from ``valid_from``; the rate in force until then ends the day before."""
    problem = rate_problem(program.cadence, unit_amount_won)
    if problem:
        raise WardError(problem)
    from sqlmodel import func, select

    from wardtui.db.changelog import record_change
    from wardtui.db.models import PaymentProgram, PaymentRate

    with db.session() as session:
        # Two desks at once: the second waits here (PostgreSQL: FOR UPDATE on the programme; SQLite's
        # writers are one at a time already), then reads the rate the first one added.
        if session.get(PaymentProgram, program.id, with_for_update=True) is None:
            raise WardError(f"없는 사업 번호입니다: {program.id}")
        latest = session.exec(select(func.max(PaymentRate.valid_from)).where(PaymentRate.program_id == program.id)).one()
        problem = rate_start_problem(valid_from, latest)
        if problem:
            raise WardError(problem)
        current = session.exec(
            select(PaymentRate).where(PaymentRate.program_id == program.id, PaymentRate.valid_to.is_(None))  # type: ignore[union-attr]
        ).all()
        for old in current:
            assert old.id is not None  # read from the table
            record_change(session, entity="payment_rate", entity_id=old.id, action="edit",
                          old={"valid_to": None}, new={"valid_to": valid_from - dt.timedelta(days=1)})
            old.valid_to = valid_from - dt.timedelta(days=1)
            old.version += 1
            session.add(old)
        rate = PaymentRate(program_id=program.id, unit_amount_won=unit_amount_won,
                           unit=unit or UNITS.get(program.cadence, "회"), valid_from=valid_from)
        session.add(rate)
        session.flush()
        record_change(session, entity="payment_rate", entity_id=rate.id or 0, action="add",
                      new={"program_id": program.id, "unit_amount_won": unit_amount_won, "valid_from": valid_from})
        rate_id = rate.id
    found = db.rows(f"{_RATE_SQL} WHERE r.id = :id", {"id": rate_id})
    return _rate(found[0])
