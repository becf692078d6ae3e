"""Shared fixtures: real databases in temporary places, a frozen today.

The database fixtures (``db``, ``db_url``, ``make_app``) run on SQLite by default. A test
module marked ``pytestmark = pytest.mark.both_backends`` (or a single test so marked)
runs each test that asks for them on SQLite and on PostgreSQL; tests that ask for the
SQLite file itself (``db_path``, ``seeded_db``) stay on SQLite. The PostgreSQL server is
``WARDTUI_TEST_PG`` (a SQLAlchemy URL; ``.ci/run`` starts one): each test gets a fresh
database copied from a seeded template. Without the variable those cases are skipped
locally, and fail in CI, where ``CI`` is set.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI explores the same examples every run, so a red build is reproducible; locally they vary.
# No deadline and no too_slow health check: both time the examples, which a loaded machine
# (or a parallel run) slows down without anything being wrong.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the developer's database, or the environment's settings."""
    monkeypatch.delenv("WARDTUI_DB", raising=False)
    monkeypatch.delenv("WARDTUI_TODAY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("xdg-state")))  # the failure log


@pytest.fixture(autouse=True, scope="session")
def _seoul_time() -> None:
    """Times are shown in the machine's zone; every test runs in the office's, whatever CI's is."""
    import time

    os.environ["TZ"] = "Asia/Seoul"
    time.tzset()


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the text cursor's blink so screenshots are stable."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database built by the real start-up path (migrations + seed.sql), copied per test."""
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    path = tmp_path_factory.mktemp("template") / "wardtui.db"
    open_database(resolve(str(path))).close()
    return path


BACKENDS = ("sqlite", "postgresql")
#: A test asking for one of these directly runs on SQLite only: the SQLite file itself,
#: or screenshots (one stored SVG per test; the screens are the same on both).
_SQLITE_ONLY_FIXTURES = {"db_path", "seeded_db", "snap_compare"}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers a core. Most of a test's time is spent waiting (on the database,
    a subprocess, the screen), so a second worker per core keeps the cores busy; more only add
    start-up and contention (measured on 2 cores, see the commit)."""
    return 2 * len(os.sched_getaffinity(0))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run the database fixtures on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: keep this test on SQLite in a both_backends module")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames or "backend" in _direct_params(metafunc):
        return
    marked = metafunc.definition.get_closest_marker
    if marked("both_backends") is None or marked("sqlite_only") is not None:
        return
    if _SQLITE_ONLY_FIXTURES & _direct_params(metafunc):
        return
    metafunc.parametrize("backend", BACKENDS, indirect=True)


def _direct_params(metafunc: pytest.Metafunc) -> set[str]:
    return set(inspect.signature(metafunc.function).parameters)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine under test: "sqlite" unless the test is parametrized over both."""
    return getattr(request, "param", "sqlite")


# -- PostgreSQL --------------------------------------------------------------------------
class PgServer:
    """The test server: a seeded template database, and fresh copies of it per test."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.template = f"wardtui_tpl_{os.getpid()}"
        self._numbers = itertools.count(1)

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def admin(self) -> Any:
        import psycopg

        conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)

    def create(self, *, template: str | None = None) -> str:
        name = f"wardtui_t_{os.getpid()}_{next(self._numbers)}"
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason} (.ci/run starts a server; see README)")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The server named by WARDTUI_TEST_PG, with a template database built by the real start-up path."""
    url = os.environ.get("WARDTUI_TEST_PG")
    if not url:
        _pg_unavailable("WARDTUI_TEST_PG is not set")
    server = PgServer(url)  # type: ignore[arg-type]
    try:
        server.admin().close()
    except Exception as exc:  # noqa: BLE001 - any driver error means the server is not there
        _pg_unavailable(f"cannot connect to {server.url.render_as_string()}: {str(exc).strip().splitlines()[0]}")
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    with server.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{server.template}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{server.template}"')
    open_database(resolve(server.url_for(server.template))).close()
    yield server
    server.drop(server.template)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, seeded PostgreSQL database of this test alone."""
    name = pg_server.create(template=pg_server.template)
    yield pg_server.url_for(name)
    pg_server.drop(name)


@pytest.fixture
def empty_pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database."""
    name = pg_server.create()
    yield pg_server.url_for(name)
    pg_server.drop(name)


# -- SQLite ------------------------------------------------------------------------------
@pytest.fixture
def db_path(seeded_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "wardtui.db"
    shutil.copyfile(seeded_template, path)
    path.chmod(0o600)  # as wardtui creates it
    return path


@pytest.fixture
def seeded_db(db_path: Path) -> Path:
    """Alias kept for the seed fidelity tests."""
    return db_path


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str:
    """What ``--db`` takes for this test's seeded database: a file path, or a PostgreSQL URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(request.getfixturevalue("db_path"))


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    database = open_database(resolve(db_url))
    yield database
    database.close()


@pytest.fixture
def make_app(db) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    from wardtui.app import WardApp

    # No polling for other desks' writes unless a test asks: a reload must not race a test's keys.
    def factory(section: str = "facilities", today: dt.date = TODAY, poll_seconds: float | None = None) -> WardApp:
        return WardApp(db, today=today, section=section, poll_seconds=poll_seconds)

    return factory


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the real entry point in-process; return (exit status, stdout, stderr)."""
    from wardtui.cli import main

    def runner(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        out, err = capsys.readouterr()
        code = exited.value.code
        return (code if isinstance(code, int) else 1), out, err

    return runner
