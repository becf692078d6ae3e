"""Who is in post is asked again when a payment is written, not only when it was planned.

A run is planned, shown and confirmed; meanwhile another desk may end someone's term. The
run must then be refused as a whole (nothing written), naming the person, rather than pay
someone who was not in post on the period's reference day. One payment (``payments add``)
and an import (``payments import``: the rows of anyone changed meanwhile are checked again,
and rejected by line) are held to the same rule inside their write transaction. On PostgreSQL the recipient rows are
read ``FOR UPDATE``; on SQLite the write transaction's ``BEGIN IMMEDIATE`` keeps other
writers out, so the check inside it sees what they committed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from wardtui.core.payments import mask_name
from wardtui.db.payments.importing import import_csv
from wardtui.db.payments.paying import add_payment
from wardtui.db.payments.programs import resolve_program, set_rate
from wardtui.db.payments.register import add_recipient, end_recipient, get_recipient
from wardtui.db.payments.runs import execute_run, plan_run
from wardtui.db.migrate import open_database
from wardtui.db.target import resolve
from wardtui.errors import WardError
from tests.pg_helpers import psycopg_conn, wait_for
from tests.sqlite_helpers import write_transaction_requested

PAID_ON = dt.date(2026, 11, 24)
RATE_FROM = dt.date(2021, 1, 1)


def staff(db, n: int = 3):  # type: ignore[no-untyped-def]
    return [add_recipient(db, name=f"김영숙{i}", dong="신길4동", role="통장", tong=i + 1, since=dt.date(2020, 1, 1))
            for i in range(n)]


def activity(db):  # type: ignore[no-untyped-def]
    return resolve_program(db, "활동보상금")


def ledger(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Everything a payment or a run writes."""
    return {
        "payments": db.rows("SELECT id, recipient_id, period, amount_won, state FROM payment ORDER BY id"),
        "runs": db.rows("SELECT id FROM payment_run WHERE origin = 'user' ORDER BY id"),
        "totals": db.rows("SELECT program_id, period, row_count, paid_count, amount_won FROM payment_total "
                          "WHERE row_count > 0 ORDER BY program_id, period"),
        "changes": db.scalar("SELECT COUNT(*) FROM change_log WHERE entity IN ('payment', 'payment_run')"),
    }


# -- between the plan and the write ------------------------------------------------------------
@pytest.mark.both_backends
def test_a_run_planned_before_a_term_ended_is_refused_whole(db) -> None:  # type: ignore[no-untyped-def]
    people = staff(db)
    program = activity(db)
    set_rate(db, program, 300_000, RATE_FROM)
    plan = plan_run(db, program, "2021-03")
    assert [r.id for r in plan.recipients] == [p.id for p in people]
    # Another desk ends the second person's term before the period's reference day (2021-03-31).
    gone = people[1]
    end_recipient(db, gone.id, gone.version, on=dt.date(2021, 3, 15))
    before = ledger(db)
    with pytest.raises(WardError) as refused:
        execute_run(db, plan, paid_on=PAID_ON)
    message = str(refused.value)
    assert "\n" not in message
    assert f"대상자 {gone.id}({mask_name(gone.name)})" in message and gone.name not in message
    assert "임기가 끝났습니다" in message and "2021-03-15" in message and "2021-03-31" in message
    assert "아무것도 지급하지 않았습니다" in message
    for other in (people[0], people[2]):
        assert f"대상자 {other.id}(" not in message
    assert ledger(db) == before
    # Planned again, the run pays the two still in post.
    again = plan_run(db, program, "2021-03")
    assert [r.id for r in again.recipients] == [people[0].id, people[2].id]
    result = execute_run(db, again, paid_on=PAID_ON)
    assert (result.headcount, result.amount_won) == (2, 600_000)


@pytest.mark.both_backends
def test_a_term_ending_on_the_reference_day_still_pays(db) -> None:  # type: ignore[no-untyped-def]
    people = staff(db, 2)
    program = activity(db)
    set_rate(db, program, 300_000, RATE_FROM)
    plan = plan_run(db, program, "2021-03")
    end_recipient(db, people[0].id, people[0].version, on=dt.date(2021, 3, 31))  # in post on the 31st
    assert execute_run(db, plan, paid_on=PAID_ON).headcount == 2


@pytest.mark.both_backends
def test_a_refused_run_names_three_and_counts_the_rest(db) -> None:  # type: ignore[no-untyped-def]
    people = staff(db, 6)
    program = activity(db)
    set_rate(db, program, 300_000, RATE_FROM)
    plan = plan_run(db, program, "2021-03")
    for person in people[1:]:
        end_recipient(db, person.id, person.version, on=dt.date(2021, 2, 1))
    before = ledger(db)
    with pytest.raises(WardError, match="외 2명") as refused:
        execute_run(db, plan, paid_on=PAID_ON)
    assert [f"대상자 {p.id}(" in str(refused.value) for p in people] == [False, True, True, True, False, False]
    assert ledger(db) == before


