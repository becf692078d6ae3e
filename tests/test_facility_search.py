"""Facility search in SQL: the same answers as the one Python matcher, found by the database.

FTS5 trigram for terms of 3+ characters, LIKE below that, GLOB for the exact Hangul
rules; LIMIT with a count; search keys kept in step with every kind of write.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.dialect_helpers import on_sqlite
from wardtui.core.search import matches, normalize, search_terms
from wardtui.db.database import Database
from wardtui.db.facilities import (
    _where,
    all_facilities,
    count_facilities,
    find_facilities,
    page_facilities,
    search_facilities,
)
from wardtui.db.target import resolve

pytestmark = pytest.mark.both_backends

#: Facilities whose names hold what SQL would read as syntax: LIKE's % and _, GLOB's * ? [,
#: FTS5's quotes, SQL quotes and the LIKE escape character.
TRICKY = ["백분율%회관", "밑줄_회관", "별표*회관", "물음?회관", "괄호[1]회관", "작은'따옴표", '큰"따옴표"회관',
          "역\\슬래시", "100%_센터", "Mixed Case Hall"]


def add_facility(db: Database, name: str, *, address: str = "합성로 1", kind: str = "자치회관", fid: int | None = None) -> None:
    """A plain INSERT that knows nothing of the search key, as seed.sql or psql would write."""
    with db.engine.begin() as conn:
        from sqlalchemy import text

        next_id = fid or conn.execute(text("SELECT MAX(id) + 1 FROM facility")).scalar()
        conn.execute(
            text("INSERT INTO facility (id, seq, name, kind, address) VALUES (:id, :id + 1000, :name, :kind, :address)"),
            {"id": next_id, "name": name, "kind": kind, "address": address},
        )


def python_matches(db: Database, query: str) -> list[str]:
    return [f.name for f in all_facilities(db) if matches(query, f.name, f.address, f.dong, f.kind)]


def names(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.name for r in rows]


def test_initials_find_the_dong(db: Database) -> None:
    assert names(search_facilities(db, "ㅅㄱ4")) == ["신길4동"]
    assert names(search_facilities(db, "ㅁㄹ")) == ["문래동", "문래동자치회관"]


def test_a_syllable_still_being_typed_matches(db: Database) -> None:
    found = names(search_facilities(db, "신기"))
    assert "신길4동" in found and "문래동" not in found
    assert found == python_matches(db, "신기")


def test_short_queries_use_like_and_long_ones_the_trigram_index(db: Database) -> None:
    """Trigram finds nothing under 3 characters: 1–2 character terms go to LIKE."""
    short, _ = _where(db, search_terms("신길"))
    long, params = _where(db, search_terms("신길로"))
    assert "LIKE" in short and "MATCH" not in short
    if on_sqlite(db):
        assert "facility_fts MATCH" in long and "LIKE" not in long
    else:
        assert "LIKE" in long  # no FTS5 on PostgreSQL
    assert names(search_facilities(db, "신길")) == python_matches(db, "신길")
    assert names(search_facilities(db, "신길로")) == python_matches(db, "신길로") != []
    assert names(search_facilities(db, "길4")) == python_matches(db, "길4")
    assert "신길4동" in names(search_facilities(db, "길4"))


def test_spaces_and_case_are_ignored(db: Database) -> None:
    add_facility(db, "Mixed Case Hall")
    assert names(search_facilities(db, "mixedcase")) == ["Mixed Case Hall"]
    assert names(search_facilities(db, "CASE h")) == ["Mixed Case Hall"]
    assert names(search_facilities(db, "문래 동")) == ["문래동", "문래동자치회관"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("%", ["백분율%회관", "100%_센터"]),
        ("_", ["밑줄_회관", "100%_센터"]),
        ("%_", ["100%_센터"]),
        ("*", ["별표*회관"]),
        ("?", ["물음?회관"]),
        ("[1]", ["괄호[1]회관"]),
        ("'", ["작은'따옴표"]),
        ("'따옴", ["작은'따옴표"]),
        ('"', ['큰"따옴표"회관']),
        ('"따옴표"', ['큰"따옴표"회관']),
        ("\\", ["역\\슬래시"]),
        ("\\슬래", ["역\\슬래시"]),
        ("ㄸㅇ", ["작은'따옴표", '큰"따옴표"회관']),
    ],
)
def test_sql_syntax_in_a_query_is_taken_literally(db: Database, query: str, expected: list[str]) -> None:
    for name in TRICKY:
        add_facility(db, name)
    assert sorted(names(search_facilities(db, query))) == sorted(expected)
    assert names(search_facilities(db, query)) == python_matches(db, query)


def test_pages_are_limited_and_the_count_covers_every_match(db: Database) -> None:
    for i in range(30):
        add_facility(db, f"합성{i:02d}동", address=f"시험로 {i}", kind="동주민센터")
    page = find_facilities(db, "합성", limit=10)
    assert names(page.rows) == [f"합성{i:02d}동" for i in range(10)]
    assert page.count == 30 and page.truncated
    assert page.totals.count == 30
    assert count_facilities(db, "ㅎㅅ")[0] == 30
    everything = find_facilities(db, "", limit=5)
    assert len(everything.rows) == 5 and everything.count == 24 + 1 + 30
    small = find_facilities(db, "ㅅㄱ4", limit=10)
    assert (names(small.rows), small.count, small.truncated) == (["신길4동"], 1, False)


def test_the_report_total_is_the_sum_of_the_listed_kinds(db: Database) -> None:
    result = find_facilities(db, "")
    assert (result.totals.count, result.totals.land_m2_x100, result.totals.building_m2_x100) == (24, 2042886, 4374777)
    assert count_facilities(db, "")[1] == result.totals


def test_keys_follow_inserts_updates_and_deletes(db: Database) -> None:
    from sqlalchemy import text

    add_facility(db, "새로생긴동", fid=900)
    assert names(search_facilities(db, "ㅅㄹㅅㄱ")) == ["새로생긴동"]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE facility SET name = '이름바뀐동' WHERE id = 900"))
    assert names(search_facilities(db, "새로생긴")) == []
    assert names(search_facilities(db, "이름바뀐")) == ["이름바뀐동"]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE facility SET address = '바뀐주소로 9' WHERE id = 900"))
    assert names(search_facilities(db, "바뀐주소로")) == ["이름바뀐동"]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM facility WHERE id = 900"))
    assert names(search_facilities(db, "이름바뀐")) == []
    assert db.scalar("SELECT COUNT(*) FROM facility WHERE search_text IS NULL") == 0
    if on_sqlite(db):
        conn2 = sqlite3.connect(str(db.target.sqlite_path))  # the FTS index agrees with the table
        conn2.execute("INSERT INTO facility_fts (facility_fts) VALUES ('integrity-check')")
        conn2.close()


# -- the same answers as the Python matcher ------------------------------------------------
@pytest.fixture(scope="module")
def tricky_db(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The seeded facilities plus the tricky names, shared by the property test."""
    path = tmp_path_factory.mktemp("search") / "wardtui.db"
    shutil.copyfile(seeded_template, path)
    database = Database(resolve(str(path)))
    for i, name in enumerate(TRICKY):
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("INSERT INTO facility (id, seq, name, kind, address) VALUES (?, ?, ?, '자치회관', '합성로 1')",
                         (500 + i, 500 + i, name))
        conn.close()
    return database


ALPHABET = sorted(set("".join(TRICKY) + "신길문래대림도영등포여의당산양평동로자치회관센터1234567 ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊ기리이"))


@pytest.mark.parametrize("backend", ["sqlite"])
@given(query=st.text(alphabet=ALPHABET, min_size=1, max_size=6))
def test_sql_search_matches_the_python_matcher(backend: str, tricky_db: Database, query: str) -> None:
    expected = [f.name for f in all_facilities(tricky_db) if matches(query, f.name, f.address, f.dong, f.kind)]
    assert names(page_facilities(tricky_db, query, limit=None)) == expected
    assert count_facilities(tricky_db, query)[0] == len(expected)


def test_every_seeded_row_is_found_by_its_own_name_and_initials(db: Database) -> None:
    from wardtui.core.search import initials

    for facility in all_facilities(db):
        assert facility.name in names(search_facilities(db, facility.name))
        assert facility.name in names(search_facilities(db, initials(facility.name)))
        assert normalize(facility.name)
