"""Payment queries and writes: programmes, rates, recipients, the ledger, runs and imports.

Reads are plain SQL through ``Database.rows`` and aggregate in the database
(``GROUP BY program, period`` over the covering index ``ix_payment_totals``); the
ledger is read a page at a time. Writes go through one session each, so a run or an
import is one transaction. "Paid once per programme and period" is the database's
partial unique index ``uq_payment_once``: a duplicate is refused there and turned
into a one-line WardError here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wardtui.core.dates import DateParseError, parse_day
from wardtui.core.money import AmountParseError, parse_won
from wardtui.core.payments import (
    Period,
    PeriodError,
    cadence_example,
    due_dates,
    is_active,
    mask_name,
    parse_period,
    payment_problem,
    period_fits,
    post_problem,
    rate_problem,
    recipient_problems,
    reversal_amount,
)
from wardtui.core.search import match_patterns, matches, normalize, search_terms
from wardtui.db.database import Database
from wardtui.db.facilities import as_date
from wardtui.errors import WardError

LEDGER_PAGE = 50

#: Totals per programme and period, read from the covering index alone.
#: The ledger's aggregate, as the database keeps it in ``payment_total`` (migration 0004).
TOTALS_SQL = (
    "SELECT program_id, period, SUM(CASE WHEN state = '지급' THEN 1 ELSE 0 END), SUM(amount_won) "
    "FROM payment {where} GROUP BY program_id, period"
)
#: The same answer read from the totals the triggers keep (one row per programme and period).
KEPT_TOTALS_SQL = "SELECT program_id, period, paid_count, amount_won FROM payment_total WHERE row_count > 0 {filters}"


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
    """Parse a period and check it suits the programme's cadence (WardError if not)."""
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise WardError(str(exc)) from exc
    if not period_fits(program.cadence, period):
        raise WardError(
            f"{program.name}의 기간이 아닙니다: '{period.code}' (예: {cadence_example(program.cadence, period.year)})"
        )
    try:
        period.reference_day()  # 설/추석 of a year the lunar calendar does not cover (before 1989)
    except PeriodError as exc:
        raise WardError(str(exc)) from exc
    return period


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
    values = list(row)
    values[5], values[6] = as_date(values[5]), as_date(values[6])
    return Rate(*values)


def rates(db: Database) -> list[Rate]:
    return [_rate(r) for r in db.rows(f"{_RATE_SQL} ORDER BY r.program_id, r.valid_from")]


def rate_on(db: Database, program_id: int, day: dt.date) -> Rate | None:
    found = db.rows(
        f"{_RATE_SQL} WHERE r.program_id = :p AND r.valid_from <= :d AND (r.valid_to IS NULL OR r.valid_to >= :d) "
        "ORDER BY r.valid_from DESC LIMIT 1",
        {"p": program_id, "d": day.isoformat()},
    )
    return _rate(found[0]) if found else None


UNITS = {"monthly": "월", "yearly": "인", "holiday": "명절", "half_year": "반기"}


def set_rate(db: Database, program: Program, unit_amount_won: int, valid_from: dt.date, *, unit: str | None = None) -> Rate:
    """A new unit amount from ``valid_from``; the rate in force until then ends the day before."""
    problem = rate_problem(program.cadence, unit_amount_won)
    if problem:
        raise WardError(problem)
    from sqlmodel import select

    from wardtui.db.changelog import record_change
    from wardtui.db.models import PaymentProgram, PaymentRate

    with db.session() as session:
        # Two desks at once: the second waits here (PostgreSQL: FOR UPDATE on the programme; SQLite's
        # writers are one at a time already), then reads the rate the first one added.
        if session.get(PaymentProgram, program.id, with_for_update=True) is None:
            raise WardError(f"없는 사업 번호입니다: {program.id}")
        later = session.exec(
            select(PaymentRate).where(PaymentRate.program_id == program.id, PaymentRate.valid_from >= valid_from)
        ).first()
        if later is not None:
            raise WardError(f"{later.valid_from.isoformat()}부터의 단가가 이미 있습니다: 그보다 뒤의 날짜를 쓰십시오")
        current = session.exec(
            select(PaymentRate).where(PaymentRate.program_id == program.id, PaymentRate.valid_to.is_(None))  # type: ignore[union-attr]
        ).all()
        for old in current:
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


