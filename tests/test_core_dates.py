import re
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wardtui.core.dates import (
    DateParseError,
    DatePrecision,
    PartialDate,
    age_label,
    dday,
    dday_label,
    format_date,
    parse_date,
    parse_date_range,
    parse_day,
    weekday_ko,
    years_elapsed,
)

HANGUL = re.compile(r"[가-힣]")
P = PartialDate


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    d = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    precision = draw(st.sampled_from(DatePrecision))
    if precision is DatePrecision.YEAR:
        return P(d.year)
    if precision is DatePrecision.MONTH:
        return P(d.year, d.month)
    return P.of(d)


# ---- PartialDate ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "iso", "korean", "first", "last"),
    [
        (P(2021, 3, 15), "day", "2021-03-15", "2021. 3. 15.", date(2021, 3, 15), date(2021, 3, 15)),
        (P(2021, 3), "month", "2021-03", "2021. 3.", date(2021, 3, 1), date(2021, 3, 31)),
        (P(2020, 2), "month", "2020-02", "2020. 2.", date(2020, 2, 1), date(2020, 2, 29)),
        (P(2021, 2), "month", "2021-02", "2021. 2.", date(2021, 2, 1), date(2021, 2, 28)),
        (P(2021), "year", "2021", "2021년", date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_partial_date_views(
    value: PartialDate, precision: str, iso: str, korean: str, first: date, last: date
) -> None:
    assert value.precision == precision
    assert value.iso() == iso
    assert value.korean() == korean
    assert value.first_day() == first
    assert value.last_day() == last
    assert PartialDate.from_iso(iso) == value


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2021, 2, 29), "없는 날짜입니다: 2021-02-29"),
        ((2021, 4, 31), "없는 날짜입니다: 2021-04-31"),
        ((2021, 13), "없는 월"),
        ((2021, 0), "없는 월"),
        ((2021, None, 5), "월 없이"),
        ((0,), "없는 연도"),
    ],
)
def test_partial_date_validation(args: tuple, message: str) -> None:
    with pytest.raises(DateParseError, match=message):
        PartialDate(*args)


def test_partial_date_leap_day_and_of() -> None:
    assert P(2020, 2, 29).last_day() == date(2020, 2, 29)
    assert P.of(date(2006, 8, 21)) == P(2006, 8, 21)


def test_partial_date_total_order_mixes_precisions() -> None:
    values = [P(2021, 3, 1), P(2021), P(2020, 12, 31), P(2021, 3), P(2021, 2, 28), P(2020)]
    assert sorted(values) == [P(2020), P(2020, 12, 31), P(2021), P(2021, 2, 28), P(2021, 3), P(2021, 3, 1)]
    assert P(2021, 3) != P(2021, 3, 1)
    assert len({P(2021, 3), P(2021, 3), P(2021, 3, 1)}) == 2
    assert repr(P(2021, 3)) == "PartialDate(year=2021, month=3, day=None)"


@pytest.mark.parametrize(
    "text", ["", "2021-3-15", "21-03-15", "2021/03/15", "2021-03-15 ", "2021-03-15-01", "٢٠٢١", "2021.03"]
)
def test_from_iso_is_strict(text: str) -> None:
    with pytest.raises(DateParseError, match="날짜 형식이 아닙니다"):
        PartialDate.from_iso(text)


