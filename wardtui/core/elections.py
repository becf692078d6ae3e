"""Election administration calendar: statutory dates from the Public Official Election Act.

Pure domain logic (no UI, no database). The rules implemented here are those of
``/work/shared/domain/election-rules.md`` (공직선거법 as in force 2020–2026):

* :func:`election_day_regular` — §34① regular election day with the §34② holiday shift;
* :func:`election_day_by_election` — §35② by-election day;
* :func:`generate_schedule` — every statutory deadline/period of one election;
* :func:`upcoming_elections` — the next elections from the known term cycles.

Conventions: ``E`` is election day, "E-N" is N calendar days before E, and a
period "from X for N days" includes X. Statutory deadlines never move for
weekends or holidays; only E itself moves (§34②).

The dates produced are *statutory* dates. What an office actually did (e.g. the
2020 투표안내문 mailed on 04-04, one day before its E-10 deadline 04-05) is a
separate, recorded fact and belongs to the caller's data, not to this module.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

__all__ = [
    "ElectionKind",
    "ElectionRuleError",
    "ScheduleEvent",
    "UpcomingElection",
    "election_day_by_election",
    "election_day_regular",
    "generate_schedule",
    "is_public_holiday",
    "upcoming_elections",
]

#: The first election under the Republic (1948-05-10); earlier dates are refused.
FIRST_ELECTION_YEAR = 1948

WEDNESDAY = 2  # date.weekday()


class ElectionKind(StrEnum):
    PRESIDENTIAL = "presidential"
    ASSEMBLY = "assembly"
    LOCAL = "local"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ElectionKind.PRESIDENTIAL: "대통령선거",
    ElectionKind.ASSEMBLY: "국회의원선거",
    ElectionKind.LOCAL: "지방선거",
}


class ElectionRuleError(ValueError):
    """A request the election rules make impossible (message: one line, Korean)."""


@dataclass(frozen=True)
class ScheduleEvent:
    """One statutory deadline or period of an election.

    ``start == end`` for one-day events and deadlines ("by X"). ``offset_start`` /
    ``offset_end`` are the days before E (22 for E-22, 0 for E itself), or ``None``
    when the date does not follow from a fixed offset (e.g. it depends on the date
    the cause of a vacancy election was fixed).
    """

    key: str
    name: str
    article: str
    start: date
    end: date
    offset_start: int | None = None
    offset_end: int | None = None
    hours: str | None = None
    note: str | None = None

    @property
    def days(self) -> int:
        """Number of calendar days covered, both ends included."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class UpcomingElection:
    name: str
    day: date
    kind: ElectionKind
    by_election: bool
    term_end: date | None = None
    note: str | None = None


# ---------------------------------------------------------------------------
# Holidays (§34②)
# ---------------------------------------------------------------------------


def _is_election_day_name(name: str) -> bool:
    return "Election Day" in name or "선거일" in name


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> frozenset[date]:
    """KR public holidays of one year, *without* election days.

    The ``holidays`` package lists past (and already fixed future) regular election
    days as holidays. §34② is about holidays other than the election itself
    ("the election day itself not counted"): an election day must never push
    itself a week later. A date that is both an election day and another holiday
    keeps the other holiday.
    """
    table = holidays.country_holidays("KR", years=year, language="en_US")
    return frozenset(
        day
        for day in table
        if any(not _is_election_day_name(name) for name in table.get_list(day))
    )


def is_public_holiday(day: date, extra_holidays: Collection[date] = ()) -> bool:
    """True if ``day`` is a KR public holiday other than an election day.

    ``extra_holidays`` lets the caller add holidays the package cannot know in
    advance (temporary holidays declared later).
    """
    return day in extra_holidays or day in _holidays_of_year(day.year)


def _apply_holiday_shift(day: date, extra_holidays: Collection[date] = ()) -> date:
    """§34②: move E one week later while E, E-1 or E+1 is a public holiday.

    Note that E itself *does* count when it is a holiday for another reason:
    2018-06-06 (the §34① date of the 7th local elections) is 현충일, and the
    election was held on 2018-06-13. Only E's status as an election day is
    ignored (see :func:`_holidays_of_year`).
    """
    one = timedelta(days=1)
    while any(is_public_holiday(d, extra_holidays) for d in (day - one, day, day + one)):
        day += timedelta(weeks=1)
    return day


