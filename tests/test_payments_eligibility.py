"""One eligibility rule for every way a payment is made: a run, one payment, an import.

A recipient is paid for a period only when in post on the period's reference day (the last
day, or the holiday itself for 설/추석): ``payments run`` has always left the others out,
and ``payments add`` / ``payments import`` now refuse them the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from wardtui.core.payments import is_eligible, parse_period, payment_problem
from wardtui.db.payments.importing import import_csv
from wardtui.db.payments.paying import add_payment
from wardtui.db.payments.programs import resolve_program, set_rate
from wardtui.db.payments.register import add_recipient, end_recipient
from wardtui.db.payments.runs import plan_run
from wardtui.errors import WardError

PAID_ON = dt.date(2026, 11, 24)

pytestmark = pytest.mark.both_backends


def staff(db):  # type: ignore[no-untyped-def]
    """Three 통장: one serving, one whose term ended 2021-02-28, one appointed 2021-05-01."""
    serving = add_recipient(db, name="김영숙", dong="신길4동", role="통장", tong=1, since=dt.date(2020, 1, 1))
    ended = add_recipient(db, name="박민수", dong="문래동", role="통장", tong=2, since=dt.date(2019, 1, 1))
    end_recipient(db, ended.id, ended.version, on=dt.date(2021, 2, 28))
    later = add_recipient(db, name="이정", dong="대림1동", role="통장", tong=3, since=dt.date(2021, 5, 1))
    return serving, ended, later


def payment_rows(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [tuple(r) for r in db.rows("SELECT recipient_id, period, amount_won, state FROM payment ORDER BY id")]


# -- the rule ------------------------------------------------------------------------------------
def test_the_rule_names_why_in_korean() -> None:
    march = parse_period("2021-03")
    base = dict(program_name="통장활동 보상금", program_role="통장", recipient_id=7, period=march)
    assert payment_problem(role="통장", appointed_on=dt.date(2020, 1, 1), ended_on=None, **base) is None
    assert payment_problem(role="통장", appointed_on=None, ended_on=dt.date(2021, 3, 31), **base) is None
    ended = payment_problem(role="통장", appointed_on=None, ended_on=dt.date(2021, 2, 28), **base)
    assert ended is not None and "임기가 끝났" in ended and "2021-02-28" in ended and "2021-03-31" in ended
    early = payment_problem(role="통장", appointed_on=dt.date(2021, 4, 1), ended_on=None, **base)
    assert early is not None and "위촉 전" in early and "2021-04-01" in early
    wrong = payment_problem(role="반장", appointed_on=None, ended_on=None, **base)
    assert wrong is not None and "통장에게" in wrong
    # is_eligible is the same rule plus "not yet paid".
    day = march.reference_day()
    assert is_eligible(role="통장", appointed_on=None, ended_on=dt.date(2021, 2, 28), program_role="통장",
                       day=day, already_paid=False) is False


def test_a_holiday_period_is_judged_on_the_holiday_itself() -> None:
    seollal = parse_period("2021-설")  # 2021-02-12
    base = dict(program_name="반장 명절 보상품", program_role="반장", recipient_id=1, period=seollal, role="반장")
    assert payment_problem(appointed_on=None, ended_on=dt.date(2021, 2, 12), **base) is None
    assert payment_problem(appointed_on=None, ended_on=dt.date(2021, 2, 11), **base) is not None


# -- one payment ---------------------------------------------------------------------------------
def test_add_refuses_a_recipient_out_of_post_for_the_period(db) -> None:
    serving, ended, later = staff(db)
    program = resolve_program(db, "활동보상금")
    with pytest.raises(WardError, match="임기가 끝났습니다"):
        add_payment(db, program=program, recipient_id=ended.id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    with pytest.raises(WardError, match="위촉 전"):
        add_payment(db, program=program, recipient_id=later.id, period_text="2021-03", amount_won=300_000, paid_on=PAID_ON)
    assert payment_rows(db) == []
    # The same people are payable for periods they served in, and the run agrees with add.
    add_payment(db, program=program, recipient_id=ended.id, period_text="2021-02", amount_won=300_000, paid_on=PAID_ON)
    add_payment(db, program=program, recipient_id=later.id, period_text="2021-05", amount_won=300_000, paid_on=PAID_ON)
    set_rate(db, program, 300_000, dt.date(2020, 1, 1))
    assert [r.id for r in plan_run(db, program, "2021-03").recipients] == [serving.id]


@pytest.mark.sqlite_only  # the CLI on the SQLite file
def test_cli_add_is_one_line_exit_2_and_changes_nothing(run_cli, db, db_path: Path) -> None:
    _, ended, _ = staff(db)
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT COUNT(*) FROM change_log").fetchone()
    code, out, err = run_cli("--db", str(db_path), "payments", "add", "--program", "활동보상금", "--recipient",
                             str(ended.id), "--period", "2021-03", "--amount", "300,000")
    assert code == 2 and out == ""
    assert err.startswith("wardtui: ") and err.count("\n") == 1 and "Traceback" not in err
    assert "임기가 끝났습니다" in err and "2021-02-28" in err
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payment").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM change_log").fetchone() == before


# -- imports -------------------------------------------------------------------------------------
def test_import_refuses_the_whole_file_and_names_the_line(db, tmp_path: Path) -> None:
    serving, ended, later = staff(db)
    path = tmp_path / "in.csv"
    path.write_text("\n".join([
        "program,recipient_id,period,amount_won",
        f"활동보상금,{serving.id},2021-03,300000",   # 2 good
        f"활동보상금,{ended.id},2021-03,300000",     # 3 ended 2021-02-28
        f"활동보상금,{later.id},2021-03,300000",     # 4 appointed 2021-05-01
        f"활동보상금,{ended.id},2021-02,300000",     # 5 good: still serving then
    ]) + "\n", encoding="utf-8")
    result = import_csv(db, path, paid_on=PAID_ON)
    assert [line for line, _ in result.rejected] == [3, 4]
    reasons = dict(result.rejected)
    assert "임기가 끝났습니다" in reasons[3] and "위촉 전" in reasons[4]
    assert result.written == 0 and payment_rows(db) == []


@pytest.mark.sqlite_only  # the CLI on the SQLite file
def test_cli_import_names_the_line_and_writes_nothing(run_cli, db, db_path: Path, tmp_path: Path) -> None:
    serving, ended, _ = staff(db)
    path = tmp_path / "in.csv"
    path.write_text(f"program,recipient_id,period,amount_won\n활동보상금,{serving.id},2021-03,300000\n"
                    f"활동보상금,{ended.id},2021-03,300000\n", encoding="utf-8")
    code, out, err = run_cli("--db", str(db_path), "payments", "import", str(path))
    assert code == 2 and "Traceback" not in err
    assert "in.csv:3: " in err and "임기가 끝났습니다" in err and "in.csv:2" not in err
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payment").fetchone() == (0,)
    code, out, _ = run_cli("--db", str(db_path), "payments", "--json")
    assert not [r for r in json.loads(out) if r["source"] == "장부"]