# ---- parse_date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # report styles
        ("2006.08.21", P(2006, 8, 21)),
        ("1978.12.31.", P(1978, 12, 31)),
        ("'20. 11. 16.", P(2020, 11, 16)),
        ("'20.04.09", P(2020, 4, 9)),
        ("'17. 9.", P(2017, 9)),
        ("2020. 12월", P(2020, 12)),
        ("'20. 12월", P(2020, 12)),
        ("2021. 1.", P(2021, 1)),
        # user styles
        ("2021-03-15", P(2021, 3, 15)),
        ("2021-3-5", P(2021, 3, 5)),
        ("2021/03/15", P(2021, 3, 15)),
        ("2021.3.15", P(2021, 3, 15)),
        ("2021. 3. 15.", P(2021, 3, 15)),
        ("2021 . 3 .15 .", P(2021, 3, 15)),
        ("'21. 3. 15.", P(2021, 3, 15)),
        ("’21. 3. 15.", P(2021, 3, 15)),
        ("‘21.3.15", P(2021, 3, 15)),
        ("＇21.3.15", P(2021, 3, 15)),
        ("' 21. 3. 15.", P(2021, 3, 15)),
        ("'99.1.1", P(2099, 1, 1)),
        ("'00.1.1", P(2000, 1, 1)),
        ("２０２１．３．１５", P(2021, 3, 15)),
        ("  2021-03-15\n", P(2021, 3, 15)),
        ("2021.3", P(2021, 3)),
        ("2021-03", P(2021, 3)),
        ("'21. 3.", P(2021, 3)),
        ("2021년 3월 15일", P(2021, 3, 15)),
        ("2021년3월15일", P(2021, 3, 15)),
        ("2021년 3월", P(2021, 3)),
        ("2021. 3월 15일", P(2021, 3, 15)),
        ("2021년", P(2021)),
        ("2021", P(2021)),
        ("'21", P(2021)),
        ("1900.1.1", P(1900, 1, 1)),
        ("2099.12.31", P(2099, 12, 31)),
        ("2020.2.29", P(2020, 2, 29)),
        (unicodedata.normalize("NFD", "2021년 3월 15일"), P(2021, 3, 15)),  # decomposed Hangul
        ("2021년\u00a03월", P(2021, 3)),  # no-break space
    ],
)
def test_parse_date_formats(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, default_year=1999) == expected  # explicit year wins


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12월", P(2020, 12)),
        ("3월 15일", P(2020, 3, 15)),
        ("3.31.", P(2020, 3, 31)),
        ("3.31", P(2020, 3, 31)),
        ("12. 1.", P(2020, 12, 1)),
        ("2.29.", P(2020, 2, 29)),
    ],
)
def test_parse_date_yearless(text: str, expected: PartialDate) -> None:
    assert parse_date(text, default_year=2020) == expected
    with pytest.raises(DateParseError, match="연도가 필요합니다"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "날짜를 입력하세요"),
        ("   ", "날짜를 입력하세요"),
        ("abc", "날짜 형식이 아닙니다: 'abc'"),
        ("2021-13-01", "날짜 형식이 아닙니다: '2021-13-01'"),
        ("2021.0.1", "날짜 형식이 아닙니다"),
        ("2021-02-30", "없는 날짜입니다: 2021-02-30"),
        ("2021.2.29", "없는 날짜입니다: 2021-02-29"),
        ("2021.4.0", "없는 날짜입니다: 2021-04-00"),
        ("21.3.15", "날짜 형식이 아닙니다"),  # two-digit years need the apostrophe
        ("21-03-15", "날짜 형식이 아닙니다"),
        ("'2021.3.15", "날짜 형식이 아닙니다"),
        ("'1.3.15", "날짜 형식이 아닙니다"),
        ("202.3.15", "날짜 형식이 아닙니다"),
        ("20210315", "날짜 형식이 아닙니다"),
        ("2021 3 15", "날짜 형식이 아닙니다"),
        ("2021.", "날짜 형식이 아닙니다"),
        ("2021-03-", "날짜 형식이 아닙니다"),
        ("2021.3-15", "날짜 형식이 아닙니다"),
        ("2021.3.15..", "날짜 형식이 아닙니다"),
        ("2021.3.15.1", "날짜 형식이 아닙니다"),
        ("2021.003.1", "날짜 형식이 아닙니다"),
        ("2021년 3", "날짜 형식이 아닙니다"),
        ("3일", "날짜 형식이 아닙니다"),
        ("1899.12.31", "연도는 1900~2099"),
        ("2100.1.1", "연도는 1900~2099"),
        ("2021.3.15 ~ 2021.3.16", "날짜 형식이 아닙니다"),
        ("2021\x00.3.15", "날짜 형식이 아닙니다: '2021\\\\u0000.3.15'"),
        ("2021.3.15\t10", "날짜 형식이 아닙니다"),
        ("2021%3%15", "날짜 형식이 아닙니다"),
        ("2021_03_15", "날짜 형식이 아닙니다"),
        ('"2021.3.15"', "날짜 형식이 아닙니다"),
        ("''21.3.15", "날짜 형식이 아닙니다"),
        ("٢٠٢١.٣.١٥", "날짜 형식이 아닙니다"),  # Arabic-Indic digits
        ("12.", "날짜 형식이 아닙니다"),  # a bare number only means something inside a range
        ("1" * 10_000, "날짜 형식이 아닙니다: '1{30}…'"),
        ("2021.3.15" + " " * 10_000, "날짜 형식이 아닙니다"),
    ],
)
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(DateParseError, match=message) as info:
        parse_date(text, default_year=2020 if text == "12." else None)
    assert HANGUL.search(str(info.value))
    assert len(str(info.value)) < 120


