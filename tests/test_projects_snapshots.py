"""SVG snapshots of section 2 at fixed sizes with a frozen today (2026-11-24)."""

from __future__ import annotations

from tests.app_helpers import settle


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    # settle tolerates a search worker cancelled by the next key (wait_for_complete raised then).
    await settle(pilot)


def test_project_list(snap_compare, make_app) -> None:
    assert snap_compare(make_app(section="projects"), terminal_size=(100, 30), run_before=_loaded)


def test_project_list_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(section="projects"), terminal_size=(80, 24), run_before=_loaded)


def test_project_detail(snap_compare, make_app) -> None:
    async def open_detail(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("slash", *"대림3", "enter")
        await _loaded(pilot)

    assert snap_compare(make_app(section="projects"), terminal_size=(100, 30), run_before=open_detail)


def test_budget_overview(snap_compare, make_app) -> None:
    async def open_budget(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("b")
        await _loaded(pilot)

    assert snap_compare(make_app(section="projects"), terminal_size=(100, 30), run_before=open_budget)
