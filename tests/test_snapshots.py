"""SVG snapshots at fixed sizes with a frozen today (2026-11-24)."""

from __future__ import annotations

from tests.app_helpers import settle


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    # settle tolerates a search worker cancelled by the next key (wait_for_complete raised then).
    await settle(pilot)


def test_facility_list_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_loaded)


def test_facility_list_120x40(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_loaded)


def test_facility_search_initials(snap_compare, make_app) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("slash", "ㅁ", "ㄹ")
        await _loaded(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=search)


def test_facility_detail(snap_compare, make_app) -> None:
    async def open_detail(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("slash", "ㅅ", "ㄱ", "4", "enter")
        await _loaded(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_detail)


def test_help_screen(snap_compare, make_app) -> None:
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=open_help)