# -- recipients ----------------------------------------------------------------------------
@dataclass(frozen=True)
class RecipientRow:
    id: int
    name: str
    role: str
    dong: str
    tong: int | None
    ban: int | None
    parent_id: int | None
    school_level: str | None
    appointed_on: dt.date | None
    ended_on: dt.date | None
    version: int = 1

    @property
    def masked(self) -> str:
        return mask_name(self.name)

    @property
    def place(self) -> str:
        """'신길4동 3통 2반'."""
        parts = [self.dong]
        if self.tong is not None:
            parts.append(f"{self.tong}통")
        if self.ban is not None:
            parts.append(f"{self.ban}반")
        return " ".join(parts)

    def active_on(self, day: dt.date) -> bool:
        return is_active(self.appointed_on, self.ended_on, day)

    def to_json(self, *, reveal: bool = False) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name if reveal else self.masked, "name_masked": not reveal,
            "role": self.role, "dong": self.dong, "tong": self.tong, "ban": self.ban,
            "parent_id": self.parent_id, "school_level": self.school_level,
            "appointed_on": self.appointed_on.isoformat() if self.appointed_on else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None, "version": self.version,
        }


_RECIPIENT_COLUMNS = "id, name, role, dong, tong, ban, parent_id, school_level, appointed_on, ended_on, version"


def _recipient(row: tuple[Any, ...]) -> RecipientRow:
    values = list(row)
    values[8], values[9] = as_date(values[8]), as_date(values[9])
    return RecipientRow(*values)


#: At most this many people go to the screen per keystroke; the count says how many match.
SHOWN_RECIPIENTS = 100

#: The searched fields as ``normalize`` would give them, in SQL: the name, the role and the
#: place ('신길4동 3통 2반', which holds the 동). Names and 동 are NFC Hangul; LOWER folds ASCII.
_SEARCHED_SQL = (
    "REPLACE(LOWER(name), ' ', '')",
    "role",
    "REPLACE(LOWER(dong), ' ', '') || COALESCE(CAST(tong AS TEXT) || '통', '') || COALESCE(CAST(ban AS TEXT) || '반', '')",
)


@dataclass(frozen=True)
class RecipientSearch:
    """One answer of the recipient search: the first rows, and how many match in all."""

    rows: list[RecipientRow]
    count: int

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


def _recipient_where(db: Database, query: str) -> tuple[str, dict[str, Any]]:
    """The WHERE clause selecting the people ``core.search.matches`` finds, field by field.

    A plain query is a substring (instr/strpos: no wildcard to escape); any other is the
    matcher's own per-character pattern, by GLOB on SQLite and a regular expression on
    PostgreSQL (the facility search does the same on its stored key).
    """
    terms = search_terms(query)
    if terms is None:
        return "", {}
    sqlite = db.dialect == "sqlite"
    if terms.substring is not None:
        test, value = ("instr({f}, :q) > 0" if sqlite else "strpos({f}, :q) > 0"), terms.substring
    else:
        # Matched on the fields themselves (no stored initials here), so initials alone need the pattern too.
        patterns = match_patterns(query)
        assert patterns is not None  # the query is not empty: search_terms gave terms
        test, value = ("{f} GLOB :q", patterns[0]) if sqlite else ("{f} ~ :q", patterns[1])
    return "WHERE (" + " OR ".join(test.format(f=f) for f in _SEARCHED_SQL) + ")", {"q": value}


def find_recipients(db: Database, query: str = "", *, limit: int | None = SHOWN_RECIPIENTS) -> RecipientSearch:
    """The first ``limit`` people matching the query in register order (동, 통, 반, 번호), and
    how many match; the count costs a second query only when the page is full."""
    where, params = _recipient_where(db, query)
    sql = f"SELECT {_RECIPIENT_COLUMNS} FROM recipient {where} ORDER BY dong, tong, ban, id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = [_recipient(r) for r in db.rows(sql, params)]
    if limit is None or len(rows) < limit:
        return RecipientSearch(rows, len(rows))
    params.pop("limit")
    return RecipientSearch(rows, int(db.scalar(f"SELECT COUNT(*) FROM recipient {where}", params) or 0))


