"""Payment rules: periods, who may be paid, name masking, what falls due, reversals.

Pure functions: no Textual, no database. ``holidays`` is imported only when a lunar
holiday is asked for.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "BAN_GIFT_YEARLY_LIMIT_WON",
    "CADENCE_KINDS",
    "CHILD_ROLE",
    "DueDate",
    "Period",
    "PeriodError",
    "child_problems",
    "due_dates",
    "end_day_problem",
    "is_active",
    "is_eligible",
    "lunar_holiday",
    "mask_name",
    "name_problem",
    "parse_period",
    "payment_amount_problem",
    "payment_problem",
    "period_fits",
    "post_problem",
    "program_period",
    "rate_problem",
    "rate_start_problem",
    "recipient_problems",
    "reversal_amount",
    "validate_end_form",
    "validate_rate_form",
    "validate_recipient_form",
]

#: The report's 2021 plan: 반장 보상품 "연 50,000원 이내" (two holidays a year).
BAN_GIFT_YEARLY_LIMIT_WON = 50_000

_HALVES = {"상반기": (1, 6), "하반기": (7, 12)}
_HOLIDAYS = ("설", "추석")
#: Which period kinds a programme's cadence accepts.
CADENCE_KINDS = {
    "monthly": ("month",),
    "yearly": ("year",),
    "holiday": ("설", "추석"),
    "half_year": ("상반기", "하반기"),
}
_EXAMPLES = "(예: 2021-03, 2021-설, 2021-추석, 2021-상반기, 2021-하반기, 2021)"


class PeriodError(ValueError):
    """A period that is not one; ``str()`` is a short Korean message."""


@dataclass(frozen=True, order=True)
class Period:
    """A payment period: a month, a lunar holiday, a half year or a whole year."""

    year: int
    kind: str  # month | 설 | 추석 | 상반기 | 하반기 | year
    month: int | None = None

    @property
    def code(self) -> str:
        """The canonical text stored in the ledger: '2021-03', '2021-설', '2021'."""
        if self.kind == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.kind == "year":
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.kind}"

    def __str__(self) -> str:
        return self.code

    def first_day(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.month or 1, 1)
        if self.kind in _HOLIDAYS:
            return lunar_holiday(self.year, self.kind)
        start, _ = _HALVES.get(self.kind, (1, 12))
        return dt.date(self.year, start, 1)

    def last_day(self) -> dt.date:
        if self.kind == "month":
            month = self.month or 1
            return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])
        if self.kind in _HOLIDAYS:
            return lunar_holiday(self.year, self.kind)
        _, end = _HALVES.get(self.kind, (1, 12))
        return dt.date(self.year, end, calendar.monthrange(self.year, end)[1])

    def reference_day(self) -> dt.date:
        """The day a recipient must be in post, and a rate valid, to be paid for the period:
        the holiday itself for 설/추석, otherwise the period's last day."""
        return self.last_day()


def _shown(text: str) -> str:
    cut = text if len(text) <= 30 else text[:30] + "…"
    return "'" + "".join(ch if ch.isprintable() else "?" for ch in cut) + "'"


def parse_period(text: str) -> Period:
    """Parse '2021-03', '2021-3', '2021-설', '2021-추석', '2021-상반기', '2021-하반기' or '2021'."""
    s = unicodedata.normalize("NFKC", text[:64]).strip().replace(" ", "")
    if not s:
        raise PeriodError(f"기간을 입력하세요 {_EXAMPLES}")
    year_text, sep, rest = s.partition("-")
    if not (len(year_text) == 4 and year_text.isascii() and year_text.isdigit()):
        raise PeriodError(f"기간 형식이 아닙니다: {_shown(text)} {_EXAMPLES}")
    year = int(year_text)
    if not 1900 <= year <= 2099:
        raise PeriodError(f"연도는 1900~2099 사이여야 합니다: {_shown(text)}")
    if not sep:
        return Period(year, "year")
    if rest in _HOLIDAYS or rest in _HALVES:
        return Period(year, rest)
    if rest == "설날":
        return Period(year, "설")
    if rest.isascii() and rest.isdigit() and 1 <= len(rest) <= 2:
        month = int(rest)
        if not 1 <= month <= 12:
            raise PeriodError(f"없는 월입니다: {_shown(text)}")
        return Period(year, "month", month)
    raise PeriodError(f"기간 형식이 아닙니다: {_shown(text)} {_EXAMPLES}")


