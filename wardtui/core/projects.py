"""Project rules: execution rates from amounts, the milestone timeline, states and forms.

Pure: no Textual, no database. The CLI and every screen use these same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wardtui.core.dates import DateParseError, PartialDate, dday_label, parse_date_range, parse_day
from wardtui.core.money import AmountParseError, parse_won, rate_percent

__all__ = [
    "FORM_STATES",
    "MILESTONE_STATES",
    "SOURCES",
    "FundingLine",
    "TimelineItem",
    "execution_rate",
    "funding_table",
    "milestone_dates_text",
    "milestone_end",
    "milestone_start",
    "project_status",
    "split_timeline",
    "toggled_state",
    "validate_execution",
    "validate_milestone",
]

#: Funding sources in the report's order (국/시/구/특교/사비).
SOURCES = ("국비", "시비", "구비", "특교", "사비")
MILESTONE_STATES = ("계획", "진행", "완료", "취소")
#: The states a person picks in the form; 진행 comes only from the report.
FORM_STATES = ("계획", "완료", "취소")
DONE = "완료"
MAX_TITLE = 200
MAX_NOTE = 500


def execution_rate(executed_won: int | None, budget_won: int | None) -> Decimal | None:
    """Executed / budget in percent, one decimal; None without a budget."""
    if not budget_won:
        return None
    return rate_percent(executed_won or 0, budget_won)


def toggled_state(state: str) -> str:
    """Space on a milestone: done ↔ planned (진행 and 취소 become 완료)."""
    return "계획" if state == DONE else DONE


def project_status(states: Iterable[str]) -> str:
    """완료 when every live milestone is done, 진행 once any is done or running, else 계획."""
    live = [s for s in states if s != "취소"]
    if live and all(s == DONE for s in live):
        return "완료"
    if any(s in (DONE, "진행") for s in live):
        return "진행"
    return "계획"


# -- funding by source ---------------------------------------------------------------------
@dataclass(frozen=True)
class FundingLine:
    """One row of a project's budget table: a source (or '계'), budget, executed, rate."""

    source: str
    budget_won: int
    executed_won: int

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.executed_won, self.budget_won)


def funding_table(
    budget: Mapping[str, int], executed: Mapping[str, int], logged: Mapping[str, int]
) -> list[FundingLine]:
    """Rows per source present in any measure (report order), then the 계 row.

    ``executed`` is the report's 집행 split, ``logged`` what staff logged since.
    """
    sources = [s for s in SOURCES if s in budget or s in executed or s in logged]
    sources += sorted((set(budget) | set(executed) | set(logged)) - set(sources))
    lines = [
        FundingLine(s, budget.get(s, 0), executed.get(s, 0) + logged.get(s, 0)) for s in sources
    ]
    total = FundingLine("계", sum(x.budget_won for x in lines), sum(x.executed_won for x in lines))
    return [*lines, total]


# -- the timeline --------------------------------------------------------------------------
def _partial(day: dt.date, precision: str | None) -> PartialDate:
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.of(day)


def milestone_start(starts_on: dt.date | None, ends_on: dt.date | None) -> dt.date | None:
    """The date a milestone sorts by: its start, or its deadline when it has only an end."""
    return starts_on or ends_on


def milestone_end(
    starts_on: dt.date | None, start_precision: str | None, ends_on: dt.date | None, end_precision: str | None
) -> dt.date | None:
    """The last day a milestone covers ('21. 3. covers up to 3월 31일)."""
    if ends_on is not None:
        return _partial(ends_on, end_precision).last_day()
    if starts_on is not None:
        return _partial(starts_on, start_precision).last_day()
    return None


def milestone_dates_text(
    starts_on: dt.date | None, start_precision: str | None, ends_on: dt.date | None, end_precision: str | None
) -> str:
    """The stored dates in the office's style, which the one date parser reads back:
    '2021. 3. 15.', '2021. 3. ~ 2021. 5.', '2021년'; '' for a milestone without a date."""
    start = _partial(starts_on, start_precision).korean() if starts_on else ""
    end = _partial(ends_on, end_precision).korean() if ends_on else ""
    return f"{start} ~ {end}" if start and end else start or end


