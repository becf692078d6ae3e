"""``core.search.match_patterns``: the matcher's rules as GLOB (SQLite) and a regular
expression (PostgreSQL), for columns that hold the text itself, initials-only queries too.

The recipient search used to import the private ``_glob_char``/``_char_pattern`` for that;
the facility search's terms are built by the same function and stay as they were.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wardtui.core.search import match_patterns, matches, normalize, search_terms

ROOT = Path(__file__).resolve().parent.parent / "wardtui"

TEXTS = ["신길4동", "문래동", "문래동자치회관", "김영숙", "통장", "반장", "대림1동 3통 2반", "a*b?c[d]", "50%_x", "ㅅㄱ"]
QUERIES = ["ㅅㄱ4", "ㅁㄹ", "ㅁㄹㄷㅈ", "ㄱㅇㅅ", "ㅌㅈ", "3ㅌ", "신ㄱ", "신기", "무", "ㄷㄹ1", "ㅅ", "*", "?", "[", "%", "_",
           "a*b", "c[d", "ㅂㅈ", "ㅎ"]


def _glob(conn: sqlite3.Connection, text: str, pattern: str) -> bool:
    return bool(conn.execute("SELECT ? GLOB ?", (text, pattern)).fetchone()[0])


def test_an_empty_query_has_no_pattern() -> None:
    assert match_patterns("") is None
    assert match_patterns(" \t") is None


def test_initials_alone_get_a_pattern_that_search_terms_leaves_to_stored_initials() -> None:
    terms = search_terms("ㅅㄱ4")
    assert terms is not None and terms.initials == "ㅅㄱ4" and terms.glob is None and terms.regex is None
    patterns = match_patterns("ㅅㄱ4")
    assert patterns is not None
    glob, regex = patterns
    with sqlite3.connect(":memory:") as conn:
        assert _glob(conn, "신길4동", glob)
        assert not _glob(conn, "신림4동", glob) and not _glob(conn, "문래동", glob)
    assert re.search(regex, "신길4동") and not re.search(regex, "신림4동")


@pytest.mark.parametrize("query", ["신ㄱ", "신기", "ㅁ래", "문래ㄷ"])
def test_the_facility_terms_are_the_same_patterns(query: str) -> None:
    """Facility search is unchanged: where search_terms gives GLOB and regex, they are match_patterns'."""
    terms = search_terms(query)
    assert terms is not None and terms.glob is not None
    assert (terms.glob, terms.regex) == match_patterns(query)


def test_glob_and_regex_find_what_matches_finds() -> None:
    with sqlite3.connect(":memory:") as conn:
        for query in QUERIES:
            patterns = match_patterns(query)
            assert patterns is not None
            glob, regex = patterns
            for text in TEXTS:
                hay = normalize(text)
                expected = matches(query, text)
                assert _glob(conn, hay, glob) == expected, (query, text)
                assert (re.search(regex, hay) is not None) == expected, (query, text)


_ALPHABET = st.sampled_from(list("신길문래동통반장김영숙ㅅㄱㅁㄹㄷㅌㅂㅈㅇ기가무ab*?[]%_1234 "))


@given(query=st.text(_ALPHABET, min_size=1, max_size=6), text=st.text(_ALPHABET, max_size=20))
def test_patterns_agree_with_matches_on_any_text(query: str, text: str) -> None:
    patterns = match_patterns(query)
    if patterns is None:
        assert normalize(query) == ""
        return
    glob, regex = patterns
    hay = normalize(text)
    expected = matches(query, text) if hay else False
    with sqlite3.connect(":memory:") as conn:
        assert _glob(conn, hay, glob) == expected
    assert (re.search(regex, hay) is not None) == expected


@pytest.mark.both_backends
def test_the_regex_means_the_same_on_the_database(db) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL's `~` reads the pattern as Python does (escapes included); SQLite's GLOB likewise."""
    for query in QUERIES:
        patterns = match_patterns(query)
        assert patterns is not None
        condition, pattern = db.dialect.pattern_condition(":t", "p", glob=patterns[0], regex=patterns[1])
        for text in TEXTS:
            hay = normalize(text)
            found = db.scalar(f"SELECT CASE WHEN {condition} THEN 1 ELSE 0 END", {"t": hay, **pattern})
            assert bool(found) == matches(query, text), (query, text)


def test_no_module_imports_private_names_of_core_search() -> None:
    """Other modules use the matcher's public functions only."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name == "search.py" and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "wardtui.core.search":
                offenders += [f"{path.relative_to(ROOT)}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert offenders == []
