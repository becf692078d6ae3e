"""SVG snapshot of the home dashboard."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest

from tests.test_elections_app import settle


@pytest.fixture
def fixed_payments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Section 3 is built separately; a fixed payments list keeps this picture about home."""
    fake = types.ModuleType("wardtui.db.payments")
    fake.due_items = lambda db, today: [  # type: ignore[attr-defined]
        {"date": dt.date(2021, 3, 25), "title": "2021-03 통장 실비수당 지급", "section": "payments"}
    ]
    monkeypatch.setitem(sys.modules, "wardtui.db.payments", fake)


def test_dashboard_100x30(snap_compare, make_app, fixed_payments) -> None:
    assert snap_compare(make_app(section="home", today=dt.date(2021, 3, 20)), terminal_size=(100, 30), run_before=settle)


def test_dashboard_80x24_in_2026(snap_compare, make_app, fixed_payments) -> None:
    assert snap_compare(make_app(section="home", today=dt.date(2026, 11, 24)), terminal_size=(80, 24), run_before=settle)
