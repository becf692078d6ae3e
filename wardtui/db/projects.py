"""Project queries and the writes staff make: milestones and execution entries.

Reads are plain SQL through ``Database.rows``; writes use SQLModel sessions and add a
change_log row in the same session. Nothing is deleted: removal sets ``removed_at``.
Edits carry the version the user saw and are refused if someone changed it meanwhile.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from wardtui.core.dates import PartialDate
from wardtui.core.projects import (
    FundingLine,
    execution_rate,
    funding_table,
    milestone_dates_text,
    project_status,
    toggled_state,
)
from wardtui.core.search import matches
from wardtui.db.database import Database
from wardtui.db.dialect import Dialect
from wardtui.errors import WardError

LIST_LIMIT = 500
CHANGE_LOG_LIMIT = 200
PART_LABELS = {"Ⅱ": "실적", "Ⅲ": "계획", "Ⅳ": "신규·중점"}


# -- rows ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectRow:
    id: int
    part: str
    seq: int
    year: int
    name: str
    team: str | None
    purpose: str | None
    unit_budget_id: int | None
    budget_won: int | None
    report_executed_won: int | None
    logged_won: int
    milestone_states: tuple[str, ...]

    @property
    def executed_won(self) -> int | None:
        """The report's executed amount plus everything logged since."""
        if self.report_executed_won is None and not self.logged_won:
            return None
        return (self.report_executed_won or 0) + self.logged_won

    @property
    def rate(self) -> Decimal | None:
        """None while nothing is executed yet (a 2021 plan), else computed from the amounts."""
        if self.executed_won is None:
            return None
        return execution_rate(self.executed_won, self.budget_won)

    @property
    def status(self) -> str:
        return project_status(self.milestone_states)

    @property
    def part_label(self) -> str:
        return PART_LABELS.get(self.part, self.part)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "year": self.year,
            "part": self.part,
            "status": self.status,
            "budget_won": self.budget_won,
            "executed_won": self.executed_won,
            "rate": float(self.rate) if self.rate is not None else None,
        }


@dataclass(frozen=True)
class MilestoneRow:
    id: str
    project_id: int
    seq: int
    heading: str | None
    starts_on: dt.date | None
    start_precision: str | None
    ends_on: dt.date | None
    end_precision: str | None
    date_text: str | None
    title: str
    note: str | None
    state: str
    origin: str
    version: int

    @property
    def date(self) -> dt.date | None:
        return self.starts_on or self.ends_on

    @property
    def precision(self) -> str | None:
        return self.start_precision if self.starts_on else self.end_precision

    @property
    def date_label(self) -> str:
        """As printed in the report (or typed); else the stored dates, formatted ('' without any)."""
        if self.date_text:
            return self.date_text
        return milestone_dates_text(self.starts_on, self.start_precision, self.ends_on, self.end_precision)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat() if self.date else None,
            "precision": self.precision,
            "end": self.ends_on.isoformat() if self.ends_on else None,
            "date_text": self.date_text,
            "title": self.title,
            "note": self.note,
            "state": self.state,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class ExecutionRow:
    id: str
    project_id: int
    source: str
    amount_won: int
    executed_on: dt.date
    note: str | None
    created_by: str
    version: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "project_id": self.project_id,
            "date": self.executed_on.isoformat(),
            "source": self.source,
            "amount_won": self.amount_won,
            "note": self.note,
            "created_by": self.created_by,
            "version": self.version,
        }


@dataclass(frozen=True)
class ChangeRow:
    changed_at: dt.datetime
    changed_by: str
    entity: str
    entity_id: str
    action: str
    old_values: str | None
    new_values: str | None


@dataclass(frozen=True)
class UnitBudgetRow:
    """A 단위사업 of 예산 현황, with what staff logged for its linked projects added."""

    id: int
    seq: int
    name: str
    budget_won: int
    report_executed_won: int
    report_projected_won: int
    executed_as_of: dt.date
    logged_won: int

    @property
    def executed_won(self) -> int:
        return self.report_executed_won + self.logged_won

    @property
    def projected_won(self) -> int:
        # Logged execution is spending the 12.31 projection already expected, unless it overtakes it.
        return max(self.report_projected_won, self.executed_won)

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.executed_won, self.budget_won)

    @property
    def projected_rate(self) -> Decimal | None:
        return execution_rate(self.projected_won, self.budget_won)


