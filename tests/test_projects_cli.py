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


def content(path: Path) -> list[str]:
    """Every row, WAL included (after a write the file's bytes may still move at a later checkpoint)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


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


def _log_one(run_cli, db_path: Path) -> str:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("--db", str(db_path), "execution", "add", "11", "9,440천원", "--date", "2020-11-02", "--source", "구비", "--note", "첫 지급")
    assert code == 0, err
    code, out, err = run_cli("--db", str(db_path), "execution", "list", "국회의원", "--json")
    assert code == 0, err
    (entry,) = json.loads(out)
    assert {k: entry[k] for k in ("date", "source", "amount_won", "note", "version")} == {
        "date": "2020-11-02", "source": "구비", "amount_won": 9440000, "note": "첫 지급", "version": 1,
    }
    return str(entry["id"])


def test_execution_list_edit_and_remove(run_cli, db_path: Path) -> None:
    entry_id = _log_one(run_cli, db_path)
    code, out, _ = run_cli("--db", str(db_path), "execution", "list", "11")
    assert code == 0 and entry_id in out and "9,440,000원" in out and "1건 · 합계 9,440,000원" in out

    # a unique start of the id is enough; options not given keep their values
    code, out, err = run_cli("--db", str(db_path), "execution", "edit", entry_id[:8], "--amount", "1,000,000", "--source", "시비")
    assert code == 0, err
    assert "77.5%" in out  # 28,056,000 + 1,000,000 of 37,496,000
    assert query(db_path, "SELECT amount_won, source, executed_on, note, version FROM execution_entry") == [
        (1000000, "시비", "2020-11-02", "첫 지급", 2)
    ]
    code, out, err = run_cli("--db", str(db_path), "execution", "edit", entry_id, "--date", "'20. 12. 1.", "--note", "")
    assert code == 0, err
    assert query(db_path, "SELECT executed_on, note, version FROM execution_entry") == [("2020-12-01", None, 3)]

    code, out, err = run_cli("--db", str(db_path), "execution", "remove", entry_id)
    assert code == 0, err
    assert "74.8%" in out and "변경 기록에 남습니다" in out
    assert query(db_path, "SELECT removed_at IS NOT NULL, version FROM execution_entry") == [(1, 4)]
    code, out, _ = run_cli("--db", str(db_path), "execution", "list", "11", "--json")
    assert json.loads(out) == []
    code, out, _ = run_cli("--db", str(db_path), "projects", "국회의원", "--json")
    assert json.loads(out)[0]["rate"] == 74.8

    log = query(db_path, "SELECT action, old_values, new_values FROM change_log WHERE entity = 'execution_entry' ORDER BY id")
    assert [a for a, _, _ in log] == ["add", "edit", "edit", "remove"]
    first_edit_old, first_edit_new = json.loads(log[1][1]), json.loads(log[1][2])
    assert (first_edit_old["amount_won"], first_edit_old["source"]) == (9440000, "구비")
    assert (first_edit_new["amount_won"], first_edit_new["source"]) == (1000000, "시비")
    assert json.loads(log[2][2])["note"] is None and json.loads(log[2][1])["note"] == "첫 지급"
    assert json.loads(log[3][1])["amount_won"] == 1000000 and log[3][2] is None


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("edit", "{id}"), ("하나 이상",)),
        (("edit", "{id}", "--amount", "-5"), ("--amount", "음수")),
        (("edit", "{id}", "--amount", "오만원"), ("--amount",)),
        (("edit", "{id}", "--amount", "0"), ("0보다",)),
        (("edit", "{id}", "--date", "2021-02-30"), ("--date", "없는 날짜")),
        (("edit", "{id}", "--date", "2021.3"), ("--date", "일까지")),
        (("edit", "{id}", "--source", "도비"), ("--source", "도비")),
        (("edit", "ffffffff", "--amount", "1000"), ("ffffffff", "없습니다")),
        (("edit", "abc", "--amount", "1000"), ("4자",)),
        (("edit", "없는기록", "--amount", "1000"), ("없는기록", "없습니다")),
        (("remove", "ffffffff-0000"), ("없습니다",)),
        (("list", "마을"), ("마을", "번호로")),
        (("list", "99"), ("99번",)),
    ],
)
def test_execution_bad_input_is_one_line_and_writes_nothing(
    run_cli, db_path: Path, args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    entry_id = _log_one(run_cli, db_path)
    before = content(db_path)
    assert_one_line_refusal(*run_cli("--db", str(db_path), "execution", *(a.format(id=entry_id) for a in args)), *needles)
    assert content(db_path) == before


def test_a_removed_entry_cannot_be_edited_or_removed_again(run_cli, db_path: Path) -> None:
    entry_id = _log_one(run_cli, db_path)
    assert run_cli("--db", str(db_path), "execution", "remove", entry_id)[0] == 0
    before = content(db_path)
    assert_one_line_refusal(*run_cli("--db", str(db_path), "execution", "remove", entry_id), "없습니다")
    assert_one_line_refusal(*run_cli("--db", str(db_path), "execution", "edit", entry_id, "--amount", "1"), "없습니다")
    assert content(db_path) == before


def test_an_imported_milestone_without_printed_words_lists_its_date(run_cli, db_path: Path, tmp_path: Path) -> None:
    """A CSV row with dates but no 날짜(보고서 표기) column: the list shows the dates, not '-'."""
    csv = tmp_path / "일정.csv"
    csv.write_text(
        "사업 번호,제목,상태,시작일,시작일 정밀도,종료일,종료일 정밀도\n"
        "12,재투자심사 결과 통보,계획,2027-04-15,day,,\n"
        "12,설계공모,계획,2027-05-01,month,2027-07-01,month\n"
        "12,연간 점검,계획,2027-01-01,year,,\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("--db", str(db_path), "import", "milestone", str(csv))
    assert code == 0, err
    assert query(db_path, "SELECT COUNT(*) FROM milestone WHERE date_text IS NULL AND origin = 'user'") == [(3,)]
    code, out, _ = run_cli("--db", str(db_path), "--today", "2026-11-24", "milestone", "list", "12")
    assert code == 0
    lines = {line.split("\t")[2]: line.split("\t")[0] for line in out.splitlines() if line.count("\t") >= 2}
    assert lines["재투자심사 결과 통보"] == "2027. 4. 15."
    assert lines["설계공모"] == "2027. 5. ~ 2027. 7."
    assert lines["연간 점검"] == "2027년"
