"""Pure project rules and the project queries and writes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wardtui.core.dates import PartialDate
from wardtui.core.projects import (
    execution_rate,
    funding_table,
    project_status,
    split_timeline,
    toggled_state,
    validate_execution,
    validate_milestone,
)
from wardtui.errors import WardError

TODAY = dt.date(2026, 11, 24)


def test_rate_is_computed_from_amounts() -> None:
    assert execution_rate(2249931000, 2892888000) == Decimal("77.8")
    assert execution_rate(None, 100) == Decimal("0.0")
    assert execution_rate(5, 0) is None and execution_rate(5, None) is None


@given(st.integers(0, 10**13), st.integers(1, 10**13))
def test_rate_matches_exact_arithmetic(executed: int, budget: int) -> None:
    rate = execution_rate(executed, budget)
    assert rate is not None
    assert abs(rate - Decimal(executed) * 100 / Decimal(budget)) <= Decimal("0.05")


def test_toggle_and_status() -> None:
    assert toggled_state("계획") == "완료"
    assert toggled_state("진행") == "완료"
    assert toggled_state("완료") == "계획"
    assert project_status(["완료", "완료", "취소"]) == "완료"
    assert project_status(["완료", "계획"]) == "진행"
    assert project_status(["계획"]) == "계획"
    assert project_status([]) == "계획"


def test_funding_table_adds_logged_execution_and_a_total() -> None:
    lines = funding_table({"구비": 100, "시비": 50}, {"구비": 40}, {"구비": 10, "국비": 5})
    assert [(x.source, x.budget_won, x.executed_won) for x in lines] == [
        ("국비", 0, 5), ("시비", 50, 0), ("구비", 100, 50), ("계", 150, 55)
    ]
    assert lines[2].rate == Decimal("50.0") and lines[0].rate is None


def test_timeline_orders_past_then_upcoming_then_undated() -> None:
    d = dt.date
    items = split_timeline(
        [
            ("later", d(2027, 1, 5), "day", None, None, 1),
            ("undated", None, None, None, None, 2),
            ("old", d(2020, 3, 1), "month", None, None, 3),
            ("this-month", d(2026, 11, 1), "month", None, None, 4),  # covers today: still running
            ("deadline", None, None, d(2026, 11, 24), "day", 5),
            ("yesterday", d(2026, 11, 23), "day", None, None, 6),
        ],
        TODAY,
    )
    assert [i.key for i in items] == ["old", "yesterday", "this-month", "deadline", "later", "undated"]
    labels = {i.key: (i.when, i.label) for i in items}
    assert labels["later"] == ("upcoming", "D-42")
    assert labels["deadline"] == ("upcoming", "D-day")
    assert labels["this-month"] == ("upcoming", "진행 중")
    assert labels["yesterday"][0] == "past" and labels["undated"][0] == "undated"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-15", PartialDate(2021, 3, 15)),
        ("2021.3.15", PartialDate(2021, 3, 15)),
        ("2021. 3. 15.", PartialDate(2021, 3, 15)),
        ("'21. 3. 15.", PartialDate(2021, 3, 15)),
        ("2021.3", PartialDate(2021, 3)),
        ("'21. 3.", PartialDate(2021, 3)),
    ],
)
def test_milestone_form_accepts_every_date_format(text: str, expected: PartialDate) -> None:
    values, errors = validate_milestone({"date": text, "title": " 설계  공모 ", "note": "", "state": "계획"})
    assert errors == {}
    assert values["start"] == expected and values["end"] is None
    assert values["title"] == "설계 공모" and values["note"] is None
    assert values["date_text"] == expected.korean()


def test_milestone_form_errors_are_korean_and_per_field() -> None:
    _, errors = validate_milestone({"date": "2021-02-30", "title": "", "note": "", "state": "보류"})
    assert set(errors) == {"date", "title", "state"}
    assert "없는 날짜" in errors["date"]
    assert errors["title"] == "내용을 입력하십시오"
    assert "계획·완료·취소" in errors["state"]


@pytest.mark.parametrize(("text", "won"), [("1,234,000", 1234000), ("1234000", 1234000), ("1,234천원", 1234000)])
def test_execution_form_amounts(text: str, won: int) -> None:
    values, errors = validate_execution({"amount": text, "date": "2021. 3. 15.", "source": "시비", "note": ""})
    assert errors == {}
    assert values == {"amount_won": won, "executed_on": dt.date(2021, 3, 15), "source": "시비", "note": None}


@pytest.mark.parametrize(
    ("raw", "field", "needle"),
    [
        ({"amount": "-1,000"}, "amount", "음수"),
        ({"amount": "0"}, "amount", "0보다"),
        ({"amount": "abc"}, "amount", "금액 형식"),
        ({"amount": ""}, "amount", "금액을 입력"),
        ({"date": "2021.3"}, "date", "일까지"),
        ({"date": "어제"}, "date", "날짜 형식"),
        ({"source": "도비"}, "source", "국비·시비·구비·특교·사비"),
    ],
)
def test_execution_form_refusals(raw: dict[str, str], field: str, needle: str) -> None:
    full = {"amount": "1000", "date": "2021-03-15", "source": "구비", "note": "", **raw}
    _, errors = validate_execution(full)
    assert list(errors) == [field]
    assert needle in errors[field]


# -- the database layer -------------------------------------------------------------------
def _log(db_path) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT entity, action, old_values, new_values FROM change_log ORDER BY id").fetchall()
    finally:
        conn.close()


def test_milestone_lifecycle_with_versions_and_history(db, db_path) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db import projects as q

    ms_id = q.add_milestone(db, 12, start=PartialDate(2027, 3), date_text="2027. 3.", title="설계공모")
    m = q.get_milestone(db, ms_id)
    assert m is not None and m.version == 1 and m.state == "계획"
    assert q.toggle_milestone(db, ms_id, 1) == "완료"
    with pytest.raises(WardError, match="먼저 고쳤습니다"):
        q.edit_milestone(db, ms_id, 1, start=PartialDate(2027, 4), end=None, date_text="2027. 4.", title="x", note=None, state="계획")
    q.edit_milestone(db, ms_id, 2, start=PartialDate(2027, 4), end=None, date_text="2027. 4.", title="설계공모 공고", note="메모", state="완료")
    m = q.get_milestone(db, ms_id)
    assert m is not None and (m.version, m.title, m.starts_on, m.note) == (3, "설계공모 공고", dt.date(2027, 4, 1), "메모")
    with pytest.raises(WardError):
        q.remove_milestone(db, ms_id, 2)
    q.remove_milestone(db, ms_id, 3)
    assert q.get_milestone(db, ms_id) is None
    assert ms_id not in {x.id for x in q.milestones_for(db, 12)}
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT removed_at IS NOT NULL FROM milestone WHERE id = ?", (ms_id,)).fetchone() == (1,)
    conn.close()
    log = _log(db_path)
    assert [(e, a) for e, a, _, _ in log] == [("milestone", "add"), ("milestone", "edit"), ("milestone", "edit"), ("milestone", "remove")]
    edit = log[2]
    assert json.loads(edit[2])["title"] == "설계공모" and json.loads(edit[3])["title"] == "설계공모 공고"


def test_editing_a_report_milestone_keeps_its_printed_date_when_dates_stay(db) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db import projects as q

    m = next(x for x in q.milestones_for(db, 2) if x.title == "서울시 투자심사")
    q.edit_milestone(db, m.id, m.version, start=PartialDate(2017, 6), end=None, date_text="2017. 6.", title=m.title, note="심사 통과", state=m.state)
    after = q.get_milestone(db, m.id)
    assert after is not None and after.date_text == "'17. 6." and after.note == "심사 통과"


def test_execution_updates_project_rate_funding_and_unit_budget(db) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db import projects as q

    unit_before = next(u for u in q.unit_budgets(db) if u.id == 1)
    q.add_execution(db, 11, amount_won=9_440_000, executed_on=dt.date(2020, 11, 30), source="구비")
    p = q.get_project(db, 11)
    assert p is not None and p.executed_won == 37_496_000 and p.rate == Decimal("100.0")
    total = q.funding_lines(db, 11)[-1]
    assert (total.source, total.executed_won) == ("계", 37_496_000)
    unit = next(u for u in q.unit_budgets(db) if u.id == 1)
    assert unit.executed_won == unit_before.executed_won + 9_440_000 == 37_440_000
    assert unit.projected_won == max(unit_before.report_projected_won, 37_440_000)
    with pytest.raises(WardError):
        q.add_execution(db, 11, amount_won=0, executed_on=dt.date(2020, 11, 30), source="구비")


def test_resolve_project(db) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db.projects import resolve_project

    assert resolve_project(db, "12").name == "대림3동 공공복합청사 건립"
    assert resolve_project(db, "ㄷㄹ3").id == 12
    with pytest.raises(WardError, match="2개"):
        resolve_project(db, "자치회관")


def test_blank_date_only_where_allowed() -> None:
    raw = {"date": "", "title": "통장 실비수당 지급", "note": "", "state": "계획"}
    assert "date" in validate_milestone(raw)[1]
    values, errors = validate_milestone(raw, allow_blank_date=True)
    assert errors == {} and values["start"] is None and values["date_text"] is None