@pytest.mark.parametrize(
    "text", ["1" * 10_000, "2021.3.15" + " " * 10_000, "가" * 10_000, "２０２１" * 2_500],
    ids=["digits", "trailing-spaces", "hangul", "full-width"],
)
def test_a_long_input_is_read_only_as_far_as_a_bounded_prefix(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """However long the input, the parser normalises and tokenises at most a fixed prefix of
    it, so its work is bounded whatever the machine (the speed itself is `python -m bench`'s)."""
    from wardtui.core import dates

    handed: list[int] = []  # lengths of what each stage was given

    class Normalizer:
        def __getattr__(self, name: str) -> object:
            return getattr(unicodedata, name)

        def normalize(self, form: str, s: str) -> str:
            handed.append(len(s))
            return unicodedata.normalize(form, s)

    tokenize = dates._tokenize
    monkeypatch.setattr(dates, "unicodedata", Normalizer())
    monkeypatch.setattr(dates, "_tokenize", lambda s, whole: handed.append(len(s)) or tokenize(s, whole))
    for parse in (parse_date, parse_date_range):
        handed.clear()
        with pytest.raises(DateParseError, match="날짜 형식이 아닙니다"):
            parse(text)
        assert handed and max(handed) <= 2 * dates._MAX_INPUT, handed


def test_parse_day() -> None:
    assert parse_day("2021-03-15") == date(2021, 3, 15)
    assert parse_day("'24. 4. 10.") == date(2024, 4, 10)
    for text in ("2021. 3.", "2021", "2021년 3월"):
        with pytest.raises(DateParseError, match="일까지 입력하세요"):
            parse_day(text)
    with pytest.raises(DateParseError, match="연도가 필요합니다"):
        parse_day("3.15.")


# ---- parse_date_range -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "default_year", "start", "end"),
    [
        ("2021. 3. 15.", None, P(2021, 3, 15), None),
        ("'17. 9. ~ '18. 10", None, P(2017, 9), P(2018, 10)),
        ("'19. 2.~'20. 8.", None, P(2019, 2), P(2020, 8)),
        ("'20. 11. 14. ~ 11. 15.", None, P(2020, 11, 14), P(2020, 11, 15)),
        ("'20. 11. 14. ～ 15.", None, P(2020, 11, 14), P(2020, 11, 15)),
        ("'20.04.09 ~ '21.04.08", None, P(2020, 4, 9), P(2021, 4, 8)),
        ("2016. 9. ~ 2020. 10.", None, P(2016, 9), P(2020, 10)),
        ("'20. 1~3월", None, P(2020, 1), P(2020, 3)),
        ("'20. 1~3월", 1999, P(2020, 1), P(2020, 3)),
        ("1~3월", 2020, P(2020, 1), P(2020, 3)),
        ("'20. 11~12월", None, P(2020, 11), P(2020, 12)),
        ("4 ~ 5월", 2021, P(2021, 4), P(2021, 5)),
        ("2.17. ~ 3.31.", 2020, P(2020, 2, 17), P(2020, 3, 31)),
        ("'20. 5월 ~ 11월", None, P(2020, 5), P(2020, 11)),
        ("'20. 1.31. ~ 10.31.", None, P(2020, 1, 31), P(2020, 10, 31)),
        ("'20. 1. ~ 12.", None, P(2020, 1), P(2020, 12)),
        ("2021. 1. ~", None, P(2021, 1), None),
        ("2016 ~ 2020", None, P(2016), P(2020)),
        ("2021-03-01 ~ 2021-03-31", None, P(2021, 3, 1), P(2021, 3, 31)),
        ("2021. 3. 15. ~ 2021. 3.", None, P(2021, 3, 15), P(2021, 3)),  # end month still contains start
        ("2021. 3. 15. ~ 2021. 3. 15.", None, P(2021, 3, 15), P(2021, 3, 15)),
        ("12.1. ~ 2021. 1. 5.", 2020, P(2020, 12, 1), P(2021, 1, 5)),
    ],
)
def test_parse_date_range(
    text: str, default_year: int | None, start: PartialDate, end: PartialDate | None
) -> None:
    assert parse_date_range(text, default_year=default_year) == (start, end)


@pytest.mark.parametrize(
    ("text", "default_year", "message"),
    [
        ("", None, "날짜를 입력하세요"),
        ("~", None, "날짜 형식이 아닙니다"),
        ("~ 2021. 3.", None, "날짜 형식이 아닙니다"),
        ("2021. 1. ~ 2. ~ 3.", None, "날짜 형식이 아닙니다"),
        ("2021.3.1 - 2021.3.5", None, "날짜 형식이 아닙니다"),  # '-' is not a range mark
        ("'20. 11~1월", None, "끝 날짜가 시작 날짜보다 앞섭니다"),
        ("2021. 3. 15. ~ 2021. 3. 14.", None, "끝 날짜가 시작 날짜보다 앞섭니다"),
        ("'20. 3. ~ '19. 12.", None, "끝 날짜가 시작 날짜보다 앞섭니다"),
        ("1~3월", None, "연도가 필요합니다"),
        ("2.17. ~ 3.31.", None, "연도가 필요합니다"),
        ("1~3", 2020, "날짜 형식이 아닙니다"),  # bare numbers on both sides are ambiguous
        ("2016 ~ 20", None, "날짜 형식이 아닙니다"),
        ("'20. 1. ~ 13.", None, "날짜 형식이 아닙니다"),
        ("'20. 2. 1. ~ 30.", None, "없는 날짜입니다: 2020-02-30"),
        ("2021.1.1 ~ x", None, "날짜 형식이 아닙니다"),
        ("~" * 10_000, None, "날짜 형식이 아닙니다"),
    ],
)
def test_parse_date_range_rejects(text: str, default_year: int | None, message: str) -> None:
    with pytest.raises(DateParseError, match=message) as info:
        parse_date_range(text, default_year=default_year)
    assert HANGUL.search(str(info.value))