def period_fits(cadence: str, period: Period) -> bool:
    """A monthly programme is paid per month, a holiday gift per 설/추석, and so on."""
    return period.kind in CADENCE_KINDS.get(cadence, ())


def cadence_example(cadence: str, year: int) -> str:
    kinds = CADENCE_KINDS.get(cadence, ())
    examples = {"month": f"{year}-03", "year": f"{year}"}
    return ", ".join(examples.get(k, f"{year}-{k}") for k in kinds)


def program_period(program_name: str, cadence: str, text: str) -> Period:
    """The period ``text`` names, if the programme is paid for such periods (PeriodError if not).

    The one period rule for a payment: one payment, a run and an import all ask it.
    """
    period = parse_period(text)
    if not period_fits(cadence, period):
        raise PeriodError(f"{program_name}의 기간이 아닙니다: '{period.code}' (예: {cadence_example(cadence, period.year)})")
    period.reference_day()  # 설/추석 of a year the lunar calendar does not cover (before 1989)
    return period


# -- people ------------------------------------------------------------------------------
def is_active(appointed_on: dt.date | None, ended_on: dt.date | None, day: dt.date) -> bool:
    """In post on ``day``: appointed on or before it (or date unknown), not ended before it."""
    return (appointed_on is None or appointed_on <= day) and (ended_on is None or ended_on >= day)


def post_problem(
    *, role: str, appointed_on: dt.date | None, ended_on: dt.date | None, program_role: str, day: dt.date
) -> str | None:
    """Why a person may not be paid by a programme for the period whose reference day is ``day``
    (Korean), or None: the programme's role, in post on that day.

    The one eligibility rule: a run, one payment, an import and the run screen all ask it.
    """
    if role != program_role:
        return f"{program_role}에게 지급하는 사업입니다 (대상자는 {role})"
    if is_active(appointed_on, ended_on, day):
        return None
    if appointed_on is not None and appointed_on > day:
        return f"기준일 {day.isoformat()}에는 아직 위촉 전입니다 (위촉일 {appointed_on.isoformat()})"
    return f"기준일 {day.isoformat()} 전에 임기가 끝났습니다 (종료일 {ended_on.isoformat() if ended_on else '-'})"


def payment_problem(
    *, program_name: str, program_role: str, recipient_id: int, role: str,
    appointed_on: dt.date | None, ended_on: dt.date | None, period: Period,
) -> str | None:
    """``post_problem`` for one recipient and period, as the message a refused payment shows."""
    problem = post_problem(role=role, appointed_on=appointed_on, ended_on=ended_on, program_role=program_role,
                           day=period.reference_day())
    if problem is None:
        return None
    return f"{program_name} {period.code}: 대상자 {recipient_id}에게 지급할 수 없습니다 — {problem}"


def is_eligible(
    *,
    role: str,
    appointed_on: dt.date | None,
    ended_on: dt.date | None,
    program_role: str,
    day: dt.date,
    already_paid: bool,
) -> bool:
    """Right role, in post on the period's reference day, not yet paid for the period."""
    problem = post_problem(role=role, appointed_on=appointed_on, ended_on=ended_on, program_role=program_role, day=day)
    return problem is None and not already_paid


