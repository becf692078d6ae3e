"""Importing payments from CSV (``wardtui payments import``) and inserting many payments at once.

Every row is checked first, against the same rules as one payment; then all of them are
written in one transaction, or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wardtui.core.dates import DateParseError, parse_day
from wardtui.core.money import AmountParseError, parse_won
from wardtui.core.payments import parse_period, payment_amount_problem, payment_problem
from wardtui.db.csv_files import Header, read_csv_file
from wardtui.db.database import Database
from wardtui.db.payments.paying import held_recipients, new_id, recipient_problem
from wardtui.db.payments.programs import Program, check_period, resolve_program
from wardtui.errors import WardError

IMPORT_COLUMNS = ("program", "recipient_id", "period", "amount_won")
_OPTIONAL_COLUMNS = ("paid_on",)


@dataclass
class ImportResult:
    written: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def import_csv(db: Database, path: Path, *, paid_on: dt.date) -> ImportResult:
    """Validate every row first; write all of them in one transaction, or none. Inside that
    transaction the rows of anyone whose post changed meanwhile are checked again.

    Columns: program, recipient_id, period, amount_won, optional paid_on (others are left
    alone). Rows go in with executemany (one INSERT statement, many parameter sets), not an
    ORM object each.
    """
    file = read_csv_file(path)
    header = file.columns({c: c for c in IMPORT_COLUMNS + _OPTIONAL_COLUMNS})
    missing = [c for c in IMPORT_COLUMNS if c not in header.index]
    if missing:
        raise WardError(f"CSV 머리줄에 열이 없습니다: {', '.join(missing)} (필요한 열: {', '.join(IMPORT_COLUMNS)}, paid_on 선택)")
    width = len(file.header or [])
    result = ImportResult()
    resolved: dict[str, Program | str] = {}
    people = {int(i): (role, since, until)
              for i, role, since, until in db.rows("SELECT id, role, appointed_on, ended_on FROM recipient")}
    seen: dict[tuple[int, int, str], int] = {}
    good: list[tuple[int, Program, int, str, int, dt.date]] = []
    for line, cells in file.rows():
        problem, item = _check_row(db, cells, header, width, resolved, people, paid_on)
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
        now = held_recipients(session, {rid for _, _, rid, _, _, _ in good})
        changed = {rid for rid, p in now.items() if (p.role, p.appointed_on, p.ended_on) != people.get(rid)}
        late = []
        for line, program, rid, period, _, _ in good:
            if rid not in now:
                late.append((line, f"없는 대상자입니다: '{rid}'"))
            elif rid in changed:
                problem = recipient_problem(program, now[rid], rid, parse_period(period))
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


def _check_row(
    db: Database, cells: list[str], header: Header, width: int, resolved: dict[str, Program | str],
    people: dict[int, tuple[str, dt.date | None, dt.date | None]], default_day: dt.date,
) -> tuple[str | None, tuple[Program, int, str, int, dt.date] | None]:
    """One row against the rules one payment is held to: (reason, None) or (None, the payment)."""
    if len(cells) > width:
        return "열이 머리줄보다 많습니다", None

    def cell(key: str) -> str:
        return header.cell(cells, key) or ""

    name = cell("program").strip()
    if name not in resolved:
        try:
            resolved[name] = resolve_program(db, name) if name else "사업이 비어 있습니다"
        except WardError as exc:
            resolved[name] = exc.message
    program = resolved[name]
    if isinstance(program, str):
        return program, None
    rid_text = cell("recipient_id").strip()
    if not (rid_text.isascii() and rid_text.isdigit()) or int(rid_text) not in people:
        return f"없는 대상자입니다: '{rid_text}'", None
    rid = int(rid_text)
    role, since, until = people[rid]
    try:
        period = check_period(program, cell("period"))
    except WardError as exc:
        return exc.message, None
    problem = payment_problem(program_name=program.name, program_role=program.recipient_role, recipient_id=rid,
                              role=role, appointed_on=since, ended_on=until, period=period)
    if problem:
        return problem, None
    try:
        amount = parse_won(cell("amount_won"))
    except AmountParseError as exc:
        return str(exc), None
    problem = payment_amount_problem(amount)
    if problem:
        return problem, None
    day = default_day
    if cell("paid_on").strip():
        try:
            day = parse_day(cell("paid_on"))
        except DateParseError as exc:
            return f"paid_on: {exc}", None
    return None, (program, rid, period.code, amount, day)


def bulk_insert_payments(
    db: Database, rows: Iterable[tuple[int, int | None, str, int, dt.date]], *, note: str | None = None,
    check: Callable[[Any], None] | None = None,
) -> int:
    """Insert (program_id, recipient_id, period, amount_won, paid_on) rows in one transaction.

    A duplicate anywhere rolls back everything. ``check(session)`` runs first inside the
    transaction; whatever it raises refuses everything.
    """
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.changelog import now, os_user, record_change

    user, stamp = os_user(), now()
    stamp_text = stamp.strftime("%Y-%m-%d %H:%M:%S.%f")
    try:
        with db.session() as session:
            if check is not None:
                check(session)
            count = _insert_payments(db, session, rows, note=note, user=user, stamp=stamp)
            record_change(session, entity="payment_import", entity_id=stamp_text, action="add",
                          new={"rows": count, "note": note})
    except IntegrityError as exc:
        raise WardError(_ALREADY_PAID) from exc
    return count


_ALREADY_PAID = "이미 지급한 행이 있어 아무것도 쓰지 않았습니다 (같은 사람·사업·기간에는 한 번만 지급합니다)"


def _insert_payments(
    db: Database, session: Any, rows: Iterable[tuple[int, int | None, str, int, dt.date]], *,
    note: str | None, user: str, stamp: dt.datetime,
) -> int:
    """Insert the rows in the open transaction; how many (a duplicate: SQLAlchemy's IntegrityError)."""
    columns = ("id", "program_id", "recipient_id", "period", "amount_won", "paid_on", "state", "note",
               "created_at", "created_by")
    return db.dialect.bulk_insert(
        session.connection(), "payment", columns,
        ((new_id(), program_id, rid, period, amount, day, "지급", note, stamp, user)
         for program_id, rid, period, amount, day in rows),
    )
