"""Payment runs (일괄 지급): who a programme pays for a period at the rate of its day, and
writing the whole run in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from wardtui.core.payments import Period, post_problem
from wardtui.db.database import Database
from wardtui.db.payments.paying import duplicate_message, held_recipients, new_id, payment_values
from wardtui.db.payments.programs import Program, Rate, check_period, rate_on
from wardtui.db.payments.register import RECIPIENT_COLUMNS, RecipientRow, recipient_row
from wardtui.errors import WardError


@dataclass
class RunPlan:
    """Who a run would pay, and how much: computed, not yet written."""

    program: Program
    period: Period
    reference_day: dt.date
    rate: Rate | None
    recipients: list[RecipientRow] = field(default_factory=list)
    already_paid: int = 0

    @property
    def unit_amount_won(self) -> int:
        return self.rate.unit_amount_won if self.rate else 0

    @property
    def total_won(self) -> int:
        return self.unit_amount_won * len(self.recipients)


def plan_run(db: Database, program: Program, period_text: str) -> RunPlan:
    """The eligible recipients: the programme's role, in post on the reference day, not yet paid.

    Who is in post is decided by ``core.payments.post_problem``, the rule one payment and an
    import are held to as well; SQL only narrows to the role and leaves out those already paid.
    """
    period = check_period(program, period_text)
    day = period.reference_day()
    found = [
        r for r in map(recipient_row, db.rows(
            f"SELECT {RECIPIENT_COLUMNS} FROM recipient r WHERE r.role = :role "
            "AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.recipient_id = r.id AND p.program_id = :program "
            "AND p.period = :period AND p.state = '지급') ORDER BY r.dong, r.tong, r.ban, r.id",
            {"role": program.recipient_role, "program": program.id, "period": period.code},
        ))
        if post_problem(role=r.role, appointed_on=r.appointed_on, ended_on=r.ended_on,
                        program_role=program.recipient_role, day=day) is None
    ]
    paid = db.scalar(
        "SELECT COUNT(*) FROM payment WHERE program_id = :program AND period = :period AND state = '지급'",
        {"program": program.id, "period": period.code},
    )
    return RunPlan(program, period, day, rate_on(db, program.id, day), found, int(paid or 0))


@dataclass(frozen=True)
class RunResult:
    run_id: str
    program: str
    period: str
    headcount: int
    unit_amount_won: int
    amount_won: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.run_id, "program": self.program, "period": self.period, "headcount": self.headcount,
                "unit_amount_won": self.unit_amount_won, "amount_won": self.amount_won}


def execute_run(db: Database, plan: RunPlan, *, paid_on: dt.date) -> RunResult:
    """Write the whole run in one transaction: a payment_run row and one payment per person.

    Everyone planned must still be in post on the reference day when the run is written; if
    another desk ended someone's term (or the like) since the plan, nothing is written.
    """
    if plan.rate is None:
        raise WardError(
            f"{plan.program.name}의 {plan.reference_day.isoformat()} 단가가 없습니다 "
            f"('wardtui rates set --program {plan.program.id} --amount 원' 으로 정하십시오)"
        )
    if not plan.recipients:
        paid = f" (이미 지급 {plan.already_paid:,}명)" if plan.already_paid else ""
        raise WardError(f"지급할 대상자가 없습니다: {plan.program.name} {plan.period.code}{paid}")
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.changelog import now, os_user, record_change
    from wardtui.db.models import Payment, PaymentRun

    user, stamp, run_id = os_user(), now(), new_id()
    unit = plan.unit_amount_won
    values = [
        payment_values(plan.program.id, r.id, plan.period.code, unit, paid_on, run_id=run_id, user=user, now=stamp)
        for r in plan.recipients
    ]
    try:
        with db.session() as session:
            # The plan was read before the user confirmed it: who is in post is asked again here,
            # every planned person held, and the whole run refused if anyone is no longer payable.
            refused = _no_longer_payable(plan, held_recipients(session, (r.id for r in plan.recipients)))
            if refused:
                raise WardError(refused)
            session.execute(PaymentRun.__table__.insert(), [{  # type: ignore[attr-defined]
                "id": run_id, "program_id": plan.program.id, "period": plan.period.code, "period_text": None,
                "headcount": len(values), "unit_amount_won": unit, "amount_won": unit * len(values),
                "paid_on": paid_on, "origin": "user", "note": f"단가 {unit:,}원 × {len(values)}명",
            }])
            session.execute(Payment.__table__.insert(), values)  # type: ignore[attr-defined]
            record_change(session, entity="payment_run", entity_id=run_id, action="add",
                          new={"program_id": plan.program.id, "period": plan.period.code, "headcount": len(values),
                               "amount_won": unit * len(values)})
    except IntegrityError as exc:
        raise WardError(duplicate_message(plan.program, plan.period.code, "(다른 사용자가 먼저 지급한 사람이 있습니다)")) from exc
    return RunResult(run_id, plan.program.name, plan.period.code, len(values), unit, unit * len(values))


#: A refused run names at most this many people, with their reasons; the rest are counted.
_NAMED_REFUSALS = 3


def _no_longer_payable(plan: RunPlan, held: dict[int, RecipientRow]) -> str | None:
    """Why the planned run may not be written as confirmed (Korean, one line), or None.

    The same rule as the plan (``core.payments.post_problem``) on the rows as they are now.
    The run is refused as a whole rather than paid without them: the user confirmed a
    headcount and a total, and a run is written as confirmed or not at all.
    """
    day = plan.reference_day
    found: list[str] = []
    for planned in plan.recipients:
        person = held.get(planned.id)
        if person is None:
            found.append(f"대상자 {planned.id}: 없는 대상자입니다")
            continue
        problem = post_problem(role=person.role, appointed_on=person.appointed_on, ended_on=person.ended_on,
                               program_role=plan.program.recipient_role, day=day)
        if problem:
            found.append(f"대상자 {person.id}({person.masked}): {problem}")
    if not found:
        return None
    named = "; ".join(found[:_NAMED_REFUSALS]) + (f" 외 {len(found) - _NAMED_REFUSALS}명" if len(found) > _NAMED_REFUSALS else "")
    return (f"{plan.program.name} {plan.period.code}: 계획한 뒤 지급할 수 없게 된 대상자가 있어 아무것도 지급하지 "
            f"않았습니다 — {named}. 지급 계획을 다시 불러 확인하십시오")
