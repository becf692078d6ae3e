"""A write that fails in a way nobody planned for is a Korean message, never a stuck or closed screen.

The failure is real: the test drops ``payment_total`` from its own database file, so the
triggers on ``payment`` cannot run and the database refuses every insert or update there.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from wardtui.db.payments.paying import add_payment
from wardtui.db.payments.programs import resolve_program, set_rate
from wardtui.db.payments.register import add_recipient
from wardtui.screens.payment_run import PaymentRunScreen
from wardtui.screens.payments.screen import PaymentsScreen
from wardtui.widgets.confirm import ConfirmScreen
from tests.app_helpers import settle, shown_table

PAID_ON = dt.date(2026, 11, 24)


def seed(db) -> list:  # type: ignore[no-untyped-def]
    staff = [add_recipient(db, name=name, dong="신길4동", role="통장", tong=i + 1, since=dt.date(2020, 1, 1))
             for i, name in enumerate(("김영숙", "남궁민수"))]
    program = resolve_program(db, "활동보상금")
    set_rate(db, program, 300_000, dt.date(2020, 1, 1))
    add_payment(db, program=program, recipient_id=staff[0].id, period_text="2026-10", amount_won=300_000, paid_on=PAID_ON)
    return staff


def break_the_ledger(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE payment_total")


def ledger(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT recipient_id, period, state FROM payment ORDER BY id").fetchall()


async def open_period(pilot, period: str, *, key: str) -> None:  # type: ignore[no-untyped-def]
    table = shown_table(pilot.app)
    periods = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
    table.move_cursor(row=periods.index(period))
    await pilot.press(key)
    await settle(pilot)


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_failed_run_clears_busy_and_says_so(db, db_path: Path, make_app) -> None:
    seed(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_period(pilot, "2026-10", key="p")  # a run of that total's programme
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PaymentRunScreen)
        screen.query_one("#run-period", Input).value = "2026-11"
        await settle(pilot)
        assert shown_table(app).row_count == 2
        break_the_ledger(db_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert screen.busy is False
        shown = messages(app)
        assert any("지급하지 않았습니다" in m and "예상하지 못한 오류" in m for m in shown), shown
        # Nothing was written, and the plan still offers the same two people.
        assert shown_table(app).row_count == 2
        assert "합계 600,000원" in str(screen.query_one("#run-summary", Static).content)
        # Not stuck: the key asks again.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
    assert ledger(db_path) == [(1, "2026-10", "지급")]


async def test_a_failed_reversal_says_so_and_keeps_the_app(db, db_path: Path, make_app) -> None:
    seed(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_period(pilot, "2026-10", key="enter")  # its ledger
        break_the_ledger(db_path)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PaymentsScreen)
        shown = messages(app)
        assert any("정정하지 않았습니다" in m and "예상하지 못한 오류" in m for m in shown), shown
        # Reading the totals fails the same way: a message where they would be, and the app stays.
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PaymentsScreen)
        assert "payment_total" in str(app.screen.query_one("#pay-status", Static).content)
        assert any(m.startswith("불러오지 못했습니다") for m in messages(app))
    assert ledger(db_path) == [(1, "2026-10", "지급")]


@pytest.mark.both_backends  # PostgreSQL's driver errors are not turned into messages by the reader
async def test_a_failed_plan_read_is_shown_in_the_summary(db, make_app) -> None:
    from sqlalchemy import text

    seed(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with db.session() as session:
            session.execute(text("DROP TABLE payment_rate"))
        await open_period(pilot, "2026-10", key="p")
        assert app.is_running and isinstance(app.screen, PaymentRunScreen)
        summary = str(app.screen.query_one("#run-summary", Static).content)
        assert "payment_rate" in summary, summary
        assert shown_table(app).row_count == 0
