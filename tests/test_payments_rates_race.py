"""Two desks setting a programme's rate at the same moment on PostgreSQL leave one open rate.

Each ``set_rate`` reads the rate in force, closes it and adds its own. Without a lock both
desks read the same open rate before either commits, both close it and both add an open
one: two rates in force at once. The test makes that interleaving certain: a third
connection holds a lock on the old rate until both desks are waiting, then lets go.
(SQLite writers take the write lock at BEGIN, so there the two are always one after the other.)
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from wardtui.db.payments.programs import rates, resolve_program, set_rate
from wardtui.db.migrate import open_database
from wardtui.db.target import resolve
from wardtui.errors import WardError
from tests.pg_helpers import psycopg_conn, wait_for

FIRST = dt.date(2021, 1, 1)


@pytest.mark.parametrize(("day_a", "day_b"), [(dt.date(2022, 1, 1), dt.date(2023, 1, 1)),
                                              (dt.date(2022, 1, 1), dt.date(2022, 1, 1))])
def test_two_desks_setting_a_rate_at_once_leave_one_rate_in_force(pg_url: str, day_a: dt.date, day_b: dt.date) -> None:
    a, b = open_database(resolve(pg_url)), open_database(resolve(pg_url))
    watcher = psycopg_conn(pg_url)
    watcher.autocommit = True
    holder = psycopg_conn(pg_url)
    try:
        program = resolve_program(a, "활동보상금")
        old = set_rate(a, program, 300_000, FIRST)
        holder.execute("SELECT id FROM payment_rate WHERE id = %s FOR UPDATE", (old.id,))  # the old rate, held
        outcomes: dict[str, BaseException | None] = {}

        def desk(name: str, db: Any, amount: int, day: dt.date) -> None:
            try:
                set_rate(db, program, amount, day)
                outcomes[name] = None
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcomes[name] = exc

        threads = [threading.Thread(target=desk, args=("a", a, 310_000, day_a)),
                   threading.Thread(target=desk, args=("b", b, 320_000, day_b))]
        for thread in threads:
            thread.start()
        wait_for(watcher, 2, "both desks must be inside their transactions, waiting")
        holder.rollback()  # let go of the old rate
        for thread in threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in threads)
        refused = [exc for exc in outcomes.values() if exc is not None]
        assert all(isinstance(exc, WardError) and "이미 있습니다" in str(exc) for exc in refused), refused
        # The same day: the second desk is refused. Different days: whichever came second either
        # closes the first one's rate (it starts later) or is refused (it would start earlier).
        assert len(refused) == 1 if day_a == day_b else len(refused) in (0, 1)
        found = [r for r in rates(a) if r.program_id == program.id]
        open_rates = [r for r in found if r.valid_to is None]
        assert len(open_rates) == 1, found
        for earlier, later in zip(found, found[1:]):  # ordered by valid_from: each ends the day before the next
            assert earlier.valid_to == later.valid_from - dt.timedelta(days=1), found
        assert len(found) == 3 - len(refused)
    finally:
        holder.close()
        watcher.close()
        a.close()
        b.close()