def mask_name(name: str) -> str:
    """김*숙, 김* (two syllables), 남**수 (four): the first and last stay, the middle is hidden."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


# -- money -------------------------------------------------------------------------------
def reversal_amount(amount_won: int) -> int:
    """The 환수 entry that cancels a payment: the same amount, negative."""
    if amount_won <= 0:
        raise ValueError("정정할 수 있는 것은 지급액이 0보다 큰 지급뿐입니다")
    return -amount_won


def payment_amount_problem(amount_won: int) -> str | None:
    """Why a payment of ``amount_won`` cannot be entered (Korean), or None: it must be more than 0.

    A 환수 is not entered: ``reversal_amount`` derives it from the payment it corrects.
    """
    if amount_won <= 0:
        return "지급액은 0원보다 커야 합니다"
    return None


def rate_start_problem(valid_from: dt.date, latest_start: dt.date | None) -> str | None:
    """Why a new rate cannot start on ``valid_from`` (Korean), or None: rates follow one
    another, so it starts after the programme's latest one (``latest_start``, None if none)."""
    if latest_start is not None and valid_from <= latest_start:
        return f"{latest_start.isoformat()}부터의 단가가 이미 있습니다: 그보다 뒤의 날짜를 쓰십시오"
    return None


def rate_problem(cadence: str, unit_amount_won: int) -> str | None:
    """A Korean reason a unit amount cannot be used, or None."""
    if unit_amount_won <= 0:
        return "단가는 0원보다 커야 합니다"
    if cadence == "holiday" and unit_amount_won * len(_HOLIDAYS) > BAN_GIFT_YEARLY_LIMIT_WON:
        return f"반장 보상품은 연 {BAN_GIFT_YEARLY_LIMIT_WON:,}원 이내입니다 (명절 {len(_HOLIDAYS)}회)"
    return None


# -- forms -------------------------------------------------------------------------------
RECIPIENT_ROLES = ("통장", "반장", "통장자녀")
SCHOOL_LEVELS = ("고등학생", "대학생")
MAX_NAME = 40


CHILD_ROLE = "통장자녀"


def name_problem(name: str) -> str | None:
    """Why a person's name cannot be registered (Korean), or None."""
    if not name.strip():
        return "이름을 입력하십시오"
    if len(name.strip()) > MAX_NAME:
        return f"이름은 {MAX_NAME}자까지 입력할 수 있습니다"
    return None


def recipient_problems(*, name: str, dong: str, role: str, tong: int | None, ban: int | None) -> dict[str, str]:
    """A Korean message per field that breaks the register's rules (empty when all is well)."""
    errors: dict[str, str] = {}
    problem = name_problem(name)
    if problem:
        errors["name"] = problem
    if not dong.strip():
        errors["dong"] = "동을 입력하십시오"
    if role not in RECIPIENT_ROLES:
        errors["role"] = f"역할은 {', '.join(RECIPIENT_ROLES)} 중 하나입니다: '{role}'"
    elif role in ("통장", "반장") and (tong is None or tong <= 0):
        errors["tong"] = "통 번호(1 이상)를 입력하십시오"
    if role == "반장" and (ban is None or ban <= 0):
        errors["ban"] = "반장은 반 번호(1 이상)가 필요합니다"
    return errors


def child_problems(
    *, role: str, parent_id: int | str | None, school_level: str | None,
    parent_role: Callable[[int], str | None] | None = None,
) -> dict[str, str]:
    """The 통장자녀 rule: a child names a registered 통장 as parent and is 고등학생 or 대학생;
    nobody else has a parent or a school level. A Korean message per field (``parent``,
    ``school``), in the form's words; empty when all is well.

    ``parent_id`` is the parent's number, or the text typed when it is not one (the form).
    ``parent_role(id)`` is the role of that registered person, None if there is none; without
    it (the form, before saving) the parent is not looked up.
    """
    errors: dict[str, str] = {}
    if role == CHILD_ROLE:
        if isinstance(parent_id, str):
            errors["parent"] = "부모 통장의 대상자 번호를 숫자로 입력하십시오"
        elif parent_id is None:
            errors["parent"] = "통장자녀는 부모 통장의 대상자 번호가 필요합니다"
        elif parent_role is not None:
            found = parent_role(parent_id)
            if found is None:
                errors["parent"] = f"부모 대상자가 없습니다: {parent_id}"
            elif found != "통장":
                errors["parent"] = f"부모 대상자 {parent_id}는 통장이 아닙니다 ({found})"
        if school_level not in SCHOOL_LEVELS:
            errors["school"] = f"학교급은 {' 또는 '.join(SCHOOL_LEVELS)}입니다"
    elif parent_id is not None or school_level:
        # Under the field given: the CLI names that option, the form shows it there.
        errors["parent" if parent_id is not None else "school"] = "부모 번호와 학교급은 통장자녀에게만 씁니다"
    return errors


