import ast
import inspect
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wardtui.core import money
from wardtui.core.money import (
    AmountParseError,
    format_area,
    format_number,
    format_rate,
    format_thousand,
    format_won,
    parse_area,
    parse_won,
    rate_percent,
    thousand_won,
)

HANGUL = re.compile(r"[가-힣]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,000", 1_234_000),
        ("1234000", 1_234_000),
        ("1,234,000원", 1_234_000),
        ("1,234,000 원", 1_234_000),
        ("1,234천원", 1_234_000),
        ("1,234 천원", 1_234_000),
        ("8,811백만원", 8_811_000_000),
        ("3만원", 30_000),
        ("2억원", 200_000_000),
        ("1.5천원", 1_500),
        ("11,323.37천원", 11_323_370),
        ("0.001천원", 1),
        ("1,234.00원", 1_234),
        ("１，２３４，０００원", 1_234_000),  # full-width digits and comma
        ("₩1,000", 1_000),
        ("￦ 1,000", 1_000),
        ("  500원\n", 500),
        ("0", 0),
        ("007", 7),
        ("12,34,5", 12_345),  # misplaced commas are only separators
        ("1000000000000000", 10**15),
    ],
)
def test_parse_won(text: str, expected: int) -> None:
    value = parse_won(text)
    assert value == expected
    assert type(value) is int
    assert parse_won(text, allow_negative=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("△1,000", -1_000), ("△ 1,234천원", -1_234_000), ("-500원", -500), ("−2,000", -2_000), ("△0", 0)],
)
def test_parse_won_negative(text: str, expected: int) -> None:
    assert parse_won(text, allow_negative=True) == expected
    with pytest.raises(AmountParseError, match="^음수 금액은 입력할 수 없습니다$"):
        parse_won(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "금액을 입력하세요"),
        ("  ", "금액을 입력하세요"),
        ("abc", re.escape("금액 형식이 아닙니다: 'abc' (예: 1,234,000 / 1234000 / 1,234천원)")),
        ("1.5", "원 단위로 나누어떨어지지 않는"),
        ("1.2345천원", "원 단위로 나누어떨어지지 않는"),
        ("1000000000000001", "금액이 너무 큽니다"),
        ("9" * 40, "금액이 너무 큽니다"),
        ("1,234천", "금액 형식이 아닙니다"),
        ("1,234달러", "금액 형식이 아닙니다"),
        ("천원", "금액 형식이 아닙니다"),
        (",100", "금액 형식이 아닙니다"),
        ("1 234", "금액 형식이 아닙니다"),
        ("1.", "금액 형식이 아닙니다"),
        (".5천원", "금액 형식이 아닙니다"),
        ("1e3", "금액 형식이 아닙니다"),
        ("1_000", "금액 형식이 아닙니다"),
        ("100%", "금액 형식이 아닙니다"),
        ("'100'", "금액 형식이 아닙니다"),
        ("--1", "금액 형식이 아닙니다"),
        ("1,000\x00", "금액 형식이 아닙니다: '1,000\\\\u0000'"),
        ("1,000\t원", "금액 형식이 아닙니다"),
        ("١٢٣", "금액 형식이 아닙니다"),  # Arabic-Indic digits are not won
        ("1" * 10_000, "금액 형식이 아닙니다: '1{30}…'"),
        ("1,000" + " " * 10_000, "금액 형식이 아닙니다"),
    ],
)
def test_parse_won_rejects(text: str, message: str) -> None:
    with pytest.raises(AmountParseError, match=message) as info:
        parse_won(text, allow_negative=True)
    assert HANGUL.search(str(info.value))


@pytest.mark.parametrize(
    "text", ["1" * 10_000, "1,000" + " " * 10_000, "1" + "," * 10_000 + "원", "１" * 10_000],
    ids=["digits", "trailing-spaces", "commas", "full-width"],
)
def test_a_long_amount_never_reaches_the_pattern(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The patterns only ever see a bounded input, so no input can make them backtrack for
    long, whatever the machine (the speed itself is `python -m bench`'s)."""
    handed: list[int] = []

    class Watched:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def __getattr__(self, name: str) -> object:
            method = getattr(self.pattern, name)

            def call(s: str, *args: object) -> object:
                handed.append(len(s))
                return method(s, *args)

            return call

    monkeypatch.setattr(money, "_AMOUNT", Watched(money._AMOUNT))
    monkeypatch.setattr(money, "_AREA", Watched(money._AREA))
    for parse in (lambda t: parse_won(t, allow_negative=True), parse_area):
        with pytest.raises(AmountParseError):
            parse(text)
        parse("1,234")  # the watch itself works: a short input does reach the pattern
    assert handed and max(handed) <= money._MAX_INPUT, handed


def test_decomposed_hangul_unit_is_accepted() -> None:
    import unicodedata

    assert parse_won(unicodedata.normalize("NFD", "1,234천원")) == 1_234_000


def test_thousand_won_and_formats() -> None:
    assert thousand_won(1_234) == 1_234_000
    assert thousand_won(0) == 0
    assert format_won(1_234_000) == "1,234,000원"
    assert format_won(0) == "0원"
    assert format_won(-1_000) == "△1,000원"
    assert format_number(1_234) == "1,234"
    assert format_number(-1_234) == "-1,234"
    assert format_number(999) == "999"


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (1_234_000, "1,234"),
        (11_323_370, "11,323.37"),
        (11_323_375, "11,323.375"),
        (11_323_300, "11,323.3"),
        (500, "0.5"),
        (0, "0"),
        (-1_500, "△1.5"),
        (8_811_000_000, "8,811,000"),
    ],
)
def test_format_thousand(won: int, expected: str) -> None:
    assert format_thousand(won) == expected
    assert parse_won(expected.replace("△", "-") + "천원", allow_negative=True) == won


