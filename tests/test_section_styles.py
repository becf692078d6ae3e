"""A section reached by its key looks exactly as when the app opens on it.

WardApp loads every screen's CSS at start-up and marks a section screen built later as
styled (Textual would otherwise re-parse all CSS on each section's first show). If that
mark were wrong, a section reached by key would be drawn with missing or stale styles.
"""

from __future__ import annotations

import pytest

from wardtui.sections import SECTIONS, Section
from tests.app_helpers import settle


def picture(app) -> list[tuple[tuple[str, str], ...]]:  # type: ignore[no-untyped-def]
    """Every line on screen as (text, style) segments."""
    return [tuple((seg.text, str(seg.style)) for seg in strip) for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("section", [s for s in SECTIONS if s.id != "facilities"], ids=lambda s: s.id)
async def test_a_section_reached_by_key_is_styled_as_when_opened(make_app, section: Section) -> None:
    opened = make_app(section.id)
    async with opened.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        expected = picture(opened)
    reached = make_app("facilities")
    async with reached.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(section.key)
        await settle(pilot)
        assert reached.current_mode == section.id
        assert picture(reached) == expected
