"""SVG snapshots of the views that had none: the payments ledger, register and rates, a form
showing its errors, a question, a project's change log and an export under way.

Fixed sizes (80×24 and 120×40) and a frozen today (2026-11-24); the change log's rows are
written with fixed times (UTC, as wardtui stores them; shown in Seoul time, which conftest
sets for every test) and a fixed user, so nothing depends on the clock or the machine.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.app_helpers import settle
from tests.test_payments_app import seed_people



def keys_then_settle(*keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_payments_ledger_80x24(snap_compare, db, make_app) -> None:  # type: ignore[no-untyped-def]
    seed_people(db)
    # The ledger total is the second row; Enter opens its payments.
    assert snap_compare(make_app("payments"), terminal_size=(80, 24), run_before=keys_then_settle("down", "enter"))


def test_payments_register_120x40(snap_compare, db, make_app) -> None:  # type: ignore[no-untyped-def]
    seed_people(db)
    assert snap_compare(make_app("payments"), terminal_size=(120, 40), run_before=keys_then_settle("m"))


def test_payments_register_80x24(snap_compare, db, make_app) -> None:  # type: ignore[no-untyped-def]
    seed_people(db)
    assert snap_compare(make_app("payments"), terminal_size=(80, 24), run_before=keys_then_settle("m"))


def test_payments_rates_80x24(snap_compare, db, make_app) -> None:  # type: ignore[no-untyped-def]
    seed_people(db)
    assert snap_compare(make_app("payments"), terminal_size=(80, 24), run_before=keys_then_settle("u"))


def test_a_form_showing_its_errors_80x24(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def bad_milestone(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("slash", *"대림3", "enter")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"2021.13.40", "tab")  # no such month; the title is left empty
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(section="projects"), terminal_size=(80, 24), run_before=bad_milestone)


def test_a_question_before_a_reversal_80x24(snap_compare, db, make_app) -> None:  # type: ignore[no-untyped-def]
    seed_people(db)
    assert snap_compare(make_app("payments"), terminal_size=(80, 24), run_before=keys_then_settle("down", "enter", "x"))


def test_a_projects_change_log_120x40(snap_compare, db_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ("2026-11-20 09:30:00", "milestone", "a1", "add", None,
         {"date_text": "2021. 3.", "title": "설계공모 공고", "state": "계획"}),
        ("2026-11-21 14:05:00", "milestone", "a1", "edit",
         {"title": "설계공모 공고", "state": "계획"}, {"title": "설계공모 공고 [재공고]", "state": "완료"}),
        ("2026-11-22 10:00:00", "execution_entry", "b1", "add", None,
         {"executed_on": "2026-11-22", "source": "구비", "amount_won": 12_345_000}),
    ]
    with sqlite3.connect(db_path) as conn:
        project = conn.execute("SELECT id FROM project WHERE name LIKE '%대림3동%'").fetchone()[0]
        conn.executemany(
            "INSERT INTO change_log (changed_at, changed_by, entity, entity_id, project_id, action, old_values, new_values)"
            " VALUES (?, '김주무관', ?, ?, ?, ?, ?, ?)",
            [(at, entity, eid, project, action, json.dumps(old, ensure_ascii=False) if old else None,
              json.dumps(new, ensure_ascii=False)) for at, entity, eid, action, old, new in rows],
        )

    async def open_log(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("slash", *"대림3", "enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(make_app(section="projects"), terminal_size=(120, 40), run_before=open_log)


def test_an_export_under_way_80x24(snap_compare, make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from wardtui.screens.audit import ExportScreen

    async def exporting(pilot: Any) -> None:
        await settle(pilot)
        screen = ExportScreen("xlsx", None, Path("/srv/내보내기/wardtui-2026-11-24.xlsx"))
        screen.run_export = lambda: None  # type: ignore[method-assign]  # the steps are driven by hand
        await pilot.app.push_screen(screen)
        await pilot.pause()
        screen.step("지급 장부", 5_000, 20_000)
        await pilot.pause()

    assert snap_compare(make_app(section="home"), terminal_size=(80, 24), run_before=exporting)
