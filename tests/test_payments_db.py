"""The ledger's rules at the database: paid once, reversals, runs and imports in one transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from wardtui.core.payments import DueDate
from wardtui.db.payments.due import due_items
from wardtui.db.payments.importing import bulk_insert_payments, import_csv
from wardtui.db.payments.ledger import LEDGER_PAGE, budget, get_payment, kept_totals_sql, ledger_page, ledger_totals_sql, totals
from wardtui.db.payments.paying import add_payment, reverse_payment
from wardtui.db.payments.programs import rate_on, resolve_program, set_rate
from wardtui.db.payments.register import add_recipient
from wardtui.db.payments.runs import execute_run, plan_run
from wardtui.errors import WardError

PAID_ON = dt.date(2026, 11, 24)

# Runs on SQLite and on PostgreSQL (tests/conftest.py); those reading the SQLite file stay on SQLite.
pytestmark = pytest.mark.both_backends


def people(db, n: int = 3, role: str = "통장", **extra):  # type: ignore[no-untyped-def]
    return [
        add_recipient(db, name=f"김영숙{i}", dong="신길4동", role=role, tong=i + 1,
                      ban=(1 if role == "반장" else None), since=dt.date(2020, 1, 1), **extra)
    for i in range(n)
]


def activity(db):  # type: ignore[no-untyped-def]
    return resolve_program(db, "활동보상금")


def ledger_rows(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT recipient_id, period, amount_won, state FROM payment ORDER BY rowid").fetchall()


def test_program_resolves_by_id_or_unambiguous_part(db) -> None:
    assert resolve_program(db, "활동보상금").code == "tong_activity"
    assert resolve_program(db, "장학금").code == "tong_scholarship"
    assert resolve_program(db, "7").code == "tong_scholarship"
    assert resolve_program(db, "실비수당").code == "tong_allowance"
    with pytest.raises(WardError, match="여럿"):
        resolve_program(db, "수당")
    with pytest.raises(WardError, match="없습니다"):
        resolve_program(db, "연금")


def test_report_batches_are_in_the_totals(db) -> None:
    found = {(t.program, t.period): (t.headcount, t.amount_won, t.source) for t in totals(db)}
    assert found[("통장 실비수당", "2020-01~2020-10")] == (None, 2_041_980_000, "보고서")
    assert found[("통장 상해보험", "2020")] == (558, 11_323_370, "보고서")
    assert found[("반장 명절 보상품", "2020-설")] == (3297, 122_190_000, "보고서")
    assert found[("반장 명절 보상품", "2020-추석")] == (3186, 63_730_000, "보고서")
    assert found[("통장자녀 장학금", "2020-상반기")] == (22, 7_979_400, "보고서")
    printed = budget(db)
    assert (printed.budget_won, printed.executed_won, printed.ledger_won) == (2_892_888_000, 2_249_931_000, 0)


def test_second_payment_for_the_same_period_is_refused_and_the_ledger_unchanged(db, db_path: Path) -> None:
    first, *_ = people(db)
    add_payment(db, program=activity(db), recipient_id=first.id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    before = ledger_rows(db_path)
    with pytest.raises(WardError, match="이미 지급"):
        add_payment(db, program=activity(db), recipient_id=first.id, period_text="2021-3", amount_won=1, paid_on=PAID_ON)
    assert ledger_rows(db_path) == before == [(first.id, "2021-03", 300_000, "지급")]


def test_the_database_itself_refuses_a_raw_duplicate(db, db_path: Path) -> None:
    first, *_ = people(db)
    add_payment(db, program=activity(db), recipient_id=first.id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(
            "INSERT INTO payment (id, program_id, recipient_id, period, amount_won, paid_on, state, created_at, created_by) "
            "VALUES ('raw', 2, ?, '2021-03', 5, '2021-03-31', '지급', '2021-03-31', 'sql')",
            (first.id,),
        )
    assert len(ledger_rows(db_path)) == 1


def test_wrong_role_and_wrong_period_kind_are_refused(db) -> None:
    ban_head = people(db, 1, role="반장")[0]
    with pytest.raises(WardError, match="통장에게"):
        add_payment(db, program=activity(db), recipient_id=ban_head.id, period_text="2021-03", amount_won=1, paid_on=PAID_ON)
    with pytest.raises(WardError, match="기간이 아닙니다"):
        add_payment(db, program=activity(db), recipient_id=ban_head.id, period_text="2021-설", amount_won=1, paid_on=PAID_ON)


def test_a_correction_is_a_reversal_row_and_allows_paying_again(db, db_path: Path) -> None:
    first, *_ = people(db)
    paid = add_payment(db, program=activity(db), recipient_id=first.id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    reversal = reverse_payment(db, paid.id, on=PAID_ON)
    assert (reversal.amount_won, reversal.state, reversal.reverses_id) == (-300_000, "환수", paid.id)
    assert get_payment(db, paid.id).state == "정정됨"  # type: ignore[union-attr]
    with pytest.raises(WardError, match="정정할 수 없습니다"):
        reverse_payment(db, paid.id, on=PAID_ON)
    # The person can now be paid the right amount for the period.
    add_payment(db, program=activity(db), recipient_id=first.id, period_text="2021-03", amount_won=250_000, paid_on=PAID_ON)
    total = totals(db, activity(db).id, "2021-03")
    assert [(t.headcount, t.amount_won) for t in total] == [(1, 250_000)]
    assert [r[3] for r in ledger_rows(db_path)] == ["정정됨", "환수", "지급"]
    changes = db.rows("SELECT entity, action FROM change_log WHERE entity = 'payment' ORDER BY id")
    assert ("payment", "edit") in changes and changes.count(("payment", "add")) == 3


def test_a_run_pays_the_eligible_once_in_one_transaction(db, db_path: Path) -> None:
    staff = people(db, 3)
    people(db, 1, role="반장")
    ended = add_recipient(db, name="박민수", dong="문래동", role="통장", tong=9, since=dt.date(2019, 1, 1))
    db.rows("SELECT 1")  # reads still work while we poke the end date below
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE recipient SET ended_on = '2021-02-28' WHERE id = ?", (ended.id,))
    program = activity(db)
    plan = plan_run(db, program, "2021-03")
    assert plan.rate is None
    with pytest.raises(WardError, match="단가가 없습니다"):
        execute_run(db, plan, paid_on=PAID_ON)
    set_rate(db, program, 300_000, dt.date(2021, 1, 1))
    add_payment(db, program=program, recipient_id=staff[0].id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    plan = plan_run(db, program, "2021-03")
    assert [r.id for r in plan.recipients] == [staff[1].id, staff[2].id]
    assert (plan.already_paid, plan.total_won) == (1, 600_000)
    result = execute_run(db, plan, paid_on=PAID_ON)
    assert (result.headcount, result.amount_won) == (2, 600_000)
    assert plan_run(db, program, "2021-03").recipients == []
    assert db.scalar("SELECT COUNT(*) FROM payment WHERE run_id = :r", {"r": result.run_id}) == 2


def test_a_run_that_collides_writes_nothing(db, db_path: Path) -> None:
    staff = people(db, 3)
    program = activity(db)
    set_rate(db, program, 300_000, dt.date(2021, 1, 1))
    plan = plan_run(db, program, "2021-03")
    # Someone else pays the last person between the plan and the confirmation.
    add_payment(db, program=program, recipient_id=staff[2].id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    with pytest.raises(WardError, match="이미 지급"):
        execute_run(db, plan, paid_on=PAID_ON)
    assert len(ledger_rows(db_path)) == 1
    assert db.scalar("SELECT COUNT(*) FROM payment_run WHERE origin = 'user'") == 0


def test_rates_close_the_previous_one_and_hold_the_gift_limit(db) -> None:
    program = activity(db)
    set_rate(db, program, 300_000, dt.date(2021, 1, 1))
    set_rate(db, program, 320_000, dt.date(2022, 1, 1))
    assert rate_on(db, program.id, dt.date(2021, 12, 31)).unit_amount_won == 300_000  # type: ignore[union-attr]
    assert rate_on(db, program.id, dt.date(2022, 1, 1)).unit_amount_won == 320_000  # type: ignore[union-attr]
    assert rate_on(db, program.id, dt.date(2020, 12, 31)) is None
    with pytest.raises(WardError, match="50,000"):
        set_rate(db, resolve_program(db, "보상품"), 30_000, dt.date(2021, 1, 1))


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(["program,recipient_id,period,amount_won", *lines]) + "\n", encoding="utf-8")
    return path


def test_import_with_bad_rows_writes_nothing_and_names_each_line(db, db_path: Path, tmp_path: Path) -> None:
    a, b, c = people(db, 3)
    add_payment(db, program=activity(db), recipient_id=c.id, period_text="2021-03", amount_won=1, paid_on=PAID_ON)
    before = ledger_rows(db_path)
    path = write_csv(tmp_path / "in.csv", [
        f"활동보상금,{a.id},2021-03,300000",    # 2 good
        "활동보상금,999,2021-03,300000",        # 3 unknown recipient
        f"활동보상금,{b.id},2021-03,삼십만",    # 4 bad amount
        f"활동보상금,{b.id},2021-13,300000",    # 5 bad period
        f"활동보상금,{a.id},2021-03,300000",    # 6 duplicate in file
        f"활동보상금,{c.id},2021-03,300000",    # 7 already in the ledger
        f"활동보상금,{b.id},2021-04,0",         # 8 zero
    ])
    result = import_csv(db, path, paid_on=PAID_ON)
    assert [line for line, _ in result.rejected] == [3, 4, 5, 6, 7, 8]
    assert "2행" in dict(result.rejected)[6]
    assert result.written == 0
    assert ledger_rows(db_path) == before


def test_import_of_good_rows_writes_them_all(db, db_path: Path, tmp_path: Path) -> None:
    a, b, _ = people(db, 3)
    path = write_csv(tmp_path / "in.csv", [f"활동보상금,{a.id},2021-03,\"300,000\"", f"2,{b.id},2021-3,300천원"])
    result = import_csv(db, path, paid_on=PAID_ON)
    assert (result.rejected, result.written) == ([], 2)
    assert ledger_rows(db_path) == [(a.id, "2021-03", 300_000, "지급"), (b.id, "2021-03", 300_000, "지급")]


def test_bulk_insert_is_one_transaction(db, db_path: Path) -> None:
    a, b, _ = people(db, 3)
    with pytest.raises(WardError, match="아무것도"):
        bulk_insert_payments(db, [(2, a.id, "2021-05", 1, PAID_ON), (2, b.id, "2021-05", 1, PAID_ON),
                                  (2, a.id, "2021-05", 1, PAID_ON)])
    assert ledger_rows(db_path) == []
    assert bulk_insert_payments(db, ((2, None, f"2021-{m:02d}", 10, PAID_ON) for m in range(1, 13))) == 12


@pytest.mark.sqlite_only  # SQLite's query plan
def test_totals_come_from_the_covering_index(db) -> None:
    sql, params = ledger_totals_sql()
    with sqlite3.connect(db.target.sqlite_path) as conn:
        plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        filtered_sql, filtered = ledger_totals_sql(2, "2021-03")
        filtered_plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {filtered_sql}", filtered))
    assert "COVERING INDEX ix_payment_totals" in plan, plan
    assert "COVERING INDEX ix_payment_totals" in filtered_plan, filtered_plan
    assert "TEMP B-TREE" not in plan, plan


def test_a_hundred_thousand_rows_total_without_loading_them(db) -> None:
    bulk_insert_payments(db, ((2, None, f"20{20 + i % 5}-{i % 12 + 1:02d}", 1000, PAID_ON) for i in range(100_000)))
    found = totals(db, program_id=2)
    assert sum(t.amount_won for t in found) == 100_000_000
    assert len(found) == 60
    assert len(ledger_page(db, program_id=2, period="2021-01")) == LEDGER_PAGE


def test_due_items_leave_out_what_is_paid(db) -> None:
    items = due_items(db, dt.date(2027, 1, 10))
    assert all(isinstance(i, DueDate) for i in items)
    titles = [i.title for i in items]
    assert "2027-01 통장 실비수당 지급" in titles
    assert any(i.program_code == "ban_gift" and i.day == dt.date(2027, 2, 5) and i.period.code == "2027-설" for i in items)
    allowance = resolve_program(db, "실비수당")
    bulk_insert_payments(db, [(allowance.id, None, "2027-01", 1, PAID_ON)])
    assert "2027-01 통장 실비수당 지급" not in [i.title for i in due_items(db, dt.date(2027, 1, 10))]


def test_the_kept_totals_follow_every_write_to_the_ledger(db) -> None:
    """``payment_total`` (kept by triggers) always equals the aggregate over the ledger,
    whoever writes: a payment, a reversal, a bulk insert, or plain SQL from outside."""
    from sqlalchemy import text

    def both() -> tuple[list, list]:
        kept_sql, kept_params = kept_totals_sql()
        raw_sql, raw_params = ledger_totals_sql()
        normal = lambda rows: sorted((p, q, int(h), int(a)) for p, q, h, a in rows)  # noqa: E731
        return normal(db.rows(kept_sql, kept_params)), normal(db.rows(raw_sql, raw_params))

    chosen = activity(db)
    program = chosen.id
    a, b, _ = people(db, 3)
    first = add_payment(db, program=chosen, recipient_id=a.id, period_text="2026-10", amount_won=300_000, paid_on=PAID_ON)
    add_payment(db, program=chosen, recipient_id=b.id, period_text="2026-10", amount_won=300_000, paid_on=PAID_ON)
    bulk_insert_payments(db, ((program, None, f"2026-{m:02d}", 1000 * m, PAID_ON) for m in range(1, 13)))
    reverse_payment(db, first.id, on=PAID_ON)
    kept, raw = both()
    assert kept == raw
    assert (program, "2026-10", 2, 310_000) in kept  # b and the batch row in force; a reversed nets to zero
    with db.session() as session:  # writers that know nothing of the totals
        session.execute(text("UPDATE payment SET period = '2026-09' WHERE recipient_id = :b"), {"b": b.id})
        session.execute(text("UPDATE payment SET amount_won = amount_won * 2 WHERE recipient_id IS NULL"))
        session.execute(text("DELETE FROM payment WHERE recipient_id IS NULL AND period = '2026-12'"))
    kept, raw = both()
    assert kept == raw
    assert (program, "2026-12") not in {(p, q) for p, q, _, _ in kept}  # a group emptied leaves the totals
    assert (program, "2026-09", 2, 318_000) in kept  # b moved here; the batch row doubled
    assert [t.amount_won for t in totals(db, program_id=program, period="2026-09")] == [318_000]


def test_payment_ids_keep_their_text_form_and_their_order() -> None:
    """Databases already hold these ids: 36 lowercase characters, UUID version 7, the RFC
    variant. One process makes them in order, many per millisecond too, so the ledger's
    newest-first order by id is the order payments were written."""
    import re
    import uuid

    from wardtui.db.payments.paying import new_id

    ids = [new_id() for _ in range(10_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    form = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert all(form.fullmatch(i) for i in ids)
    assert all(str(uuid.UUID(i)) == i and uuid.UUID(i).version == 7 for i in ids[:100])
