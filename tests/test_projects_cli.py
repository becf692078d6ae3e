"""Section 2 on the command line: real entry point, real database files."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_refusal(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 2, (code, out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_projects_json_has_computed_rates_and_milestones(run_cli, db_path: Path) -> None:
    code, out, err = run_cli("--db", str(db_path), "projects", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 21
    first = rows[0]
    assert {"id", "name", "year", "budget_won", "executed_won", "rate", "milestones"} <= set(first)
    assert first["name"] == "통반장 활동 지원" and first["year"] == 2020
    # 2,249,931 / 2,892,888 = 77.77 %: the report prints 78, the app computes 77.8.
    assert first["rate"] == 77.8
    assert first["budget_won"] == 2892888000 and first["executed_won"] == 2249931000
    sinkil = next(r for r in rows if r["id"] == 2)
    first_ms = sinkil["milestones"][0]
    assert set(first_ms) >= {"date", "precision", "title", "state"}
    assert (first_ms["date"], first_ms["precision"], first_ms["title"], first_ms["state"]) == ("2016-09-01", "month", "사업기간", "완료")
    plan = next(r for r in rows if r["id"] == 13)
    assert plan["executed_won"] is None and plan["rate"] is None


def test_projects_year_filter_and_search(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "projects", "--year", "2021", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 10 and {r["year"] for r in rows} == {2021}
    code, out, _ = run_cli("--db", str(db_path), "projects", "ㅌㅂㅈ", "--year", "2020", "--json")
    assert [r["id"] for r in json.loads(out)] == [1]
    code, out, _ = run_cli("--db", str(db_path), "projects", "ㅌㅂㅈ")
    assert code == 0
    assert "2개 사업" in out and "77.8%" in out


def test_projects_bad_year_is_refused(run_cli, db_path: Path) -> None:
    assert_one_line_refusal(*run_cli("--db", str(db_path), "projects", "--year", "2019"), "--year")


def test_milestone_add_by_name_part_and_list(run_cli, db_path: Path) -> None:
    code, out, err = run_cli("--db", str(db_path), "milestone", "add", "대림3동", "'27. 3.", "설계공모 공고", "--note", "조달청")
    assert code == 0, err
    assert "대림3동 공공복합청사 건립" in out
    row = query(db_path, "SELECT id, starts_on, start_precision, title, note, state, origin, created_by, version "
                "FROM milestone WHERE title = '설계공모 공고'")
    assert len(row) == 1
    ms_id, starts, precision, title, note, state, origin, created_by, version = row[0]
    assert len(ms_id) == 36 and ms_id.count("-") == 4
    assert (starts, precision, note, state, origin, version) == ("2027-03-01", "month", "조달청", "계획", "user", 1)
    assert created_by
    log = query(db_path, "SELECT entity, entity_id, action, project_id, new_values FROM change_log")
    assert len(log) == 1
    assert log[0][:4] == ("milestone", ms_id, "add", 12)
    assert json.loads(log[0][4])["title"] == "설계공모 공고"

    code, out, _ = run_cli("--db", str(db_path), "--today", "2026-11-24", "milestone", "list", "12")
    assert code == 0
    last = [line for line in out.splitlines() if "설계공모 공고" in line]
    assert last and last[0].endswith("D-97")
    code, out, _ = run_cli("--db", str(db_path), "milestone", "list", "12", "--json")
    items = json.loads(out)
    assert items[-1]["title"] == "설계공모 공고" and items[-1]["precision"] == "month"
    assert [i["date"] for i in items if i["date"]] == sorted(i["date"] for i in items if i["date"])


def test_milestone_add_done(run_cli, db_path: Path) -> None:
    code, _, _ = run_cli("--db", str(db_path), "milestone", "add", "11", "2020.4.16", "개표 완료 보고", "--done")
    assert code == 0
    assert query(db_path, "SELECT state FROM milestone WHERE title = '개표 완료 보고'") == [("완료",)]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("milestone", "add", "통반장", "2021-03-15", "x"), ("2개", "1 통반장 활동 지원(2020)", "13 통반장 활동 지원(2021)")),
        (("milestone", "add", "없는사업", "2021-03-15", "x"), ("없는사업", "없습니다")),
        (("milestone", "add", "99", "2021-03-15", "x"), ("99번",)),
        (("milestone", "add", "12", "2021-13-15", "x"), ("날짜",)),
        (("milestone", "add", "12", "언젠가", "x"), ("날짜 형식",)),
        (("milestone", "add", "12", "2021-03-15", "  "), ("내용",)),
        (("execution", "add", "12", "-5", "--date", "2021-03-15", "--source", "구비"), ("음수",)),
        (("execution", "add", "12", "오만원", "--date", "2021-03-15", "--source", "구비"), ("금액",)),
        (("execution", "add", "12", "0", "--date", "2021-03-15", "--source", "구비"), ("0보다",)),
        (("execution", "add", "12", "1000", "--date", "2021-03", "--source", "구비"), ("--date", "일까지")),
        (("execution", "add", "12", "1000", "--date", "2021-03-15", "--source", "도비"), ("--source", "도비")),
        (("execution", "add", "12", "1000", "--source", "구비"), ("--date",)),
        (("execution", "add", "마을", "1000", "--date", "2021-03-15", "--source", "구비"), ("마을", "번호로")),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run_cli, db_path: Path, args: tuple[str, ...], needles: tuple[str, ...]) -> None:
    before = digest(db_path)
    assert_one_line_refusal(*run_cli("--db", str(db_path), *args), *needles)
    assert digest(db_path) == before


@pytest.mark.parametrize("amount", ["1,234,000", "1234000", "1,234천원"])
def test_execution_add_accepts_every_amount_format(run_cli, db_path: Path, amount: str) -> None:
    code, out, err = run_cli("--db", str(db_path), "execution", "add", "11", amount, "--date", "'20. 11. 2.", "--source", "구비")
    assert code == 0, err
    assert query(db_path, "SELECT amount_won, executed_on, source FROM execution_entry") == [(1234000, "2020-11-02", "구비")]
    # 28,056,000 + 1,234,000 = 29,290,000 of 37,496,000 → 78.1 %
    assert "78.1%" in out
    code, out, _ = run_cli("--db", str(db_path), "projects", "국회의원", "--json")
    row = json.loads(out)[0]
    assert (row["executed_won"], row["rate"]) == (29290000, 78.1)
    log = query(db_path, "SELECT entity, action, project_id FROM change_log")
    assert log == [("execution_entry", "add", 11)]
