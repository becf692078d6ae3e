"""The command line: real entry point, real database files, one-line refusals."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sqlite_helpers import execute, query

from wardtui import __version__


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_refusal(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_version(run_cli) -> None:
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.strip() == f"wardtui {__version__}"


def test_db_path_defaults_to_the_user_data_dir(run_cli) -> None:
    code, out, _ = run_cli("db", "path")
    assert code == 0
    assert out.strip() == str(Path(os.environ["XDG_DATA_HOME"]) / "wardtui" / "wardtui.db")


def test_db_init_creates_a_private_seeded_file_once(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    code, out, _ = run_cli("--db", str(path), "db", "init")
    assert code == 0 and "만들었습니다" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert query(path, "SELECT count(*) FROM facility") == 25
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"], "no temporary files left behind"
    before = digest(path)
    code, out, _ = run_cli("--db", str(path), "db", "init")
    assert code == 0 and "이미 있습니다" in out
    assert digest(path) == before


def test_db_url_form_is_accepted(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "url.db"
    code, _, _ = run_cli("--db", f"sqlite:///{path}", "facilities", "--json")
    assert code == 0
    assert path.exists()


def test_env_var_selects_the_database(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("WARDTUI_DB", str(path))
    code, out, _ = run_cli("db", "path")
    assert code == 0 and out.strip() == str(path)


def test_db_seed_is_idempotent(run_cli, db_path: Path) -> None:
    def counts() -> dict[str, int]:
        conn = sqlite3.connect(db_path)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()

    before = counts()
    code, _, _ = run_cli("--db", str(db_path), "db", "seed")
    assert code == 0
    assert counts() == before
    assert before["facility"] == 25 and before["milestone"] > 0


def test_db_seed_restores_a_deleted_seed_row_and_keeps_user_rows(run_cli, db_path: Path) -> None:
    execute(db_path, "DELETE FROM vehicle WHERE model = '코나'")
    code, _, _ = run_cli("--db", str(db_path), "db", "seed")
    assert code == 0
    assert query(db_path, "SELECT count(*) FROM vehicle WHERE model = '코나'") == 1


def test_db_reset_needs_confirmation_without_a_terminal(run_cli, db_path: Path) -> None:
    execute(db_path, "DELETE FROM vehicle")
    before = digest(db_path)
    code, out, err = run_cli("--db", str(db_path), "db", "reset")
    assert_one_line_refusal(code, out, err, "--yes")
    assert digest(db_path) == before


def test_db_reset_yes_rebuilds_the_seed(run_cli, db_path: Path) -> None:
    execute(db_path, "DELETE FROM vehicle")
    code, out, _ = run_cli("--db", str(db_path), "db", "reset", "--yes")
    assert code == 0 and "다시 만들었습니다" in out
    assert query(db_path, "SELECT count(*) FROM vehicle") == 6
    from wardtui.db.migrate import HEAD_REVISION

    assert query(db_path, "SELECT version_num FROM alembic_version") == HEAD_REVISION


def test_facilities_json_has_the_promised_keys(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "facilities", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 25
    first = rows[0]
    assert first["name"] == "영등포본동"
    assert first == first | {
        "kind": "동주민센터",
        "address": "신길로61길 17",
        "land_m2": 565.0,
        "building_m2": 1886.77,
        "floors_below": 1,
        "floors_above": 6,
        "completed_on": "2006-08-21",
    }


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("ㅅㄱ4", ["신길4동"]),
        ("ㅁㄹ", ["문래동", "문래동자치회관"]),
        ("대림로", ["대림2동", "대림3동"]),
        ("국회대로", ["영등포동자치회관", "자원봉사센터"]),
        ("%", []),
    ],
)
def test_facilities_search_is_the_screen_search(run_cli, db_path: Path, query: str, names: list[str]) -> None:
    code, out, _ = run_cli("--db", str(db_path), "facilities", query, "--json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == names


def test_facilities_text_output_shows_age_from_today(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "--today", "2026-11-24", "facilities", "ㅅㄱ4")
    assert code == 0
    assert "신길4동" in out and "지하2·지상4" in out and "6년" in out
    code, out, _ = run_cli("--db", str(db_path), "--today", "2040-01-01", "facilities", "ㅅㄱ4")
    assert "19년" in out


# -- bad input: one line, status 2, nothing created or changed -------------------------
def test_missing_directory_is_refused_and_not_created(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "w.db"
    code, out, err = run_cli("--db", str(target), "facilities")
    assert_one_line_refusal(code, out, err, "폴더가 없습니다")
    assert not target.parent.exists()


def test_unwritable_directory_is_refused(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI runs as root, which may write anywhere, so the OS's answer is simulated."""
    import wardtui.db.target

    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    real_access = os.access
    monkeypatch.setattr(
        wardtui.db.target.os, "access", lambda p, mode: False if Path(p) == locked else real_access(p, mode)
    )
    code, out, err = run_cli("--db", str(locked / "w.db"), "facilities")
    assert_one_line_refusal(code, out, err, "쓸 수 없습니다")
    assert list(locked.iterdir()) == []