# -- reads ---------------------------------------------------------------------------------
_PROJECT_SQL = """
SELECT p.id, p.part, p.seq, p.year, p.name, p.team, p.purpose, p.unit_budget_id,
       p.budget_won, p.executed_won,
       COALESCE((SELECT SUM(e.amount_won) FROM execution_entry e
                 WHERE e.project_id = p.id AND e.removed_at IS NULL), 0) AS logged,
       (SELECT {states} FROM milestone m
         WHERE m.project_id = p.id AND m.removed_at IS NULL) AS states
FROM project p
"""


@cache
def _project_sql_of(dialect: Dialect) -> str:
    # Only the set of states matters, so the aggregate's order does not.
    return _PROJECT_SQL.format(states=dialect.string_agg("m.state", ","))


def _project_sql(db: Database) -> str:
    return _project_sql_of(db.dialect)


def _project(row: tuple[Any, ...]) -> ProjectRow:
    pid, part, seq, year, name, team, purpose, unit_budget_id, budget, executed, logged, states = row
    return ProjectRow(pid, part, seq, year, name, team, purpose, unit_budget_id, budget, executed, int(logged or 0),
                      tuple(states.split(",")) if states else ())


@dataclass(frozen=True)
class ProjectList:
    """What the project list shows: the matches (at most the limit) out of the year's projects."""

    rows: list[ProjectRow]
    total: int  # projects of the year (or of every year) before the search


def search_projects(db: Database, query: str = "", year: int | None = None, limit: int = LIST_LIMIT) -> ProjectList:
    """Projects in report order, filtered by year and by the search matcher (name, team).

    A division has tens of projects a year, so one query reads all of the year's and the
    matcher (Hangul initials included) runs over them: the total is what was read, and
    the limit applies to what matched, not before it.
    """
    sql = _project_sql(db) + ("WHERE p.year = :year " if year is not None else "") + "ORDER BY p.part, p.seq"
    every = [_project(r) for r in db.rows(sql, {"year": year})]
    return ProjectList([p for p in every if matches(query, p.name, p.team)][:limit], len(every))


def list_projects(db: Database, query: str = "", year: int | None = None, limit: int = LIST_LIMIT) -> list[ProjectRow]:
    """The matches of :func:`search_projects`, without the total."""
    return search_projects(db, query, year, limit).rows


def get_project(db: Database, project_id: int) -> ProjectRow | None:
    found = db.rows(_project_sql(db) + "WHERE p.id = :id", {"id": project_id})
    return _project(found[0]) if found else None


def resolve_project(db: Database, text: str) -> ProjectRow:
    """An id, or an unambiguous part of the name (Hangul initials allowed)."""
    wanted = text.strip()
    if not wanted:
        raise WardError("사업을 지정하십시오 (번호 또는 사업명 일부)")
    if wanted.isascii() and wanted.isdigit():  # not "²": int() refuses it
        found = get_project(db, int(wanted))
        if found is None:
            raise WardError(f"{wanted}번 사업이 없습니다 ('wardtui projects'로 목록을 볼 수 있습니다)")
        return found
    candidates = list_projects(db, wanted)
    exact = [p for p in candidates if p.name.replace(" ", "") == wanted.replace(" ", "")]
    if len(candidates) == 1:
        return candidates[0]
    if len(exact) == 1:
        return exact[0]
    if not candidates:
        raise WardError(f"'{wanted}'에 맞는 사업이 없습니다 ('wardtui projects'로 목록을 볼 수 있습니다)")
    listed = ", ".join(f"{p.id} {p.name}({p.year})" for p in candidates[:8])
    more = f" 외 {len(candidates) - 8}건" if len(candidates) > 8 else ""
    raise WardError(f"'{wanted}'에 맞는 사업이 {len(candidates)}개입니다. 번호로 지정하십시오: {listed}{more}")


_MILESTONE_COLUMNS = (
    "id, project_id, seq, heading, starts_on, start_precision, ends_on, end_precision, "
    "date_text, title, note, state, origin, version"
)


def _milestone(row: tuple[Any, ...]) -> MilestoneRow:
    return MilestoneRow(*row)


def milestones_for(db: Database, project_id: int) -> list[MilestoneRow]:
    """Live milestones of a project in report order (the timeline orders them by date)."""
    found = db.rows(
        f"SELECT {_MILESTONE_COLUMNS} FROM milestone WHERE project_id = :id AND removed_at IS NULL "
        "ORDER BY seq, id LIMIT :limit",
        {"id": project_id, "limit": LIST_LIMIT},
    )
    return [_milestone(r) for r in found]