# ---- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "today", "days", "label"),
    [
        (date(2024, 4, 10), date(2024, 3, 18), 23, "D-23"),
        (date(2024, 4, 10), date(2024, 4, 10), 0, "D-day"),
        (date(2024, 4, 10), date(2024, 4, 13), -3, "D+3"),
        (date(2025, 1, 1), date(2024, 12, 31), 1, "D-1"),
        (date(2024, 3, 1), date(2024, 2, 28), 2, "D-2"),  # leap year
    ],
)
def test_dday(target: date, today: date, days: int, label: str) -> None:
    assert dday(target, today) == days
    assert dday_label(target, today) == label


@pytest.mark.parametrize(
    ("since", "today", "years"),
    [
        (date(1990, 5, 10), date(2024, 5, 9), 33),
        (date(1990, 5, 10), date(2024, 5, 10), 34),
        (date(1990, 5, 10), date(2024, 12, 31), 34),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 28), 3),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
        (date(2024, 1, 1), date(2024, 1, 1), 0),
        (date(2023, 12, 31), date(2024, 1, 1), 0),
    ],
)
def test_years_elapsed(since: date, today: date, years: int) -> None:
    assert years_elapsed(since, today) == years


def test_format_date_and_weekday() -> None:
    assert format_date(date(2006, 8, 21)) == "2006. 8. 21."
    assert format_date(date(2021, 12, 1)) == "2021. 12. 1."
    assert weekday_ko(date(2006, 8, 21)) == "월"
    assert [weekday_ko(date(2024, 4, 8) + timedelta(days=i)) for i in range(7)] == list("월화수목금토일")


# ---- properties -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(partial_dates())
def test_iso_and_korean_round_trip(value: PartialDate) -> None:
    assert PartialDate.from_iso(value.iso()) == value
    assert parse_date(value.iso()) == value
    assert parse_date(value.korean()) == value


@settings(max_examples=200, deadline=None)
@given(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
def test_format_date_round_trips_through_parse_day(d: date) -> None:
    assert parse_day(format_date(d)) == d
    if d.year >= 2000:
        assert parse_day(f"'{d.year % 100:02d}. {d.month}. {d.day}.") == d


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.text("0123456789.-/~년월일' ", max_size=30))
def test_parse_date_raises_only_date_parse_error(text: str) -> None:
    for call in (parse_date, parse_date_range):
        try:
            call(text, default_year=2020)
        except DateParseError as error:
            assert HANGUL.search(str(error))


@settings(max_examples=200, deadline=None)
@given(partial_dates(), partial_dates())
def test_range_round_trip(a: PartialDate, b: PartialDate) -> None:
    start, end = sorted([a, b], key=lambda p: (p.first_day(), p.last_day()))
    assert parse_date_range(f"{start.korean()} ~ {end.korean()}") == (start, end)
    assert parse_date_range(f"{start.iso()}~{end.iso()}") == (start, end)
    if end.first_day() > start.last_day():  # reversed, the two do not even overlap
        with pytest.raises(DateParseError, match="앞섭니다"):
            parse_date_range(f"{end.iso()} ~ {start.iso()}")


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.dates())
def test_years_elapsed_matches_anniversary_definition(since: date, today: date) -> None:
    years = years_elapsed(since, today)
    if today >= since:
        assert years >= 0
        # The next anniversary (Feb 29 → Mar 1 in common years) has not arrived yet.
        def anniversary(n: int) -> date:
            try:
                return since.replace(year=since.year + n)
            except ValueError:
                return date(since.year + n, 3, 1)

        assert since.year + years + 1 > 9999 or anniversary(years + 1) > today
        assert anniversary(years) <= today


def test_age_label_before_and_after_completion() -> None:
    built = date(2020, 9, 15)
    assert age_label(built, date(2026, 11, 24)) == "6년"
    assert age_label(built, date(2020, 9, 15)) == "0년"
    assert age_label(built, date(2000, 1, 1)) == "준공 전"  # never a negative age
    assert age_label(None, date(2026, 11, 24)) == ""


def test_facilities_cli_shows_no_negative_age(run_cli, db_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--db", str(db_path), "--today", "2000-01-01", "facilities", "신길4동")
    assert code == 0, err
    assert "준공 전" in out and "-" + "20년" not in out
