"""`wardtui payments`, `recipients` and `rates` through the real entry point."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def ledger(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT recipient_id, program_id, period, amount_won, state FROM payment ORDER BY rowid").fetchall()


def add_person(run_cli, db_path: Path, name: str = "김영숙", role: str = "통장", *extra: str) -> dict:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--db", str(db_path), "recipients", "add", "--name", name, "--dong", "신길4동",
                             "--role", role, "--tong", "3", "--since", "2020-01-01", *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def test_payments_json_has_the_report_batches(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "payments", "--json")
    assert code == 0
    rows = json.loads(out)
    assert set(rows[0]) >= {"program", "period", "headcount", "amount_won"}
    assert {"program": "반장 명절 보상품", "period": "2020-설", "headcount": 3297, "amount_won": 122_190_000} in [
        {k: r[k] for k in ("program", "period", "headcount", "amount_won")} for r in rows
    ]
    assert sum(r["amount_won"] for r in rows) == 2_041_980_000 + 11_323_370 + 122_190_000 + 63_730_000 + 7_979_400


def test_payments_filters_by_program_and_period(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "payments", "--program", "보상품", "--period", "2020-추석", "--json")
    assert code == 0
    assert [(r["period"], r["amount_won"]) for r in json.loads(out)] == [("2020-추석", 63_730_000)]
    code, _, err = run_cli("--db", str(db_path), "payments", "--period", "2020-봄")
    assert code == 2 and err.startswith("wardtui: --period:") and err.count("\n") == 1


def test_recipients_are_masked_unless_revealed(run_cli, db_path: Path) -> None:
    created = add_person(run_cli, db_path, "남궁민수")
    assert created["id"] and created["name"] == "남궁민수"
    add_person(run_cli, db_path, "이반", "반장", "--ban", "2")
    code, out, _ = run_cli("--db", str(db_path), "recipients")
    assert code == 0 and "남**수" in out and "이*" in out and "남궁민수" not in out
    code, out, _ = run_cli("--db", str(db_path), "recipients", "ㄴㄱ", "--json")
    assert [(r["name"], r["name_masked"]) for r in json.loads(out)] == [("남**수", True)]
    code, out, _ = run_cli("--db", str(db_path), "recipients", "남궁", "--json", "--reveal")
    assert [r["name"] for r in json.loads(out)] == ["남궁민수"]
    code, out, _ = run_cli("--db", str(db_path), "recipients", "--reveal")
    assert "남궁민수" in out and "이반" in out


def test_recipients_add_refuses_a_bad_role(run_cli, db_path: Path) -> None:
    code, _, err = run_cli("--db", str(db_path), "recipients", "add", "--name", "김", "--dong", "문래동", "--role", "동장", "--tong", "1")
    assert code == 2 and "역할" in err
    code, _, err = run_cli("--db", str(db_path), "recipients", "add", "--name", "김", "--dong", "문래동", "--role", "반장", "--tong", "1")
    assert code == 2 and "반 번호" in err


def test_a_second_payment_exits_2_and_leaves_the_ledger(run_cli, db_path: Path) -> None:
    person = add_person(run_cli, db_path)
    args = ("--db", str(db_path), "payments", "add", "--program", "활동보상금", "--recipient", str(person["id"]),
            "--period", "2021-03", "--amount", "300,000")
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    created = json.loads(out)
    assert created["id"] and created["amount_won"] == 300_000 and created["period"] == "2021-03"
    before = ledger(db_path)
    code, out, err = run_cli(*args)
    assert code == 2 and "이미 지급했습니다" in err and err.count("\n") == 1 and out == ""
    assert ledger(db_path) == before == [(person["id"], 2, "2021-03", 300_000, "지급")]


def test_run_needs_a_rate_then_confirmation_then_pays_once(run_cli, db_path: Path) -> None:
    people = [add_person(run_cli, db_path, name) for name in ("김영숙", "박민수")]
    run = ("--db", str(db_path), "payments", "run", "--program", "활동보상금", "--period", "2021-03")
    code, _, err = run_cli(*run, "--yes")
    assert code == 2 and "단가가 없습니다" in err
    code, out, err = run_cli("--db", str(db_path), "rates", "set", "--program", "활동보상금", "--amount", "300000", "--from", "2021-01-01")
    assert code == 0, err
    code, _, err = run_cli(*run)  # no terminal, no --yes
    assert code == 2 and "--yes" in err and ledger(db_path) == []
    code, out, err = run_cli(*run, "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["amount_won"] == 600_000
    assert sorted(r[0] for r in ledger(db_path)) == sorted(p["id"] for p in people)
    code, _, err = run_cli(*run, "--yes")
    assert code == 2 and "이미 지급 2명" in err and len(ledger(db_path)) == 2


def test_import_rejects_bad_rows_by_line_and_writes_nothing(run_cli, db_path: Path, tmp_path: Path) -> None:
    person = add_person(run_cli, db_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"program,recipient_id,period,amount_won\n활동보상금,{person['id']},2021-03,300000\n"
                   "활동보상금,77,2021-03,300000\n활동보상금,1,2021-03,x\n", encoding="utf-8")
    code, out, err = run_cli("--db", str(db_path), "payments", "import", str(bad))
    assert code == 2
    assert "bad.csv:3: 없는 대상자" in err and "bad.csv:4: 금액 형식" in err and "bad.csv:2" not in err
    assert ledger(db_path) == []
    good = tmp_path / "good.csv"
    good.write_text(f"program,recipient_id,period,amount_won\n활동보상금,{person['id']},2021-03,300000\n", encoding="utf-8")
    code, out, err = run_cli("--db", str(db_path), "payments", "import", str(good))
    assert code == 0 and "1건" in out and len(ledger(db_path)) == 1


def test_import_of_a_missing_file_is_one_line(run_cli, db_path: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("--db", str(db_path), "payments", "import", str(tmp_path / "nope.csv"))
    assert code == 2 and err.startswith("wardtui: 파일을 열 수 없습니다") and err.count("\n") == 1


def test_import_reads_korean_excel_csv_and_refuses_a_binary_file(run_cli, db_path: Path, tmp_path: Path) -> None:
    person = add_person(run_cli, db_path)
    excel = tmp_path / "지급.csv"  # Korean Excel's "CSV" is CP949
    excel.write_bytes(f"program,recipient_id,period,amount_won\n활동보상금,{person['id']},2021-03,300000\n".encode("cp949"))
    code, out, err = run_cli("--db", str(db_path), "payments", "import", str(excel))
    assert code == 0 and "1건" in out, err
    binary = tmp_path / "사진.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, _, err = run_cli("--db", str(db_path), "payments", "import", str(binary))
    assert code == 2 and err.startswith("wardtui: 사진.csv:") and err.count("\n") == 1
    assert len(ledger(db_path)) == 1


def test_rates_list(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "rates", "--json")
    assert code == 0 and json.loads(out) == []
    run_cli("--db", str(db_path), "rates", "set", "--program", "장학금", "--amount", "362,700", "--from", "2020-01-01")
    code, out, _ = run_cli("--db", str(db_path), "rates", "--json")
    assert [(r["program"], r["unit_amount_won"]) for r in json.loads(out)] == [("통장자녀 장학금", 362_700)]


def test_reverse_adds_a_negative_row_and_keeps_the_original(run_cli, db_path: Path) -> None:
    person = add_person(run_cli, db_path)
    code, out, _ = run_cli("--db", str(db_path), "payments", "add", "--program", "활동보상금", "--recipient",
                           str(person["id"]), "--period", "2021-03", "--amount", "300000", "--json")
    paid = json.loads(out)
    code, out, err = run_cli("--db", str(db_path), "payments", "reverse", paid["id"], "--json")
    assert code == 0, err
    reversal = json.loads(out)
    assert (reversal["amount_won"], reversal["state"], reversal["reverses_id"]) == (-300_000, "환수", paid["id"])
    assert ledger(db_path) == [(person["id"], 2, "2021-03", 300_000, "정정됨"), (person["id"], 2, "2021-03", -300_000, "환수")]
    code, _, err = run_cli("--db", str(db_path), "payments", "reverse", paid["id"])
    assert code == 2 and "정정할 수 없습니다" in err and len(ledger(db_path)) == 2


def test_a_scholarship_student_needs_a_tong_head_parent(run_cli, db_path: Path) -> None:
    parent = add_person(run_cli, db_path)
    base = ("--db", str(db_path), "recipients", "add", "--name", "김하나", "--dong", "신길4동", "--role", "통장자녀")
    code, _, err = run_cli(*base, "--school", "대학생")
    assert code == 2 and "--parent" in err
    code, out, err = run_cli(*base, "--parent", str(parent["id"]), "--school", "대학생", "--json")
    assert code == 0, err
    assert (json.loads(out)["parent_id"], json.loads(out)["school_level"]) == (parent["id"], "대학생")


def test_a_holiday_the_lunar_calendar_does_not_know_is_one_line(run_cli, db_path: Path, tmp_path: Path) -> None:
    add_person(run_cli, db_path, "김반장", "반장", "--ban", "2")
    code, out, err = run_cli("--db", str(db_path), "rates", "set", "--program", "보상품", "--amount", "20000", "--from", "1900-01-01")
    assert code == 0, err
    for args in (("run", "--program", "보상품", "--period", "1920-설", "--yes"),
                 ("add", "--program", "보상품", "--recipient", "1", "--period", "1920-추석", "--amount", "20000")):
        code, out, err = run_cli("--db", str(db_path), "payments", *args)
        assert code == 2 and out == "" and "Traceback" not in err
        assert err.startswith("wardtui: 1920년") and "날짜를 알 수 없습니다" in err and err.count("\n") == 1, err
    path = tmp_path / "old.csv"
    path.write_text("program,recipient_id,period,amount_won\n보상품,1,1920-설,20000\n", encoding="utf-8")
    code, _, err = run_cli("--db", str(db_path), "payments", "import", str(path))
    assert code == 2 and "old.csv:2: 1920년 설날 날짜를 알 수 없습니다" in err
    assert ledger(db_path) == []
