"""The home dashboard: the app opens on it; nearest first; Enter jumps to the item."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from textual.widgets import DataTable, Static

from tests.test_app_facilities import rendered
from tests.app_helpers import settle
from tests.test_elections_app import title_of
from wardtui.screens.elections import ElectionsScreen
from wardtui.screens.home import HomeScreen


def home_table(app) -> DataTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#home-table", DataTable)


def home_rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = home_table(app)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_app_opens_on_home(db) -> None:
    from wardtui.app import WardApp

    app = WardApp(db, today=dt.date(2026, 11, 24))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_mode == "home"
        assert isinstance(app.screen, HomeScreen)


async def test_dashboard_lists_what_is_due_nearest_first(make_app) -> None:
    app = make_app(section="home", today=dt.date(2021, 3, 20))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = home_rows(app)
        assert rows[0][:4] == ["D-day", "2021. 3. 20.(토)", "선거", "선거인명부 작성 종료 · 2021. 4. 7. 보궐선거"]
        assert rows[1][:4] == ["D-1", "2021. 3. 21.(일)", "선거", "선거인명부 열람·이의신청 · 2021. 4. 7. 보궐선거"]
        items = app.screen.items
        assert [i.day for i in items] == sorted(i.day for i in items)
        assert {"선거", "사업"} <= {r[2] for r in rows}
        summary = rendered(app.screen.query_one("#home-summary", Static))
        assert f"90일 안: {len(items)}건" in summary
        assert "선거 " in summary and "사업 " in summary


async def test_enter_on_an_election_item_opens_that_election(make_app) -> None:
    app = make_app(section="home", today=dt.date(2026, 11, 24))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = home_rows(app)
        index = next(i for i, r in enumerate(rows) if r[2] == "선거" and r[3].endswith(" · 2027년 재·보궐선거"))
        home_table(app).move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "elections"
        assert isinstance(app.screen, ElectionsScreen)
        assert "2027년 재·보궐선거" in title_of(app)


async def test_enter_on_an_election_item_of_a_later_election_selects_it(make_app) -> None:
    app = make_app(section="home", today=dt.date(2027, 12, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Land the elections screen on another election first, then jump from home.
        await pilot.press("4")
        await settle(pilot)
        assert "제23대 국회의원선거" in title_of(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "제23대 국회의원선거" not in title_of(app)
        await pilot.press("0")
        await settle(pilot)
        rows = home_rows(app)
        index = next(i for i, r in enumerate(rows) if r[3].endswith(" · 제23대 국회의원선거"))
        home_table(app).move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        assert "제23대 국회의원선거" in title_of(app)


async def test_enter_on_a_milestone_opens_that_project(make_app) -> None:
    from wardtui.screens.project_detail import ProjectDetailScreen

    app = make_app(section="home", today=dt.date(2021, 3, 20))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = home_rows(app)
        index = next(i for i, r in enumerate(rows) if r[2] == "사업")
        item = app.screen.items[index]
        home_table(app).move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "projects"
        assert isinstance(app.screen, ProjectDetailScreen)
        assert app.screen.project_id == int(item.target)
        assert item.detail.startswith(app.screen.sub_title or "")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectDetailScreen)


async def test_enter_on_a_payment_opens_a_run_for_that_programme_and_period(make_app) -> None:
    from textual.widgets import Input, Select

    from wardtui.screens.payment_run import PaymentRunScreen

    app = make_app(section="home", today=dt.date(2026, 11, 24))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = home_rows(app)
        index = next(i for i, r in enumerate(rows) if r[2] == "지급")
        item = app.screen.items[index]
        code, _, period = item.target.partition(":")
        assert period
        home_table(app).move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "payments"
        assert isinstance(app.screen, PaymentRunScreen)
        chosen = app.screen.programs[app.screen.query_one("#run-program", Select).value]
        assert chosen.code == code
        assert app.screen.query_one("#run-period", Input).value == period


async def test_zero_goes_home_from_any_section(make_app) -> None:
    app = make_app(section="facilities")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        assert app.current_mode == "home"


def test_open_home_is_accepted_and_default(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Without a terminal the app refuses to open, after the section was accepted.
    code, out, err = run_cli("--db", str(tmp_path / "w.db"), "--open", "home")
    assert code == 2 and "터미널에서만" in err
    code, out, err = run_cli("--db", str(tmp_path / "w.db"), "--open", "budget")
    assert code == 2 and "home, facilities" in err


def test_home_screen_does_not_import_sqlalchemy_on_first_paint() -> None:
    code = "import sys, wardtui.screens.home, wardtui.screens.elections; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert not {"sqlalchemy", "sqlmodel", "alembic"} & set(out)