def get_milestone(db: Database, milestone_id: str) -> MilestoneRow | None:
    found = db.rows(f"SELECT {_MILESTONE_COLUMNS} FROM milestone WHERE id = :id AND removed_at IS NULL", {"id": milestone_id})
    return _milestone(found[0]) if found else None


def funding_lines(db: Database, project_id: int) -> list[FundingLine]:
    """The budget table by source: report budget, report executed + logged, rate; then 계."""
    split: dict[str, dict[str, int]] = {"예산": {}, "집행": {}}
    for measure, source, amount in db.rows(
        "SELECT measure, source, amount_won FROM project_funding WHERE project_id = :id AND measure IN ('예산', '집행')",
        {"id": project_id},
    ):
        split[measure][source] = split[measure].get(source, 0) + int(amount)
    logged = {
        source: int(total)
        for source, total in db.rows(
            "SELECT source, SUM(amount_won) FROM execution_entry WHERE project_id = :id AND removed_at IS NULL GROUP BY source",
            {"id": project_id},
        )
    }
    return funding_table(split["예산"], split["집행"], logged)


def overview_lines(db: Database, project_id: int, heading: str = "사업개요") -> list[tuple[str | None, str]]:
    """(label, text) lines printed under a heading of the project page."""
    return [
        (label, text)
        for label, text in db.rows(
            "SELECT label, text FROM project_line WHERE project_id = :id AND heading = :heading ORDER BY seq",
            {"id": project_id, "heading": heading},
        )
    ]


_EXECUTION_COLUMNS = "id, project_id, source, amount_won, executed_on, note, created_by, version"


def _execution(r: tuple[Any, ...]) -> ExecutionRow:
    return ExecutionRow(r[0], r[1], r[2], int(r[3]), r[4], r[5], r[6], int(r[7]))


def executions_for(db: Database, project_id: int) -> list[ExecutionRow]:
    """Live execution entries of a project, oldest first."""
    found = db.rows(
        f"SELECT {_EXECUTION_COLUMNS} FROM execution_entry "
        "WHERE project_id = :id AND removed_at IS NULL ORDER BY executed_on, created_at LIMIT :limit",
        {"id": project_id, "limit": LIST_LIMIT},
    )
    return [_execution(r) for r in found]


def get_execution(db: Database, entry_id: str) -> ExecutionRow | None:
    found = db.rows(f"SELECT {_EXECUTION_COLUMNS} FROM execution_entry WHERE id = :id AND removed_at IS NULL", {"id": entry_id})
    return _execution(found[0]) if found else None


def resolve_execution(db: Database, text: str) -> ExecutionRow:
    """A live entry by its UUID or an unambiguous start of it (at least 4 characters)."""
    wanted = text.strip().lower()
    if len(wanted) < 4:
        raise WardError("집행 기록의 ID를 4자 이상 지정하십시오 ('wardtui execution list 사업'으로 볼 수 있습니다)")
    found = get_execution(db, wanted)
    if found is not None:
        return found
    rows = []
    if all(c in "0123456789abcdef-" for c in wanted):  # a UUID's characters only: safe in LIKE
        rows = db.rows(
            f"SELECT {_EXECUTION_COLUMNS} FROM execution_entry WHERE id LIKE :p AND removed_at IS NULL LIMIT 3",
            {"p": wanted + "%"},
        )
    if len(rows) == 1:
        return _execution(rows[0])
    if not rows:
        raise WardError(f"'{text.strip()}' 집행 기록이 없습니다 ('wardtui execution list 사업'으로 볼 수 있습니다)")
    raise WardError(f"'{text.strip()}'로 시작하는 집행 기록이 여러 개입니다. ID를 더 길게 지정하십시오")


def change_log_for(db: Database, project_id: int, limit: int = CHANGE_LOG_LIMIT) -> list[ChangeRow]:
    """The newest changes first."""
    found = db.rows(
        "SELECT changed_at, changed_by, entity, entity_id, action, old_values, new_values FROM change_log "
        "WHERE project_id = :id ORDER BY changed_at DESC, id DESC LIMIT :limit",
        {"id": project_id, "limit": limit},
    )
    return [ChangeRow(*r) for r in found]


