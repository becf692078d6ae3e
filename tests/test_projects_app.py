"""Section 2 through the real app with Pilot: the list, the detail, the forms, the budget."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static

from wardtui.screens.budget import TOTAL_KEY, BudgetScreen
from wardtui.screens.project_detail import TODAY_KEY, UNDATED_KEY, ChangeLogScreen, ProjectDetailScreen
from wardtui.screens.projects import ProjectsScreen
from wardtui.widgets.confirm import ConfirmScreen
from wardtui.widgets.form import FormScreen
from tests.app_helpers import check_data_version, settle

# Runs on SQLite and on PostgreSQL (tests/conftest.py); those reading the SQLite file stay on SQLite.
pytestmark = pytest.mark.both_backends


def rendered(widget: Static) -> str:
    from rich.console import Console

    console = Console(width=160, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def table(app, name: str) -> DataTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{name}", DataTable)


def names(app) -> list[str]:  # type: ignore[no-untyped-def]
    t = table(app, "project-table")
    return [str(t.get_row(k)[0]) for k in t.rows]


def rows_of(app) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    t = table(app, "milestone-table")
    return {str(k.value): [str(c) for c in t.get_row(k)] for k in t.rows}


def db_rows(path: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def open_project(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("slash", *query, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProjectDetailScreen)


async def test_list_year_filter_and_search(make_app) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        assert len(names(app)) == 21
        count = app.screen.query_one("#project-count", Static)
        assert "사업 21/21개 · 연도 전체" in str(count.render())
        first = [str(c) for c in table(app, "project-table").get_row("1")]
        assert first[1:5] == ["2020", "진행", "2,892,888", "2,249,931"]
        assert first[5].endswith("77.8%")
        await pilot.press("y")
        await settle(pilot)
        assert len(names(app)) == 11 and "연도 2020" in str(count.render())
        await pilot.press("y")
        await settle(pilot)
        assert len(names(app)) == 10
        await pilot.press("y")
        await settle(pilot)
        assert len(names(app)) == 21
        await pilot.press("slash", "ㅌ", "ㅂ", "y", "b")
        await settle(pilot)
        # letters typed in the box never cycle the year or open the budget
        assert isinstance(app.screen, ProjectsScreen)
        assert app.screen.year is None
        assert app.screen.query_one(Input).value == "ㅌㅂyb"
        assert names(app) == []
        app.screen.query_one(Input).value = "ㅌㅂ"
        await settle(pilot)
        assert len(names(app)) == 2 and "사업 2/21개" in str(count.render())


async def test_detail_shows_purpose_overview_funding_and_timeline(make_app) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "신길4")
        summary = rendered(app.screen.query_one("#project-summary", Static))
        assert "신길4동 공공복합청사 건립" in summary and "복합시설로 건립" in summary
        assert "지하2층 ~ 지상4층" in summary and "91.4%" in summary
        funding = rendered(app.screen.query_one("#project-funding", Static))
        assert "시비" in funding and "1,307,000" in funding and "4,247,518" in funding and "계" in funding
        keys = list(rows_of(app))
        assert keys[-1] == TODAY_KEY, "every report item of this project is in the past"
        assert rows_of(app)[TODAY_KEY][1] == "오늘"
        assert table(app, "milestone-table").cursor_row == len(keys) - 1


async def test_add_edit_complete_and_remove_a_milestone(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "대림3")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"'27. 3.", "enter", *"설계공모 공고", "enter", *"조달청", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectDetailScreen)
        rows = rows_of(app)
        (new_id,) = [k for k, r in rows.items() if r[3].startswith("설계공모 공고")]
        assert rows[new_id][:3] == ["2027. 3.", "D-97", "계획"]
        keys = list(rows)
        assert keys.index(new_id) == keys.index(TODAY_KEY) + 1, "upcoming: right after today"
        assert table(app, "milestone-table").cursor_row == keys.index(new_id)

        # edit: the form opens with the stored values
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-date", Input).value == "2027. 3."
        form.query_one("#field-title", Input).value = "설계공모 공고(재공고)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows_of(app)[new_id][3].startswith("설계공모 공고(재공고)")

        # space completes it, and again returns it to 계획
        await pilot.press("space")
        await settle(pilot)
        assert rows_of(app)[new_id][2] == "완료"
        assert db_rows(db_path, f"SELECT state, version FROM milestone WHERE id = '{new_id}'") == [("완료", 3)]

        # d asks; n keeps it, y removes it (the row stays in the database)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert new_id in rows_of(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert new_id not in rows_of(app)
        assert db_rows(db_path, f"SELECT removed_at IS NOT NULL FROM milestone WHERE id = '{new_id}'") == [(1,)]
        actions = db_rows(db_path, f"SELECT action FROM change_log WHERE entity_id = '{new_id}' ORDER BY id")
        assert [a for (a,) in actions] == ["add", "edit", "edit", "remove"]

        # h shows that history
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ChangeLogScreen)
        text = str(app.screen.query_one(Static).render())
        assert "일정 추가" in text and "일정 삭제" in text and "상태: 계획 → 완료" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectDetailScreen)


async def test_form_validation_shows_korean_messages_by_the_field(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "대림3")
        before = db_rows(db_path, "SELECT COUNT(*) FROM milestone")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"2021.2.30", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "없는 날짜" in str(form.query_one("#error-date", Static).content)
        assert str(form.query_one("#error-title", Static).content) == "내용을 입력하십시오"
        assert form.query_one("#field-date", Input).value == "2021.2.30"
        # Esc on a changed form asks; n keeps typing, y discards
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ProjectDetailScreen)
        assert db_rows(db_path, "SELECT COUNT(*) FROM milestone") == before


async def test_space_on_the_today_marker_changes_nothing(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "대림3")
        assert table(app, "milestone-table").coordinate_to_cell_key(table(app, "milestone-table").cursor_coordinate).row_key.value == TODAY_KEY
        await pilot.press("space", "e", "d")
        await settle(pilot)
        assert isinstance(app.screen, ProjectDetailScreen)
        assert db_rows(db_path, "SELECT COUNT(*) FROM change_log") == [(0,)]


async def test_logging_execution_updates_rate_list_and_budget(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "국회의원")
        assert "74.8%" in rendered(app.screen.query_one("#project-summary", Static))
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-date", Input).value == "2026. 11. 24."
        assert form.query_one("#field-source", Select).value == "구비"
        await pilot.press(*"-5", "ctrl+s")
        await pilot.pause()
        assert "음수" in str(form.query_one("#error-amount", Static).content)
        form.query_one("#field-amount", Input).value = "9,440천원"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectDetailScreen)
        assert "100.0%" in rendered(app.screen.query_one("#project-summary", Static))
        funding = rendered(app.screen.query_one("#project-funding", Static))
        assert "37,496" in funding.split("계")[-1]
        assert db_rows(db_path, "SELECT amount_won, source, executed_on FROM execution_entry") == [(9440000, "구비", "2026-11-24")]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        assert str(table(app, "project-table").get_row("11")[5]).endswith("100.0%")
        await pilot.press("down")  # from the search box (focused before Enter) to the list
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BudgetScreen)
        budget = table(app, "budget-table")
        row = [str(c) for c in budget.get_row("1")]
        assert row == ["국회의원선거", "37,496", "37,440", "99.9%", "37,440", "99.9%"]
        assert str(budget.get_row(TOTAL_KEY)[0]) == "계 (8개)"
        assert "기록한 집행 9,440천원 포함" in str(app.screen.query_one("#budget-count", Static).render())


async def test_budget_overview_matches_the_report(make_app) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        budget = table(app, "budget-table")
        assert budget.row_count == 9
        total = [str(c) for c in budget.get_row(TOTAL_KEY)]
        # the report's printed 계 (117,935,826 / 115,481,262 / 115,912,371); rates computed, not its "97%"
        assert total[1:] == ["117,935,826", "115,481,262", "97.9%", "115,912,371", "98.3%"]
        assert [str(c) for c in budget.get_row("3")][3] == "60.6%"
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectsScreen)


async def test_an_edit_made_elsewhere_meanwhile_is_refused_and_reloaded(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "신길4")
        await pilot.press("up")  # onto 개청식, the last item before today
        key = table(app, "milestone-table").coordinate_to_cell_key(table(app, "milestone-table").cursor_coordinate).row_key.value
        assert rows_of(app)[key][3] == "개청식" and rows_of(app)[key][2] == "계획"
        # another laptop (or the CLI) completes it first
        conn = sqlite3.connect(db_path)
        with conn:
            conn.execute("UPDATE milestone SET state = '취소', version = version + 1 WHERE id = ?", (key,))
        conn.close()
        await pilot.press("space")
        await settle(pilot)
        assert db_rows(db_path, f"SELECT state, version FROM milestone WHERE id = '{key}'") == [("취소", 2)]
        assert db_rows(db_path, "SELECT COUNT(*) FROM change_log") == [(0,)]
        assert rows_of(app)[key][2] == "취소", "the screen reloaded what is really stored"
        assert any("먼저 고쳤습니다" in n.message for n in app._notifications)


async def test_undated_report_items_can_be_edited_without_a_date(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ㅌㅂㅈ", "enter")  # two matches: Enter moves to the list
        await settle(pilot)
        assert isinstance(app.focused, DataTable) and isinstance(app.screen, ProjectsScreen)
        await pilot.press("enter")  # the 2020 one
        await settle(pilot)
        assert isinstance(app.screen, ProjectDetailScreen) and app.screen.project_id == 1
        rows = rows_of(app)
        keys = list(rows)
        assert UNDATED_KEY in keys and keys.index(UNDATED_KEY) > keys.index(TODAY_KEY)
        monthly = next(k for k, r in rows.items() if r[0] == "매월")
        t = table(app, "milestone-table")
        t.move_cursor(row=t.get_row_index(monthly))
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and form.query_one("#field-date", Input).value == ""
        form.query_one("#field-note", Input).value = "매월 25일"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectDetailScreen)
        assert db_rows(db_path, f"SELECT date_text, note, version FROM milestone WHERE id = '{monthly}'") == [("매월", "매월 25일", 2)]


async def test_edit_and_remove_a_logged_execution_entry_and_the_rate_follows(make_app, db_path: Path) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "국회의원")
        screen = app.screen
        assert "74.8%" in rendered(screen.query_one("#project-summary", Static))
        assert table(app, "execution-table").row_count == 0 and not table(app, "execution-table").display
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#field-amount", Input).value = "9,440천원"
        app.screen.query_one("#field-note", Input).value = "투표사무원 수당"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "100.0%" in rendered(screen.query_one("#project-summary", Static))
        entries = table(app, "execution-table")
        (entry_id,) = [str(k.value) for k in entries.rows]
        assert [str(c) for c in entries.get_row(entry_id)] == ["2026. 11. 24.", "구비", "9,440,000", "투표사무원 수당"]
        assert "집행 기록 1건 (합계 9,440,000원)" in str(screen.query_one("#execution-title", Static).render())

        # the milestone list has the focus: e and d are the milestone's (on the today marker: nothing)
        assert app.focused is table(app, "milestone-table")
        assert screen.active_bindings["e"].binding.id == "project.milestone_edit"
        assert screen.query_one("#milestone-title").has_class("-active")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen

        # shift+tab moves to the execution list; now e and d act on it, and the footer says so
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is entries
        assert screen.active_bindings["e"].binding.id == "project.execution_edit"
        assert screen.active_bindings["d"].binding.id == "project.execution_remove"
        assert "space" not in screen.active_bindings
        assert screen.query_one("#execution-title").has_class("-active")
        assert not screen.query_one("#milestone-title").has_class("-active")

        # e: the same form as x, with the stored values
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-amount", Input).value == "9,440,000"
        assert form.query_one("#field-date", Input).value == "2026. 11. 24."
        assert form.query_one("#field-source", Select).value == "구비"
        assert form.query_one("#field-note", Input).value == "투표사무원 수당"
        form.query_one("#field-amount", Input).value = "오천원"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(form.query_one("#error-amount", Static).content), "validated like x"
        form.query_one("#field-amount", Input).value = "1,000,000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        # 28,056,000 + 1,000,000 of 37,496,000 → 77.5 %
        assert "77.5%" in rendered(screen.query_one("#project-summary", Static))
        assert "29,056" in rendered(screen.query_one("#project-funding", Static)).split("계")[-1]
        assert [str(c) for c in entries.get_row(entry_id)][2] == "1,000,000"
        assert db_rows(db_path, f"SELECT amount_won, version FROM execution_entry WHERE id = '{entry_id}'") == [(1000000, 2)]
        assert app.focused is entries

        # d asks; n keeps it, y removes it from the list and the totals, not from the database
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert entries.row_count == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert entries.row_count == 0
        assert "74.8%" in rendered(screen.query_one("#project-summary", Static))
        assert db_rows(db_path, f"SELECT removed_at IS NOT NULL, version FROM execution_entry WHERE id = '{entry_id}'") == [(1, 3)]
        actions = db_rows(db_path, f"SELECT action FROM change_log WHERE entity_id = '{entry_id}' ORDER BY id")
        assert [a for (a,) in actions] == ["add", "edit", "remove"]
        # the list is empty now: it hides and the focus goes back to the milestones
        assert not entries.display and app.focused is table(app, "milestone-table")
        assert "집행 기록 없음" in str(screen.query_one("#execution-title", Static).render())

        await pilot.press("h")
        await settle(pilot)
        text = str(app.screen.query_one(Static).render())
        assert "집행 수정" in text and "금액: 9,440,000 → 1,000,000" in text and "집행 삭제" in text
        await pilot.press("escape")

        # the list and the budget overview no longer count it
        await pilot.press("escape")
        await settle(pilot)
        assert str(table(app, "project-table").get_row("11")[5]).endswith("74.8%")
        await pilot.press("down", "b")
        await settle(pilot)
        assert "기록한 집행" not in str(app.screen.query_one("#budget-count", Static).render())
        assert [str(c) for c in table(app, "budget-table").get_row("1")][2] == "28,000", "the report's 10.31 amount alone"


async def test_an_execution_edit_made_elsewhere_meanwhile_is_refused(make_app, db, db_path: Path) -> None:
    import datetime as dt

    from wardtui.db.projects import add_execution

    entry_id = add_execution(db, 11, amount_won=1_000_000, executed_on=dt.date(2026, 11, 2), source="구비")
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "국회의원")
        await pilot.press("shift+tab")
        conn = sqlite3.connect(db_path)
        with conn:
            conn.execute("UPDATE execution_entry SET amount_won = 2000000, version = version + 1 WHERE id = ?", (entry_id,))
        conn.close()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert db_rows(db_path, f"SELECT removed_at, version FROM execution_entry WHERE id = '{entry_id}'") == [(None, 2)]
        assert any("먼저 고쳤습니다" in n.message for n in app._notifications)
        assert [str(c) for c in table(app, "execution-table").get_row(entry_id)][2] == "2,000,000", "reloaded"


async def test_each_show_of_the_project_list_reads_it_once(make_app) -> None:
    """Textual sends a new mode's screen ScreenResume twice: the list still reads once per show."""
    app = make_app("home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        projects = app.screen
        assert isinstance(projects, ProjectsScreen) and names(app)
        assert projects.load_count == 1
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("2")  # back to the section: once more (another desk may have written meanwhile)
        await settle(pilot)
        assert projects.load_count == 2
        await pilot.press("b")
        await settle(pilot)
        budget = app.screen
        assert isinstance(budget, BudgetScreen) and table(app, "budget-table").row_count == 9
        assert budget.load_count == 1
        await pilot.press("escape")  # leaving the budget for the list: the list reads again, once
        await settle(pilot)
        assert app.screen is projects and projects.load_count == 3
        await pilot.press("b")  # a new budget screen each time
        await settle(pilot)
        assert app.screen.load_count == 1
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("2")  # the budget, still on top of the section, reads again once
        await settle(pilot)
        assert isinstance(app.screen, BudgetScreen) and app.screen.load_count == 2


async def test_the_project_list_opened_at_start_reads_once(make_app) -> None:
    app = make_app("projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen) and names(app)
        assert app.screen.load_count == 1


async def test_a_search_keystroke_reads_the_projects_in_one_query(pg_url: str) -> None:
    """Each statement the list sends, seen on the real engine (PostgreSQL reads go through it):
    one per keystroke, which brings the year's total with the matches."""
    from sqlalchemy import event

    from tests.conftest import TODAY
    from wardtui.app import WardApp
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    db = open_database(resolve(pg_url))
    sent: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: sent.append(statement))
    try:
        app = WardApp(db, today=TODAY, section="projects")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert len(names(app)) == 21
            sent.clear()
            await pilot.press("slash", "ㅌ", "ㅂ")
            await settle(pilot)
            assert len(names(app)) == 2
            assert "사업 2/21개" in str(app.screen.query_one("#project-count", Static).render())
    finally:
        db.close()
    project_reads = [s for s in sent if "FROM project" in s]
    assert len(project_reads) == 2, project_reads  # one per keystroke
    assert not any("COUNT(*)" in s for s in project_reads)


async def test_the_open_budget_shows_another_desks_execution(make_app, db) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db.projects import add_execution

    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await check_data_version(pilot)  # the version this desk has seen
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BudgetScreen)
        assert "기록한 집행" not in str(app.screen.query_one("#budget-count", Static).render())
        add_execution(db, 11, amount_won=9_440_000, executed_on=dt.date(2020, 11, 2), source="구비")  # another desk
        await check_data_version(pilot)
        assert isinstance(app.screen, BudgetScreen)
        assert "기록한 집행 9,440천원 포함" in str(app.screen.query_one("#budget-count", Static).render())
