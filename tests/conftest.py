"""Shared fixtures: real SQLite files in temporary directories, a frozen today."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI explores the same examples every run, so a red build is reproducible; locally they vary.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the developer's database, or the environment's settings."""
    monkeypatch.delenv("WARDTUI_DB", raising=False)
    monkeypatch.delenv("WARDTUI_TODAY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


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


@pytest.fixture
def db_path(seeded_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "wardtui.db"
    shutil.copyfile(seeded_template, path)
    return path


@pytest.fixture
def seeded_db(db_path: Path) -> Path:
    """Alias kept for the seed fidelity tests."""
    return db_path


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    database = open_database(resolve(str(db_path)))
    yield database
    database.close()


@pytest.fixture
def make_app(db) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    from wardtui.app import WardApp

    def factory(section: str = "facilities", today: dt.date = TODAY) -> WardApp:
        return WardApp(db, today=today, section=section)

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
