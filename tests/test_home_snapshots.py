"""SVG snapshots of the home dashboard, on a database with a real payments register and ledger."""

from __future__ import annotations

import datetime as dt

from tests.app_helpers import settle
from wardtui.db.payments.programs import resolve_program, set_rate
from wardtui.db.payments.register import add_recipient
from wardtui.db.payments.runs import execute_run, plan_run


def seed_payments(db, paid_period: str, paid_on: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Three 통장 and a 반장 in post since 2020, a 실비수당 rate, and one month's run paid."""
    for name, dong, tong in (("김영숙", "신길4동", 3), ("남궁민수", "문래동", 1), ("이정", "대림1동", 7)):
        add_recipient(db, name=name, dong=dong, role="통장", tong=tong, since=dt.date(2020, 1, 1))
    add_recipient(db, name="박반장", dong="문래동", role="반장", tong=1, ban=2, since=dt.date(2020, 1, 1))
    allowance = resolve_program(db, "실비수당")
    set_rate(db, allowance, 300_000, dt.date(2020, 1, 1))
    execute_run(db, plan_run(db, allowance, paid_period), paid_on=paid_on)


def test_dashboard_100x30(snap_compare, db, make_app) -> None:
    # March is paid, so home leaves its 실비수당 out; April's insurance and scholarship remain.
    seed_payments(db, "2021-03", dt.date(2021, 3, 19))
    assert snap_compare(make_app(section="home", today=dt.date(2021, 3, 20)), terminal_size=(100, 30), run_before=settle)


def test_dashboard_80x24_in_2026(snap_compare, db, make_app) -> None:
    # October is paid; November's 실비수당 and the 설 gifts are still due.
    seed_payments(db, "2026-10", dt.date(2026, 10, 30))
    assert snap_compare(make_app(section="home", today=dt.date(2026, 11, 24)), terminal_size=(80, 24), run_before=settle)
