"""The one date parser (report and user formats) plus the D-day and age rules."""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "DateParseError",
    "DatePrecision",
    "PartialDate",
    "age_label",
    "dday",
    "dday_label",
    "format_date",
    "parse_date",
    "parse_date_range",
    "parse_day",
    "weekday_ko",
    "years_elapsed",
]

_MIN_YEAR, _MAX_YEAR = 1900, 2099
_MAX_INPUT = 80  # longest real input ("'20. 11. 14. ~ 2021. 11. 15.") is far shorter
_EXAMPLES = "(예: 2021-03-15, 2021.3.15, '21. 3. 15.)"
_APOSTROPHES = str.maketrans({"‘": "'", "’": "'", "＇": "'", "`": "'", "～": "~", "〜": "~"})
_SEPARATORS = ".-/"
_UNITS = "년월일"


class DateParseError(ValueError):
    """Invalid date input; ``str()`` is a short Korean message for the user."""


def _shown(text: str) -> str:
    """Quote user input for an error message: truncated, control characters escaped."""
    cut = text if len(text) <= 30 else text[:30] + "…"
    return "'" + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in cut) + "'"


def _format_error(text: str) -> DateParseError:
    return DateParseError(f"날짜 형식이 아닙니다: {_shown(text)} {_EXAMPLES}")


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A day, a month or a year. Orders as year < its months < their days."""

    # Hidden first field so ordering never compares None with int.
    _key: tuple[int, int, int] = field(init=False, repr=False)
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateParseError(f"없는 연도입니다: {self.year}")
        if self.month is None:
            if self.day is not None:
                raise DateParseError("월 없이 일만 지정할 수 없습니다")
        elif not 1 <= self.month <= 12:
            raise DateParseError(f"없는 월입니다: {self.year}-{self.month:02d}")
        elif self.day is not None and not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
            raise DateParseError(f"없는 날짜입니다: {self.year:04d}-{self.month:02d}-{self.day:02d}")
        object.__setattr__(self, "_key", (self.year, self.month or 0, self.day or 0))

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.YEAR if self.month is None else DatePrecision.MONTH

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """'2021-03-15', '2021-03' or '2021'."""
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)

    def korean(self) -> str:
        """'2021. 3. 15.', '2021. 3.' or '2021년' (the office's display style)."""
        if self.month is None:
            return f"{self.year}년"
        return " ".join(f"{n}." for n in (self.year, self.month, self.day) if n is not None)

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Inverse of :meth:`iso`; strict (no other formats)."""
        parts = text.split("-")
        widths = (4, 2, 2)
        if not 1 <= len(parts) <= 3 or any(
            len(p) != w or not (p.isascii() and p.isdigit()) for p, w in zip(parts, widths)
        ):
            raise _format_error(text)
        return cls(*(int(p) for p in parts))

    @classmethod
    def of(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day)


# ---- parsing ------------------------------------------------------------------------------


@dataclass
class _Num:
    value: int
    digits: int
    apostrophe: bool


_Token = _Num | str  # str tokens: one of ".-/~년월일"


@dataclass
class _Raw:
    """One side of a range before context is applied; ``lone`` is a bare number like '12.'."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    lone: int | None = None
    month_unit: bool = False  # written with 월 ("3월"), so a bare number before '~' is a month


def _prepare(text: str) -> str:
    s = unicodedata.normalize("NFKC", text[: _MAX_INPUT * 2]).translate(_APOSTROPHES).strip()
    if len(text) > _MAX_INPUT * 2 or len(s) > _MAX_INPUT:
        raise _format_error(text)
    if not s:
        raise DateParseError("날짜를 입력하세요 " + _EXAMPLES)
    return s


def _tokenize(s: str, text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == " ":
            i += 1
        elif ch == "'" or ch in "0123456789":
            apostrophe = ch == "'"
            if apostrophe:
                i += 1
                while i < n and s[i] == " ":
                    i += 1
            start = i
            while i < n and s[i] in "0123456789":
                i += 1
            if i == start:
                raise _format_error(text)
            tokens.append(_Num(int(s[start:i]), i - start, apostrophe))
        elif ch in _SEPARATORS or ch in _UNITS or ch == "~":
            tokens.append(ch)
            i += 1
        else:
            raise _format_error(text)
    return tokens


def _year(tok: _Num, text: str) -> int:
    year = 2000 + tok.value if tok.apostrophe else tok.value
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise DateParseError(f"연도는 {_MIN_YEAR}~{_MAX_YEAR} 사이여야 합니다: {_shown(text)}")
    return year


def _parse_side(tokens: list[_Token], text: str) -> _Raw:
    """Parse one date expression: Y[.M[.D]], Y년 M월 D일, M월 [D일], M.D., or a bare number."""
    pos = 0

    def num(max_digits: int) -> int:
        nonlocal pos
        tok = tokens[pos] if pos < len(tokens) else None
        if not isinstance(tok, _Num) or tok.apostrophe or tok.digits > max_digits:
            raise _format_error(text)
        pos += 1
        return tok.value

    def take(symbols: str) -> str | None:
        nonlocal pos
        tok = tokens[pos] if pos < len(tokens) else None
        if isinstance(tok, str) and tok in symbols:
            pos += 1
            return tok
        return None

    raw = _Raw()
    first = tokens[0] if tokens else None
    if not isinstance(first, _Num):
        raise _format_error(text)
    values: list[int] = []  # month, day after the optional year
    sep: str | None = None
    if (first.apostrophe and first.digits == 2) or (not first.apostrophe and first.digits == 4):
        pos = 1
        raw.year = _year(first, text)
        if take("년"):
            if pos < len(tokens):
                values.append(num(2))
                if not take("월"):
                    raise _format_error(text)
                raw.month_unit = True
                if pos < len(tokens):
                    values.append(num(2))
                    if not take("일"):
                        raise _format_error(text)
        elif pos < len(tokens):
            sep = take(_SEPARATORS)
            if sep is None:
                raise _format_error(text)
    if raw.year is None or sep is not None:
        # Up to two numbers joined by the same separator, each optionally closed by 월/일.
        while pos < len(tokens) and len(values) < 2:
            values.append(num(2))
            unit = take("월" if len(values) == 1 else "일")
            if unit:
                raw.month_unit = raw.month_unit or unit == "월"
                continue
            nxt = take(_SEPARATORS)
            if nxt is None:
                break
            if sep is None:
                sep = nxt
            elif nxt != sep:
                raise _format_error(text)
        if sep is not None and sep != "." and isinstance(tokens[-1], str) and tokens[-1] in _SEPARATORS:
            raise _format_error(text)  # "2021-03-" : only the dot style has a closing dot
    if pos != len(tokens) or (raw.year is not None and sep is not None and not values):
        raise _format_error(text)
    if raw.year is None and len(values) == 1 and not raw.month_unit:
        raw.lone = values[0]
    else:
        raw.month = values[0] if values else None
        raw.day = values[1] if len(values) > 1 else None
    return raw


def _build(text: str, year: int | None, month: int | None, day: int | None) -> PartialDate:
    if year is None:
        raise DateParseError(f"연도가 필요합니다: {_shown(text)} (예: 2021. 3. 31.)")
    if month is not None and not 1 <= month <= 12:
        raise _format_error(text)
    return PartialDate(year, month, day)


def _resolve(raw: _Raw, text: str, default_year: int | None) -> PartialDate:
    if raw.lone is not None:
        raise _format_error(text)
    return _build(text, raw.year if raw.year is not None else default_year, raw.month, raw.day)


def parse_date(text: str, *, default_year: int | None = None) -> PartialDate:
    """Parse one day, month or year in any report or user format (see module tests).

    Two-digit years need a leading apostrophe ('21 → 2021). Year-less input such as
    ``3.31.`` or ``12월`` takes ``default_year`` and is an error without it.
    """
    s = _prepare(text)
    tokens = _tokenize(s, text)
    if "~" in tokens:
        raise _format_error(text)
    return _resolve(_parse_side(tokens, text), text, default_year)


def parse_day(text: str) -> date:
    """Parse a full date (day precision), e.g. for ``--today`` and election days."""
    parsed = parse_date(text)
    if parsed.precision is not DatePrecision.DAY:
        raise DateParseError(f"일까지 입력하세요: {_shown(text)} (예: 2021. 3. 15.)")
    return parsed.first_day()


def parse_date_range(
    text: str, *, default_year: int | None = None
) -> tuple[PartialDate, PartialDate | None]:
    """Parse ``start ~ end`` (``~`` or ``～`` only, since '-' appears inside ISO dates).

    A single date gives ``(d, None)``; an open range such as ``2021. 1. ~`` also gives
    ``(start, None)``. A year-less end inherits the start's year; a bare number at the
    end keeps the start's precision (``'20. 1. ~ 12.`` is Jan..Dec 2020, ``'20. 11. 14. ~ 15.``
    ends on Nov 15); a bare number at the start takes a month from a ``월`` end (``1~3월``).
    """
    s = _prepare(text)
    tokens = _tokenize(s, text)
    if "~" not in tokens:
        return _resolve(_parse_side(tokens, text), text, default_year), None
    cut = tokens.index("~")
    left, right = tokens[:cut], tokens[cut + 1 :]
    if "~" in right:
        raise _format_error(text)
    start_raw = _parse_side(left, text)
    end_raw = _parse_side(right, text) if right else None
    if start_raw.lone is not None:
        if end_raw is None or not end_raw.month_unit:
            raise _format_error(text)
        year = end_raw.year if end_raw.year is not None else default_year
        start = _build(text, year, start_raw.lone, None)
    else:
        start = _resolve(start_raw, text, default_year)
    if end_raw is None:
        return start, None
    if end_raw.year is not None:
        end = _build(text, end_raw.year, end_raw.month, end_raw.day)
    elif end_raw.lone is None:
        end = _build(text, start.year, end_raw.month, end_raw.day)
    elif start.precision is DatePrecision.DAY:
        end = _build(text, start.year, start.month, end_raw.lone)
    elif start.precision is DatePrecision.MONTH:
        end = _build(text, start.year, end_raw.lone, None)
    else:
        raise _format_error(text)
    if end.last_day() < start.first_day():
        raise DateParseError(f"끝 날짜가 시작 날짜보다 앞섭니다: {_shown(text)}")
    return start, end


# ---- rules --------------------------------------------------------------------------------


def dday(target: date, today: date) -> int:
    """Days from ``today`` to ``target`` (negative once it has passed)."""
    return (target - today).days


def dday_label(target: date, today: date) -> str:
    """'D-23' before the day, 'D-day' on it, 'D+3' after."""
    days = dday(target, today)
    if days == 0:
        return "D-day"
    return f"D-{days}" if days > 0 else f"D+{-days}"


def years_elapsed(since: date, today: date) -> int:
    """Full years completed (만 나이); a Feb 29 anniversary completes on Mar 1 in common years."""
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def age_label(completed_on: date | None, today: date) -> str:
    """A building's age as shown: '20년'; '준공 전' for a reference day before completion."""
    if completed_on is None:
        return ""
    if completed_on > today:
        return "준공 전"
    return f"{years_elapsed(completed_on, today)}년"


def format_date(d: date) -> str:
    """'2006. 8. 21.'"""
    return f"{d.year}. {d.month}. {d.day}."


def weekday_ko(d: date) -> str:
    """'월' .. '일'."""
    return "월화수목금토일"[d.weekday()]
