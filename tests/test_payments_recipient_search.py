"""The recipient search matches in SQL and fetches at most a page of people, plus a count.

What it finds is exactly what the one matcher (core.search.matches) finds over the name,
the role and the place (동 · 통 · 반), initial consonants included.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from wardtui.core.search import matches
from wardtui.db.payments.register import SHOWN_RECIPIENTS, find_recipients, search_recipients
from wardtui.screens.payments.screen import PaymentsScreen
from tests.app_helpers import settle, shown_table
from tests.sqlite_helpers import watch_statements

pytestmark = pytest.mark.both_backends

PEOPLE = [
    ("김영숙", "신길4동", "통장", 3, None),
    ("남궁민수", "문래동", "통장", 1, None),
    ("이정", "대림1동", "통장", 7, None),
    ("박반장", "문래동", "반장", 1, 2),
    ("O'Brien", "문래동", "통장", 5, None),
    ("김%숙", "신길4동", "통장", 4, None),
    ("이_숙", "영등포본동", "반장", 12, 3),
    ("김 영 희", "신기동", "통장", 9, None),
]
QUERIES = ["", "김", "김영", "ㄱㅇㅅ", "ㄱㅇ", "ㅅㄱ4", "ㅅㄱ", "신기", "신길4", "김ㅇ", "문래동1통", "1통2반", "3통",
           "통장", "반장", "ㅂㅈ", "%", "_", "'", "o'b", "O'BRIEN", "영희", "김영희", "12통3", "없는사람", "ㅁㄹ",
           "대림1", "ㄷㄹ1"]


def register(db, extra: int = 0) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    rows = [dict(name=n, dong=d, role=r, tong=t, ban=b) for n, d, r, t, b in PEOPLE]
    rows += [dict(name=f"최합성{i}", dong="대방동", role="통장", tong=i % 40 + 1, ban=None) for i in range(extra)]
    with db.session() as session:
        session.execute(text("INSERT INTO recipient (name, dong, role, tong, ban, appointed_on, version) "
                             "VALUES (:name, :dong, :role, :tong, :ban, '2020-01-01', 1)"), rows)


def everyone(db) -> list[Any]:  # type: ignore[no-untyped-def]
    return search_recipients(db, "")


@pytest.mark.parametrize("query", QUERIES)
def test_sql_finds_what_the_matcher_finds(db, query: str) -> None:
    register(db)
    expected = [r.id for r in everyone(db) if matches(query, r.name, r.dong, r.role, r.place)]
    found = find_recipients(db, query)
    assert [r.id for r in found.rows] == expected
    assert found.count == len(expected)
    assert [r.id for r in search_recipients(db, query)] == expected


def test_at_most_a_page_comes_back_with_the_full_count(db) -> None:
    register(db, extra=130)
    found = find_recipients(db, "최합성", limit=50)
    assert (len(found.rows), found.count, found.truncated) == (50, 130, True)
    ordered = [r.id for r in everyone(db) if matches("최합성", r.name)]
    assert [r.id for r in found.rows] == ordered[:50]  # the register's order: 동, 통, 반, 번호
    small = find_recipients(db, "ㄴㄱㅁ", limit=50)
    assert ([r.name for r in small.rows], small.count, small.truncated) == (["남궁민수"], 1, False)


def title(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#pay-title", Static).content)


async def test_the_screen_shows_a_page_and_the_count(db, make_app) -> None:
    register(db, extra=130)
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        table = shown_table(app)
        assert table.row_count == SHOWN_RECIPIENTS
        assert f"대상자 {len(PEOPLE) + 130:,}명" in title(app) and f"앞 {SHOWN_RECIPIENTS}명" in title(app)
        await pilot.press("slash")
        search = app.screen.query_one("#pay-search", Input)
        search.value = "ㄱㅇㅅ"
        await settle(pilot)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["김*숙"]
        assert "대상자 1명" in title(app) and "앞" not in title(app)
        search.value = "ㅊㅎㅅ1"  # 최합성1, 최합성10…19, 최합성100…129
        await settle(pilot)
        assert table.row_count == 41 and "대상자 41명" in title(app)


@pytest.mark.sqlite_only  # watches the statements SQLite runs
async def test_a_keystroke_reads_a_page_not_the_register(db, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    register(db, extra=130)
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        statements = watch_statements(monkeypatch)
        await pilot.press("slash", "ㄱ", "ㅇ")
        await settle(pilot)
    reads = [s for s in statements if "FROM recipient" in s]
    assert reads, statements
    for sql in reads:
        assert "WHERE" in sql and ("LIMIT" in sql or "COUNT(*)" in sql), sql
