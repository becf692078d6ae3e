"""The rules every screen keeps, each made to happen for real (locks, moved files, typed text):
writes that end after their screen closed are still told; what users typed is shown as text;
another desk's write keeps the cursor; a dialog is never read under; a busy database is not
"lost"; the reload rule notices a return from any section.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from tests.app_helpers import settle, shown_table
from tests.dialect_helpers import lock_held
from tests.sqlite_helpers import watch_statements
from tests.test_payments_app import column, seed_people



def notes(app: Any) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def open_project(pilot: Any, query: str) -> None:
    await settle(pilot)
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


# -- writes ------------------------------------------------------------------------------------
async def test_a_write_that_ends_after_its_screen_closed_is_still_told(db_path: Path, make_app: Any) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "신길4")
        assert type(app.screen).__name__ == "ProjectDetailScreen"
        with lock_held(db_path, "IMMEDIATE"):  # another desk is writing: this write waits for it
            await pilot.press("up", "space")
            await pilot.press("escape")  # back to the list while the write waits
            await pilot.pause()
            assert type(app.screen).__name__ == "ProjectsScreen"
        await settle(pilot)
        assert "저장했습니다: 닫은 화면에서 하던 저장을 마쳤습니다." in notes(app)
    from tests.sqlite_helpers import query

    assert query(db_path, "SELECT COUNT(*) FROM change_log WHERE action = 'edit' AND entity = 'milestone'") == 1


async def test_a_payment_run_being_written_keeps_its_screen(db: Any, db_path: Path, make_app: Any) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown_table(app).move_cursor(row=column(app, 1).index("2026-10"))
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#run-period", Input).value = "2026-11"
        await settle(pilot)
        run = app.screen
        with lock_held(db_path, "IMMEDIATE"):
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await pilot.press("escape")  # refused while the run is written
            await pilot.pause()
            assert app.screen is run and "지급 실행: 지급을 기록하는 중입니다. 끝나면 돌아갈 수 있습니다." in notes(app)
        await settle(pilot)
        assert app.screen is run and any(n.startswith("지급했습니다: 통장활동 보상금 2026-11") for n in notes(app))


# -- what users typed is text ------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["[/b]", "[red]x", "[/]"])
@pytest.mark.parametrize("section, keys, where", [
    ("facilities", ("slash",), "#facility-count"),
    ("projects", ("slash",), "#project-count"),
    ("payments", ("m", "slash"), "#pay-title"),
], ids=["facilities", "projects", "recipients"])
async def test_a_search_for_markup_is_shown_as_typed(make_app: Any, section: str, keys: tuple[str, ...], where: str,
                                                      typed: str) -> None:
    app = make_app(section)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.press(*typed)
        await settle(pilot)
        assert app.is_running
        assert typed in str(app.screen.query_one(where).render())
        assert not [n for n in app._notifications if n.severity == "error"], notes(app)


async def test_a_refusal_naming_a_bracketed_path_is_told_as_text(make_app: Any, tmp_path: Path) -> None:
    from wardtui.screens.audit import ExportScreen

    target = tmp_path / "보고서[/b].xlsx"
    target.mkdir(parents=True)  # a folder by that name: the export refuses, naming the path
    app = make_app(section="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(ExportScreen("xlsx", "facility", target))
        await settle(pilot)
        assert app.is_running
        assert any("보고서[/b].xlsx" in n for n in notes(app)), notes(app)
        assert "보고서[/b].xlsx" in str(app.screen.query_one("#export-error").render())


# -- another desk's write ----------------------------------------------------------------------
async def test_another_desks_write_keeps_the_payments_cursor(db: Any, make_app: Any) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        shown_table(app).move_cursor(row=2)
        app.screen.post_message(app.DataChanged())
        await settle(pilot)
        assert shown_table(app).cursor_row == 2


async def test_another_desks_write_keeps_the_run_cursor_and_the_names_shown(db: Any, make_app: Any) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        table = app.screen.query_one("#run-table", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("r")
        before = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert not any("*" in name for name in before[1:2])  # the second name is shown in full
        app.screen.post_message(app.DataChanged())
        await settle(pilot)
        assert table.cursor_row == 1
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == before


async def test_the_election_step_cursor_survives_a_visit_elsewhere(make_app: Any) -> None:
    app = make_app(section="elections")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#election-table", DataTable)
        target = 2 if table.cursor_row != 2 else 3
        table.move_cursor(row=target)
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.screen.query_one("#election-table", DataTable).cursor_row == target


async def test_an_older_list_of_elections_arriving_late_is_dropped(make_app: Any) -> None:
    app = make_app(section="elections")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        shown = screen.elections[screen.index].key
        stale = screen.list_generation
        screen.read_elections()  # a newer read; the older one's answer comes after it
        await settle(pilot)
        screen.show_elections(stale, screen.elections[:1], screen.holidays, None)
        assert screen.elections[screen.index].key == shown and len(screen.elections) > 1


async def test_a_revealed_name_is_hidden_again_when_the_register_is_shown_afresh(db: Any, db_path: Path,
                                                                                make_app: Any) -> None:
    seed_people(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("r")
        assert any("*" not in name for name in column(app, 1))
        await pilot.press("t")
        await settle(pilot)
        away = db_path.with_name("away.db")
        db_path.rename(away)  # the register cannot be read again: what stays on screen?
        try:
            await pilot.press("m")
            await settle(pilot)
        finally:
            away.rename(db_path)
        assert all("*" in name for name in column(app, 1)), column(app, 1)


# -- dialogs, and coming back ------------------------------------------------------------------
async def test_nothing_is_read_under_an_open_form_when_the_database_comes_back(db_path: Path, make_app: Any,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "신길4")
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormScreen"
        away = db_path.with_name("away.db")
        db_path.rename(away)
        app.check_data_version()  # the poll: the database is not there
        await settle(pilot)
        away.rename(db_path)
        statements = watch_statements(monkeypatch)
        app.check_data_version()  # ... and is back
        await settle(pilot)
        assert not [s for s in statements if "FROM milestone" in s], "read under the form"
        await pilot.press("escape")  # nothing typed: the form closes at once
        await settle(pilot)
        assert [s for s in statements if "FROM milestone" in s], "not read once the form closed"


async def test_a_busy_database_is_not_lost_and_not_reconnected(db_path: Path, make_app: Any) -> None:
    from wardtui.app import WardApp
    from wardtui.db.database import Database
    from wardtui.db.dialect import SqliteDialect
    from wardtui.db.target import resolve
    from tests.conftest import TODAY

    impatient = Database(resolve(str(db_path)), SqliteDialect(busy_timeout_ms=50))
    app = WardApp(impatient, today=TODAY, section="projects", poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_project(pilot, "신길4")
        with lock_held(db_path, "IMMEDIATE"):
            await pilot.press("up", "space")
            await settle(pilot)
        assert any("10초 넘게 쓰고 있습니다" in n for n in notes(app)), notes(app)
        assert not app.database_lost
        app.check_data_version()
        await settle(pilot)
        assert not any("다시 연결했습니다" in n for n in notes(app))
    impatient.close()


async def test_coming_back_from_a_section_left_with_a_dialog_open_reads_again(make_app: Any) -> None:
    app = make_app(section="projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        projects = app.screen
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("question_mark")  # help open on 홈 ...
        await settle(pilot)
        app.action_section("projects")  # ... and 사업 chosen from the palette over it
        await settle(pilot)
        await pilot.press("0")  # back to 홈, where help is still open
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await settle(pilot)
        before = projects.load_count
        await pilot.press("2")
        await settle(pilot)
        assert projects.load_count == before + 1


async def test_esc_in_the_register_search_goes_to_the_list_then_to_the_totals(make_app: Any) -> None:
    app = make_app(section="payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("slash", "ㄱ")
        await settle(pilot)
        search = app.screen.query_one("#pay-search", Input)
        assert search.has_focus
        await pilot.press("escape")
        await settle(pilot)
        title = lambda: str(app.screen.query_one("#pay-title").render())  # noqa: E731
        assert not search.has_focus and "대상자" in title()
        await pilot.press("escape")
        await settle(pilot)
        assert "합계" in title()


async def test_a_jump_to_a_payment_run_stays_in_its_section(make_app: Any) -> None:
    app = make_app(section="payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        payments = app.screen
        await pilot.press("2")  # the user is elsewhere when the programmes arrive
        await settle(pilot)
        payments._open_run(1, "2026-11")
        await settle(pilot)
        assert app.current_mode == "projects" and type(app.screen).__name__ == "ProjectsScreen"
        await pilot.press("3")
        await settle(pilot)
        assert app.screen is payments


async def test_help_opens_at_the_keys_of_what_is_shown(make_app: Any) -> None:
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")  # the register view
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        lines = ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]
        top = next(i for i, line in enumerate(lines) if "╭" in line)
        assert "수당 — 대상자 (m)" in lines[top + 1], lines[top:top + 3]
        await pilot.press("escape", "l", "question_mark")  # the ledger: its keys include '[' and ']'
        await settle(pilot)
        lines = ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]
        assert any(line.strip("│ ").startswith("[        이전 쪽") for line in lines), lines


async def test_each_total_shows_the_rate_of_its_own_period(db: Any, make_app: Any) -> None:
    import datetime as dt

    from wardtui.db.payments.programs import resolve_program, set_rate

    seed_people(db)  # 300,000원 a month from 2020; paid for 2026-10
    set_rate(db, resolve_program(db, "활동보상금"), 400_000, dt.date(2026, 11, 1))
    app = make_app("payments")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = {(r[0], r[1]): r for r in ([str(c) for c in shown_table(app).get_row_at(i)]
                                          for i in range(shown_table(app).row_count))}
        assert rows[("통장활동 보상금", "2026-10")][4] == "300,000원"  # not today's 400,000원
        assert all(r[4] == "-" for r in rows.values() if r[5] == "보고서")


async def test_a_form_whose_save_fails_stays_open_with_what_was_typed(db_path: Path, make_app: Any) -> None:
    from tests.sqlite_helpers import query
    from wardtui.widgets.form import FormScreen

    app = make_app("payments")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-name", Input).value = "김영숙"
        form.query_one("#field-dong", Input).value = "신길4동"
        await pilot.press("ctrl+s")  # no 통 yet: refused under its field
        await settle(pilot)
        assert "통 번호" in str(form.query_one("#error-tong").render())
        form.query_one("#field-tong", Input).value = "3"
        away = db_path.with_name("away.db")
        db_path.rename(away)
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
        finally:
            away.rename(db_path)
        assert app.screen is form and form.query_one("#field-name", Input).value == "김영숙"
        assert str(form.query_one("#error-tong").render()).strip() == ""  # the earlier refusal is gone
        status = form.query_one("#form-status")
        assert "데이터베이스 파일을 열 수 없습니다" in str(status.render()) and status.display
        await pilot.press("ctrl+s")  # the database is back: the same values, saved once
        await settle(pilot)
        assert app.screen is not form
    assert query(db_path, "SELECT COUNT(*) FROM recipient WHERE name = '김영숙'") == 1
