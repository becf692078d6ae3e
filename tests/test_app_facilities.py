"""Section 1 and the app shell, driven through the real app with Pilot."""

from __future__ import annotations

import io

from textual.widgets import Input, Static

from wardtui.screens.facilities import TOTAL_KEY, FacilitiesScreen
from wardtui.screens.facility_detail import FacilityDetailScreen
from wardtui.screens.help import HelpScreen
from wardtui.widgets.line_table import LineTable
from tests.app_helpers import check_data_version, settle


def table_of(app) -> LineTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#facility-table", LineTable)


def names_in(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = table_of(app)
    return [str(table.get_row(key)[0]) for key in table.row_keys if key != TOTAL_KEY]


def rendered(widget: Static) -> str:
    """The text a person sees in the widget, whatever renderable it holds."""
    from rich.console import Console

    console = Console(width=120, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def test_list_shows_every_facility_with_the_report_total(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.row_count == 26
        total = table.get_row(TOTAL_KEY)
        assert str(total[0]) == "계 (24곳)"
        assert (str(total[2]), str(total[3])) == ("20,428.86", "43,747.77")
        row = table.get_row("12")
        assert [str(c) for c in row] == ["신길4동", "신길로42길 1", "792.00", "2,306.41", "지하2·지상4", "2020. 9. 15.", "6년"]
        assert table.cursor_row == 1, "cursor starts on the first facility, not the total"


async def test_search_by_initials_narrows_to_one_row(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("ㅅ", "ㄱ", "4")
        await settle(pilot)
        assert names_in(app) == ["신길4동"]
        assert table_of(app).row_count == 1
        assert "검색 결과 1곳" in str(app.screen.query_one("#facility-count", Static).render())


async def test_search_ignores_spaces_and_finds_halls(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ㅁ", "ㄹ")
        await settle(pilot)
        assert names_in(app) == ["문래동", "문래동자치회관"]
        app.screen.query_one(Input).value = "신길로 42"
        await settle(pilot)
        assert names_in(app) == ["신길4동"]


async def test_escape_clears_the_search(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ㄷ", "ㄹ")
        await settle(pilot)
        assert len(names_in(app)) < 25
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(Input).value == ""
        assert len(names_in(app)) == 25
        assert isinstance(app.focused, LineTable)


async def test_letter_keys_type_into_the_search_and_never_fire(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q", "2", "question_mark", "slash")
        await settle(pilot)
        assert app.is_running
        assert app.current_mode == "facilities"
        assert not isinstance(app.screen, HelpScreen)
        assert app.screen.query_one(Input).value == "q2?/"
        assert names_in(app) == []
        assert "검색 결과 0곳" in str(app.screen.query_one("#facility-count", Static).render())


async def test_enter_opens_details_and_escape_returns_to_the_same_row(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        row_before = table_of(app).cursor_row
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FacilityDetailScreen)
        fields = rendered(app.screen.query_one("#facility-fields", Static))
        assert "여의동" in fields and "국제금융로 124" in fields and "2,134.97㎡" in fields
        assert "지하2·지상5" in fields and "16년" in fields
        vehicles = rendered(app.screen.query_one("#facility-vehicles", Static))
        assert "포터II" in vehicles and "18대" in vehicles and "쏘울EV" in vehicles
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FacilitiesScreen)
        assert table_of(app).cursor_row == row_before


async def test_volunteer_centre_details_show_operator_and_its_vehicles(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"자원봉사", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FacilityDetailScreen)
        fields = rendered(app.screen.query_one("#facility-fields", Static))
        assert "(사)원진청소년사랑나눔" in fields and "김찬숙" in fields
        vehicles = rendered(app.screen.query_one("#facility-vehicles", Static))
        assert "스타렉스 (2008년식)" in vehicles and "화물트럭 포터II" in vehicles
        assert "18대" not in vehicles, "the 동주민센터 fleet is not the centre's"


async def test_enter_on_the_total_row_stays_on_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("up", "enter")
        await settle(pilot)
        assert table_of(app).cursor_row == 0
        assert isinstance(app.screen, FacilitiesScreen)


async def test_number_keys_switch_sections(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, mode in [("2", "projects"), ("3", "payments"), ("4", "elections"), ("1", "facilities")]:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode


async def test_open_option_chooses_the_first_section(make_app) -> None:
    app = make_app(section="elections")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_mode == "elections"


async def test_help_lists_every_binding_and_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        for needle in ["검색", "검색 지우기", "끝내기", "명령", "목록으로", "수당", "선거"]:
            assert needle in text
        await pilot.press("escape")
        assert isinstance(app.screen, FacilitiesScreen)


async def test_command_palette_jumps_to_a_section(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"선거 화면")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "elections"


async def test_q_quits_when_no_field_has_focus(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_even_while_typing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "a", "ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ages_follow_the_given_today(make_app) -> None:
    import datetime as dt

    app = make_app(today=dt.date(2030, 9, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert str(table_of(app).get_row("12")[6]) == "10년"


async def test_the_facility_list_shows_another_desks_write(make_app, db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from wardtui.db.changelog import record_change

    app = make_app(section="facilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await check_data_version(pilot)  # the version this desk has seen
        with db.session() as session:  # another desk renames a centre
            session.execute(text("UPDATE facility SET name = '신길4동(임시청사)' WHERE name = '신길4동'"))
            record_change(session, entity="facility", entity_id="신길4동", action="edit")
        assert not any(r.name == "신길4동(임시청사)" for r in app.screen.rows)
        await check_data_version(pilot)
        assert any(r.name == "신길4동(임시청사)" for r in app.screen.rows)


async def test_an_open_app_looks_for_other_desks_writes_every_few_seconds(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The timer the tests above stand in for: set up at start with DATA_POLL_SECONDS, calling
    the same check (not waited for: it fires every 3 s)."""
    from tests.conftest import TODAY
    from wardtui.app import WardApp

    intervals: list[tuple[float, object]] = []
    set_interval = WardApp.set_interval

    def recorded(self, interval, callback=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        intervals.append((interval, callback))
        return set_interval(self, interval, callback, *args, **kwargs)

    monkeypatch.setattr(WardApp, "set_interval", recorded)
    app = WardApp(db, today=TODAY, section="facilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert WardApp.DATA_POLL_SECONDS == 3  # "checks every 3 seconds" (README)
        assert (WardApp.DATA_POLL_SECONDS, app.check_data_version) in intervals
