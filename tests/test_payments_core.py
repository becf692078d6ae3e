"""The pure payment rules: periods, masking, eligibility, due dates (lunar), reversals."""

from __future__ import annotations

import datetime as dt

import pytest

from wardtui.core.payments import (
    Period,
    PeriodError,
    due_dates,
    is_active,
    is_eligible,
    lunar_holiday,
    mask_name,
    parse_period,
    period_fits,
    rate_problem,
    reversal_amount,
)


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("2021-03", "2021-03", "month"),
        ("2021-3", "2021-03", "month"),
        (" 2021-12 ", "2021-12", "month"),
        ("2021-설", "2021-설", "설"),
        ("2021-설날", "2021-설", "설"),
        ("2021-추석", "2021-추석", "추석"),
        ("2021-상반기", "2021-상반기", "상반기"),
        ("2021-하반기", "2021-하반기", "하반기"),
        ("2021", "2021", "year"),
        ("２０２１-０３", "2021-03", "month"),
    ],
)
def test_periods_parse_to_their_canonical_code(text: str, code: str, kind: str) -> None:
    period = parse_period(text)
    assert (period.code, period.kind) == (code, kind)


@pytest.mark.parametrize("text", ["", "21-03", "2021-13", "2021-00", "2021-봄", "2021-03-01", "abcd", "2021-", "3000"])
def test_bad_periods_are_refused_in_korean(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(caught.value))


def test_period_days() -> None:
    assert Period(2021, "month", 2).reference_day() == dt.date(2021, 2, 28)
    assert Period(2021, "상반기").first_day() == dt.date(2021, 1, 1)
    assert Period(2021, "하반기").reference_day() == dt.date(2021, 12, 31)
    assert Period(2021, "설").reference_day() == dt.date(2021, 2, 12)
    assert Period(2021, "추석").reference_day() == dt.date(2021, 9, 21)


def test_period_fits_the_cadence() -> None:
    assert period_fits("monthly", parse_period("2021-03"))
    assert not period_fits("monthly", parse_period("2021-설"))
    assert period_fits("holiday", parse_period("2021-추석"))
    assert not period_fits("holiday", parse_period("2021-상반기"))
    assert period_fits("half_year", parse_period("2021-하반기"))
    assert period_fits("yearly", parse_period("2021"))
    assert not period_fits("yearly", parse_period("2021-04"))


@pytest.mark.parametrize(
    ("name", "masked"),
    [("김영숙", "김*숙"), ("이반", "이*"), ("남궁민수", "남**수"), ("제갈공명이", "제***이"), ("김", "김"), (" 박민 ", "박*")],
)
def test_names_are_masked(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_active_on_a_date() -> None:
    day = dt.date(2021, 3, 31)
    assert is_active(dt.date(2021, 3, 31), None, day)
    assert is_active(None, None, day)
    assert not is_active(dt.date(2021, 4, 1), None, day)
    assert is_active(dt.date(2020, 1, 1), dt.date(2021, 3, 31), day)
    assert not is_active(dt.date(2020, 1, 1), dt.date(2021, 3, 30), day)


def test_eligibility_needs_role_post_and_no_earlier_payment() -> None:
    base = dict(appointed_on=dt.date(2020, 1, 1), ended_on=None, program_role="통장", day=dt.date(2021, 3, 31))
    assert is_eligible(role="통장", already_paid=False, **base)
    assert not is_eligible(role="반장", already_paid=False, **base)
    assert not is_eligible(role="통장", already_paid=True, **base)
    assert not is_eligible(role="통장", already_paid=False, **{**base, "ended_on": dt.date(2021, 1, 31)})


def test_lunar_holidays_of_2027_come_from_the_calendar() -> None:
    assert lunar_holiday(2027, "설") == dt.date(2027, 2, 7)
    assert lunar_holiday(2027, "추석") == dt.date(2027, 9, 15)
    # Lunar: the dates move against the solar calendar from year to year.
    assert lunar_holiday(2026, "설") == dt.date(2026, 2, 17)
    assert lunar_holiday(2028, "추석") == dt.date(2028, 10, 3)  # shares the day with 개천절


def test_due_dates_for_2027() -> None:
    due = {d.program_code + ":" + d.period.code: d.day for d in due_dates(dt.date(2027, 1, 10))}
    assert due["tong_allowance:2027-01"] == dt.date(2027, 1, 31)
    assert due["ban_gift:2027-설"] == dt.date(2027, 2, 5)  # the day before the break (2. 6.~2. 8.)
    assert due["ban_gift:2027-추석"] == dt.date(2027, 9, 13)
    assert due["tong_scholarship:2027-상반기"] == dt.date(2027, 4, 30)
    assert due["tong_insurance:2027"] == dt.date(2027, 4, 30)


def test_due_dates_roll_over_after_the_holiday_and_october() -> None:
    due = {d.program_code: d for d in due_dates(dt.date(2027, 11, 1))}
    assert due["tong_scholarship"].period.code == "2028-상반기"
    assert due["tong_insurance"].period.code == "2028"
    gifts = sorted(d.period.code for d in due_dates(dt.date(2027, 11, 1)) if d.program_code == "ban_gift")
    assert gifts == ["2028-설", "2028-추석"]
    days = [d.day for d in due_dates(dt.date(2027, 11, 1))]
    assert days == sorted(days)


def test_reversal_amount_is_the_negative() -> None:
    assert reversal_amount(300_000) == -300_000
    with pytest.raises(ValueError):
        reversal_amount(0)
    with pytest.raises(ValueError):
        reversal_amount(-5)


def test_ban_gift_rate_stays_within_the_yearly_limit() -> None:
    assert rate_problem("holiday", 25_000) is None
    assert "50,000" in (rate_problem("holiday", 25_001) or "")
    assert rate_problem("monthly", 0) is not None
    assert rate_problem("monthly", 300_000) is None