def unit_budgets(db: Database, fiscal_year: int = 2020) -> list[UnitBudgetRow]:
    found = db.rows(
        """
        SELECT u.id, u.seq, u.name, u.budget_won, u.executed_won, u.projected_won, u.executed_as_of,
               COALESCE((SELECT SUM(e.amount_won) FROM execution_entry e JOIN project p ON p.id = e.project_id
                         WHERE p.unit_budget_id = u.id AND e.removed_at IS NULL), 0)
        FROM unit_budget u WHERE u.fiscal_year = :year ORDER BY u.seq LIMIT :limit
        """,
        {"year": fiscal_year, "limit": LIST_LIMIT},
    )
    return [UnitBudgetRow(r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5]), r[6], int(r[7])) for r in found]


# -- writes --------------------------------------------------------------------------------
def _stamp() -> dt.datetime:
    from wardtui.db.changelog import now

    return now()


#: entity (change_log name) → what the screens call it, for messages
_NOUNS = {"milestone": "일정", "execution_entry": "집행 기록"}


def _model(entity: str) -> Any:
    from wardtui.db.models import ExecutionEntry, Milestone

    return {"milestone": Milestone, "execution_entry": ExecutionEntry}[entity]


def _live_row(session: Any, entity: str, row_id: str, expected_version: int | None) -> Any:
    """The row, unless it was removed or changed since the user read it (optimistic locking)."""
    noun = _NOUNS[entity]
    # FOR UPDATE: on PostgreSQL a second writer waits here, then sees the new version (SQLite
    # already serialises writers with BEGIN IMMEDIATE and ignores it).
    row = session.get(_model(entity), row_id, with_for_update=True)
    if row is None or row.removed_at is not None:
        raise WardError(f"이 {noun}이 없습니다 (다른 곳에서 지웠을 수 있습니다). 화면을 다시 불러왔습니다")
    if expected_version is not None and row.version != expected_version:
        raise WardError(f"다른 곳에서 이 {noun}을 먼저 고쳤습니다. 화면을 다시 불러왔으니 확인 후 다시 시도하십시오")
    return row


