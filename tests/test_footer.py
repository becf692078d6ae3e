"""The key bar: it follows the keys a view offers, and is not rebuilt when they stay the same."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from wardtui.widgets.footer import WardFooter
from tests.app_helpers import settle


def keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [k.description for k in app.screen.query_one(WardFooter).query(FooterKey)]


async def test_footer_follows_the_view_and_keeps_its_keys_otherwise(make_app) -> None:
    app = make_app("payments")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "지급 실행" in keys(app) and "추가" not in keys(app)
        before = list(app.screen.query_one(WardFooter).query(FooterKey))
        app.screen.refresh_bindings()  # a bindings signal with nothing changed
        await settle(pilot)
        assert list(app.screen.query_one(WardFooter).query(FooterKey)) == before, "rebuilt for the same keys"
        await pilot.press("m")  # the register: its own keys
        await settle(pilot)
        assert "추가" in keys(app) and "임기 종료" in keys(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "추가" not in keys(app) and "지급 실행" in keys(app)


async def test_each_section_shows_its_keys_after_switching(make_app) -> None:
    app = make_app("facilities")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "검색 지우기" in keys(app)
        await pilot.press("3")
        await settle(pilot)
        assert "지급 실행" in keys(app) and "검색 지우기" not in keys(app)
        await pilot.press("1")
        await settle(pilot)
        assert "검색 지우기" in keys(app)
