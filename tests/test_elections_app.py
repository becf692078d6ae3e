"""Section 4 through the real app with Pilot, today frozen at 2021-03-20."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, Select, Static

from tests.test_app_facilities import rendered
from wardtui.screens.elections import ElectionsScreen
from wardtui.widgets.form import FormScreen
from tests.app_helpers import check_data_version, settle

BY_ELECTION_EVE = dt.date(2021, 3, 20)


def table_of(app) -> DataTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#election-table", DataTable)


def cells(app, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c) for c in table_of(app).get_row_at(index)]


def title_of(app) -> str:  # type: ignore[no-untyped-def]
    return rendered(app.screen.query_one("#election-title", Static)).strip()


def row_styles(app, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(s) for c in table_of(app).get_row_at(index) for s in [c.style, *(span.style for span in c.spans)] if s]


async def test_the_next_election_and_its_d_day(make_app) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ElectionsScreen)
        assert "2021. 4. 7. 보궐선거" in title_of(app)
        assert "D-18" in title_of(app)
        assert "[2/4]" in title_of(app)


async def test_the_nearest_deadline_is_highlighted(make_app) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = table_of(app)
        highlighted = [i for i in range(table.row_count) if "bold reverse" in row_styles(app, i)]
        assert len(highlighted) == 1
        row = cells(app, highlighted[0])
        assert row[:4] == ["D-5", "03.25~04.07", "목~수", "선거기간"]
        assert table.cursor_row == highlighted[0]
        next_line = rendered(app.screen.query_one("#election-next", Static))
        assert "다음 기한: 선거기간 2021. 3. 25.(목) D-5" in next_line


async def test_events_are_in_date_order_with_own_d_days_and_past_ones_dimmed(make_app) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        starts = [r.start for r in screen.detail.rows]
        assert starts == sorted(starts)
        names = [cells(app, i)[3] for i in range(table_of(app).row_count)]
        first_past = names.index("통·리·반장 등 사직")
        assert cells(app, first_past)[0] == "D+72"
        assert "dim" in row_styles(app, first_past)
        ongoing = names.index("선거인명부 작성")
        assert cells(app, ongoing)[0] == "~D-day"
        assert "dim" not in row_styles(app, ongoing)
        last = table_of(app).row_count - 1
        assert cells(app, last)[:4] == ["D-18", "04.07", "수", "선거일"]


async def test_weekends_and_holidays_are_marked(make_app) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [cells(app, i)[3] for i in range(table_of(app).row_count)]
        assert cells(app, names.index("투표안내문·선거공보 발송"))[2] == "일"
        assert cells(app, names.index("사전투표"))[2] == "금~토"
        # The 2020 election day was a public holiday (a regular election).
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "제21대 국회의원선거" in title_of(app)
        names = [cells(app, i)[3] for i in range(table_of(app).row_count)]
        assert cells(app, names.index("선거일"))[2] == "공휴일"
        assert "red" in " ".join(row_styles(app, names.index("선거일")))


async def test_recorded_dates_show_beside_statutory_ones(make_app) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        names = [cells(app, i)[3] for i in range(table_of(app).row_count)]
        mailing = cells(app, names.index("투표안내문·선거공보 발송"))
        assert (mailing[1], mailing[5]) == ("04.05", "04.04 ≠")
        stats = rendered(app.screen.query_one("#election-stats", Static))
        assert "투표소 114개소" in stats and "투표율 68.61%" in stats and "자가격리자 투표인 154명" in stats


async def test_brackets_switch_between_recorded_and_computed_elections(make_app) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "제8회 전국동시지방선거" in title_of(app) and "법정 계산" in title_of(app)
        assert app.screen.query_one("#election-stats", Static).display is False
        await pilot.press("right_square_bracket", "right_square_bracket")  # stops at the last
        await settle(pilot)
        assert "[4/4]" in title_of(app)
        await pilot.press("t")
        await settle(pilot)
        assert "2021. 4. 7. 보궐선거" in title_of(app)


async def test_the_form_adds_an_election_and_shows_it(make_app, db) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-kind", Select).value = "local"
        form.query_one("#field-day", Input).value = "2022-06-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ElectionsScreen)
        assert "2022. 6. 1. 지방선거" in title_of(app) and "직접 추가" in title_of(app)
        assert db.scalar("SELECT origin FROM election WHERE election_day = '2022-06-01'") == "user"


async def test_the_form_shows_a_rule_error_under_its_field(make_app, db) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-kind", Select).value = "presidential"
        form.query_one("#field-day", Input).value = "2025-06-03"
        form.query_one("#field-cause", Input).value = "2025-07-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "늦거나 같습니다" in str(form.query_one("#error-cause", Static).render())
        assert db.scalar("SELECT COUNT(*) FROM election") == 2


async def test_r_records_the_actual_date_of_a_step(make_app, db) -> None:
    app = make_app(section="elections", today=BY_ELECTION_EVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [cells(app, i)[3] for i in range(table_of(app).row_count)]
        table_of(app).move_cursor(row=names.index("후보자등록"))
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-start", Input).value == "2021-03-18"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ElectionsScreen)
        row = cells(app, names.index("후보자등록"))
        assert row[5] == "03.18~03.19"
        assert db.scalar("SELECT note FROM election_event WHERE event_key = 'candidate_registration'") == "직접 입력"


async def test_a_section_not_shown_catches_up_with_another_desks_write(make_app, db) -> None:  # type: ignore[no-untyped-def]
    """The poll tells every section, so going back to one shows what was written meanwhile."""
    from wardtui.db.elections import add_election

    app = make_app(section="elections")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await check_data_version(pilot)  # the version this desk has seen
        before = len(app.screen.elections)
        await pilot.press("0")  # away to home
        await settle(pilot)
        add_election(db, kind="local", day=dt.date(2034, 6, 7))  # another desk (same file)
        await check_data_version(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert len(app.screen.elections) == before + 1
