"""Money as integer won (never float), budget execution rates, and areas in 1/100 m²."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

__all__ = [
    "AmountParseError",
    "format_area",
    "format_number",
    "format_rate",
    "format_thousand",
    "format_won",
    "parse_area",
    "parse_won",
    "rate_percent",
    "thousand_won",
]

MAX_WON = 10**15
_MAX_AREA = 10**15  # hundredths of m²
_MAX_INPUT = 64
_NEGATIVE = "△"  # the report's minus sign
_UNITS = {"": 1, "원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}
# Linear: one digit run (commas allowed) and an optional fraction; no nested quantifiers.
_AMOUNT = re.compile(r"(?P<sign>[-−△]?)\s*₩?\s*(?P<int>[0-9][0-9,]*)(?:\.(?P<frac>[0-9]+))?\s*(?P<unit>[천만억백]*원?)")
_AREA = re.compile(r"(?P<int>[0-9][0-9,]*)(?:\.(?P<frac>[0-9]+))?\s*(?:m2)?")


class AmountParseError(ValueError):
    """Invalid amount or area input; ``str()`` is a short Korean message for the user."""


def _shown(text: str) -> str:
    cut = text if len(text) <= 30 else text[:30] + "…"
    return "'" + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in cut) + "'"


def _prepare(text: str) -> str | None:
    """NFKC (full-width digits), stripped; None when too long or holding control characters."""
    if len(text) > _MAX_INPUT * 2:
        return None
    s = unicodedata.normalize("NFKC", text).strip()
    return s if len(s) <= _MAX_INPUT and s.isprintable() else None


def _scaled(int_part: str, frac: str | None, scale: int) -> int | None:
    """int_part.frac × scale as an exact integer, or None if not whole."""
    digits = int_part.replace(",", "") + (frac or "")
    value, rest = divmod(int(digits) * scale, 10 ** len(frac or ""))
    return None if rest else value


def parse_won(text: str, *, allow_negative: bool = False) -> int:
    """Parse '1,234,000', '1,234,000원', '1,234천원' (×1,000), '8,811백만원' (×1,000,000),
    '1.5천원' (whole won only), '△1,000' (negative, only with ``allow_negative``)."""
    s = _prepare(text)
    if s == "":
        raise AmountParseError("금액을 입력하세요 (예: 1,234,000 / 1234000 / 1,234천원)")
    m = _AMOUNT.fullmatch(s) if s is not None else None
    if m is None or m["unit"] not in _UNITS:
        raise AmountParseError(f"금액 형식이 아닙니다: {_shown(text)} (예: 1,234,000 / 1234000 / 1,234천원)")
    if m["sign"] and not allow_negative:
        raise AmountParseError("음수 금액은 입력할 수 없습니다")
    won = _scaled(m["int"], m["frac"], _UNITS[m["unit"]])
    if won is None:
        raise AmountParseError(f"원 단위로 나누어떨어지지 않는 금액입니다: {_shown(text)}")
    if won > MAX_WON:
        raise AmountParseError(f"금액이 너무 큽니다: {_shown(text)} (최대 {MAX_WON:,}원)")
    return -won if m["sign"] else won


def thousand_won(n_thousand: int) -> int:
    """An amount the report gives in 천원, as won."""
    return n_thousand * 1000


def _signed(won: int, body: str) -> str:
    return _NEGATIVE + body if won < 0 else body


def format_number(n: int) -> str:
    """'1,234' (plain '-' for negatives)."""
    return f"{n:,}"


def format_won(won: int) -> str:
    """'1,234,000원'; negatives in the report's style, '△1,000원'."""
    return _signed(won, f"{abs(won):,}원")


def format_thousand(won: int) -> str:
    """Won shown in 천원 units without a unit: '1,234' or, if not whole, '11,323.37'."""
    thousands, rest = divmod(abs(won), 1000)
    frac = f"{rest:03d}".rstrip("0")
    return _signed(won, f"{thousands:,}" + (f".{frac}" if frac else ""))


def rate_percent(executed: int, budget: int) -> Decimal | None:
    """executed / budget × 100, rounded half-up to one decimal; None when budget is 0."""
    if budget == 0:
        return None
    negative = (executed < 0) != (budget < 0)
    # Exact integer half-up rounding of tenths of a percent: no float, no Decimal context.
    tenths = (2 * abs(executed) * 1000 + abs(budget)) // (2 * abs(budget))
    return Decimal(-tenths if negative else tenths).scaleb(-1)


def format_rate(rate: Decimal | None) -> str:
    """'97.9%', or '—' when there is no rate."""
    return "—" if rate is None else f"{rate:,.1f}%"


def format_area(hundredths: int) -> str:
    """Area stored as integer 1/100 m² → '1,886.77'."""
    whole, cents = divmod(abs(hundredths), 100)
    return ("-" if hundredths < 0 else "") + f"{whole:,}.{cents:02d}"


def parse_area(text: str) -> int:
    """'1,886.77' → 188677, '792' → 79200, '140.7' → 14070 (optional '㎡'/'m²' suffix)."""
    s = _prepare(text)
    if s == "":
        raise AmountParseError("면적을 입력하세요 (예: 1,886.77)")
    m = _AREA.fullmatch(s) if s is not None else None
    if m is None or len(m["frac"] or "") > 2:
        raise AmountParseError(f"면적 형식이 아닙니다: {_shown(text)} (예: 1,886.77 / 792, 소수점 둘째 자리까지)")
    value = int(m["int"].replace(",", "")) * 100 + int((m["frac"] or "").ljust(2, "0"))
    if value > _MAX_AREA:
        raise AmountParseError(f"면적이 너무 큽니다: {_shown(text)}")
    return value