@dataclass(frozen=True)
class TimelineItem:
    """Where a milestone sits relative to today, with its D-day label for upcoming ones."""

    key: str
    when: str  # 'past' | 'upcoming' | 'undated'
    label: str  # D-day ('D-23', 'D-day', '진행 중') or ''
    sort_key: tuple[Any, ...]


def split_timeline(
    milestones: Sequence[tuple[str, dt.date | None, str | None, dt.date | None, str | None, int]],
    today: dt.date,
) -> list[TimelineItem]:
    """Order milestones (key, starts_on, start_precision, ends_on, end_precision, seq):
    past ones by date, then upcoming ones by date, then those without a date.

    A milestone is past once its last covered day is before today; an upcoming one
    that has already begun is labelled '진행 중'.
    """
    items: list[TimelineItem] = []
    for key, starts, sp, ends, ep, seq in milestones:
        start = milestone_start(starts, ends)
        end = milestone_end(starts, sp, ends, ep)
        if start is None or end is None:
            items.append(TimelineItem(key, "undated", "", (2, dt.date.max, seq)))
        elif end < today:
            items.append(TimelineItem(key, "past", dday_label(start, today), (0, start, seq)))
        else:
            label = dday_label(start, today) if start >= today else "진행 중"
            items.append(TimelineItem(key, "upcoming", label, (1, start, seq)))
    return sorted(items, key=lambda i: i.sort_key)


# -- forms (shared by the CLI and the screens) ----------------------------------------------
def validate_milestone(
    raw: Mapping[str, str], *, allow_blank_date: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Raw texts {date, title, note, state} → values {start, end, date_text, title, note, state}.

    ``allow_blank_date``: editing a report item printed without a date ('매월', '설')
    may leave the date empty; ``start`` is then None and the stored dates stay.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    text = raw.get("date", "").strip()
    if not text and allow_blank_date:
        values.update(start=None, end=None, date_text=None)
    else:
        try:
            start, end = parse_date_range(text)
            values.update(start=start, end=end)
            values["date_text"] = start.korean() + (f" ~ {end.korean()}" if end else "")
        except DateParseError as exc:
            errors["date"] = str(exc)
    title = " ".join(raw.get("title", "").split())
    if not title:
        errors["title"] = "내용을 입력하십시오"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"내용은 {MAX_TITLE}자까지 입력할 수 있습니다"
    values["title"] = title
    note = raw.get("note", "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = f"메모는 {MAX_NOTE}자까지 입력할 수 있습니다"
    values["note"] = note or None
    state = raw.get("state", "").strip() or "계획"
    if state not in MILESTONE_STATES:
        errors["state"] = f"상태는 {'·'.join(FORM_STATES)} 중 하나입니다: '{state}'"
    values["state"] = state
    return values, errors


def validate_execution(raw: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Raw texts {amount, date, source, note} → values {amount_won, executed_on, source, note}."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    try:
        amount = parse_won(raw.get("amount", ""))
        if amount <= 0:
            errors["amount"] = "0보다 큰 금액을 입력하십시오"
        values["amount_won"] = amount
    except AmountParseError as exc:
        errors["amount"] = str(exc)
    try:
        values["executed_on"] = parse_day(raw.get("date", ""))
    except DateParseError as exc:
        errors["date"] = str(exc)
    source = raw.get("source", "").strip()
    if source not in SOURCES:
        errors["source"] = f"재원은 {'·'.join(SOURCES)} 중 하나입니다" + (f": '{source}'" if source else "")
    values["source"] = source
    note = raw.get("note", "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = f"메모는 {MAX_NOTE}자까지 입력할 수 있습니다"
    values["note"] = note or None
    return values, errors
