"""The database goes away while the app is open, and comes back.

On SQLite the file is moved away; on PostgreSQL the database is renamed on the server (its
connections cut first), so every connection attempt fails as with a stopped server. In each
section a key that reads the database then gives a Korean message, the app keeps running,
and once the database is back the next data-version check reads every section again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.app_helpers import settle
from wardtui.sections import SECTIONS, Section

pytestmark = pytest.mark.both_backends

#: Per section: keys that make it read the database, and a widget whose text shows the data.
#: Per section: the line that says a failed read, and says the data again once it is read.
STATUS: dict[str, str] = {
    "home": "#home-summary",
    "facilities": "#facility-count",
    "projects": "#project-count",
    "payments": "#pay-status",
    "elections": "#election-title",
}
READING_KEYS: dict[str, tuple[str, ...]] = {
    "home": ("r",),
    "facilities": ("slash", "ㅅ", "ㄱ"),
    "projects": ("y",),
    "payments": ("m",),
    "elections": ("left_square_bracket",),
}



@contextmanager
def database_away(backend: str, db_url: str, request: pytest.FixtureRequest) -> Iterator[None]:
    if backend == "sqlite":
        path = Path(db_url)
        away = path.with_name(path.name + ".away")
        path.rename(away)
        try:
            yield
        finally:
            away.rename(path)
        return
    from sqlalchemy.engine import make_url

    server = request.getfixturevalue("pg_server")
    name = make_url(db_url).database
    with server.admin() as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        conn.execute(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"')
    try:
        yield
    finally:
        with server.admin() as conn:
            conn.execute(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"')


def errors(app: Any) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
async def test_a_lost_database_is_a_message_and_the_app_recovers(
    section: Section, db_url: str, make_app: Any, request: pytest.FixtureRequest
) -> None:
    backend = request.getfixturevalue("backend")
    app = make_app(section.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with database_away(backend, db_url, request):
            await pilot.press(*READING_KEYS[section.id])
            await settle(pilot)
            assert app.is_running and app.current_mode == section.id
            told = errors(app)
            assert told, "nothing was said"
            assert all(any("\uac00" <= ch <= "\ud7a3" for ch in m) for m in told), told
            assert not [m for m in told if "Traceback" in m or "SELECT" in m], told
            assert app.database_lost
            status = lambda: str(app.screen.query_one(STATUS[section.id]).render())  # noqa: E731
            assert "데이터베이스" in status(), status()
            # Still usable: another section opens (and says it cannot read), then this one again.
            await pilot.press("escape", "0" if section.id != "home" else "1")
            await settle(pilot)
            await pilot.press(section.key)
            await settle(pilot)
            assert app.is_running and app.current_mode == section.id
        app.clear_notifications()
        app.check_data_version()
        await settle(pilot)
        assert not app.database_lost
        assert any("다시 연결했습니다" in str(n.message) for n in app._notifications)
        assert errors(app) == [], "reading again after the database came back failed"
        assert "데이터베이스" not in status(), "the section was not read again when the database came back"
        await pilot.press(*READING_KEYS[section.id])
        await settle(pilot)
        assert errors(app) == []