def _save_edit(session: Any, entity: str, row: Any, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Apply ``new`` to a live row, bump its version and log old → new (nothing if unchanged)."""
    from wardtui.db.changelog import record_change

    if new == old:
        return
    for key, value in new.items():
        setattr(row, key, value)
    row.version += 1
    if hasattr(row, "updated_at"):
        row.updated_at = _stamp()
    session.add(row)
    record_change(session, entity=entity, entity_id=row.id, action="edit", old=old, new=new, project_id=row.project_id)


def _remove_row(db: Database, entity: str, row_id: str, expected_version: int, values_of: Any) -> None:
    """Mark removed (the row stays, for the history) and log the values it had."""
    from wardtui.db.changelog import record_change

    with db.session() as session:
        row = _live_row(session, entity, row_id, expected_version)
        old = values_of(row)
        row.removed_at = _stamp()
        row.version += 1
        if hasattr(row, "updated_at"):
            row.updated_at = row.removed_at
        session.add(row)
        record_change(session, entity=entity, entity_id=row_id, action="remove", old=old, project_id=row.project_id)


def _values_of(row: Any) -> dict[str, Any]:
    return {
        "starts_on": row.starts_on,
        "start_precision": row.start_precision,
        "ends_on": row.ends_on,
        "end_precision": row.end_precision,
        "date_text": row.date_text,
        "title": row.title,
        "note": row.note,
        "state": row.state,
    }


def _date_fields(start: PartialDate, end: PartialDate | None, date_text: str) -> dict[str, Any]:
    return {
        "starts_on": start.first_day(),
        "start_precision": start.precision.value,
        "ends_on": end.first_day() if end else None,
        "end_precision": end.precision.value if end else None,
        "date_text": date_text,
    }


def add_milestone(
    db: Database,
    project_id: int,
    *,
    start: PartialDate,
    end: PartialDate | None = None,
    date_text: str,
    title: str,
    note: str | None = None,
    state: str = "계획",
) -> str:
    """Add a staff milestone; returns its UUID."""
    from sqlalchemy import func
    from sqlmodel import select

    from wardtui.db.changelog import os_user, record_change
    from wardtui.db.models import Milestone, Project

    milestone_id = str(uuid.uuid4())
    with db.session() as session:
        if session.get(Project, project_id) is None:
            raise WardError(f"{project_id}번 사업이 없습니다")
        seq = session.exec(select(func.max(Milestone.seq)).where(Milestone.project_id == project_id)).one()
        row = Milestone(
            id=milestone_id,
            project_id=project_id,
            seq=(seq or 0) + 1,
            heading="기록",
            title=title,
            note=note,
            state=state,
            origin="user",
            version=1,
            updated_at=_stamp(),
            created_by=os_user(),
            **_date_fields(start, end, date_text),
        )
        session.add(row)
        record_change(session, entity="milestone", entity_id=milestone_id, action="add", new=_values_of(row), project_id=project_id)
    return milestone_id


def edit_milestone(
    db: Database,
    milestone_id: str,
    expected_version: int,
    *,
    start: PartialDate | None,
    end: PartialDate | None,
    date_text: str | None,
    title: str,
    note: str | None,
    state: str,
) -> None:
    """Change a milestone; ``start=None`` keeps its dates (an item printed without one)."""
    with db.session() as session:
        row = _live_row(session, "milestone", milestone_id, expected_version)
        old = _values_of(row)
        dates = _date_fields(start, end, date_text or "") if start is not None else {
            k: old[k] for k in ("starts_on", "start_precision", "ends_on", "end_precision", "date_text")
        }
        new = {**dates, "title": title, "note": note, "state": state}
        if (old["starts_on"], old["start_precision"], old["ends_on"], old["end_precision"]) == (
            new["starts_on"], new["start_precision"], new["ends_on"], new["end_precision"]
        ):
            new["date_text"] = old["date_text"]  # same dates: keep the report's printed words
        _save_edit(session, "milestone", row, old, new)


def toggle_milestone(db: Database, milestone_id: str, expected_version: int) -> str:
    """Done ↔ planned; returns the new state."""
    with db.session() as session:
        row = _live_row(session, "milestone", milestone_id, expected_version)
        old_state = row.state
        _save_edit(session, "milestone", row, {"state": old_state}, {"state": toggled_state(old_state)})
        return str(row.state)


def remove_milestone(db: Database, milestone_id: str, expected_version: int) -> None:
    """Mark removed (the row stays, for the history)."""
    _remove_row(db, "milestone", milestone_id, expected_version, _values_of)


def _execution_values(row: Any) -> dict[str, Any]:
    return {"source": row.source, "amount_won": row.amount_won, "executed_on": row.executed_on, "note": row.note}


def _check_execution(amount_won: int, source: str) -> None:
    from wardtui.core.projects import SOURCES

    if amount_won <= 0:
        raise WardError("0보다 큰 금액을 입력하십시오")
    if source not in SOURCES:
        raise WardError(f"재원은 {'·'.join(SOURCES)} 중 하나입니다: '{source}'")


def add_execution(
    db: Database, project_id: int, *, amount_won: int, executed_on: dt.date, source: str, note: str | None = None
) -> str:
    """Log budget execution for a project; returns the entry's UUID."""
    from wardtui.db.changelog import os_user, record_change
    from wardtui.db.models import ExecutionEntry, Project

    _check_execution(amount_won, source)
    entry_id = str(uuid.uuid4())
    with db.session() as session:
        if session.get(Project, project_id) is None:
            raise WardError(f"{project_id}번 사업이 없습니다")
        row = ExecutionEntry(
            id=entry_id,
            project_id=project_id,
            source=source,
            amount_won=amount_won,
            executed_on=executed_on,
            note=note,
            created_at=_stamp(),
            created_by=os_user(),
            version=1,
        )
        session.add(row)
        record_change(
            session, entity="execution_entry", entity_id=entry_id, action="add", project_id=project_id,
            new=_execution_values(row),
        )
    return entry_id


def edit_execution(
    db: Database,
    entry_id: str,
    version: int,
    amount_won: int,
    executed_on: dt.date,
    source: str,
    note: str | None,
) -> None:
    """Change a logged entry, if it is still the version the user saw; the change log keeps old and new."""
    _check_execution(amount_won, source)
    with db.session() as session:
        row = _live_row(session, "execution_entry", entry_id, version)
        new = {"source": source, "amount_won": amount_won, "executed_on": executed_on, "note": note}
        _save_edit(session, "execution_entry", row, _execution_values(row), new)


def remove_execution(db: Database, entry_id: str, version: int) -> None:
    """Mark an entry removed: it stops counting in every total, rate and the budget overview."""
    _remove_row(db, "execution_entry", entry_id, version, _execution_values)