def search_recipients(db: Database, query: str = "") -> list[RecipientRow]:
    """Every recipient whose name, role or place (동 · 통 · 반) matches the query (see core.search)."""
    return find_recipients(db, query, limit=None).rows


def get_recipient(db: Database, recipient_id: int) -> RecipientRow | None:
    found = db.rows(f"SELECT {_RECIPIENT_COLUMNS} FROM recipient WHERE id = :id", {"id": recipient_id})
    return _recipient(found[0]) if found else None


def add_recipient(
    db: Database, *, name: str, dong: str, role: str, tong: int | None, ban: int | None = None,
    since: dt.date | None = None, parent_id: int | None = None, school_level: str | None = None,
) -> RecipientRow:
    name, dong = name.strip(), dong.strip()
    if not name:
        raise WardError("이름을 입력하십시오")
    if not dong:
        raise WardError("동을 입력하십시오")
    problems = recipient_problems(name=name, dong=dong, role=role, tong=tong, ban=ban)
    if problems:
        raise WardError(next(iter(problems.values())))
    if role == "통장자녀":
        parent = get_recipient(db, parent_id) if parent_id is not None else None
        if parent is None or parent.role != "통장":
            raise WardError("통장자녀는 부모 통장의 대상자 번호(--parent)가 필요합니다")
        if school_level not in ("고등학생", "대학생"):
            raise WardError("통장자녀의 학교급(--school)은 고등학생 또는 대학생입니다")
    elif parent_id is not None or school_level is not None:
        raise WardError("부모(--parent)와 학교급(--school)은 통장자녀에게만 씁니다")
    from wardtui.db.changelog import record_change
    from wardtui.db.models import Recipient

    with db.session() as session:
        person = Recipient(name=name, dong=dong, role=role, tong=tong, ban=ban, appointed_on=since,
                           parent_id=parent_id, school_level=school_level)
        session.add(person)
        session.flush()
        # The change log names the record, not the person: it is read more widely than the register.
        record_change(session, entity="recipient", entity_id=person.id or 0, action="add",
                      new={"role": role, "dong": dong, "tong": tong, "ban": ban, "appointed_on": since})
        new_id = person.id
    found = get_recipient(db, int(new_id or 0))
    assert found is not None
    return found