def _first_wednesday_on_or_after(day: date) -> date:
    return day + timedelta(days=(WEDNESDAY - day.weekday()) % 7)


# ---------------------------------------------------------------------------
# Election day
# ---------------------------------------------------------------------------

_REGULAR_LEAD_DAYS = {
    ElectionKind.PRESIDENTIAL: 70,
    ElectionKind.ASSEMBLY: 50,
    ElectionKind.LOCAL: 30,
}


def _coerce_kind(kind: ElectionKind | str) -> ElectionKind:
    try:
        return ElectionKind(kind)
    except ValueError:
        raise ElectionRuleError(f"알 수 없는 선거 종류입니다: {kind!r}") from None


def _check_year(day: date, what: str) -> None:
    if day.year < FIRST_ELECTION_YEAR:
        raise ElectionRuleError(f"{what}이(가) 1948년 이전입니다: {day.isoformat()}")


def election_day_regular(
    kind: ElectionKind, term_end: date, *, extra_holidays: Collection[date] = ()
) -> date:
    """§34①②: election day of a regular (임기만료) election.

    First Wednesday on or after ``term_end`` minus 70 (president), 50 (National
    Assembly) or 30 (local) days; then moved a week later while that Wednesday,
    the day before or the day after is a public holiday.
    """
    kind = _coerce_kind(kind)
    base = _first_wednesday_on_or_after(term_end - timedelta(days=_REGULAR_LEAD_DAYS[kind]))
    _check_year(base, "선거일")
    return _apply_holiday_shift(base, extra_holidays)


def _first_wednesday_of(year: int, month: int) -> date:
    return _first_wednesday_on_or_after(date(year, month, 1))


def election_day_by_election(
    cause: date,
    *,
    head_of_local_government: bool = False,
    extra_holidays: Collection[date] = (),
) -> date:
    """§35②: day of a by-election (보궐선거·재선거) whose cause was fixed on ``cause``.

    * National Assembly and council seats: first Wednesday of April of the year
      when the cause is fixed before March 1, otherwise of the next year.
    * Heads of local government: cause fixed Sep 1 – end of Feb → the coming first
      Wednesday of April; Mar 1 – Aug 31 → first Wednesday of October.

    The §34② holiday shift applies (Octobers often move: 개천절, 한글날, 추석).

    The October rule for heads dates from the December 2020 amendment; causes fixed
    before it (e.g. the 2020 Seoul and Busan mayors) went to April 2021.
    This function implements the current rule only.
    """
    _check_year(cause, "선거 실시사유 확정일")
    if head_of_local_government and 3 <= cause.month <= 8:
        base = _first_wednesday_of(cause.year, 10)
    else:
        year = cause.year if cause.month < 3 else cause.year + 1
        base = _first_wednesday_of(year, 4)
    return _apply_holiday_shift(base, extra_holidays)


# ---------------------------------------------------------------------------
# Schedule
# ---------------------------------------------------------------------------

VOTING_HOURS = "06:00–18:00"
VOTING_HOURS_BY_ELECTION = "06:00–20:00"
REGISTRATION_HOURS = "09:00–18:00"

#: §35①: a presidential vacancy election is held within 60 days of the cause and
#: announced at the latest on E-50 (so E is at least 50 days after the cause).
VACANCY_MAX_DAYS = 60
VACANCY_MIN_DAYS = 50


def _validate(election_day: date, kind: ElectionKind, by_election: bool, cause: date | None) -> bool:
    """Check the request; return True for a presidential vacancy election."""
    _check_year(election_day, "선거일")
    if kind is not ElectionKind.PRESIDENTIAL:
        if cause is not None:
            raise ElectionRuleError(
                "궐위 사유 확정일은 대통령선거에만 지정할 수 있습니다"
                "(국회의원·지방 재·보궐선거는 보궐선거 여부로만 지정)"
            )
        return False
    if cause is None:
        if by_election:
            raise ElectionRuleError("대통령 궐위선거에는 궐위 사유 확정일이 필요합니다")
        return False
    _check_year(cause, "궐위 사유 확정일")
    if cause >= election_day:
        raise ElectionRuleError(
            f"궐위 사유 확정일({cause.isoformat()})이 선거일({election_day.isoformat()})보다 늦거나 같습니다"
        )
    gap = (election_day - cause).days
    if gap > VACANCY_MAX_DAYS:
        raise ElectionRuleError(
            f"대통령 궐위선거는 사유 확정 후 60일 이내에 실시해야 합니다({gap}일 후로 지정됨)"
        )
    if gap < VACANCY_MIN_DAYS:
        raise ElectionRuleError(
            f"대통령 궐위선거일은 선거일 전 50일까지 공고해야 하므로 사유 확정 후 50일 이후여야 합니다({gap}일 후로 지정됨)"
        )
    if election_day.weekday() >= 5:
        raise ElectionRuleError("대통령 궐위선거일은 평일이어야 합니다")
    return True


