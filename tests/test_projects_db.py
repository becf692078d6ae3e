"""Section 2 writes on a real database: execution entries edited and removed like milestones."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from wardtui.db import projects as pr
from wardtui.errors import WardError

DAY = dt.date(2020, 11, 2)

# Runs on SQLite and on PostgreSQL (tests/conftest.py); those reading the SQLite file stay on SQLite.
pytestmark = pytest.mark.both_backends


def log_rows(db, entry_id: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return [
        (action, json.loads(old) if old else None, json.loads(new) if new else None)
        for action, old, new in db.rows(
            "SELECT action, old_values, new_values FROM change_log WHERE entity_id = :id ORDER BY id", {"id": entry_id}
        )
    ]


def test_edit_execution_keeps_old_and_new_values_and_bumps_the_version(db) -> None:  # type: ignore[no-untyped-def]
    entry_id = pr.add_execution(db, 11, amount_won=9_440_000, executed_on=DAY, source="구비", note="첫 지급")
    assert pr.get_project(db, 11).rate == pytest.approx(100, abs=0.05)  # type: ignore[union-attr]
    pr.edit_execution(db, entry_id, 1, 1_000_000, DAY, "시비", None)
    entry = pr.get_execution(db, entry_id)
    assert entry is not None and (entry.amount_won, entry.source, entry.note, entry.version) == (1_000_000, "시비", None, 2)
    assert str(pr.get_project(db, 11).rate) == "77.5"  # type: ignore[union-attr]
    (_, (action, old, new)) = log_rows(db, entry_id)
    assert action == "edit"
    assert old == {"amount_won": 9440000, "executed_on": "2020-11-02", "note": "첫 지급", "source": "구비"}
    assert new == {"amount_won": 1000000, "executed_on": "2020-11-02", "note": None, "source": "시비"}


def test_an_edit_that_changes_nothing_is_not_logged(db) -> None:  # type: ignore[no-untyped-def]
    entry_id = pr.add_execution(db, 11, amount_won=1_000, executed_on=DAY, source="구비")
    pr.edit_execution(db, entry_id, 1, amount_won=1_000, executed_on=DAY, source="구비", note=None)
    assert pr.get_execution(db, entry_id).version == 1  # type: ignore[union-attr]
    assert [a for a, _, _ in log_rows(db, entry_id)] == ["add"]


def test_remove_execution_keeps_the_row_and_drops_it_from_every_total(db) -> None:  # type: ignore[no-untyped-def]
    before = (pr.get_project(db, 11), pr.unit_budgets(db)[0], pr.funding_lines(db, 11))
    entry_id = pr.add_execution(db, 11, amount_won=9_440_000, executed_on=DAY, source="구비")
    assert pr.unit_budgets(db)[0].logged_won == 9_440_000
    pr.remove_execution(db, entry_id, 1)
    assert (pr.get_project(db, 11), pr.unit_budgets(db)[0], pr.funding_lines(db, 11)) == before
    assert pr.executions_for(db, 11) == [] and pr.get_execution(db, entry_id) is None
    assert db.rows("SELECT amount_won, version, removed_at IS NOT NULL FROM execution_entry") == [(9440000, 2, 1)]
    assert log_rows(db, entry_id)[-1] == (
        "remove", {"amount_won": 9440000, "executed_on": "2020-11-02", "note": None, "source": "구비"}, None
    )


def test_stale_version_or_removed_entry_is_refused_in_korean(db) -> None:  # type: ignore[no-untyped-def]
    entry_id = pr.add_execution(db, 11, amount_won=1_000, executed_on=DAY, source="구비")
    pr.edit_execution(db, entry_id, 1, 2_000, DAY, "구비", None)
    with pytest.raises(WardError, match="다른 곳에서 이 집행 기록을 먼저 고쳤습니다"):
        pr.edit_execution(db, entry_id, 1, 3_000, DAY, "구비", None)
    with pytest.raises(WardError, match="먼저 고쳤습니다"):
        pr.remove_execution(db, entry_id, 1)
    pr.remove_execution(db, entry_id, 2)
    with pytest.raises(WardError, match="이 집행 기록이 없습니다"):
        pr.edit_execution(db, entry_id, 3, 3_000, DAY, "구비", None)
    with pytest.raises(WardError, match="이 집행 기록이 없습니다"):
        pr.remove_execution(db, entry_id, 3)
    assert [a for a, _, _ in log_rows(db, entry_id)] == ["add", "edit", "remove"]


@pytest.mark.parametrize(("amount", "source", "needle"), [(0, "구비", "0보다"), (-1, "구비", "0보다"), (1, "도비", "재원")])
def test_edit_execution_refuses_bad_values(db, amount: int, source: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    entry_id = pr.add_execution(db, 11, amount_won=1_000, executed_on=DAY, source="구비")
    with pytest.raises(WardError, match=needle):
        pr.edit_execution(db, entry_id, 1, amount, DAY, source, None)
    assert pr.get_execution(db, entry_id).amount_won == 1_000  # type: ignore[union-attr]


def test_milestone_messages_are_unchanged_by_the_shared_helper(db) -> None:  # type: ignore[no-untyped-def]
    milestone = pr.milestones_for(db, 11)[0]
    pr.toggle_milestone(db, milestone.id, milestone.version)
    with pytest.raises(WardError, match="다른 곳에서 이 일정을 먼저 고쳤습니다"):
        pr.remove_milestone(db, milestone.id, milestone.version)
    pr.remove_milestone(db, milestone.id, milestone.version + 1)
    with pytest.raises(WardError, match="이 일정이 없습니다"):
        pr.toggle_milestone(db, milestone.id, milestone.version + 2)


def test_the_list_limit_applies_to_what_matched_not_before(db) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db.projects import list_projects

    every = list_projects(db)
    last = every[-1]
    # With a limit of 1, a search for the last project still finds it.
    assert [p.id for p in list_projects(db, last.name, limit=1)] == [last.id]
    assert len(list_projects(db, limit=3)) == 3


def test_one_query_gives_the_matches_and_the_years_total(db) -> None:  # type: ignore[no-untyped-def]
    for year, query in ((None, ""), (None, "ㅌㅂ"), (2020, "통반장"), (2021, "없는 사업")):
        found = pr.search_projects(db, query, year)
        where = "" if year is None else f" WHERE year = {year}"
        assert found.total == db.scalar("SELECT COUNT(*) FROM project" + where)
        assert found.rows == pr.list_projects(db, query, year)
    assert [len(pr.search_projects(db, "", y).rows) for y in (None, 2020, 2021)] == [21, 11, 10]
    assert [p.year for p in pr.search_projects(db, "통반장", 2020).rows] == [2020]
