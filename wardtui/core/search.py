"""The one search matcher shared by every screen and the CLI.

A query matches a field when it occurs contiguously in it after both are normalised,
where Hangul initial consonants (초성) stand for whole syllables and the last query
syllable may still be missing its final consonant (the user is mid-IME).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FIELD_SEPARATOR", "SearchTerms", "initials", "match_patterns", "matches", "normalize", "search_key", "search_terms",
]

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
_PER_INITIAL = 588  # 21 medials x 28 finals
_FINALS = 28
# Hangul Compatibility Jamo for the 19 initial consonants, in Unicode syllable order.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_INITIAL_INDEX = {jamo: i for i, jamo in enumerate(_INITIALS)}
_REGEX_MAX_QUERY = 64


def normalize(text: str) -> str:
    """NFC-normalise, casefold, and drop whitespace and control/format characters."""
    folded = unicodedata.normalize("NFC", text).casefold()
    if folded.isprintable():  # fast path: only ASCII space can need removing
        return folded.replace(" ", "")
    return "".join(
        ch for ch in folded if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    )


def _initial_of(ch: str) -> str:
    code = ord(ch)
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        return _INITIALS[(code - _SYLLABLE_FIRST) // _PER_INITIAL]
    return ch


def initials(text: str) -> str:
    """Normalise ``text`` and replace each Hangul syllable by its initial consonant jamo."""
    return "".join(_initial_of(ch) for ch in normalize(text))


def _is_open_syllable(ch: str) -> bool:
    """A precomposed syllable without a final consonant (가, 기; not 각, 길)."""
    code = ord(ch)
    return _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST and (code - _SYLLABLE_FIRST) % _FINALS == 0


def _is_plain(needle: str) -> bool:
    """True when only rule (a), equality, can apply, so ``in`` is the whole answer."""
    return not _is_open_syllable(needle[-1]) and not any(ch in _INITIAL_INDEX for ch in needle)


def _char_pattern(ch: str, *, last: bool) -> str:
    index = _INITIAL_INDEX.get(ch)
    if index is not None:  # ㅅ matches ㅅ itself and every syllable 사..싷
        first = _SYLLABLE_FIRST + index * _PER_INITIAL
        return f"[{ch}{chr(first)}-{chr(first + _PER_INITIAL - 1)}]"
    if last and _is_open_syllable(ch):  # 기 matches 기..깋 (final consonant still being typed)
        return f"[{ch}-{chr(ord(ch) + _FINALS - 1)}]"
    return re.escape(ch)


@lru_cache(maxsize=256)
def _compile(needle: str) -> re.Pattern[str]:
    last = len(needle) - 1
    return re.compile("".join(_char_pattern(ch, last=i == last) for i, ch in enumerate(needle)))


def _shift_and(needle: str, hay: str) -> bool:
    """Bit-parallel equivalent of the regex: O(len(hay)) big-int steps, never quadratic."""
    exact: dict[str, int] = {}
    for i, ch in enumerate(needle):
        exact[ch] = exact.get(ch, 0) | (1 << i)
    goal = 1 << (len(needle) - 1)
    last = needle[-1] if _is_open_syllable(needle[-1]) else None
    masks: dict[str, int] = {}
    state = 0
    for ch in hay:
        mask = masks.get(ch)
        if mask is None:
            mask = exact.get(ch, 0)
            code = ord(ch)
            if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
                mask |= exact.get(_initial_of(ch), 0)
                if last is not None and chr(code - (code - _SYLLABLE_FIRST) % _FINALS) == last:
                    mask |= goal
            masks[ch] = mask
        state = ((state << 1) | 1) & mask
        if state & goal:
            return True
    return False


def matches(query: str, *fields: str | None) -> bool:
    """True if the query is empty or occurs (Hangul-aware) in any non-None field."""
    needle = normalize(query)
    if not needle:
        return True
    plain = _is_plain(needle)
    # The regex costs up to len(needle)*len(hay) steps; long queries use linear Shift-And instead.
    pattern = _compile(needle) if not plain and len(needle) <= _REGEX_MAX_QUERY else None
    for field in fields:
        if not field:
            continue
        hay = normalize(field)
        if needle in hay:
            return True
        if plain or len(needle) > len(hay):
            continue
        if pattern is not None:
            if pattern.search(hay) is not None:
                return True
        elif _shift_and(needle, hay):
            return True
    return False


# -- the same rules as SQL terms ------------------------------------------------------------
#: Joins a row's fields in its stored search key; normalize() drops it from every query, so a
#: match can never run from one field into the next.
FIELD_SEPARATOR = "\x1f"
_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}


def search_key(*fields: str | None) -> tuple[str, str]:
    """(normalised text, its initials) of the non-empty fields, for a stored search column.

    ``initials`` maps one character to one, so both strings line up position by position.
    """
    text = FIELD_SEPARATOR.join(normalize(f) for f in fields if f)
    return text, "".join(_initial_of(ch) for ch in text)


@dataclass(frozen=True)
class SearchTerms:
    """How ``matches(query, ...)`` reads against a stored ``search_key``.

    Exactly one of ``substring`` and ``initials`` is set: a plain query is a substring of
    the text; any other is a substring of the initials (necessary, and sufficient when the
    query has no whole syllable), checked exactly by ``glob`` (SQLite) / ``regex``
    (PostgreSQL) when it has one.
    """

    substring: str | None
    initials: str | None
    glob: str | None
    regex: str | None


def _glob_char(ch: str, *, last: bool) -> str:
    index = _INITIAL_INDEX.get(ch)
    if index is not None:
        first = _SYLLABLE_FIRST + index * _PER_INITIAL
        return f"[{ch}{chr(first)}-{chr(first + _PER_INITIAL - 1)}]"
    if last and _is_open_syllable(ch):
        return f"[{ch}-{chr(ord(ch) + _FINALS - 1)}]"
    return _GLOB_SPECIAL.get(ch, ch)


def match_patterns(query: str) -> tuple[str, str] | None:
    """(GLOB for SQLite, regular expression for PostgreSQL) finding the query in normalised
    text as ``matches`` does, character by character: an initial (ㅅ) stands for itself and
    its syllables, an open last syllable (기) for itself with any final consonant.

    For a column holding the text itself (no stored initials beside it), so it works for
    queries of initials alone too; None when the query is empty.
    """
    needle = normalize(query)
    return _patterns(needle) if needle else None


def _patterns(needle: str) -> tuple[str, str]:
    last = len(needle) - 1
    glob = "*" + "".join(_glob_char(ch, last=i == last) for i, ch in enumerate(needle)) + "*"
    regex = "".join(_char_pattern(ch, last=i == last) for i, ch in enumerate(needle))
    return glob, regex


def search_terms(query: str) -> SearchTerms | None:
    """The SQL terms for a query, or None when it matches everything."""
    needle = normalize(query)
    if not needle:
        return None
    if _is_plain(needle):
        return SearchTerms(substring=needle, initials=None, glob=None, regex=None)
    if not any(_SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST for ch in needle):
        return SearchTerms(substring=None, initials=needle, glob=None, regex=None)
    glob, regex = _patterns(needle)
    return SearchTerms(substring=None, initials="".join(_initial_of(ch) for ch in needle), glob=glob, regex=regex)