class _Keep:
    """An edit argument left out: the stored value stays."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _live_recipient(session: Any, recipient_id: int, expected_version: int | None) -> Any:
    from wardtui.db.models import Recipient

    person = session.get(Recipient, recipient_id, with_for_update=True)  # a second writer waits, then sees the new version
    if person is None:
        raise WardError(f"없는 대상자입니다: {recipient_id}")
    if expected_version is not None and person.version != expected_version:
        raise WardError("다른 곳에서 이 대상자를 먼저 고쳤습니다. 화면을 다시 불러왔으니 확인 후 다시 시도하십시오")
    return person


def edit_recipient(
    db: Database, recipient_id: int, expected_version: int | None, *, name: Any = KEEP, dong: Any = KEEP,
    tong: Any = KEEP, ban: Any = KEEP, since: Any = KEEP,
) -> RecipientRow:
    """Change a recipient's name, 동, 통/반 or appointment day (the role stays).

    ``expected_version`` is the version the user saw; another edit in between is refused.
    The change log keeps the fields but not the name (only that it changed).
    """
    from wardtui.db.changelog import record_change

    with db.session() as session:
        person = _live_recipient(session, recipient_id, expected_version)
        old = {"name": person.name, "dong": person.dong, "tong": person.tong, "ban": person.ban,
               "appointed_on": person.appointed_on}
        new = dict(old)
        for key, value in (("name", name), ("dong", dong), ("tong", tong), ("ban", ban), ("appointed_on", since)):
            if value is not KEEP:
                new[key] = value.strip() if isinstance(value, str) else value
        problems = recipient_problems(name=new["name"], dong=new["dong"], role=person.role,
                                      tong=new["tong"], ban=new["ban"])
        if problems:
            raise WardError(next(iter(problems.values())))
        if new["appointed_on"] is not None and person.ended_on is not None and new["appointed_on"] > person.ended_on:
            raise WardError(f"위촉일은 종료일({person.ended_on.isoformat()}) 이전이어야 합니다")
        if new != old:
            changed = [k for k in new if new[k] != old[k]]
            logged_old = {k: old[k] for k in changed if k != "name"}
            logged_new = {k: new[k] for k in changed if k != "name"}
            if "name" in changed:
                logged_new["name_changed"] = True  # the log names the record, not the person
            for key, value in new.items():
                setattr(person, key, value)
            person.version += 1
            session.add(person)
            record_change(session, entity="recipient", entity_id=recipient_id, action="edit",
                          old=logged_old, new=logged_new)
    found = get_recipient(db, recipient_id)
    assert found is not None
    return found


def end_recipient(db: Database, recipient_id: int, expected_version: int | None, *, on: dt.date) -> RecipientRow:
    """End an appointment: ``on`` is the last day in post; later runs leave the person out."""
    from wardtui.db.changelog import record_change

    with db.session() as session:
        person = _live_recipient(session, recipient_id, expected_version)
        if person.ended_on is not None:
            raise WardError(f"이미 {person.ended_on.isoformat()}에 임기가 끝난 대상자입니다: {recipient_id}")
        if person.appointed_on is not None and on < person.appointed_on:
            raise WardError(f"종료일은 위촉일({person.appointed_on.isoformat()}) 이후여야 합니다")
        person.ended_on = on
        person.version += 1
        session.add(person)
        record_change(session, entity="recipient", entity_id=recipient_id, action="edit",
                      old={"ended_on": None}, new={"ended_on": on})
    found = get_recipient(db, recipient_id)
    assert found is not None
    return found


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
    conditions, params = [], {}
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
    values = list(row)
    values[7] = as_date(values[7])
    return LedgerRow(*values)


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
    conditions, params = [], {"limit": limit}
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


def get_payment(db: Database, payment_id: str) -> LedgerRow | None:
    found = db.rows(f"{_LEDGER_SQL} WHERE pay.id = :id", {"id": payment_id})
    return _ledger(found[0]) if found else None


# -- writing payments ----------------------------------------------------------------------
_id_lock = threading.Lock()
_last_id = 0


def new_id() -> str:
    """A UUIDv7-style id: time-ordered (the ledger's newest-first order, and appends stay at
    the end of the primary-key B-tree on a million-row import) yet unique across laptops."""
    global _last_id
    with _id_lock:
        ms = time.time_ns() // 1_000_000
        candidate = (ms << 80) | (0x7 << 76) | (secrets.randbits(12) << 64) | (0b10 << 62) | secrets.randbits(62)
        if candidate <= _last_id:  # same millisecond: count up from the last one
            candidate = _last_id + 1
        _last_id = candidate
    return str(uuid.UUID(int=candidate))


def _duplicate_message(program: Program, period: str, who: str = "") -> str:
    return f"이미 지급했습니다: {program.name} {period}{' ' + who if who else ''} (같은 사람·사업·기간에는 한 번만 지급합니다)"


def _payment_values(program_id: int, recipient_id: int | None, period: str, amount: int, paid_on: dt.date,
                    *, run_id: str | None = None, note: str | None = None, user: str, now: dt.datetime) -> dict[str, Any]:
    return {"id": new_id(), "program_id": program_id, "recipient_id": recipient_id, "run_id": run_id,
            "period": period, "amount_won": amount, "paid_on": paid_on, "state": "지급", "reverses_id": None,
            "note": note, "created_at": now, "created_by": user}


def _check_recipient(program: Program, person: RecipientRow | None, recipient_id: int, period: Period) -> str | None:
    if person is None:
        return f"없는 대상자 번호입니다: {recipient_id}"
    return payment_problem(program_name=program.name, program_role=program.recipient_role, recipient_id=recipient_id,
                           role=person.role, appointed_on=person.appointed_on, ended_on=person.ended_on, period=period)


#: Recipients read (and, on PostgreSQL, locked) per statement: well under any driver's limit on parameters.
_HELD_CHUNK = 500


def _held_recipients(session: Any, ids: Iterable[int]) -> dict[int, RecipientRow]:
    """The recipients ``ids`` as they are now, held until the write transaction ends.

    PostgreSQL: ``SELECT ... FOR UPDATE``, in id order so two writers never deadlock; a desk
    ending a term meanwhile waits for this transaction, or this one waits for it and reads
    its end date. SQLite: the transaction began with ``BEGIN IMMEDIATE``, which already keeps
    every other writer out (``FOR UPDATE`` is not rendered there).
    """
    from sqlalchemy import select

    from wardtui.db.models import Recipient

    table = Recipient.__table__  # type: ignore[attr-defined]
    columns = [table.c[name.strip()] for name in _RECIPIENT_COLUMNS.split(",")]
    wanted = sorted(set(ids))
    held: dict[int, RecipientRow] = {}
    for start in range(0, len(wanted), _HELD_CHUNK):
        chunk = wanted[start:start + _HELD_CHUNK]
        query = select(*columns).where(table.c.id.in_(chunk)).order_by(table.c.id).with_for_update()
        for row in session.execute(query):
            person = _recipient(tuple(row))
            held[person.id] = person
    return held


def add_payment(
    db: Database, *, program: Program, recipient_id: int, period_text: str, amount_won: int, paid_on: dt.date,
    note: str | None = None,
) -> LedgerRow:
    """One payment. The database refuses a second one for the same person, programme and period;
    a person not in post on the period's reference day is refused inside the same transaction."""
    period = check_period(program, period_text)
    if amount_won <= 0:
        raise WardError("지급액은 0원보다 커야 합니다")
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.changelog import now, os_user, record_change
    from wardtui.db.models import Payment

    values = _payment_values(program.id, recipient_id, period.code, amount_won, paid_on, note=note, user=os_user(), now=now())
    try:
        with db.session() as session:
            # Asked inside the write, the person held: a term another desk ends meanwhile is seen here.
            held = _held_recipients(session, [recipient_id])
            problem = _check_recipient(program, held.get(recipient_id), recipient_id, period)
            if problem:
                raise WardError(problem)
            session.execute(Payment.__table__.insert(), [values])  # type: ignore[attr-defined]
            record_change(session, entity="payment", entity_id=values["id"], action="add",
                          new={k: values[k] for k in ("program_id", "recipient_id", "period", "amount_won", "paid_on")})
    except IntegrityError as exc:
        raise WardError(_duplicate_message(program, period.code, f"대상자 {recipient_id}")) from exc
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
    values = _payment_values(original.program_id, original.recipient_id, original.period, amount, on,
                             note=note or "정정(환수)", user=os_user(), now=now())
    values.update(state="환수", reverses_id=original.id)
    with db.session() as session:
        # Guarded by state so two people correcting at once cannot both succeed.
        done = session.execute(update(table).where(table.c.id == original.id, table.c.state == "지급").values(state="정정됨"))
        if done.rowcount != 1:
            raise WardError("다른 사용자가 먼저 정정했습니다")
        session.execute(table.insert(), [values])
        record_change(session, entity="payment", entity_id=original.id, action="edit", old={"state": "지급"}, new={"state": "정정됨"})
        record_change(session, entity="payment", entity_id=values["id"], action="add",
                      new={"state": "환수", "amount_won": amount, "reverses_id": original.id})
    found = get_payment(db, values["id"])
    assert found is not None
    return found


