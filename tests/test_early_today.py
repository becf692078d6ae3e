"""A reference day before the 1948 election law: the cycles have nothing to show, and
nothing crashes (the date parser accepts 1900–2099)."""

from __future__ import annotations

import datetime as dt

import pytest

from wardtui.core.elections import upcoming_elections
from wardtui.db.elections import computed_upcoming


@pytest.mark.parametrize("today", ["1900-01-01", "1947-06-01", "1948-12-01"])
@pytest.mark.parametrize("command", ["due", "elections"])
def test_commands_answer_for_a_day_before_the_election_law(run_cli, db_path, today: str, command: str) -> None:
    code, out, err = run_cli("--db", str(db_path), "--today", today, command, "--json")
    assert code == 0, err
    assert "Traceback" not in err


def test_cycles_counted_back_stop_at_the_law() -> None:
    days = [e.day for e in upcoming_elections(dt.date(1948, 12, 1))]
    assert days and min(days) >= dt.date(1948, 12, 1)
    assert computed_upcoming(dt.date(1947, 6, 1)) == []  # before the law: nothing to compute


async def test_home_opens_on_a_day_before_the_election_law(make_app) -> None:
    app = make_app(section="home", today=dt.date(1948, 12, 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.id is not None and app.return_code is None
