"""One error path: whatever a database worker meets, the app says it in Korean and stays open.

An error nobody planned for is made real here by dropping a table from the test's own
database file: the user is told its first line and where the log is, and the traceback
goes to that log (owner-only), never to the terminal.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.app_helpers import settle
from wardtui.errors import StorageError, WardError
from wardtui.failures import describe_failure, log_path



def errors(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def test_an_unforeseen_error_names_the_log_and_keeps_the_app(db_path: Path, make_app: Any,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app("projects")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with sqlite3.connect(db_path) as conn:
            conn.execute("DROP TABLE execution_entry")
        await pilot.press("y")  # the list reads the execution logged for each project again
        await settle(pilot)
        assert app.is_running
        told = errors(app)
        assert len(told) == 1, told
        assert told[0].startswith("예상하지 못한 오류로 불러오지 못했습니다 (OperationalError: no such table: execution_entry)")
        assert f"자세한 내용: {log_path()}" in told[0]
        assert "SELECT" not in told[0] and "\n" not in told[0]
        status = str(app.screen.query_one("#project-count").content)
        assert "no such table: execution_entry" in status
    logged = log_path().read_text()
    assert "Traceback (most recent call last)" in logged and "no such table: execution_entry" in logged
    assert stat.S_IMODE(log_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(log_path().parent.stat().st_mode) == 0o700
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err


async def test_a_refusal_is_told_in_its_own_words_and_not_logged(db_path: Path, make_app: Any) -> None:
    app = make_app("facilities")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        db_path.write_bytes(b"not a database at all" * 100)
        await pilot.press("slash", "ㅅ", "ㄱ")
        await settle(pilot)
        assert app.is_running
        told = errors(app)
        assert told and all(m.startswith("데이터베이스") for m in told), told
        assert app.database_lost
    assert not log_path().exists()


def test_describe_failure_kinds(tmp_path: Path) -> None:
    assert describe_failure(WardError("규칙에 맞지 않습니다"), "저장하지 않았습니다").message == "규칙에 맞지 않습니다"
    assert describe_failure(WardError("x"), "u").storage is False
    assert describe_failure(StorageError("데이터베이스 파일을 열 수 없습니다"), "u").storage is True
    # A driver's own storage error that reached here unwrapped is told as the storage problem it is.
    try:
        sqlite3.connect(f"file:{tmp_path / 'missing.db'}?mode=rw", uri=True)
    except sqlite3.OperationalError as exc:
        found = describe_failure(exc, "불러오지 못했습니다")
    assert found.storage and found.message.startswith("데이터베이스 파일을 열 수 없습니다")
    # Control characters in an error's text are not sent to the terminal.
    assert describe_failure(WardError("줄\n바꿈\x1b[2J"), "u").message == "줄?바꿈?[2J"


def test_the_log_is_not_written_through_a_planted_link(tmp_path: Path) -> None:
    from wardtui.failures import log_failure

    target = tmp_path / "elsewhere.txt"
    target.write_text("")
    log_path().parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.symlink(target, log_path())
    assert log_failure(RuntimeError("x"), "불러오지 못했습니다") is None
    assert target.read_text() == ""


def test_the_command_line_says_an_unforeseen_error_in_one_line(run_cli: Any, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE execution_entry")
    code, out, err = run_cli("--db", str(db_path), "projects")
    assert code == 1 and out == ""
    assert err.startswith("wardtui: 예상하지 못한 오류로 명령을 마치지 못했습니다 (OperationalError: no such table: execution_entry)")
    assert err.count("\n") == 1 and "Traceback" not in err and str(log_path()) in err
    assert "Traceback (most recent call last)" in log_path().read_text()
