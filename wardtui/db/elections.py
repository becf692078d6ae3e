"""Election queries: recorded elections, their statutory schedule beside the recorded one,
the computed upcoming elections, and adding an election.

Reads are plain SQL (no SQLAlchemy on the first-paint path); the write goes through a
SQLModel session. The schedule itself comes from :mod:`wardtui.core.elections`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from wardtui.core.elections import (
    ElectionKind,
    ElectionRuleError,
    ScheduleEvent,
    generate_schedule,
    is_public_holiday,
    upcoming_elections,
)
from wardtui.db.database import Database
from wardtui.errors import WardError

KIND_LABELS = {"presidential": "대통령선거", "assembly": "국회의원선거", "local": "지방선거"}
ORIGIN_LABELS = {"report": "보고서 기록", "user": "직접 추가", "computed": "법정 계산"}


def kind_of(text: str) -> ElectionKind:
    """The election kind named on the command line or in a form, or a WardError."""
    try:
        return ElectionKind(text.strip().lower())
    except ValueError:
        raise WardError(f"알 수 없는 선거 종류입니다: '{text}' (presidential, assembly, local 중 하나)") from None


def statutory_schedule(
    day: dt.date, kind: ElectionKind | str, *, by_election: bool = False, cause: dt.date | None = None
) -> list[ScheduleEvent]:
    """The generator's schedule, with a rule violation turned into a one-line WardError."""
    if isinstance(kind, str):
        kind = kind_of(kind)
    try:
        return generate_schedule(day, kind, by_election=by_election, cause=cause)
    except ElectionRuleError as exc:
        raise WardError(str(exc)) from exc


# -- elections ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ElectionInfo:
    """A recorded, user-added or computed election."""

    key: str  # "db:<id>" for a stored election, "up:<date>:<kind>:<by|regular>" for a computed one
    name: str
    kind: str
    day: dt.date
    by_election: bool
    origin: str  # report | user | computed
    id: int | None = None
    cause_on: dt.date | None = None
    polling_hours: str | None = None
    note: str | None = None

    @property
    def kind_label(self) -> str:
        label = KIND_LABELS.get(self.kind, self.kind)
        return f"{label}(보궐)" if self.by_election else label

    def days_left(self, today: dt.date) -> int:
        return (self.day - today).days

    def to_json(self, today: dt.date | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "by_election": self.by_election,
            "name": self.name,
            "origin": self.origin,
            "id": self.id,
            "cause": self.cause_on.isoformat() if self.cause_on else None,
            "note": self.note,
        }
        if today is not None:
            out["days_left"] = self.days_left(today)
        return out


_ELECTION_COLUMNS = "id, name, kind, election_day, by_election, cause_on, polling_hours, origin, note"


def _election(row: tuple[Any, ...]) -> ElectionInfo:
    id_, name, kind, day, by_election, cause_on, hours, origin, note = row
    return ElectionInfo(
        key=f"db:{id_}",
        id=id_,
        name=name,
        kind=kind,
        day=day,
        by_election=bool(by_election),
        cause_on=cause_on,
        polling_hours=hours,
        origin=origin or "report",
        note=note,
    )


def recorded_elections(db: Database) -> list[ElectionInfo]:
    """Elections stored in the database (the report's two and those staff added)."""
    rows = db.rows(f"SELECT {_ELECTION_COLUMNS} FROM election ORDER BY election_day, id")
    return [_election(r) for r in rows]


@dataclass(frozen=True)
class HolidayOverrides:
    """Local changes to the KR holiday calendar (table ``holiday``)."""

    added: frozenset[dt.date] = frozenset()
    removed: frozenset[dt.date] = frozenset()

    def is_holiday(self, day: dt.date) -> bool:
        return day not in self.removed and is_public_holiday(day, self.added)


def holiday_overrides(db: Database) -> HolidayOverrides:
    rows = db.rows("SELECT day, is_holiday FROM holiday")
    added = frozenset(d for d, on in rows if on)
    removed = frozenset(d for d, on in rows if not on)
    return HolidayOverrides(added, removed)