# -- payment runs --------------------------------------------------------------------------
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
        r for r in map(_recipient, db.rows(
            f"SELECT {_RECIPIENT_COLUMNS} FROM recipient r WHERE r.role = :role "
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
        _payment_values(plan.program.id, r.id, plan.period.code, unit, paid_on, run_id=run_id, user=user, now=stamp)
        for r in plan.recipients
    ]
    try:
        with db.session() as session:
            # The plan was read before the user confirmed it: who is in post is asked again here,
            # every planned person held, and the whole run refused if anyone is no longer payable.
            refused = _no_longer_payable(plan, _held_recipients(session, (r.id for r in plan.recipients)))
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
        raise WardError(_duplicate_message(plan.program, plan.period.code, "(다른 사용자가 먼저 지급한 사람이 있습니다)")) from exc
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


# -- CSV import ----------------------------------------------------------------------------
IMPORT_COLUMNS = ("program", "recipient_id", "period", "amount_won")


@dataclass
class ImportResult:
    written: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def import_csv(db: Database, path: Path, *, paid_on: dt.date) -> ImportResult:
    """Validate every row first; write all of them in one transaction, or none. Inside that
    transaction the rows of anyone whose post changed meanwhile are checked again.

    Columns: program, recipient_id, period, amount_won, optional paid_on. Rows go in with
    executemany (one INSERT statement, many parameter sets), not an ORM object each.
    """
    from wardtui.db.exchange import decode  # UTF-8 or CP949 (Korean Excel), one rule for every import

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WardError(f"파일을 열 수 없습니다: {path} ({exc.strerror})") from exc
    text, _ = decode(data, path.name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise WardError(f"CSV 머리줄에 열이 없습니다: {', '.join(missing)} (필요한 열: {', '.join(IMPORT_COLUMNS)}, paid_on 선택)")
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise WardError(f"{path.name}: {reader.line_num}행: CSV 형식이 아닙니다 ({exc})") from exc
    result = ImportResult()
    every_program = programs(db)
    resolved: dict[str, Program | str] = {}
    people = {int(i): (role, as_date(since), as_date(until))
              for i, role, since, until in db.rows("SELECT id, role, appointed_on, ended_on FROM recipient")}
    seen: dict[tuple[int, int, str], int] = {}
    good: list[tuple[int, Program, int, str, int, dt.date]] = []
    for line, row in rows:
        problem, item = _check_import_row(db, row, every_program, resolved, people, paid_on)
        if problem is None and item is not None:
            key = (item[0].id, item[1], item[2])
            if key in seen:
                problem = f"파일 안에서 중복입니다 ({seen[key]}행과 같은 사람·사업·기간)"
            else:
                seen[key] = line
                good.append((line, *item))
        if problem:
            result.rejected.append((line, problem))
    # Against the ledger: one indexed look-up per programme and period in the file.
    pairs = {(p.id, period) for _, p, _, period, _, _ in good}
    paid: set[tuple[int, int, str]] = set()
    for program_id, period in pairs:
        for (rid,) in db.rows(
            "SELECT recipient_id FROM payment WHERE program_id = :p AND period = :q AND state = '지급' AND recipient_id IS NOT NULL",
            {"p": program_id, "q": period},
        ):
            paid.add((program_id, int(rid), period))
    for line, program, rid, period, _, _ in good:
        if (program.id, rid, period) in paid:
            result.rejected.append((line, f"이미 지급했습니다: {program.name} {period} 대상자 {rid}"))
    result.rejected.sort()
    if result.rejected or not good:
        return result

    def still_payable(session: Any) -> None:
        """Inside the write: rows of anyone whose post changed since the check are checked again."""
        now = _held_recipients(session, {rid for _, _, rid, _, _, _ in good})
        changed = {rid for rid, p in now.items() if (p.role, p.appointed_on, p.ended_on) != people.get(rid)}
        late = []
        for line, program, rid, period, _, _ in good:
            if rid not in now:
                late.append((line, f"없는 대상자입니다: '{rid}'"))
            elif rid in changed:
                problem = _check_recipient(program, now[rid], rid, parse_period(period))
                if problem:
                    late.append((line, problem))
        if late:
            raise _RowsRefused(late)

    try:
        result.written = bulk_insert_payments(
            db, [(p.id, rid, period, amount, day) for _, p, rid, period, amount, day in good],
            note=f"가져오기: {path.name}", check=still_payable,
        )
    except _RowsRefused as refused:
        result.rejected = refused.rows
    return result


class _RowsRefused(Exception):
    """Rows found bad inside the write transaction: (line number, reason); nothing was written."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        super().__init__(rows)
        self.rows = rows


def _check_import_row(
    db: Database, row: dict[str, Any], every: list[Program], resolved: dict[str, Program | str],
    people: dict[int, tuple[str, dt.date | None, dt.date | None]], default_day: dt.date,
) -> tuple[str | None, tuple[Program, int, str, int, dt.date] | None]:
    if None in row:
        return "열이 머리줄보다 많습니다", None
    name = (row.get("program") or "").strip()
    if name not in resolved:
        try:
            resolved[name] = resolve_program(db, name) if name else "사업이 비어 있습니다"
        except WardError as exc:
            resolved[name] = exc.message
    program = resolved[name]
    if isinstance(program, str):
        return program, None
    rid_text = (row.get("recipient_id") or "").strip()
    if not (rid_text.isascii() and rid_text.isdigit()) or int(rid_text) not in people:
        return f"없는 대상자입니다: '{rid_text}'", None
    rid = int(rid_text)
    role, since, until = people[rid]
    try:
        period = check_period(program, row.get("period") or "")
    except WardError as exc:
        return exc.message, None
    problem = payment_problem(program_name=program.name, program_role=program.recipient_role, recipient_id=rid,
                              role=role, appointed_on=since, ended_on=until, period=period)
    if problem:
        return problem, None
    try:
        amount = parse_won(row.get("amount_won") or "")
    except AmountParseError as exc:
        return str(exc), None
    if amount <= 0:
        return "지급액은 0원보다 커야 합니다", None
    day = default_day
    if (row.get("paid_on") or "").strip():
        try:
            day = parse_day(row["paid_on"])
        except DateParseError as exc:
            return f"paid_on: {exc}", None
    return None, (program, rid, period.code, amount, day)


def bulk_insert_payments(
    db: Database, rows: Iterable[tuple[int, int | None, str, int, dt.date]], *, note: str | None = None,
    check: Callable[[Any], None] | None = None,
) -> int:
    """Insert (program_id, recipient_id, period, amount_won, paid_on) rows in one transaction.

    On SQLite this is ``executemany`` on the driver connection (SQLAlchemy's per-row type
    processing costs several seconds per million rows); elsewhere a Core executemany.
    A duplicate anywhere rolls back everything. ``check(session)`` runs first inside the
    transaction; whatever it raises refuses everything.
    """
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.changelog import now, os_user, record_change
    from wardtui.db.models import Payment

    user, stamp = os_user(), now()
    stamp_text = stamp.strftime("%Y-%m-%d %H:%M:%S.%f")
    count = 0
    try:
        with db.session() as session:
            if check is not None:
                check(session)
            if db.target.sqlite_path is not None:
                raw = session.connection().connection.driver_connection

                def params() -> Iterable[tuple[Any, ...]]:
                    nonlocal count
                    for program_id, rid, period, amount, day in rows:
                        count += 1
                        yield (new_id(), program_id, rid, period, amount, day.isoformat(), note, stamp_text, user)

                raw.executemany(  # type: ignore[union-attr]
                    "INSERT INTO payment (id, program_id, recipient_id, period, amount_won, paid_on, state, note, "
                    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, '지급', ?, ?, ?)",
                    params(),
                )
            else:
                values = [_payment_values(p, r, q, a, d, note=note, user=user, now=stamp) for p, r, q, a, d in rows]
                count = len(values)
                session.execute(Payment.__table__.insert(), values)  # type: ignore[attr-defined]
            record_change(session, entity="payment_import", entity_id=stamp_text, action="add",
                          new={"rows": count, "note": note})
    except IntegrityError as exc:
        raise WardError("이미 지급한 행이 있어 아무것도 쓰지 않았습니다 (같은 사람·사업·기간에는 한 번만 지급합니다)") from exc
    except Exception as exc:
        import sqlite3

        if isinstance(exc, sqlite3.IntegrityError):
            raise WardError("이미 지급한 행이 있어 아무것도 쓰지 않았습니다 (같은 사람·사업·기간에는 한 번만 지급합니다)") from exc
        raise
    return count


# -- what is due ---------------------------------------------------------------------------
def due_items(db: Database, today: dt.date) -> list[dict[str, Any]]:
    """What falls due next, for the home dashboard: {date, title, section, kind}.

    A period already paid in the ledger (any 지급 row) is left out.
    """
    codes = {p.code: p.id for p in programs(db)}
    items = []
    for due in due_dates(today):
        program_id = codes.get(due.program_code)
        if program_id is not None and db.scalar(
            "SELECT 1 FROM payment WHERE program_id = :p AND period = :q AND state = '지급' LIMIT 1",
            {"p": program_id, "q": due.period.code},
        ):
            continue
        items.append({"date": due.day, "title": due.title, "section": "payments", "kind": due.program_code,
                      "period": due.period.code})
    return items