@pytest.mark.parametrize(
    ("executed", "budget", "expected", "label"),
    [
        (979, 1000, Decimal("97.9"), "97.9%"),
        (1, 16, Decimal("6.3"), "6.3%"),  # 6.25 rounds half-UP, not to even
        (1, 80, Decimal("1.3"), "1.3%"),  # 1.25
        (1, 3, Decimal("33.3"), "33.3%"),
        (2, 3, Decimal("66.7"), "66.7%"),
        (5, 5, Decimal("100.0"), "100.0%"),
        (0, 5, Decimal("0.0"), "0.0%"),
        (30, 2, Decimal("1500.0"), "1,500.0%"),
        (-1, 16, Decimal("-6.3"), "-6.3%"),
        (10**15 - 1, 10**15, Decimal("100.0"), "100.0%"),
        (1, 10**15, Decimal("0.0"), "0.0%"),
    ],
)
def test_rate_percent(executed: int, budget: int, expected: Decimal, label: str) -> None:
    rate = rate_percent(executed, budget)
    assert rate == expected
    assert isinstance(rate, Decimal)
    assert rate.as_tuple().exponent == -1
    assert format_rate(rate) == label


def test_rate_without_budget() -> None:
    assert rate_percent(100, 0) is None
    assert format_rate(None) == "—"


@pytest.mark.parametrize(
    ("hundredths", "text"),
    [(188_677, "1,886.77"), (56_500, "565.00"), (79_200, "792.00"), (14_070, "140.70"), (5, "0.05"), (0, "0.00")],
)
def test_format_area(hundredths: int, text: str) -> None:
    assert format_area(hundredths) == text
    assert parse_area(text) == hundredths


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,886.77", 188_677),
        ("792", 79_200),
        ("140.7", 14_070),
        ("565.00", 56_500),
        ("0.05", 5),
        ("１，８８６．７７", 188_677),
        ("565㎡", 56_500),
        ("565 m²", 56_500),
        ("565m2", 56_500),
    ],
)
def test_parse_area(text: str, expected: int) -> None:
    assert parse_area(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "면적을 입력하세요"),
        ("1.234", "면적 형식이 아닙니다"),
        ("-5", "면적 형식이 아닙니다"),
        ("abc", "면적 형식이 아닙니다"),
        ("5평", "면적 형식이 아닙니다"),
        ("5\x00", "면적 형식이 아닙니다"),
        ("9" * 30, "면적이 너무 큽니다"),
        ("9" * 10_000, "면적 형식이 아닙니다"),
    ],
)
def test_parse_area_rejects(text: str, message: str) -> None:
    with pytest.raises(AmountParseError, match=message):
        parse_area(text)


def test_no_float_in_module() -> None:
    tree = ast.parse(inspect.getsource(money))
    floats = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, float)]
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "float"]
    assert not floats and not calls


# ---- properties -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**13))
def test_format_won_round_trip(won: int) -> None:
    assert parse_won(format_won(won)) == won
    assert parse_won(format_number(won)) == won
    assert parse_won(format_thousand(won) + "천원") == won
    assert parse_won(format_won(-won), allow_negative=True) == -won


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**13))
def test_format_area_round_trip(hundredths: int) -> None:
    assert parse_area(format_area(hundredths)) == hundredths


@settings(max_examples=300, deadline=None)
@given(st.integers(-(10**15), 10**15), st.integers(-(10**15), 10**15).filter(bool))
def test_rate_is_exact_half_up(executed: int, budget: int) -> None:
    rate = rate_percent(executed, budget)
    assert rate is not None
    exact = Decimal(executed) * 100 / Decimal(budget)  # 28 significant digits suffice here
    assert abs(rate - exact) <= Decimal("0.05")
    assert rate == exact.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.text("0123456789,.원천만억백△- ", max_size=20))
def test_parse_raises_only_amount_parse_error(text: str) -> None:
    for call in (parse_won, parse_area):
        try:
            value = call(text)
        except AmountParseError as error:
            assert HANGUL.search(str(error))
        else:
            assert type(value) is int and 0 <= value <= 10**15