def computed_upcoming(today: dt.date, extra_holidays: Collection[dt.date] = ()) -> list[ElectionInfo]:
    """The elections the law's cycles give from ``today``; none for a day the rules do not
    cover (before the 1948 election law)."""
    try:
        upcoming = upcoming_elections(today, extra_holidays=extra_holidays)
    except ElectionRuleError:
        return []
    return [
        ElectionInfo(
            key=f"up:{e.day.isoformat()}:{e.kind}:{'by' if e.by_election else 'regular'}",
            name=e.name,
            kind=str(e.kind),
            day=e.day,
            by_election=e.by_election,
            origin="computed",
            note=e.note,
        )
        for e in upcoming
    ]


def all_elections(db: Database, today: dt.date, holidays: HolidayOverrides | None = None) -> list[ElectionInfo]:
    """Stored elections plus the computed upcoming ones, by date.

    A computed election on the day of a stored one is left out: the stored one (with
    its recorded schedule) stands for it.
    """
    holidays = holidays or holiday_overrides(db)
    stored = recorded_elections(db)
    taken = {e.day for e in stored}
    upcoming = [e for e in computed_upcoming(today, holidays.added) if e.day not in taken]
    return sorted(stored + upcoming, key=lambda e: (e.day, e.origin == "computed", e.by_election, e.name))


def next_election(elections: list[ElectionInfo], today: dt.date) -> ElectionInfo | None:
    return next((e for e in elections if e.day >= today), None)


# -- schedule: statutory beside recorded ----------------------------------------------------
@dataclass(frozen=True)
class RecordedEvent:
    id: int
    seq: int
    event_key: str | None
    name: str
    start: dt.date | None
    end: dt.date | None
    text: str | None
    note: str | None

    @property
    def day(self) -> dt.date | None:
        """The date it is listed under: its start, or its end for a deadline ('까지')."""
        return self.start or self.end


def recorded_events(db: Database, election_id: int) -> list[RecordedEvent]:
    rows = db.rows(
        "SELECT id, seq, event_key, name, recorded_start, recorded_end, recorded_text, note "
        "FROM election_event WHERE election_id = :id ORDER BY seq, id",
        {"id": election_id},
    )
    return [RecordedEvent(*r) for r in rows]


@dataclass(frozen=True)
class ScheduleRow:
    """One line of an election's schedule: the statutory event and what the office recorded."""

    key: str
    name: str
    article: str | None
    start: dt.date  # statutory start, or the recorded date when there is no rule for it
    end: dt.date
    hours: str | None = None
    note: str | None = None
    statutory: bool = True
    recorded_start: dt.date | None = None
    recorded_end: dt.date | None = None
    recorded_text: str | None = None

    @property
    def recorded(self) -> bool:
        return self.recorded_start is not None or self.recorded_end is not None

    @property
    def recorded_day(self) -> dt.date | None:
        return self.recorded_start or self.recorded_end

    @property
    def differs(self) -> bool:
        """The office acted on another day than the statutory one (2020 투표안내문)."""
        return self.statutory and self.recorded and self.recorded_day != self.start

    def state(self, today: dt.date) -> str:
        """past | ongoing | upcoming (periods are ongoing from start to end)."""
        if self.end < today:
            return "past"
        return "ongoing" if self.start < today else "upcoming"

    def to_json(self) -> dict[str, Any]:
        return {
            "event": self.name,
            "key": self.key,
            "article": self.article,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "hours": self.hours,
            "note": self.note,
            "recorded_start": self.recorded_start.isoformat() if self.recorded_start else None,
            "recorded_end": self.recorded_end.isoformat() if self.recorded_end else None,
        }


def _row_of(ev: ScheduleEvent) -> ScheduleRow:
    return ScheduleRow(ev.key, ev.name, ev.article, ev.start, ev.end, ev.hours, ev.note)


