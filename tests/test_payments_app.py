"""Section 3 through the real app with Pilot: totals, masked names, reveal, a payment run."""

from __future__ import annotations

import datetime as dt
import sqlite3

from textual.widgets import Input, Select, Static

from wardtui.db.payments.importing import bulk_insert_payments
from wardtui.db.payments.paying import add_payment
from wardtui.db.payments.programs import resolve_program, set_rate
from wardtui.db.payments.register import add_recipient
from wardtui.screens.payment_run import PaymentRunScreen
from wardtui.screens.payments.screen import PaymentsScreen
from wardtui.widgets.confirm import ConfirmScreen
from tests.app_helpers import settle, shown_table

PAID_ON = dt.date(2026, 11, 24)


def seed_people(db) -> list:  # type: ignore[no-untyped-def]
    staff = [
        add_recipient(db, name=name, dong=dong, role="통장", tong=tong, since=dt.date(2020, 1, 1))
        for name, dong, tong in (("김영숙", "신길4동", 3), ("남궁민수", "문래동", 1), ("이정", "대림1동", 7))
    ]
    add_recipient(db, name="박반장", dong="문래동", role="반장", tong=1, ban=2, since=dt.date(2020, 1, 1))
    program = resolve_program(db, "활동보상금")
    set_rate(db, program, 300_000, dt.date(2020, 1, 1))
    add_payment(db, program=program, recipient_id=staff[0].id, period_text="2026-10", amount_won=300_000, paid_on=PAID_ON)
    return staff


def cells(app, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c) for c in shown_table(app).get_row_at(row)]


def column(app, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    table = shown_table(app)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def test_totals_show_the_report_and_the_ledger(db, make_app) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        periods = column(app, 1)
        assert "2020-설" in periods and "2026-10" in periods
        row = cells(app, periods.index("2026-10"))
        assert row == ["통장활동 보상금", "2026-10", "1명", "300,000원", "300,000원", "장부"]
        budget = str(app.screen.query_one("#pay-budget", Static).content)
        assert "2,892,888천원" in budget and "2,249,931천원" in budget and "(78%)" in budget


async def test_recipient_names_are_masked_until_revealed(db, make_app) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        names = column(app, 1)
        assert sorted(names) == sorted(["김*숙", "남**수", "이*", "박*장"])
        assert not {"김영숙", "남궁민수", "이정", "박반장"} & set(names)
        await pilot.press("r")
        first = column(app, 1)[0]
        assert first in {"김영숙", "남궁민수", "이정", "박반장"}
        assert sum(n in {"김영숙", "남궁민수", "이정", "박반장"} for n in column(app, 1)) == 1
        await pilot.press("r")
        assert column(app, 1) == names


async def test_a_recipient_row_opens_that_persons_history(db, make_app) -> None:
    staff = seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        table = shown_table(app)
        table.move_cursor(row=table.get_row_index(str(staff[0].id)))
        await pilot.press("enter")
        await settle(pilot)
        assert column(app, 0) == ["김*숙"] and column(app, 3) == ["300,000원"]
        assert "1건" in str(app.screen.query_one("#pay-title", Static).content)


async def test_a_payment_run_pays_the_eligible_in_one_go(db, db_path, make_app) -> None:
    staff = seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The run starts on the programme under the cursor.
        shown_table(app).move_cursor(row=column(app, 1).index("2026-10"))
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PaymentRunScreen)
        assert app.screen.query_one("#run-program", Select).value == resolve_program(db, "활동보상금").id
        period = app.screen.query_one("#run-period", Input)
        assert period.has_focus and period.value == "2026-11"
        await settle(pilot)
        assert sorted(column(app, 1)) == sorted(["김*숙", "남**수", "이*"])
        summary = str(app.screen.query_one("#run-summary", Static).content)
        assert "3명 × 300,000원 = 합계 900,000원" in summary
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PaymentRunScreen)
        assert shown_table(app).row_count == 0
        assert "이미 지급 3명" in str(app.screen.query_one("#run-summary", Static).content)
    with sqlite3.connect(db_path) as conn:
        paid = conn.execute("SELECT recipient_id FROM payment WHERE period = '2026-11' AND state = '지급'").fetchall()
        runs = conn.execute("SELECT headcount, amount_won FROM payment_run WHERE origin = 'user'").fetchall()
    assert sorted(r[0] for r in paid) == sorted(p.id for p in staff)
    assert runs == [(3, 900_000)]


async def test_letter_and_digit_keys_type_into_the_period(db, make_app) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        period = app.screen.query_one("#run-period", Input)
        period.value = ""
        await pilot.press("2", "0", "2", "1", "-", "1", "q", "r", "p", "3")
        await settle(pilot)
        assert isinstance(app.screen, PaymentRunScreen) and app.current_mode == "payments"
        assert period.value == "2021-1qrp3"
        assert "기간 형식" in str(app.screen.query_one("#run-summary", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)


async def test_cancelled_run_writes_nothing(db, db_path, make_app) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payment").fetchone() == (1,)


def test_every_binding_has_an_id_and_a_korean_description() -> None:
    for screen in (PaymentsScreen, PaymentRunScreen):
        for binding in screen.BINDINGS:
            assert binding.id, binding
            assert any("\uac00" <= ch <= "\ud7a3" for ch in binding.description), binding


def test_payments_snapshot(snap_compare, db, make_app) -> None:
    seed_people(db)

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)

    assert snap_compare(make_app("payments"), terminal_size=(100, 30), run_before=loaded)


def test_payment_run_snapshot(snap_compare, db, make_app) -> None:
    seed_people(db)

    async def open_run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        shown_table(pilot.app).move_cursor(row=column(pilot.app, 1).index("2026-10"))
        await pilot.press("p")
        for _ in range(50):  # programmes load, then the plan: two workers one after the other
            await settle(pilot)
            screen = pilot.app.screen
            if isinstance(screen, PaymentRunScreen) and shown_table(pilot.app).row_count == 3:
                break
        await settle(pilot)

    assert snap_compare(make_app("payments"), terminal_size=(100, 30), run_before=open_run)


async def test_the_ledger_is_read_a_page_at_a_time(db, make_app) -> None:
    staff = seed_people(db)
    program = resolve_program(db, "활동보상금")
    bulk_insert_payments(db, [(program.id, None, "2026-09", 1_000, PAID_ON) for _ in range(119)]
                         + [(program.id, staff[1].id, "2026-09", 1_000, PAID_ON)])
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown_table(app).move_cursor(row=column(app, 1).index("2026-09"))
        assert cells(app, column(app, 1).index("2026-09"))[2:4] == ["120명", "120,000원"]
        await pilot.press("enter")
        await settle(pilot)
        title = lambda: str(app.screen.query_one("#pay-title", Static).content)  # noqa: E731
        assert "(1/3쪽, 120건)" in title() and shown_table(app).row_count == 50
        assert column(app, 0)[0] == "남**수", "newest first"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "(3/3쪽, 120건)" in title() and shown_table(app).row_count == 20
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "(3/3쪽" in title()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "(2/3쪽" in title() and shown_table(app).row_count == 50
        await pilot.press("escape")
        await settle(pilot)
        assert "합계" in title()


async def test_x_in_the_ledger_reverses_a_payment_after_asking(db, db_path, make_app) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown_table(app).move_cursor(row=column(app, 1).index("2026-10"))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert sorted(column(app, 5)) == ["정정됨", "환수"]
        assert sorted(column(app, 3)) == ["300,000원", "△300,000원"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT SUM(amount_won) FROM payment").fetchone() == (0,)
