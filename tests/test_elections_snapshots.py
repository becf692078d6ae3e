"""SVG snapshots of the election countdown, today frozen on the by-election's eve."""

from __future__ import annotations

import datetime as dt

from tests.app_helpers import settle

EVE = dt.date(2021, 3, 20)


def test_countdown_100x30(snap_compare, make_app) -> None:
    assert snap_compare(make_app(section="elections", today=EVE), terminal_size=(100, 30), run_before=settle)


def test_countdown_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(section="elections", today=EVE), terminal_size=(80, 24), run_before=settle)


def test_countdown_of_the_2020_election_with_its_statistics(snap_compare, make_app) -> None:
    async def previous(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)

    assert snap_compare(make_app(section="elections", today=EVE), terminal_size=(100, 30), run_before=previous)