def merge_schedule(statutory: list[ScheduleEvent], recorded: list[RecordedEvent]) -> list[ScheduleRow]:
    """Pair recorded events with statutory ones by ``event_key``; keep unmatched recorded ones.

    The report lists some steps twice (사전투표 in the overview and in the schedule);
    the first one with a date, by ``seq``, stands for its key.
    """
    by_key: dict[str, RecordedEvent] = {}
    loose: list[RecordedEvent] = []
    for rec in recorded:
        if rec.day is None:
            continue
        if rec.event_key is None:
            loose.append(rec)
        elif rec.event_key not in by_key:
            by_key[rec.event_key] = rec
    rows: list[ScheduleRow] = []
    keys = set()
    for ev in statutory:
        keys.add(ev.key)
        found = by_key.get(ev.key)
        row = _row_of(ev)
        if found is not None:
            row = replace(row, recorded_start=found.start, recorded_end=found.end, recorded_text=found.text)
        rows.append(row)
    for key, unmatched in by_key.items():
        if key not in keys:
            loose.append(unmatched)
    for rec in loose:
        day = rec.day
        assert day is not None
        rows.append(
            ScheduleRow(
                key=rec.event_key or f"recorded:{rec.id}",
                name=rec.name,
                article=None,
                start=day,
                end=rec.end or day,
                note=rec.note,
                statutory=False,
                recorded_start=rec.start,
                recorded_end=rec.end,
                recorded_text=rec.text,
            )
        )
    rows.sort(key=lambda r: (r.start, r.end, r.name))
    return rows


@dataclass(frozen=True)
class ElectionStatRow:
    key: str
    label: str
    value: int
    unit: str
    printed: str


@dataclass(frozen=True)
class ElectionContestRow:
    office: str
    district: str | None
    area: str | None

    @property
    def label(self) -> str:
        text = " ".join(p for p in (self.office, self.district) if p)
        return f"{text}({self.area})" if self.area else text


@dataclass(frozen=True)
class ElectionDetail:
    election: ElectionInfo
    rows: list[ScheduleRow]
    stats: list[ElectionStatRow] = field(default_factory=list)
    contests: list[ElectionContestRow] = field(default_factory=list)
    error: str | None = None

    def highlight_index(self, today: dt.date) -> int | None:
        """The nearest deadline still ahead: the first step starting today or later.

        Where the office recorded its own schedule ahead, that schedule decides (rows
        the report does not list are statutory reference); otherwise every statutory step.
        """
        ahead = [r for r in self.rows if r.start >= today]
        office = [r for r in ahead if r.recorded]
        candidates = office or ahead
        if not candidates:
            return None
        first = min(candidates, key=lambda r: (r.start, r.end))
        return self.rows.index(first)


def election_detail(db: Database, election: ElectionInfo) -> ElectionDetail:
    """The schedule (statutory beside recorded), statistics and offices of one election."""
    error = None
    try:
        statutory = statutory_schedule(
            election.day, election.kind, by_election=election.by_election, cause=election.cause_on
        )
    except WardError as exc:  # a stored election the rules refuse still shows its record
        statutory, error = [], exc.message
    if election.id is None:
        return ElectionDetail(election, merge_schedule(statutory, []), error=error)
    stats = [
        ElectionStatRow(*r)
        for r in db.rows(
            "SELECT key, label, value, unit, printed FROM election_stat WHERE election_id = :id ORDER BY id",
            {"id": election.id},
        )
    ]
    contests = [
        ElectionContestRow(*r)
        for r in db.rows(
            "SELECT office, district, area FROM election_contest WHERE election_id = :id ORDER BY id",
            {"id": election.id},
        )
    ]
    rows = merge_schedule(statutory, recorded_events(db, election.id))
    return ElectionDetail(election, rows, stats, contests, error)


# -- adding an election ---------------------------------------------------------------------
def default_name(day: dt.date, kind: ElectionKind, by_election: bool) -> str:
    label = "보궐선거" if by_election and kind is not ElectionKind.PRESIDENTIAL else kind.label
    if by_election and kind is ElectionKind.PRESIDENTIAL:
        label = "대통령 궐위선거"
    return f"{day.year}. {day.month}. {day.day}. {label}"


