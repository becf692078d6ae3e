"""Tests for wardtui.core.elections (statutory election calendar)."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wardtui.core import elections
from wardtui.core.elections import (
    is_public_holiday,
    ElectionKind,
    ElectionRuleError,
    ScheduleEvent,
    UpcomingElection,
    election_day_by_election,
    election_day_regular,
    generate_schedule,
    upcoming_elections,
)

P, A, L = ElectionKind.PRESIDENTIAL, ElectionKind.ASSEMBLY, ElectionKind.LOCAL
OVERSEAS_KEYS = {
    "overseas_absentee_report",
    "overseas_roll_compile",
    "overseas_roll_inspection",
    "overseas_roll_final",
    "overseas_voting",
    "ship_voting",
}


def by_key(events: list[ScheduleEvent]) -> dict[str, ScheduleEvent]:
    keys = [e.key for e in events]
    assert len(keys) == len(set(keys)), "event keys must be unique"
    return {e.key: e for e in events}


def span(ev: ScheduleEvent) -> tuple[date, date]:
    return ev.start, ev.end


# ---------------------------------------------------------------------------
# Module hygiene
# ---------------------------------------------------------------------------


def test_core_module_is_pure():
    tree = ast.parse(Path(elections.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    forbidden = ("textual", "sqlalchemy", "sqlmodel", "wardtui.db", "wardtui.screens")
    assert not [m for m in imported if m.startswith(forbidden)]


def test_kind_values_and_labels():
    assert [k.value for k in ElectionKind] == ["presidential", "assembly", "local"]
    assert (P.label, A.label, L.label) == ("대통령선거", "국회의원선거", "지방선거")
    assert ElectionKind("local") is L


# ---------------------------------------------------------------------------
# The two recorded schedules in the report (source/000_850f0300ba93a804.txt)
# ---------------------------------------------------------------------------

# 제21대 국회의원 선거 추진: as the office ran it.
RECORDED_2020 = {
    "overseas_roll_compile": (date(2020, 2, 26), date(2020, 3, 6)),
    "roll_compile": (date(2020, 3, 24), date(2020, 3, 28)),
    "roll_inspection": (date(2020, 3, 29), date(2020, 3, 31)),
    "roll_final": (date(2020, 4, 3), date(2020, 4, 3)),
    "guide_mailing": (date(2020, 4, 4), date(2020, 4, 4)),  # mailed a day early
    "early_voting": (date(2020, 4, 10), date(2020, 4, 11)),
    "election_period": (date(2020, 4, 2), date(2020, 4, 15)),
    "election_day": (date(2020, 4, 15), date(2020, 4, 15)),
}


def test_2020_assembly_reproduces_recorded_schedule():
    ev = by_key(generate_schedule(date(2020, 4, 15), A))
    assert span(ev["overseas_roll_compile"]) == (date(2020, 2, 26), date(2020, 3, 6))
    assert ev["overseas_roll_compile"].days == 10
    assert span(ev["roll_compile"]) == (date(2020, 3, 24), date(2020, 3, 28))
    assert ev["roll_compile"].days == 5
    assert span(ev["roll_inspection"]) == (date(2020, 3, 29), date(2020, 3, 31))
    assert span(ev["roll_final"]) == (date(2020, 4, 3), date(2020, 4, 3))
    assert span(ev["early_voting"]) == (date(2020, 4, 10), date(2020, 4, 11))
    assert ev["early_voting"].hours == "06:00–18:00"
    assert span(ev["election_period"]) == (date(2020, 4, 2), date(2020, 4, 15))
    assert ev["election_period"].days == 14
    assert span(ev["election_day"]) == (date(2020, 4, 15), date(2020, 4, 15))
    assert ev["election_day"].hours == "06:00–18:00"
    # 투표안내문: the statutory deadline is E-10 = 04-05; the office mailed on 04-04.
    guide = ev["guide_mailing"]
    assert span(guide) == (date(2020, 4, 5), date(2020, 4, 5))
    assert guide.offset_start == guide.offset_end == 10
    recorded = RECORDED_2020["guide_mailing"][0]
    assert recorded <= guide.end
    # Everything else recorded agrees with the statute.
    for key, dates in RECORDED_2020.items():
        if key != "guide_mailing":
            assert span(ev[key]) == dates, key
    # Regular National Assembly election: overseas and ship voting apply.
    assert OVERSEAS_KEYS <= ev.keys()
    assert span(ev["overseas_voting"]) == (date(2020, 4, 1), date(2020, 4, 6))


def test_2021_by_election_reproduces_recorded_schedule():
    # 2021. 4. 7. 보궐선거 (서울시장 + 구의원): a local by-election.
    ev = by_key(generate_schedule(date(2021, 4, 7), L, by_election=True))
    tong = ev["resign_tong_head"]
    assert span(tong) == (date(2021, 1, 7), date(2021, 1, 7))
    assert tong.offset_start == 90
    assert tong.note and "90" in tong.note  # cause unknown: E-90 used, and said so
    ban = ev["head_influence_ban"]
    assert span(ban) == (date(2021, 2, 6), date(2021, 4, 7))
    assert span(ev["roll_compile"]) == (date(2021, 3, 16), date(2021, 3, 20))
    assert ev["election_period"].start == date(2021, 3, 25)
    assert ev["election_period"].days == 14
    assert span(ev["roll_final"]) == (date(2021, 3, 26), date(2021, 3, 26))
    assert span(ev["guide_mailing"]) == (date(2021, 3, 28), date(2021, 3, 28))
    assert span(ev["early_voting"]) == (date(2021, 4, 2), date(2021, 4, 3))
    assert ev["early_voting"].hours == "06:00–18:00"
    assert ev["election_day"].hours == "06:00–20:00"
    assert ev["resign_official"].end == date(2021, 3, 8)  # §53②: E-30 for by-elections
    assert not OVERSEAS_KEYS & ev.keys()


def test_by_election_of_assembly_has_no_overseas_events():
    ev = by_key(generate_schedule(date(2027, 4, 7), A, by_election=True))
    assert not OVERSEAS_KEYS & ev.keys()
    assert ev["election_day"].hours == "06:00–20:00"


def test_local_regular_election_has_no_overseas_events():
    ev = by_key(generate_schedule(date(2026, 6, 3), L))
    assert not OVERSEAS_KEYS & ev.keys()
    assert ev["election_day"].hours == "06:00–18:00"
    prelim = ev["preliminary_registration"]
    assert prelim.offset_start == 120
    assert prelim.note == "시·도지사 기준; 그 밖의 선거는 직에 따라 다름"


def test_all_expected_keys_for_regular_assembly():
    ev = by_key(generate_schedule(date(2028, 4, 12), A))
    assert set(ev) == {
        "roll_compile", "early_voting", "election_day", "campaign_period",
        "roll_inspection", "roll_final", "guide_mailing", "candidate_registration",
        "election_period", "resign_official", "resign_tong_head", "head_influence_ban",
        "preliminary_registration", *OVERSEAS_KEYS,
    }
    reg = ev["candidate_registration"]
    assert (reg.offset_start, reg.offset_end, reg.hours) == (20, 19, "09:00–18:00")
    assert span(ev["campaign_period"]) == (date(2028, 3, 30), date(2028, 4, 11))
    assert ev["preliminary_registration"].offset_start == 120
    assert span(ev["ship_voting"]) == (date(2028, 4, 4), date(2028, 4, 7))
    assert span(ev["overseas_absentee_report"]) == (
        date(2028, 4, 12) - timedelta(150), date(2028, 4, 12) - timedelta(60))
    assert ev["resign_official"].offset_start == 90


def test_regular_presidential_schedule():
    E = date(2030, 3, 27)
    ev = by_key(generate_schedule(E, P))
    off = {k: (e.offset_start, e.offset_end) for k, e in ev.items()}
    assert off["roll_compile"] == (28, 24)
    assert off["roll_inspection"] == (23, 21)
    assert off["candidate_registration"] == (24, 23)
    assert off["election_period"] == (22, 0)
    assert off["campaign_period"] == (22, 1)
    assert off["preliminary_registration"] == (240, 240)
    assert off["overseas_roll_compile"] == (49, 40)
    assert off["overseas_roll_inspection"] == (39, 35)
    assert off["overseas_roll_final"] == (30, 30)
    assert ev["election_period"].days == 23
    assert ev["election_day"].hours == "06:00–18:00"


def test_presidential_vacancy_schedule_2025():
    # 2025-06-03 vacancy election, cause fixed 2025-04-04 (60 days before).
    E, cause = date(2025, 6, 3), date(2025, 4, 4)
    ev = by_key(generate_schedule(E, P, by_election=True, cause=cause))
    assert ev["election_day"].hours == "06:00–20:00"
    # Compressed overseas timetable (§218의12): no inspection.
    assert "overseas_roll_inspection" not in ev
    assert span(ev["overseas_roll_compile"]) == (E - timedelta(34), E - timedelta(30))
    assert span(ev["overseas_roll_final"]) == (E - timedelta(30), E - timedelta(30))
    assert ev["overseas_absentee_report"].end == E - timedelta(40)
    assert ev["overseas_absentee_report"].offset_start is None
    assert "ship_voting" in ev and "overseas_voting" in ev
    # §60②: cause after E-90 → within 5 days after the cause.
    tong = ev["resign_tong_head"]
    assert span(tong) == (date(2025, 4, 9), date(2025, 4, 9))
    assert tong.offset_start is None
    # §86②: from E-60 or the cause if later (here both are 04-04).
    assert span(ev["head_influence_ban"]) == (cause, E)
    assert ev["resign_official"].end == date(2025, 5, 4)  # E-30
    assert span(ev["candidate_registration"]) == (date(2025, 5, 10), date(2025, 5, 11))
    assert span(ev["early_voting"]) == (date(2025, 5, 29), date(2025, 5, 30))
    assert ev["election_period"].days == 23


def test_vacancy_cause_later_than_e60_starts_ban_at_cause():
    E, cause = date(2025, 6, 3), date(2025, 4, 10)  # 54 days before
    ev = by_key(generate_schedule(E, P, cause=cause))  # cause alone implies vacancy
    assert ev["head_influence_ban"].start == cause
    assert ev["head_influence_ban"].offset_start is None
    assert ev["election_day"].hours == "06:00–20:00"


def test_schedule_is_sorted_by_start_end_name():
    events = generate_schedule(date(2020, 4, 15), A)
    assert events == sorted(events, key=lambda e: (e.start, e.end, e.name))


def test_deadlines_do_not_move_for_weekends():
    # 2020-03-29 (inspection start) is a Sunday, 2021-03-28 (guide mailing) too.
    ev2020 = by_key(generate_schedule(date(2020, 4, 15), A))
    ev2021 = by_key(generate_schedule(date(2021, 4, 7), L, by_election=True))
    assert ev2020["roll_inspection"].start.weekday() == 6
    assert ev2021["guide_mailing"].end.weekday() == 6


# ---------------------------------------------------------------------------
# Election day: §34 (regular) and §35② (by-elections)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "term_end", "expected"),
    [
        (A, date(2016, 5, 29), date(2016, 4, 13)),  # 20th National Assembly
        (A, date(2020, 5, 29), date(2020, 4, 15)),  # 21st
        (A, date(2024, 5, 29), date(2024, 4, 10)),  # 22nd
        (A, date(2028, 5, 29), date(2028, 4, 12)),  # 23rd
        # 20th president: 02-28 → Wed 03-02, but 03-01 삼일절 is the day before → 03-09.
        (P, date(2022, 5, 9), date(2022, 3, 9)),
        (P, date(2030, 6, 3), date(2030, 3, 27)),  # 22nd: 03-25 (Mon) → 03-27
        # 7th local: 05-31 → Wed 06-06, which is itself 현충일 → 06-13. This is why
        # only the *election-day* holiday entries are ignored, not the date itself.
        (L, date(2018, 6, 30), date(2018, 6, 13)),
        (L, date(2022, 6, 30), date(2022, 6, 1)),  # 8th
        (L, date(2026, 6, 30), date(2026, 6, 3)),  # 9th
        (L, date(2030, 6, 30), date(2030, 6, 12)),  # 10th: 06-05, 06-06 현충일 after
    ],
)
def test_election_day_regular_known_dates(kind, term_end, expected):
    assert election_day_regular(kind, term_end) == expected


def test_election_day_regular_accepts_string_kind():
    assert election_day_regular("assembly", date(2028, 5, 29)) == date(2028, 4, 12)


def test_extra_holidays_override_shifts_election_day():
    extra = {date(2028, 4, 11)}  # a temporary holiday the package can't know yet
    assert election_day_regular(A, date(2028, 5, 29), extra_holidays=extra) == date(2028, 4, 19)
    assert election_day_by_election(date(2026, 12, 1), extra_holidays={date(2027, 4, 8)}) == date(
        2027, 4, 14
    )


def _months(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)


@pytest.mark.parametrize("month_start", list(_months(date(2020, 9, 1), date(2021, 2, 1))))
def test_head_by_election_sep_to_feb_goes_to_april(month_start):
    month_end = date(month_start.year + month_start.month // 12, month_start.month % 12 + 1, 1) - timedelta(1)
    for cause in (month_start, month_end):
        assert election_day_by_election(cause, head_of_local_government=True) == date(2021, 4, 7)
        assert election_day_by_election(cause) == date(2021, 4, 7)


def test_council_by_election_from_december_cause():
    assert election_day_by_election(date(2026, 12, 1)) == date(2027, 4, 7)
    assert election_day_by_election(date(2026, 12, 31)) == date(2027, 4, 7)
    assert election_day_by_election(date(2027, 2, 28)) == date(2027, 4, 7)


def test_council_by_election_from_march_cause_is_next_year():
    assert election_day_by_election(date(2026, 3, 1)) == date(2027, 4, 7)
    assert election_day_by_election(date(2022, 5, 1)) == date(2023, 4, 5)


def test_head_by_election_march_to_august_goes_to_october():
    # 2023-10-11 강서구청장 보궐선거: 10-04, 10-03 개천절 the day before → 10-11.
    assert election_day_by_election(date(2023, 5, 18), head_of_local_government=True) == date(
        2023, 10, 11
    )
    # 2024-10-16: 10-02 → 10-03 개천절 after → 10-09 한글날 itself → 10-16.
    assert election_day_by_election(date(2024, 3, 1), head_of_local_government=True) == date(
        2024, 10, 16
    )
    assert election_day_by_election(date(2024, 8, 31), head_of_local_government=True) == date(
        2024, 10, 16
    )


# ---------------------------------------------------------------------------
# Upcoming elections
# ---------------------------------------------------------------------------


def test_upcoming_elections_after_2026_11_24():
    result = upcoming_elections(date(2026, 11, 24))
    assert [e.day for e in result] == [
        date(2027, 4, 7),
        date(2028, 4, 12),
        date(2030, 3, 27),
        date(2030, 6, 12),
    ]
    by_el, assembly, president, local = result
    assert by_el == UpcomingElection(
        name="2027년 재·보궐선거",
        day=date(2027, 4, 7),
        kind=A,
        by_election=True,
        term_end=None,
        note="보궐선거 사유가 있을 때만 실시",
    )
    assert (assembly.name, assembly.kind, assembly.term_end, assembly.by_election) == (
        "제23대 국회의원선거", A, date(2028, 5, 29), False)
    assert (president.name, president.kind, president.term_end) == (
        "제22대 대통령선거", P, date(2030, 6, 3))
    assert (local.name, local.kind, local.term_end) == (
        "제10회 전국동시지방선거", L, date(2030, 6, 30))


def test_upcoming_elections_horizon():
    assert [e.day for e in upcoming_elections(date(2026, 11, 24), horizon_years=1)] == [
        date(2027, 4, 7)]
    assert upcoming_elections(date(2026, 11, 24), horizon_years=0) == []
    later = upcoming_elections(date(2026, 11, 24), horizon_years=10)
    names = [e.name for e in later]
    assert "제24대 국회의원선거" in names and "제23대 대통령선거" in names
    assert "제11회 전국동시지방선거" in names
    assert [e.day for e in later] == sorted(e.day for e in later)
    assert sum(e.by_election for e in later) == 1


def test_upcoming_includes_today_and_by_election_joins_regular_year():
    # On election day the election is still listed.
    assert upcoming_elections(date(2028, 4, 12), horizon_years=0)[0].day == date(2028, 4, 12)
    # In a regular National Assembly year the by-elections go with it (§203③).
    result = upcoming_elections(date(2027, 5, 1), horizon_years=1)
    by_el = [e for e in result if e.by_election]
    assert [e.day for e in by_el] == [date(2028, 4, 12)]
    assert by_el[0].name == "2028년 재·보궐선거"


def test_upcoming_error_on_negative_horizon():
    with pytest.raises(ElectionRuleError, match="0 이상"):
        upcoming_elections(date(2026, 11, 24), horizon_years=-1)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def _assert_korean_one_line(exc: ElectionRuleError) -> None:
    msg = str(exc)
    assert "\n" not in msg
    assert any("가" <= ch <= "힣" for ch in msg)


@pytest.mark.parametrize(
    ("args", "kwargs", "fragment"),
    [
        ((date(2027, 4, 7), A), {"cause": date(2027, 2, 1)}, "대통령선거에만"),
        ((date(2027, 4, 7), L), {"by_election": True, "cause": date(2027, 2, 1)}, "대통령선거에만"),
        ((date(2025, 6, 3), P), {"by_election": True}, "궐위 사유 확정일이 필요"),
        ((date(2025, 6, 3), P), {"cause": date(2025, 6, 10)}, "늦거나 같"),
        ((date(2025, 6, 3), P), {"cause": date(2025, 6, 3)}, "늦거나 같"),
        ((date(2025, 6, 3), P), {"cause": date(2025, 4, 3)}, "60일 이내"),
        ((date(2025, 6, 3), P), {"cause": date(2025, 5, 1)}, "50일"),
        ((date(2025, 6, 7), P), {"cause": date(2025, 4, 10)}, "평일"),
        ((date(1947, 5, 10), A), {}, "1948년"),
        ((date(2020, 4, 15), "mayor"), {}, "선거 종류"),
    ],
)
def test_generate_schedule_errors(args, kwargs, fragment):
    with pytest.raises(ElectionRuleError, match=fragment) as info:
        generate_schedule(*args, **kwargs)
    _assert_korean_one_line(info.value)
    assert isinstance(info.value, ValueError)


def test_election_day_errors():
    with pytest.raises(ElectionRuleError, match="1948년") as info:
        election_day_regular(A, date(1940, 5, 29))
    _assert_korean_one_line(info.value)
    with pytest.raises(ElectionRuleError, match="1948년"):
        election_day_by_election(date(1947, 12, 1))
    with pytest.raises(ElectionRuleError, match="선거 종류"):
        election_day_regular("senate", date(2028, 5, 29))


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

election_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def elections_requests(draw):
    """(election_day, kind, by_election, cause) for every valid combination."""
    kind = draw(st.sampled_from(list(ElectionKind)))
    E = draw(election_days)
    if kind is P and draw(st.booleans()):
        E = E + timedelta(days=(-E.weekday()) if E.weekday() >= 5 else 0)  # Monday if weekend
        gap = draw(st.integers(min_value=50, max_value=60))
        return E, kind, True, E - timedelta(days=gap)
    return E, kind, kind is not P and draw(st.booleans()), None


@settings(max_examples=150, deadline=None)
@given(elections_requests())
def test_schedule_properties(req):
    E, kind, by_election, cause = req
    events = generate_schedule(E, kind, by_election=by_election, cause=cause)
    assert events == sorted(events, key=lambda e: (e.start, e.end, e.name))
    for ev in events:
        assert ev.start <= ev.end <= E, ev.key
        if ev.offset_start is not None:
            assert ev.start == E - timedelta(days=ev.offset_start)
        if ev.offset_end is not None:
            assert ev.end == E - timedelta(days=ev.offset_end)
    ev = by_key(events)
    assert span(ev["early_voting"]) == (E - timedelta(5), E - timedelta(4))
    assert ev["election_period"].days == (23 if kind is P else 14)
    assert ev["election_period"].end == E
    assert ev["campaign_period"].start == ev["election_period"].start
    assert ev["campaign_period"].end == E - timedelta(1)
    assert ev["roll_compile"].days == 5
    assert ev["roll_inspection"].start == ev["roll_compile"].end + timedelta(1)
    assert ev["roll_inspection"].days == 3
    assert ev["candidate_registration"].days == 2
    assert ev["guide_mailing"].end == ev["roll_final"].end + timedelta(2)
    assert span(ev["election_day"]) == (E, E)
    has_overseas = kind is P or (kind is A and not by_election)
    assert ("overseas_voting" in ev) == has_overseas
    assert ("ship_voting" in ev) == has_overseas
    vacancy = kind is P and cause is not None
    assert ev["election_day"].hours == ("06:00–20:00" if by_election or vacancy else "06:00–18:00")


def _kr_holidays(*years: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=years, language="en_US")


def _blocked(w: date) -> bool:
    """§34②: w, w-1 or w+1 is a public holiday other than an election day."""
    table = _kr_holidays(w.year - 1, w.year, w.year + 1)
    return any(
        any("Election Day" not in name for name in table.get_list(d))
        for d in (w - timedelta(1), w, w + timedelta(1))
    )


def _assert_first_unblocked_wednesday(E: date, earliest: date) -> None:
    assert E.weekday() == 2  # always a Wednesday
    assert earliest <= E
    assert not _blocked(E)
    # E-1 and E+1 are never public holidays (another election's day off is not one:
    # hypothesis found 2017-05-10 beside the 2017-05-09 presidential election day).
    assert not is_public_holiday(E - timedelta(1)) and not is_public_holiday(E + timedelta(1))
    # Minimal: every earlier Wednesday on or after `earliest` was blocked.
    w = earliest + timedelta(days=(2 - earliest.weekday()) % 7)
    while w < E:
        assert _blocked(w), w
        w += timedelta(7)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(list(ElectionKind)),
    st.dates(min_value=date(2004, 1, 1), max_value=date(2090, 12, 31)),
)
def test_regular_election_day_properties(kind, term_end):
    E = election_day_regular(kind, term_end)
    lead = {P: 70, A: 50, L: 30}[kind]
    _assert_first_unblocked_wednesday(E, term_end - timedelta(days=lead))


@settings(max_examples=80, deadline=None)
@given(
    st.dates(min_value=date(2004, 1, 1), max_value=date(2090, 12, 31)),
    st.booleans(),
)
def test_by_election_day_properties(cause, head):
    E = election_day_by_election(cause, head_of_local_government=head)
    assert E > cause
    if head and 3 <= cause.month <= 8:
        base = date(cause.year, 10, 1)
    else:
        base = date(cause.year if cause.month < 3 else cause.year + 1, 4, 1)
    _assert_first_unblocked_wednesday(E, base)
