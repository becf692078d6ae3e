"""SVG snapshot of the audit view on the seeded report."""

from __future__ import annotations

from tests.app_helpers import settle


async def _open_audit(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.action_audit()
    await settle(pilot)


def test_audit_view_120x36(snap_compare, make_app) -> None:
    assert snap_compare(make_app(section="home"), terminal_size=(120, 36), run_before=_open_audit)