def generate_schedule(
    election_day: date,
    kind: ElectionKind,
    *,
    by_election: bool = False,
    cause: date | None = None,
) -> list[ScheduleEvent]:
    """Every statutory event of the election held on ``election_day``.

    ``by_election=True`` marks a National Assembly / local by-election (보궐선거 등)
    or, for ``PRESIDENTIAL``, a vacancy election (궐위선거), which needs ``cause``:
    the date its cause was fixed. A cause is meaningless for assembly/local
    by-elections here (their E follows from §35②); passing one is an error.

    Overseas (재외·국외부재자) and ship (선상투표) events exist only for presidential
    and regular National Assembly elections; a presidential vacancy election uses the
    compressed overseas timetable of §218의12.

    Returns the events sorted by (start, end, name). Raises :class:`ElectionRuleError`.
    """
    kind = _coerce_kind(kind)
    E = election_day
    vacancy = _validate(E, kind, by_election, cause)
    if vacancy:
        by_election = True
    presidential = kind is ElectionKind.PRESIDENTIAL
    events: list[ScheduleEvent] = []

    def at(n: int) -> date:
        return E - timedelta(days=n)

    def add(
        key: str,
        name: str,
        article: str,
        start: int | date,
        end: int | date,
        *,
        hours: str | None = None,
        note: str | None = None,
    ) -> None:
        """Add an event; ``start``/``end`` are E-offsets (int) or explicit dates."""
        s = at(start) if isinstance(start, int) else start
        e = at(end) if isinstance(end, int) else end
        events.append(
            ScheduleEvent(
                key=key,
                name=name,
                article=article,
                start=s,
                end=e,
                offset_start=start if isinstance(start, int) else None,
                offset_end=end if isinstance(end, int) else None,
                hours=hours,
                note=note,
            )
        )

    # §53 공무원 등 입후보 사직.
    if by_election:
        add("resign_official", "공무원 등 입후보 사직", "§53②", 30, 30,
            note="보궐선거등: 선거일 전 30일까지")
    else:
        add("resign_official", "공무원 등 입후보 사직", "§53①", 90, 90,
            note="선거일 전 90일까지 (비례대표 입후보는 선거일 전 30일)")

    # §60② 통·리·반장 사직: E-90, or within 5 days after a later cause.
    tong_name = "통·리·반장·주민자치위원이 선거사무관계자 등이 되려면 사직"
    if cause is not None and cause > at(90):
        add("resign_tong_head", tong_name, "§60②", cause + timedelta(days=5),
            cause + timedelta(days=5), note="사유 확정일이 선거일 전 90일 후이므로 확정 후 5일 이내")
    elif by_election:
        add("resign_tong_head", tong_name, "§60②", 90, 90,
            note="사유 확정일 미상: 선거일 전 90일 기준 (그 후 확정되면 확정 후 5일 이내)")
    else:
        add("resign_tong_head", tong_name, "§60②", 90, 90, note="선거일 전 90일까지")

    # §86② 지방자치단체장 선거영향 행위 금지: from E-60 (or the cause, if later) to E.
    ban_name = "지방자치단체장 선거영향 행위 금지 (통·리·반장 회의 참석 금지 포함)"
    if cause is not None and cause > at(60):
        add("head_influence_ban", ban_name, "§86②", cause, 0, note="사유 확정일부터 선거일까지")
    else:
        add("head_influence_ban", ban_name, "§86②", 60, 0)

    # §60의2① 예비후보자 등록 개시. Only the offsets the rules give a number for.
    prelim_name = "예비후보자 등록 개시"
    prelim_days = 240 if presidential else 120
    prelim_note = {
        ElectionKind.PRESIDENTIAL: None,
        ElectionKind.ASSEMBLY: "지역구국회의원선거",
        ElectionKind.LOCAL: "시·도지사 기준; 그 밖의 선거는 직에 따라 다름",
    }[kind]
    if cause is not None and cause > at(prelim_days):
        add("preliminary_registration", prelim_name, "§60의2①", cause, cause,
            note="궐위선거: 사유 확정일부터")
    else:
        if by_election:
            later = "사유 확정이 그 후이면 확정일부터"
            prelim_note = f"{prelim_note}; {later}" if prelim_note else later
        add("preliminary_registration", prelim_name, "§60의2①", prelim_days, prelim_days,
            note=prelim_note)

    # Overseas voting: presidential (regular or vacancy) and regular National Assembly.
    overseas = presidential or (kind is ElectionKind.ASSEMBLY and not by_election)
    if overseas:
        if vacancy:
            assert cause is not None
            add("overseas_absentee_report", "국외부재자 신고", "§218의12", cause, 40,
                note="궐위선거 단축 일정: 사유 확정 후 선거일 전 40일까지")
            add("overseas_roll_compile", "재외선거인명부 작성", "§218의12", 34, 30,
                note="궐위선거 단축 일정 (열람 없음)")
            add("overseas_roll_final", "재외선거인명부 확정", "§218의12", 30, 30,
                note="궐위선거 단축 일정")
        else:
            add("overseas_absentee_report", "국외부재자 신고", "§218의4", 150, 60)
            add("overseas_roll_compile", "재외선거인명부 작성", "§218의8·9", 49, 40)
            add("overseas_roll_inspection", "재외선거인명부 열람", "§218의10", 39, 35)
            add("overseas_roll_final", "재외선거인명부 확정", "§218의13", 30, 30)
        add("overseas_voting", "재외투표", "§218의17", 14, 9,
            note="이 기간 중 6일 이내에서 재외투표소별로 정함")
        add("ship_voting", "선상투표", "§158의3", 8, 5)

    # §37, §38 선거인명부 작성 (5 days) and §40, §41 열람 (3 days from the day after).
    roll = 28 if presidential else 22
    add("roll_compile", "선거인명부 작성", "§37, §38", roll, roll - 4,
        note="거소투표 신고 함께 접수")
    add("roll_inspection", "선거인명부 열람·이의신청", "§40, §41", roll - 5, roll - 7)

    # §49 후보자등록: 2 days, 09:00–18:00, weekends included.
    reg = 24 if presidential else 20
    add("candidate_registration", "후보자등록", "§49", reg, reg - 1,
        hours=REGISTRATION_HOURS, note="토요일·공휴일 포함")

    # §33 선거기간 and §59 선거운동기간.
    period = 22 if presidential else 13
    add("election_period", "선거기간", "§33", period, 0,
        note=f"{period + 1}일간")
    add("campaign_period", "선거운동기간", "§59", period, 1)

    add("roll_final", "선거인명부 확정", "§44", 12, 12)
    add("guide_mailing", "투표안내문·선거공보 발송 기한", "§153", 10, 10,
        note="선거인명부 확정 후 2일까지")
    add("early_voting", "사전투표", "§148", 5, 4, hours=VOTING_HOURS)
    add("election_day", "선거일", "§155①", 0, 0,
        hours=VOTING_HOURS_BY_ELECTION if by_election else VOTING_HOURS,
        note=("궐위선거" if vacancy else "보궐선거등") if by_election else None)

    events.sort(key=lambda ev: (ev.start, ev.end, ev.name))
    return events


