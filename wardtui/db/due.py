"""What is due next across the app: election deadlines, project milestones, payments.

The home dashboard and ``wardtui due`` show the same list, nearest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wardtui.db.database import Database
from wardtui.db.elections import all_elections, election_detail, holiday_overrides

if TYPE_CHECKING:
    from wardtui.core.payments import DueDate

#: Section of each kind of item, and its Korean label.
SECTION_LABELS = {"elections": "선거", "projects": "사업", "payments": "지급"}
DEFAULT_DAYS = 90
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class DueItem:
    day: dt.date
    section: str  # elections | projects | payments
    title: str
    detail: str = ""
    target: str | None = None  # what to show in the section (an election key, a project id …)
    end: dt.date | None = None

    @property
    def section_label(self) -> str:
        return SECTION_LABELS.get(self.section, self.section)

    def days_left(self, today: dt.date) -> int:
        return (self.day - today).days

    def to_json(self, today: dt.date | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.day.isoformat(),
            "section": self.section,
            "title": self.title,
            "detail": self.detail,
            "target": self.target,
        }
        if today is not None:
            out["days_left"] = self.days_left(today)
        return out


@dataclass(frozen=True)
class DueList:
    items: list[DueItem]  # nearest first, at most ``limit``
    counts: dict[str, int]  # per section, before the limit
    total: int
    today: dt.date
    days: int
    warnings: list[str] = field(default_factory=list)


def election_items(db: Database, today: dt.date, until: dt.date) -> list[DueItem]:
    """Statutory steps of every election still ahead: a step that has begun counts at its end."""
    items = []
    holidays = holiday_overrides(db)
    for election in all_elections(db, today, holidays):
        if election.day < today or election.day - dt.timedelta(days=400) > until:
            continue
        for row in election_detail(db, election).rows:
            if row.end < today:
                continue
            ongoing = row.start < today
            day = row.end if ongoing else row.start
            if day > until:
                continue
            title = f"{row.name} 종료" if ongoing else row.name
            items.append(
                DueItem(day, "elections", title, election.name, election.key, row.end if not ongoing else None)
            )
    return items


def milestone_items(db: Database, today: dt.date, until: dt.date) -> list[DueItem]:
    """Planned project milestones (state 계획, not removed) from today on."""
    rows = db.rows(
        "SELECT m.starts_on, m.title, m.date_text, p.name, p.id FROM milestone m "
        "JOIN project p ON p.id = m.project_id "
        "WHERE m.state = '계획' AND m.removed_at IS NULL AND m.starts_on IS NOT NULL "
        "AND m.starts_on >= :today AND m.starts_on <= :until ORDER BY m.starts_on, m.seq",
        {"today": today.isoformat(), "until": until.isoformat()},
    )
    return [DueItem(s, "projects", title, project, str(pid)) for s, title, _text, project, pid in rows]


def _not_repeating(milestones: list[DueItem], elections: list[DueItem]) -> list[DueItem]:
    """Leave out a milestone that repeats an election step.

    The report keeps an election's schedule also as a project ("2021. 4. 7. 보궐선거
    추진"): its milestones on a day the election already lists would show twice.
    """
    election_days = {(e.detail, e.day) for e in elections}
    names = {e.detail for e in elections}
    kept = []
    for m in milestones:
        runs = next((n for n in names if m.detail.startswith(n)), None)
        if runs is None or (runs, m.day) not in election_days:
            kept.append(m)
    return kept


def _payment_item(due: DueDate) -> DueItem:
    # The target opens a payment run for that programme and period.
    return DueItem(due.day, "payments", due.title, "", f"{due.program_code}:{due.period.code}")


def payment_items(db: Database, today: dt.date, until: dt.date, warnings: list[str] | None = None) -> list[DueItem]:
    """Payments due: if they cannot be worked out (a year the lunar calendar does not
    cover), the dashboard still shows the rest and says what is missing."""
    from wardtui.db.payments.due import due_items

    try:
        items = [_payment_item(due) for due in due_items(db, today)]
    except Exception as exc:  # noqa: BLE001 - another section's failure must not blank the dashboard
        if warnings is not None:
            warnings.append(f"지급 예정을 불러오지 못했습니다: {exc}")
        return []
    return [i for i in items if today <= i.day <= until]


def due(db: Database, today: dt.date, *, days: int = DEFAULT_DAYS, limit: int = DEFAULT_LIMIT) -> DueList:
    """Everything due from ``today`` to ``today + days``, nearest first."""
    until = today + dt.timedelta(days=days)
    warnings: list[str] = []
    elections = election_items(db, today, until)
    items = elections + _not_repeating(milestone_items(db, today, until), elections)
    items += payment_items(db, today, until, warnings)
    items.sort(key=lambda i: (i.day, list(SECTION_LABELS).index(i.section) if i.section in SECTION_LABELS else 9, i.title))
    counts = {section: 0 for section in SECTION_LABELS}
    for item in items:
        counts[item.section] = counts.get(item.section, 0) + 1
    return DueList(items[:limit], counts, len(items), today, days, warnings)