def test_directory_as_database_is_refused(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("--db", str(tmp_path), "facilities")
    assert_one_line_refusal(code, out, err, "폴더입니다")


def test_a_file_that_is_not_a_database_is_refused_and_untouched(run_cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("회의록: 통장 회의 11월\n" * 20, encoding="utf-8")
    before = digest(notes)
    code, out, err = run_cli("--db", str(notes), "facilities")
    assert_one_line_refusal(code, out, err, "SQLite 데이터베이스 파일이 아닙니다")
    assert digest(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_foreign_sqlite_database_is_refused_and_untouched(run_cli, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    execute(other, "CREATE TABLE budget (x)")
    before = digest(other)
    code, out, err = run_cli("--db", str(other), "facilities")
    assert_one_line_refusal(code, out, err, "wardtui 데이터베이스가 아닙니다")
    assert digest(other) == before


def test_a_newer_schema_is_refused_and_untouched(run_cli, db_path: Path) -> None:
    execute(db_path, "UPDATE alembic_version SET version_num = '0099'")
    before = digest(db_path)
    code, out, err = run_cli("--db", str(db_path), "facilities")
    assert_one_line_refusal(code, out, err, "더 새로운 wardtui", "0099")
    assert digest(db_path) == before


@pytest.mark.parametrize("today", ["2026-13-01", "tomorrow", "2026-02-30", "2026.11"])
def test_today_that_is_not_a_date_is_refused(run_cli, tmp_path: Path, today: str) -> None:
    target = tmp_path / "w.db"
    code, out, err = run_cli("--db", str(target), "--today", today, "facilities")
    assert_one_line_refusal(code, out, err, "--today")
    assert not target.exists()


def test_today_from_the_environment_is_checked_too(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDTUI_TODAY", "어제")
    code, out, err = run_cli("db", "path")
    assert_one_line_refusal(code, out, err, "--today")


def test_unknown_section_is_refused(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("--db", str(tmp_path / "w.db"), "--open", "budget")
    assert_one_line_refusal(code, out, err, "budget", "facilities")
    assert not (tmp_path / "w.db").exists()


def test_unknown_option_is_one_line(run_cli) -> None:
    code, out, err = run_cli("--colour")
    assert_one_line_refusal(code, out, err, "--colour")


def test_unsupported_url_is_refused(run_cli) -> None:
    code, out, err = run_cli("--db", "mysql://localhost/w", "facilities")
    assert_one_line_refusal(code, out, err, "mysql")


def test_opening_the_app_without_a_terminal_is_refused(tmp_path: Path) -> None:
    """The real executable, as CI runs it: no terminal, so no app, and a clear line."""
    result = subprocess.run(
        [sys.executable, "-m", "wardtui", "--db", str(tmp_path / "w.db")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "터미널" in result.stderr
    assert not (tmp_path / "w.db").exists()
