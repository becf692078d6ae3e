"""The ledger view pages by key (the payment id), not OFFSET, and counts from the kept totals.

Paging to the last page and back shows every row once, in the same newest-first order, even
when another desk adds payments in between; the count is ``payment_total``'s, not a
``COUNT(*)`` over a million-row ledger at every page turn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from textual.widgets import Static

from wardtui.db.payments.importing import bulk_insert_payments
from wardtui.db.payments.programs import resolve_program
from wardtui.db.payments.register import add_recipient
from wardtui.screens.payments.screen import PaymentsScreen
from wardtui.db.payments.ledger import LEDGER_PAGE as PAGE
from wardtui.screens.payments.view import LedgerFilter
from tests.app_helpers import settle, shown_table
from tests.sqlite_helpers import watch_statements

PAID_ON = dt.date(2026, 11, 24)
ROWS = PAGE * 4 + 37  # five pages, the last one short

pytestmark = pytest.mark.both_backends


def title(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#pay-title", Static).content)


def shown_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    return shown_table(app).row_keys


def ledger_ids(db, period: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in db.rows("SELECT id FROM payment WHERE period = :q ORDER BY id DESC", {"q": period})]


def fill(db, count: int = ROWS, period: str = "2026-09") -> Any:  # type: ignore[no-untyped-def]
    program = resolve_program(db, "활동보상금")
    bulk_insert_payments(db, [(program.id, None, period, 1_000 + i, PAID_ON) for i in range(count)])
    # Another period of the same programme, which the filtered ledger must leave out.
    bulk_insert_payments(db, [(program.id, None, "2026-08", 5, PAID_ON) for _ in range(7)])
    return program


async def open_period(pilot, period: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    table = shown_table(pilot.app)
    periods = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
    table.move_cursor(row=periods.index(period))
    await pilot.press("enter")
    await settle(pilot)


async def test_to_the_last_page_and_back_every_row_once_in_order(db, make_app) -> None:
    fill(db)
    expected = ledger_ids(db, "2026-09")
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_period(pilot, "2026-09")
        assert isinstance(app.screen, PaymentsScreen)
        forward = [shown_ids(app)]
        assert f"(1/5쪽, {ROWS:,}건)" in title(app)
        for page in range(2, 6):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert f"({page}/5쪽, {ROWS:,}건)" in title(app)
            forward.append(shown_ids(app))
        await pilot.press("right_square_bracket")  # past the end: stays
        await settle(pilot)
        assert "(5/5쪽" in title(app) and shown_ids(app) == forward[-1]
        assert [len(p) for p in forward] == [PAGE] * 4 + [37]
        assert [i for p in forward for i in p] == expected  # nothing skipped, nothing twice, newest first
        backward = [shown_ids(app)]
        for page in range(4, 0, -1):
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert f"({page}/5쪽" in title(app)
            backward.append(shown_ids(app))
        await pilot.press("left_square_bracket")  # before the start: stays
        await settle(pilot)
        assert "(1/5쪽" in title(app)
        assert backward[::-1] == forward


async def test_keys_pressed_faster_than_pages_load_each_turn_one_page(db, make_app) -> None:
    fill(db)
    expected = ledger_ids(db, "2026-09")
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_period(pilot, "2026-09")
        await pilot.press(*["right_square_bracket"] * 3)
        await settle(pilot)
        assert "(4/5쪽" in title(app) and shown_ids(app) == expected[3 * PAGE:4 * PAGE]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "(2/5쪽" in title(app) and shown_ids(app) == expected[PAGE:2 * PAGE]


async def test_another_desk_writing_meanwhile_shifts_no_page(db, make_app) -> None:
    program = fill(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_period(pilot, "2026-09")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second = shown_ids(app)
        before = ledger_ids(db, "2026-09")
        # Meanwhile another desk adds 30 payments of the period: they are the newest rows.
        bulk_insert_payments(db, [(program.id, None, "2026-09", 9, PAID_ON) for _ in range(30)])
        await pilot.press("right_square_bracket")
        await settle(pilot)
        third = shown_ids(app)
        assert third == before[2 * PAGE:3 * PAGE], "the next page follows the rows on screen"
        assert not set(second) & set(third)
        assert f"{ROWS + 30:,}건" in title(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "(1/" in title(app) and shown_ids(app) == ledger_ids(db, "2026-09")[:PAGE]  # the newest, new rows first


@pytest.mark.sqlite_only  # watches the statements SQLite runs
async def test_page_turns_neither_offset_nor_count_the_ledger(db, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_period(pilot, "2026-09")
        statements = watch_statements(monkeypatch)
        for key in ("right_square_bracket",) * 4 + ("left_square_bracket",) * 4:
            await pilot.press(key)
            await settle(pilot)
        assert "(1/5쪽" in title(app)
        screen = app.screen
        assert isinstance(screen, PaymentsScreen)
        screen.open_ledger(LedgerFilter(title="전체 지급 내역"))  # the whole ledger, unfiltered
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert f"(2/5쪽, {ROWS + 7:,}건)" in title(app)
    ledger_reads = [s for s in statements if "FROM payment pay" in s]
    assert len(ledger_reads) >= 10
    assert not [s for s in statements if "OFFSET" in s.upper()]
    assert not [s for s in statements if re.search(r"COUNT\(\*\)\s+FROM\s+payment\b(?!_)", s)]
    assert sum("FROM payment_total" in s for s in statements) >= 10


async def test_a_persons_history_pages_and_counts_too(db, make_app) -> None:
    program = resolve_program(db, "활동보상금")
    person = add_recipient(db, name="김영숙", dong="신길4동", role="통장", tong=3)
    months = [f"{y}-{m:02d}" for y in range(2020, 2026) for m in range(1, 13)][:PAGE + 12]
    bulk_insert_payments(db, [(program.id, person.id, q, 300_000, PAID_ON) for q in months])
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PaymentsScreen)
        screen.open_ledger(LedgerFilter(recipient_id=person.id, title="김*숙"))
        await settle(pilot)
        assert f"(1/2쪽, {PAGE + 12}건)" in title(app)
        first = shown_ids(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "(2/2쪽" in title(app) and len(shown_ids(app)) == 12
        assert not set(first) & set(shown_ids(app))