def add_election(
    db: Database,
    *,
    kind: ElectionKind | str,
    day: dt.date,
    by_election: bool = False,
    cause: dt.date | None = None,
    name: str | None = None,
) -> ElectionInfo:
    """Store an election staff add (origin 'user') once the rules accept it."""
    kind = kind_of(kind) if isinstance(kind, str) else kind
    schedule = statutory_schedule(day, kind, by_election=by_election, cause=cause)
    if cause is not None and kind is ElectionKind.PRESIDENTIAL:
        by_election = True  # a cause date makes it a vacancy election
    taken = db.scalar(
        "SELECT name FROM election WHERE election_day = :day AND kind = :kind",
        {"day": day.isoformat(), "kind": str(kind)},
    )
    if taken:
        raise WardError(f"같은 날 같은 종류의 선거가 이미 있습니다: {taken} ({day.isoformat()})")
    hours = next((ev.hours for ev in schedule if ev.key == "election_day"), None)
    from wardtui.db.changelog import record_change
    from wardtui.db.models import Election

    election = Election(
        name=(name or "").strip() or default_name(day, kind, by_election),
        kind=str(kind),
        election_day=day,
        by_election=by_election,
        cause_on=cause,
        polling_hours=hours,
        origin="user",
    )
    with db.session() as session:
        session.add(election)
        session.flush()
        record_change(
            session,
            entity="election",
            entity_id=election.id,  # type: ignore[arg-type]
            action="add",
            new={"name": election.name, "kind": election.kind, "election_day": day.isoformat(),
                 "by_election": by_election, "cause_on": cause.isoformat() if cause else None},
        )
        session.refresh(election)
        stored = ElectionInfo(
            key=f"db:{election.id}",
            id=election.id,
            name=election.name,
            kind=election.kind,
            day=day,
            by_election=by_election,
            cause_on=cause,
            polling_hours=hours,
            origin="user",
        )
    return stored


def record_event(
    db: Database, election: ElectionInfo, row: ScheduleRow, *, start: dt.date, end: dt.date | None = None
) -> None:
    """Enter the date the office actually did a step, beside its statutory date.

    Only for a stored election, and only where nothing is recorded yet: the report's
    recorded dates stay as printed, and a step another desk recorded meanwhile (after
    ``row`` was read) is refused, not recorded twice.
    """
    if election.id is None:
        raise WardError("계산된 선거에는 기록할 수 없습니다: 먼저 선거를 추가하십시오 (n)")
    if row.recorded:
        raise WardError(f"이미 기록된 일정입니다: {row.name} ({row.recorded_text or row.recorded_day})")
    if end is not None and end < start:
        raise WardError(f"끝 날짜({end.isoformat()})가 시작 날짜({start.isoformat()})보다 앞섭니다")
    from sqlalchemy import func, or_
    from sqlmodel import select

    from wardtui.db.changelog import record_change
    from wardtui.db.models import Election, ElectionEvent

    text = start.isoformat() if end is None or end == start else f"{start.isoformat()} ~ {end.isoformat()}"
    with db.session() as session:
        # FOR UPDATE on the election: a second desk recording a step of it waits here, then
        # sees the first one's row below (SQLite already serialises writers: BEGIN IMMEDIATE).
        if session.get(Election, election.id, with_for_update=True) is None:
            raise WardError(f"이 선거가 없습니다 (다른 곳에서 지웠을 수 있습니다): {election.name}")
        taken = session.exec(
            select(ElectionEvent)
            .where(ElectionEvent.election_id == election.id, ElectionEvent.event_key == row.key)
            .where(or_(ElectionEvent.recorded_start.is_not(None), ElectionEvent.recorded_end.is_not(None)))  # type: ignore[union-attr]
            .order_by(ElectionEvent.seq, ElectionEvent.id)  # type: ignore[arg-type]
        ).first()
        if taken is not None:
            when = taken.recorded_text or (taken.recorded_start or taken.recorded_end).isoformat()  # type: ignore[union-attr]
            raise WardError(f"이미 기록된 일정입니다: {row.name} ({when}, 다른 곳에서 먼저 기록했습니다)")
        seq = session.exec(select(func.max(ElectionEvent.seq)).where(ElectionEvent.election_id == election.id)).one()
        event = ElectionEvent(
            election_id=election.id,
            seq=(seq or 0) + 1,
            event_key=row.key,
            name=row.name,
            recorded_start=start,
            recorded_end=end if end is not None and end != start else None,
            recorded_text=text,
            note="직접 입력",
        )
        session.add(event)
        session.flush()
        record_change(
            session,
            entity="election",
            entity_id=election.id,
            action="edit",
            new={"event_key": row.key, "recorded_start": start.isoformat(),
                 "recorded_end": end.isoformat() if end else None},
        )
