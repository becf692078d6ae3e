"""Election queries on a real seeded database: recorded beside statutory, upcoming, adding."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from wardtui.db.due import due
from wardtui.db.elections import (
    add_election,
    all_elections,
    election_detail,
    holiday_overrides,
    recorded_elections,
    statutory_schedule,
)
from wardtui.errors import WardError
from tests.pg_helpers import psycopg_conn, wait_for

D = dt.date

# Runs on SQLite and on PostgreSQL (tests/conftest.py); those reading the SQLite file stay on SQLite.
pytestmark = pytest.mark.both_backends


def by_key(detail):  # type: ignore[no-untyped-def]
    return {r.key: r for r in detail.rows}


def test_the_report_elections_are_recorded(db) -> None:
    found = recorded_elections(db)
    assert [(e.day, e.kind, e.by_election, e.origin) for e in found] == [
        (D(2020, 4, 15), "assembly", False, "report"),
        (D(2021, 4, 7), "local", True, "report"),
    ]


def test_recorded_dates_sit_beside_statutory_ones(db) -> None:
    assembly = recorded_elections(db)[0]
    rows = by_key(election_detail(db, assembly))
    mailing = rows["guide_mailing"]
    assert (mailing.start, mailing.recorded_day) == (D(2020, 4, 5), D(2020, 4, 4))
    assert mailing.differs
    roll = rows["roll_compile"]
    assert (roll.start, roll.end, roll.recorded_start, roll.recorded_end) == (
        D(2020, 3, 24), D(2020, 3, 28), D(2020, 3, 24), D(2020, 3, 28)
    )
    assert not roll.differs
    # Statutory steps the report does not list still appear, without a recorded date.
    assert rows["candidate_registration"].recorded is False
    # The report lists 사전투표 twice; the schedule shows it once.
    assert [r.key for r in election_detail(db, assembly).rows].count("early_voting") == 1


def test_every_recorded_step_of_the_report_matches_the_rules_except_the_2020_mailing(db) -> None:
    differing = []
    for election in recorded_elections(db):
        for row in election_detail(db, election).rows:
            assert row.statutory, f"{row.name} has no rule"
            if row.differs:
                differing.append((election.day.year, row.key))
    assert differing == [(2020, "guide_mailing")]


def test_the_by_election_brings_its_statistics_and_offices(db) -> None:
    detail = election_detail(db, recorded_elections(db)[1])
    assert [s.printed for s in detail.stats] == ["96개", "327,500명", "6,601명"]
    assert [c.label for c in detail.contests] == ["시장(서울특별시)", "구의원 바선거구(신길4,5,7동)"]


def test_highlighted_deadline_on_2021_03_20_is_the_start_of_the_election_period(db) -> None:
    today = D(2021, 3, 20)
    detail = election_detail(db, recorded_elections(db)[1])
    row = detail.rows[detail.highlight_index(today)]  # type: ignore[index]
    assert (row.key, row.start) == ("election_period", D(2021, 3, 25))


def test_a_computed_election_highlights_its_next_statutory_step(db) -> None:
    upcoming = [e for e in all_elections(db, D(2026, 11, 24)) if e.origin == "computed"][0]
    detail = election_detail(db, upcoming)
    row = detail.rows[detail.highlight_index(D(2026, 11, 24))]  # type: ignore[index]
    assert (row.key, row.start) == ("preliminary_registration", D(2026, 12, 8))


def test_upcoming_elections_after_2026_11_24(db) -> None:
    found = [e for e in all_elections(db, D(2026, 11, 24)) if e.day >= D(2026, 11, 24)]
    assert [(e.day, e.kind, e.by_election) for e in found] == [
        (D(2027, 4, 7), "assembly", True),
        (D(2028, 4, 12), "assembly", False),
        (D(2030, 3, 27), "presidential", False),
        (D(2030, 6, 12), "local", False),
    ]


def test_a_computed_election_on_a_recorded_day_is_not_listed_twice(db) -> None:
    found = all_elections(db, D(2021, 3, 20))
    on_the_day = [e for e in found if e.day == D(2021, 4, 7)]
    assert [(e.origin, e.name) for e in on_the_day] == [("report", "2021. 4. 7. 보궐선거")]


def test_a_local_holiday_override_moves_the_upcoming_by_election(db, db_path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO holiday (day, name, is_holiday) VALUES ('2027-04-06', '임시공휴일', 1)")
    conn.close()
    assert holiday_overrides(db).added == {D(2027, 4, 6)}
    first = all_elections(db, D(2026, 11, 24))[2]
    assert (first.day, first.by_election) == (D(2027, 4, 14), True)


def test_adding_an_election_stores_it_as_the_users(db, db_path) -> None:
    added = add_election(db, kind="presidential", day=D(2025, 6, 3), by_election=True, cause=D(2025, 4, 4))
    assert added.origin == "user" and added.id is not None
    stored = [e for e in recorded_elections(db) if e.origin == "user"]
    assert [(e.day, e.kind, e.by_election, e.cause_on, e.name) for e in stored] == [
        (D(2025, 6, 3), "presidential", True, D(2025, 4, 4), "2025. 6. 3. 대통령 궐위선거")
    ]
    assert stored[0].polling_hours == "06:00–20:00"
    conn = sqlite3.connect(db_path)
    logged = conn.execute("SELECT entity, action, entity_id FROM change_log").fetchall()
    conn.close()
    assert logged == [("election", "add", str(added.id))]
    rows = by_key(election_detail(db, stored[0]))
    assert rows["overseas_roll_final"].article == "§218의12"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"kind": "presidential", "day": D(2030, 3, 27), "by_election": True}, "궐위 사유 확정일이 필요"),
        ({"kind": "presidential", "day": D(2025, 6, 3), "cause": D(2025, 7, 1)}, "늦거나 같습니다"),
        ({"kind": "mayor", "day": D(2027, 4, 7)}, "알 수 없는 선거 종류"),
        ({"kind": "assembly", "day": D(2020, 4, 15)}, "이미 있습니다"),
    ],
)
def test_an_impossible_election_is_refused_and_nothing_is_stored(db, kwargs, needle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WardError) as refused:
        add_election(db, **kwargs)
    assert needle in refused.value.message
    assert len(recorded_elections(db)) == 2


def test_statutory_schedule_turns_rule_errors_into_ward_errors() -> None:
    with pytest.raises(WardError, match="1948"):
        statutory_schedule(D(1900, 1, 3), "local")


# -- due ---------------------------------------------------------------------------------
def test_due_lists_election_steps_and_milestones_nearest_first(db) -> None:
    found = due(db, D(2021, 3, 20), days=20)
    days = [i.day for i in found.items]
    assert days == sorted(days)
    assert found.items[0].title == "선거인명부 작성 종료"  # a step under way counts at its end
    assert found.items[0].day == D(2021, 3, 20)
    assert found.counts["elections"] == 9
    assert found.counts["projects"] == sum(1 for i in found.items if i.section == "projects") > 0
    assert all(D(2021, 3, 20) <= d <= D(2021, 4, 9) for d in days)


def test_due_leaves_out_removed_and_finished_milestones(db, db_path) -> None:
    before = due(db, D(2021, 3, 20), days=20).counts["projects"]
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE milestone SET removed_at = '2021-03-01 00:00:00' WHERE id = "
            "(SELECT id FROM milestone WHERE state = '계획' AND starts_on = '2021-04-01' ORDER BY id LIMIT 1)"
        )
        conn.execute(
            "UPDATE milestone SET state = '완료' WHERE id = "
            "(SELECT id FROM milestone WHERE state = '계획' AND removed_at IS NULL AND starts_on = '2021-04-01' ORDER BY id LIMIT 1)"
        )
    conn.close()
    assert due(db, D(2021, 3, 20), days=20).counts["projects"] == before - 2


def test_due_limit_keeps_the_nearest_and_counts_all(db) -> None:
    found = due(db, D(2021, 3, 20), days=20, limit=3)
    assert len(found.items) == 3
    assert found.total == sum(found.counts.values()) > 3


def test_due_lists_the_payments_the_ledger_still_owes(db) -> None:
    from wardtui.db.payments.paying import add_payment
    from wardtui.db.payments.programs import resolve_program
    from wardtui.db.payments.register import add_recipient

    def payments() -> list[tuple[dt.date, str, str | None]]:
        return [(i.day, i.title, i.target) for i in due(db, D(2021, 3, 20), days=45).items if i.section == "payments"]

    # The target is what Enter on the home list opens: a run for that programme and period.
    assert payments() == [
        (D(2021, 3, 31), "2021-03 통장 실비수당 지급", "tong_allowance:2021-03"),
        (D(2021, 4, 30), "2021 통장 상해보험 가입", "tong_insurance:2021"),
        (D(2021, 4, 30), "2021-상반기 통장자녀 장학금 지급", "tong_scholarship:2021-상반기"),
    ]
    person = add_recipient(db, name="김영숙", dong="신길4동", role="통장", tong=3, since=D(2020, 1, 1))
    add_payment(db, program=resolve_program(db, "실비수당"), recipient_id=person.id, period_text="2021-03",
                amount_won=300_000, paid_on=D(2021, 3, 19))
    assert [title for _, title, _ in payments()] == ["2021 통장 상해보험 가입", "2021-상반기 통장자녀 장학금 지급"]
    assert due(db, D(2021, 3, 20), days=45).counts["payments"] == 2


def test_payments_due_in_a_year_without_lunar_dates_leave_the_rest_of_the_list(db) -> None:
    """The 설/추석 dates come from a calendar that starts in 1989: before it, home still lists the rest."""
    found = due(db, D(1988, 12, 1), days=90)
    assert found.warnings == ["지급 예정을 불러오지 못했습니다: 1988년 설날 날짜를 알 수 없습니다"]
    assert found.counts["payments"] == 0
    assert found.counts["elections"] > 0 and [i.section for i in found.items] == ["elections"] * found.counts["elections"]


def test_milestones_of_the_project_that_runs_an_election_are_not_listed_twice(db) -> None:
    found = due(db, D(2021, 3, 20), days=20)
    titles = [(i.section, i.title) for i in found.items if i.day == D(2021, 4, 2)]
    assert titles == [("elections", "사전투표")]
    assert not any(i.detail == "2021. 4. 7. 보궐선거 추진" for i in found.items)
    # Other projects' milestones stay.
    assert ("projects", "통장 상해보험 가입") in [(i.section, i.title) for i in found.items]


def test_a_recorded_date_can_be_entered_beside_the_statutory_one(db) -> None:
    from wardtui.db.elections import record_event

    added = add_election(db, kind="local", day=D(2022, 6, 1))
    row = by_key(election_detail(db, added))["guide_mailing"]
    record_event(db, added, row, start=row.start - dt.timedelta(days=1))
    after = by_key(election_detail(db, added))["guide_mailing"]
    assert (after.start, after.recorded_day, after.differs) == (D(2022, 5, 22), D(2022, 5, 21), True)
    # The next deadline still comes from the rules while nothing recorded lies ahead.
    detail = election_detail(db, added)
    assert detail.rows[detail.highlight_index(D(2022, 5, 25))].key == "early_voting"  # type: ignore[index]
    with pytest.raises(WardError, match="이미 기록된"):
        record_event(db, added, after, start=D(2022, 5, 20))


def test_the_reports_recorded_dates_and_computed_elections_cannot_be_recorded(db) -> None:
    from wardtui.db.elections import record_event

    assembly = recorded_elections(db)[0]
    mailing = by_key(election_detail(db, assembly))["guide_mailing"]
    with pytest.raises(WardError, match="이미 기록된"):
        record_event(db, assembly, mailing, start=D(2020, 4, 5))
    computed = [e for e in all_elections(db, D(2026, 11, 24)) if e.origin == "computed"][0]
    row = election_detail(db, computed).rows[0]
    with pytest.raises(WardError, match="먼저 선거를 추가"):
        record_event(db, computed, row, start=row.start)
    assert db.scalar("SELECT COUNT(*) FROM election_event") == 19


def test_a_step_recorded_meanwhile_is_refused_not_recorded_twice(db) -> None:
    """Two screens read the schedule before either recorded the step: the second record is refused."""
    from wardtui.db.elections import record_event

    added = add_election(db, kind="local", day=D(2022, 6, 1))
    seen_by_both = by_key(election_detail(db, added))["guide_mailing"]
    record_event(db, added, seen_by_both, start=D(2022, 5, 21))
    with pytest.raises(WardError) as refused:
        record_event(db, added, seen_by_both, start=D(2022, 5, 20))
    assert refused.value.message == "이미 기록된 일정입니다: 투표안내문·선거공보 발송 기한 (2022-05-21, 다른 곳에서 먼저 기록했습니다)"
    stored = db.rows("SELECT recorded_start FROM election_event WHERE election_id = :id", {"id": added.id})
    assert [r[0] for r in stored] == [D(2022, 5, 21)]
    assert by_key(election_detail(db, added))["guide_mailing"].recorded_day == D(2022, 5, 21)


def test_two_desks_recording_one_step_at_the_same_moment_store_it_once(pg_url: str) -> None:
    """PostgreSQL: both desks read the step unrecorded, then record it at once; one is refused."""
    import threading

    from sqlalchemy import text

    from wardtui.db.elections import record_event
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    desks = [open_database(resolve(pg_url)) for _ in range(3)]
    a, b, holder = desks
    watcher = psycopg_conn(pg_url)
    watcher.autocommit = True
    try:
        added = add_election(a, kind="local", day=D(2022, 6, 1))
        row = by_key(election_detail(a, added))["guide_mailing"]
        outcomes: list[BaseException | None] = []

        def desk(db, day):  # type: ignore[no-untyped-def]
            try:
                record_event(db, added, row, start=day)
                outcomes.append(None)
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcomes.append(exc)

        with holder.engine.connect() as conn:
            # Hold the election row so both desks are inside record_event before either goes on.
            tx = conn.begin()
            conn.execute(text("SELECT id FROM election WHERE id = :id FOR UPDATE"), {"id": added.id})
            threads = [threading.Thread(target=desk, args=(db, day)) for db, day in ((a, D(2022, 5, 21)), (b, D(2022, 5, 20)))]
            for t in threads:
                t.start()
            try:
                wait_for(watcher, 2, "both desks must be inside record_event at once")
                assert outcomes == [], "neither desk may finish while the row is held"
            finally:
                tx.commit()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        assert len(outcomes) == 2
        refused = [o for o in outcomes if o is not None]
        assert len(refused) == 1 and isinstance(refused[0], WardError), outcomes
        assert "이미 기록된 일정입니다: 투표안내문·선거공보 발송 기한 (2022-05-2" in refused[0].message
        stored = a.rows(
            "SELECT COUNT(*) FROM election_event WHERE election_id = :id AND event_key = 'guide_mailing'", {"id": added.id}
        )
        assert stored == [(1,)]
    finally:
        watcher.close()
        for db in desks:
            db.close()