def end_day_problem(on: dt.date, appointed_on: dt.date | None) -> str | None:
    """Why ``on`` cannot be the last day in post (Korean), or None: not before the appointment."""
    if appointed_on is not None and on < appointed_on:
        return f"종료일은 위촉일({appointed_on.isoformat()}) 이후여야 합니다"
    return None


def _number(text: str, suffix: str) -> int | None:
    """'3', '3통' → 3; '' → None; ValueError otherwise."""
    s = unicodedata.normalize("NFKC", text).strip().removesuffix(suffix).strip()
    if not s:
        return None
    if not (s.isascii() and s.isdigit()) or len(s) > 6:
        raise ValueError(s)
    return int(s)


def _optional_day(text: str, errors: dict[str, str], key: str) -> dt.date | None:
    from wardtui.core.dates import DateParseError, parse_day

    if not text.strip():
        return None
    try:
        return parse_day(text)
    except DateParseError as exc:
        errors[key] = str(exc)
        return None


def validate_recipient_form(raw: dict[str, str], *, role: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Raw texts {name, dong, role, tong, ban, since[, parent, school]} → values and errors.

    ``role`` is given when editing (the role is not changed by an edit).
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"name": " ".join(raw.get("name", "").split()), "dong": raw.get("dong", "").strip()}
    values["role"] = role if role is not None else raw.get("role", "").strip()
    for key, suffix, label in (("tong", "통", "통"), ("ban", "반", "반")):
        try:
            values[key] = _number(raw.get(key, ""), suffix)
        except ValueError:
            values[key] = None
            errors[key] = f"{label} 번호는 숫자로 입력하십시오 (예: 3)"
    problems = recipient_problems(name=values["name"], dong=values["dong"], role=values["role"],
                                  tong=values["tong"], ban=values["ban"])
    for key, message in problems.items():
        errors.setdefault(key, message)
    values["since"] = _optional_day(raw.get("since", ""), errors, "since")
    if role is None:
        parent_text, school = raw.get("parent", "").strip(), raw.get("school", "").strip()
        parent: int | str | None
        try:
            parent = _number(parent_text, "번")
        except ValueError:
            parent = parent_text
        for key, message in child_problems(role=values["role"], parent_id=parent, school_level=school or None).items():
            errors.setdefault(key, message)
        child = values["role"] == CHILD_ROLE
        values["parent_id"] = parent if child and isinstance(parent, int) else None
        values["school_level"] = (school or None) if child else None
    return values, errors