# ---------------------------------------------------------------------------
# Upcoming elections
# ---------------------------------------------------------------------------

# Known term cycles (anchors):
# * National Assembly: terms end May 29 every 4 years; the 22nd ends 2028-05-29,
#   so the election before it is the 23rd.
# * President: the 21st president was elected in the 2025-06-03 vacancy election;
#   the term (5 years) ends 2030-06-03, then every 5 years. Vacancy elections can't
#   be foreseen, and regular elections before this anchor are not generated.
# * Local: terms end June 30 every 4 years; the 9th local elections were held on
#   2026-06-03, the 10th follow the term ending 2030-06-30.
_ASSEMBLY_ANCHOR = (2028, 23)  # (term-end year, ordinal of the election)
_PRESIDENTIAL_ANCHOR = (2030, 22)
_LOCAL_ANCHOR = (2030, 10)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 02-29 → 02-28
        return day.replace(year=day.year + years, day=28)


def _cycle(
    kind: ElectionKind,
    anchor: tuple[int, int],
    period: int,
    month: int,
    dom: int,
    name_fmt: str,
    first_year: int,
    last_year: int,
    extra_holidays: Collection[date],
    allow_before_anchor: bool,
) -> list[UpcomingElection]:
    anchor_year, anchor_ordinal = anchor
    out = []
    k_min = (first_year - anchor_year) // period
    k_max = (last_year - anchor_year) // period + 1
    for k in range(k_min, k_max + 1):
        if k < 0 and not allow_before_anchor:
            continue
        term_end = date(anchor_year + k * period, month, dom)
        try:
            day = election_day_regular(kind, term_end, extra_holidays=extra_holidays)
        except ElectionRuleError:
            continue  # a cycle counted back past the 1948 election law: no such election
        out.append(
            UpcomingElection(
                name=name_fmt.format(n=anchor_ordinal + k),
                day=day,
                kind=kind,
                by_election=False,
                term_end=term_end,
            )
        )
    return out