# -- two desks at the same moment --------------------------------------------------------------
def in_thread(outcomes: dict[str, BaseException | None], name: str, work: Any) -> threading.Thread:
    def run() -> None:
        try:
            work()
            outcomes[name] = None
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcomes[name] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def desk_b(db, how: str, program, people, csv_path: Path):  # type: ignore[no-untyped-def]
    """What desk B does for people[1] (planned and checked now, written when called); a
    refusal is a WardError (an import's rejected lines are raised as one)."""
    target_id = people[1].id
    if how == "run":
        plan = plan_run(db, program, "2021-03")
        assert target_id in [r.id for r in plan.recipients]
        return lambda: execute_run(db, plan, paid_on=PAID_ON)
    if how == "add":
        return lambda: add_payment(db, program=program, recipient_id=target_id, period_text="2021-03",
                                   amount_won=300_000, paid_on=PAID_ON)
    csv_path.write_text(f"program,recipient_id,period,amount_won\n활동보상금,{people[0].id},2021-03,300000\n"
                        f"활동보상금,{target_id},2021-03,300000\n", encoding="utf-8")

    def run_import() -> None:
        result = import_csv(db, csv_path, paid_on=PAID_ON)
        if result.rejected:
            assert result.written == 0 and [line for line, _ in result.rejected] == [3]
            raise WardError("; ".join(f"{line}: {why}" for line, why in result.rejected))

    return run_import


WAYS = ["run", "add", "import"]


@pytest.mark.parametrize("how", WAYS)
def test_a_term_ended_while_the_payment_is_being_written_is_not_paid(pg_url: str, how: str, tmp_path: Path) -> None:
    """Desk A ends a term while desk B writes a payment for that person, on PostgreSQL.

    A third connection holds the recipient row; desk A (``end_recipient``) queues behind it
    first, then desk B (the run, or one payment), planned and checked before A's change.
    When the row is let go A commits first; B must then see the end date and refuse. The code
    that checked only before its transaction paid the person (its insert only waited for the
    row's key, then went ahead).
    """
    a, b = open_database(resolve(pg_url)), open_database(resolve(pg_url))
    watcher = psycopg_conn(pg_url)
    watcher.autocommit = True
    holder = psycopg_conn(pg_url)
    try:
        people = staff(a)
        program = activity(a)
        set_rate(a, program, 300_000, RATE_FROM)
        target = people[1]
        write = desk_b(b, how, program, people, tmp_path / "in.csv")
        before = ledger(a)
        holder.execute("SELECT id FROM recipient WHERE id = %s FOR UPDATE", (target.id,))
        outcomes: dict[str, BaseException | None] = {}
        threads = [in_thread(outcomes, "a", lambda: end_recipient(a, target.id, target.version, on=dt.date(2021, 3, 15)))]
        wait_for(watcher, 1)
        threads.append(in_thread(outcomes, "b", write))
        wait_for(watcher, 2)
        holder.rollback()
        for thread in threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in threads)
        assert outcomes["a"] is None
        assert get_recipient(a, target.id).ended_on == dt.date(2021, 3, 15)  # type: ignore[union-attr]
        refused = outcomes["b"]
        assert isinstance(refused, WardError), refused
        assert f"대상자 {target.id}" in str(refused) and "임기가 끝났습니다" in str(refused)
        assert ledger(a) == before
    finally:
        holder.close()
        watcher.close()
        a.close()
        b.close()


@pytest.mark.parametrize("how", WAYS)
def test_sqlite_a_write_waits_for_the_other_writer_and_sees_its_end_date(db, db_path: Path, how: str) -> None:  # type: ignore[no-untyped-def]
    """SQLite: another writer has ended the term but not yet committed; the payment's write
    transaction waits for it (BEGIN IMMEDIATE) and the check inside sees the end date."""
    people = staff(db)
    program = activity(db)
    set_rate(db, program, 300_000, RATE_FROM)
    target = people[1]
    write = desk_b(db, how, program, people, db_path.parent / "in.csv")
    before = ledger(db)
    queued = write_transaction_requested(db)
    other = sqlite3.connect(db_path, isolation_level=None, timeout=10)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE recipient SET ended_on = '2021-03-15', version = version + 1 WHERE id = ?", (target.id,))
        outcomes: dict[str, BaseException | None] = {}
        thread = in_thread(outcomes, "b", write)
        # The desk has read the committed row (still in post) and asked for the write lock we hold.
        assert queued.wait(60), "desk B never began its write transaction"
        assert thread.is_alive() and outcomes == {}, "desk B must be waiting for the lock when the other commits"
        other.execute("COMMIT")
        thread.join(60)
        assert not thread.is_alive()
    finally:
        other.close()
    refused = outcomes["b"]
    assert isinstance(refused, WardError), refused
    assert f"대상자 {target.id}" in str(refused) and "임기가 끝났습니다" in str(refused)
    assert ledger(db) == before