def validate_end_form(raw: dict[str, str], appointed_on: dt.date | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Raw {on} → {on}: the last day in post, not before the appointment."""
    errors: dict[str, str] = {}
    if not raw.get("on", "").strip():
        return {"on": None}, {"on": "종료일을 입력하십시오 (예: 2026-11-30)"}
    day = _optional_day(raw["on"], errors, "on")
    problem = end_day_problem(day, appointed_on) if day is not None else None
    if problem:
        errors["on"] = problem
    return {"on": day}, errors


def validate_rate_form(
    raw: dict[str, str], cadences: dict[str, str], latest: dict[str, dt.date]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Raw {program, amount, since, unit} → {program_id, amount_won, since, unit}.

    ``cadences``: programme id (as text) → cadence; ``latest``: programme id → the
    latest rate's start (a new rate must start after it, as ``wardtui rates set`` says).
    """
    from wardtui.core.money import AmountParseError, parse_won

    errors: dict[str, str] = {}
    values: dict[str, Any] = {"program_id": None, "amount_won": None, "unit": raw.get("unit", "").strip() or None}
    program = raw.get("program", "").strip()
    if program not in cadences:
        errors["program"] = "사업을 고르십시오"
    else:
        values["program_id"] = int(program)
    try:
        amount = parse_won(raw.get("amount", ""))
    except AmountParseError as exc:
        errors["amount"] = str(exc)
    else:
        values["amount_won"] = amount
        problem = rate_problem(cadences.get(program, ""), amount)
        if problem:
            errors["amount"] = problem
    if not raw.get("since", "").strip():
        errors["since"] = "적용 시작일을 입력하십시오 (예: 2027-01-01)"
        values["since"] = None
    else:
        values["since"] = _optional_day(raw["since"], errors, "since")
    problem = rate_start_problem(values["since"], latest.get(program)) if values["since"] is not None else None
    if problem:
        errors["since"] = problem
    if values["unit"] is not None and len(values["unit"]) > 10:
        errors["unit"] = "단위는 10자까지 입력할 수 있습니다"
    return values, errors


# -- due dates ---------------------------------------------------------------------------
@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("KR", years=year, language="ko"))


@lru_cache(maxsize=256)  # asked once per row of a large import
def lunar_holiday(year: int, which: str) -> dt.date:
    """The day of 설날 or 추석 in ``year`` (lunar calendar, from the ``holidays`` package)."""
    wanted = "설날" if which == "설" else "추석"
    for day, name in sorted(_korean_holidays(year).items()):
        # Two holidays on one day share a name: '개천절; 추석' (2028-10-03).
        if wanted in (part.strip() for part in name.split(";")):
            return day
    raise PeriodError(f"{year}년 {wanted} 날짜를 알 수 없습니다")


def holiday_starts(year: int, which: str) -> dt.date:
    """The first day of the holiday break (the day before 설날/추석)."""
    return lunar_holiday(year, which) - dt.timedelta(days=1)


@dataclass(frozen=True)
class DueDate:
    """Something to pay by a date: the programme (by code), its period and a title."""

    day: dt.date
    program_code: str
    period: Period
    title: str


def due_dates(today: dt.date) -> list[DueDate]:
    """The next run of each programme on or after ``today``, soonest first.

    - 통장 실비수당: this month's allowance, due on the month's last day.
    - 통장자녀 장학금: April (상반기) and October (하반기), due by the month's end.
    - 통장 상해보험: every April.
    - 반장 명절 보상품: the day before the 설 / 추석 break begins (lunar dates).
    """
    items: list[DueDate] = []
    month = Period(today.year, "month", today.month)
    items.append(DueDate(month.last_day(), "tong_allowance", month, f"{month.code} 통장 실비수당 지급"))

    def next_in_month(months: Iterable[tuple[int, str]]) -> tuple[dt.date, int, str]:
        for year in (today.year, today.year + 1):
            for m, label in months:
                end = dt.date(year, m, calendar.monthrange(year, m)[1])
                if end >= today:
                    return end, year, label
        raise AssertionError("unreachable")

    end, year, half = next_in_month([(4, "상반기"), (10, "하반기")])
    items.append(DueDate(end, "tong_scholarship", Period(year, half), f"{year}-{half} 통장자녀 장학금 지급"))
    end, year, _ = next_in_month([(4, "")])
    items.append(DueDate(end, "tong_insurance", Period(year, "year"), f"{year} 통장 상해보험 가입"))
    for which in _HOLIDAYS:
        for year in (today.year, today.year + 1):
            due = holiday_starts(year, which) - dt.timedelta(days=1)
            if due >= today:
                items.append(DueDate(due, "ban_gift", Period(year, which), f"{year}-{which} 반장 명절 보상품 지급"))
                break
    return sorted(items, key=lambda d: (d.day, d.title))
