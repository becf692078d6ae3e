"""`wardtui schedule`, `wardtui elections` and `wardtui due` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import assert_one_line_refusal


def test_schedule_json_of_the_2021_by_election(run_cli) -> None:
    code, out, err = run_cli("schedule", "2021-04-07", "--kind", "local", "--by-election", "--json")
    assert (code, err) == (0, "")
    events = json.loads(out)
    by_key = {e["key"]: e for e in events}
    assert by_key["election_period"]["start"] == "2021-03-25"
    assert by_key["election_period"]["end"] == "2021-04-07"
    assert by_key["resign_tong_head"]["start"] == by_key["resign_tong_head"]["end"] == "2021-01-07"
    assert by_key["election_day"]["article"] == "§155①"
    assert by_key["election_day"]["hours"] == "06:00–20:00"
    assert "overseas_voting" not in by_key  # no overseas voting in a by-election
    assert {"event", "article", "start", "end"} <= set(events[0])
    assert [e["start"] for e in events] == sorted(e["start"] for e in events)


def test_schedule_text_lists_every_event_with_the_weekday(run_cli) -> None:
    code, out, _ = run_cli("schedule", "2020.4.15", "--kind", "assembly")
    assert code == 0
    lines = out.strip().splitlines()
    assert "2020. 4. 5.(일)\t투표안내문·선거공보 발송 기한\t§153" in lines
    assert lines[-1] == f"{len(lines) - 1}개 일정"


def test_schedule_of_a_vacancy_election_uses_the_cause(run_cli) -> None:
    code, out, _ = run_cli("schedule", "2025-06-03", "--kind", "presidential", "--cause", "2025-04-04", "--json")
    assert code == 0
    by_key = {e["key"]: e for e in json.loads(out)}
    assert by_key["overseas_absentee_report"]["start"] == "2025-04-04"
    assert by_key["overseas_roll_final"]["article"] == "§218의12"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["schedule", "2021-02-30", "--kind", "local"], "없는 날짜"),
        (["schedule", "next week", "--kind", "local"], "날짜 형식이 아닙니다"),
        (["schedule", "2030-03-27", "--kind", "presidential", "--by-election"], "궐위 사유 확정일이 필요"),
        (["schedule", "2025-06-03", "--kind", "presidential", "--cause", "2025-07-01"], "늦거나 같습니다"),
        (["schedule", "2025-06-03", "--kind", "presidential", "--cause", "soon"], "--cause"),
        (["schedule", "2027-04-07", "--kind", "mayor"], "알 수 없는 선거 종류"),
        (["schedule", "2027-04-07", "--kind", "assembly", "--cause", "2027-01-02"], "대통령선거에만"),
    ],
)
def test_impossible_schedules_are_one_line_and_status_2(run_cli, args, needle) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(*args)
    assert_one_line_refusal(code, out, err, needle)


def test_elections_json_counts_days_from_today(run_cli, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    code, out, err = run_cli("--db", db, "--today", "2021-03-20", "elections", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [(e["date"], e["kind"], e["by_election"], e["days_left"]) for e in found] == [
        ("2020-04-15", "assembly", False, -339),
        ("2021-04-07", "local", True, 18),
        ("2022-06-01", "local", False, 438),
        ("2024-04-10", "assembly", False, 1117),
    ]
    assert found[1]["name"] == "2021. 4. 7. 보궐선거"


def test_elections_text_shows_d_days(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("--db", str(tmp_path / "w.db"), "--today", "2026-11-24", "elections")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[2].startswith("2027-04-07\tD-134\t")
    assert lines[-1] == "6개 선거"


def test_due_json_is_nearest_first_within_the_days(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("--db", str(tmp_path / "w.db"), "--today", "2026-11-24", "due", "--days", "60", "--json")
    assert code == 0
    items = json.loads(out)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    assert all("2026-11-24" <= i["date"] <= "2027-01-23" for i in items)
    items = [i for i in items if i["section"] == "elections"]  # payments come from section 3
    assert [(i["date"], i["section"], i["title"], i["days_left"]) for i in items] == [
        ("2026-12-08", "elections", "예비후보자 등록 개시", 14),
        ("2027-01-07", "elections", "통·리·반장·주민자치위원이 선거사무관계자 등이 되려면 사직", 44),
    ]
    assert items[0]["detail"] == "2027년 재·보궐선거"


def test_due_text_ends_with_counts(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("--db", str(tmp_path / "w.db"), "--today", "2021-03-20", "due", "--days", "20")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("2021-03-20\tD-day\t선거\t선거인명부 작성 종료")
    assert lines[-1].startswith(f"{len(lines) - 1}건 (선거 9 · 사업 ")
    assert lines[-1].endswith(", 20일 안")


def test_due_refuses_negative_days(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("--db", str(tmp_path / "w.db"), "due", "--days", "-1")
    assert_one_line_refusal(code, out, err, "--days")