def _by_election_day_of_year(
    year: int, regular: list[UpcomingElection], extra_holidays: Collection[date]
) -> tuple[date, str]:
    """The April by-election day of ``year`` and its note.

    In a year with a regular National Assembly or local election, the by-elections
    are held together on that election day (§203③; e.g. 2024-04-10, 2026-06-03).
    That rule is not in the rules file; it is applied here so that no phantom
    April date is shown in those years.
    """
    note = "보궐선거 사유가 있을 때만 실시"
    joint = sorted(
        e.day
        for e in regular
        if e.day.year == year and e.kind in (ElectionKind.ASSEMBLY, ElectionKind.LOCAL)
    )
    if joint:
        return joint[0], f"{note}; 임기만료 선거일에 동시 실시(§203③)"
    return _apply_holiday_shift(_first_wednesday_of(year, 4), extra_holidays), note


def upcoming_elections(
    today: date, *, horizon_years: int = 4, extra_holidays: Collection[date] = ()
) -> list[UpcomingElection]:
    """Elections held on or after ``today`` and on or before ``today + horizon_years``.

    Regular elections come from the known term cycles (see the anchors above).
    By-elections: only the next annual one (first Wednesday of April, §34② shift),
    because the April date is the one by-election day common to every office
    (National Assembly, councils, heads of local government). October by-elections
    (§35②) exist only for heads of local government whose cause was fixed
    Mar 1 – Aug 31, so they are not a fixed fixture of the calendar. The entry is
    reported with ``kind=ASSEMBLY`` (an assembly by-election's schedule is the one
    that applies to every April by-election) and a note that it happens only if a
    seat is vacant.

    Sorted by date (then name).
    """
    if horizon_years < 0:
        raise ElectionRuleError("조회 기간(년)은 0 이상이어야 합니다")
    _check_year(today, "기준일")
    until = _add_years(today, horizon_years)
    first_year, last_year = today.year, until.year + 1

    regular: list[UpcomingElection] = []
    regular += _cycle(ElectionKind.ASSEMBLY, _ASSEMBLY_ANCHOR, 4, 5, 29, "제{n}대 국회의원선거",
                      first_year, last_year, extra_holidays, allow_before_anchor=True)
    regular += _cycle(ElectionKind.PRESIDENTIAL, _PRESIDENTIAL_ANCHOR, 5, 6, 3, "제{n}대 대통령선거",
                      first_year, last_year, extra_holidays, allow_before_anchor=False)
    regular += _cycle(ElectionKind.LOCAL, _LOCAL_ANCHOR, 4, 6, 30, "제{n}회 전국동시지방선거",
                      first_year, last_year, extra_holidays, allow_before_anchor=True)

    result = [e for e in regular if today <= e.day <= until]

    year = today.year
    while True:
        day, note = _by_election_day_of_year(year, regular, extra_holidays)
        if day >= today:
            break
        year += 1
    if day <= until:
        result.append(
            UpcomingElection(
                name=f"{year}년 재·보궐선거",
                day=day,
                kind=ElectionKind.ASSEMBLY,
                by_election=True,
                term_end=None,
                note=note,
            )
        )

    result.sort(key=lambda e: (e.day, e.name))
    return result
