"""`wardtui db reset`, `db restore`, `facilities` and `--today` through the helpers of
wardtui/commands/common.py: the question before a change that cannot be undone, the
``--json`` array, and the one date parser. Exact bytes, since scripts read them."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from tests.sqlite_helpers import execute, query


class Terminal(io.StringIO):
    """Standard input typed at a terminal."""

    def isatty(self) -> bool:
        return True


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def before_restore_copies(db_path: Path) -> list[str]:
    return sorted(p.name for p in db_path.parent.iterdir() if "before-restore" in p.name)


# -- db reset ---------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["n\n", "\n", "no\n"])
def test_db_reset_declined_at_a_terminal_exits_1_and_keeps_the_data(
    run_cli, db_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    execute(db_path, "DELETE FROM vehicle")
    before = digest(db_path)
    monkeypatch.setattr("sys.stdin", Terminal(typed))
    code, out, err = run_cli("--db", str(db_path), "db", "reset")
    assert (code, out, err) == (1, f"{db_path}의 모든 자료를 지우고 다시 만들까요? [y/N]: 취소했습니다.\n", "")
    assert digest(db_path) == before


def test_db_reset_accepted_at_a_terminal_rebuilds(run_cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    execute(db_path, "DELETE FROM vehicle")
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = run_cli("--db", str(db_path), "db", "reset")
    assert (code, err) == (0, "")
    assert out == f"{db_path}의 모든 자료를 지우고 다시 만들까요? [y/N]: 데이터베이스를 다시 만들었습니다: {db_path}\n"
    assert query(db_path, "SELECT count(*) FROM vehicle") == 6


@pytest.mark.parametrize("yes", ["--yes", "-y"])
def test_db_reset_with_yes_asks_nothing_even_without_input(
    run_cli, db_path: Path, monkeypatch: pytest.MonkeyPatch, yes: str
) -> None:
    execute(db_path, "DELETE FROM vehicle")
    monkeypatch.setattr("sys.stdin", Terminal(""))  # a question would read end of input and abort
    code, out, err = run_cli("--db", str(db_path), "db", "reset", yes)
    assert (code, out, err) == (0, f"데이터베이스를 다시 만들었습니다: {db_path}\n", "")
    assert query(db_path, "SELECT count(*) FROM vehicle") == 6


def test_db_reset_without_a_terminal_is_the_shared_refusal(run_cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = digest(db_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # piped input is not an answer
    code, out, err = run_cli("--db", str(db_path), "db", "reset")
    assert (code, out, err) == (2, "", "wardtui: 확인이 필요합니다: 입력 없이 실행하려면 --yes를 붙이십시오\n")
    assert digest(db_path) == before


def test_end_of_input_at_the_question_is_a_cancel_on_stderr(run_cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = digest(db_path)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    code, out, err = run_cli("--db", str(db_path), "db", "reset")
    assert (code, out, err) == (1, f"{db_path}의 모든 자료를 지우고 다시 만들까요? [y/N]: ", "취소했습니다.\n")
    assert digest(db_path) == before


# -- db restore -------------------------------------------------------------------------------
@pytest.fixture
def backup(run_cli, db_path: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    made = tmp_path / "backups" / "b.db"
    made.parent.mkdir()
    assert run_cli("--db", str(db_path), "db", "backup", str(made))[0] == 0
    execute(db_path, "DELETE FROM vehicle")  # so a restore would show
    return made


def test_db_restore_declined_at_a_terminal_names_the_backup_and_changes_nothing(
    run_cli, db_path: Path, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wardtui.db.migrate import HEAD_REVISION

    before = digest(db_path)
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(backup))
    question = f"{db_path}의 자료를 {backup} (스키마 {HEAD_REVISION})의 자료로 바꿀까요? 지금 자료는 먼저 백업합니다."
    assert (code, out, err) == (1, f"{question} [y/N]: 취소했습니다.\n", "")
    assert digest(db_path) == before and before_restore_copies(db_path) == []


def test_db_restore_accepted_at_a_terminal_restores(run_cli, db_path: Path, backup: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(backup))
    assert (code, err) == (0, "")
    assert "바꿀까요? 지금 자료는 먼저 백업합니다. [y/N]: 복원했습니다: " in out
    assert query(db_path, "SELECT count(*) FROM vehicle") == 6 and len(before_restore_copies(db_path)) == 1


@pytest.mark.parametrize("yes", ["--yes", "-y"])
def test_db_restore_with_yes_asks_nothing(run_cli, db_path: Path, backup: Path, monkeypatch: pytest.MonkeyPatch, yes: str) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(""))
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(backup), yes)
    assert (code, err) == (0, "") and out.startswith("복원했습니다: ")
    assert query(db_path, "SELECT count(*) FROM vehicle") == 6


def test_db_restore_without_a_terminal_is_the_shared_refusal(run_cli, db_path: Path, backup: Path) -> None:
    before = digest(db_path)
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(backup))
    assert (code, out, err) == (2, "", "wardtui: 확인이 필요합니다: 입력 없이 실행하려면 --yes를 붙이십시오\n")
    assert digest(db_path) == before and before_restore_copies(db_path) == []


def test_db_restore_refuses_a_missing_file_before_asking(run_cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(tmp_path / "nothere.db"))
    assert (code, out, err) == (2, "", f"wardtui: 백업 파일이 없습니다: {tmp_path / 'nothere.db'}\n")


@pytest.mark.parametrize("command", [("db", "reset"), ("db", "restore")])
def test_yes_has_the_shared_help(run_cli, command: tuple[str, ...]) -> None:
    code, out, _ = run_cli(*command, "--help")
    assert code == 0 and "  -y, --yes   확인 없이 진행합니다.\n" in out


# -- facilities --json, --today ---------------------------------------------------------------
def test_facilities_answers_an_array_or_the_lines(run_cli, db_path: Path) -> None:
    base = ("--db", str(db_path), "--today", "2026-11-24", "facilities")
    assert run_cli(*base, "없는동", "--json") == (0, "[]\n", "")
    assert run_cli(*base, "없는동") == (0, "'없는동'에 맞는 시설이 없습니다.\n", "")
    code, out, _ = run_cli(*base, "ㅅㄱ4")
    assert (code, out) == (0, "신길4동\t동주민센터\t신길로42길 1\t대지 792.00㎡\t건물 2,306.41㎡\t지하2·지상4\t2020. 9. 15.\t6년\n1곳\n")
    code, out, _ = run_cli(*base, "ㅅㄱ4", "--json")
    assert code == 0 and out.startswith('[\n  {\n    "id": ') and '"name": "신길4동"' in out  # Korean as is
    assert json.loads(out)[0]["completed_on"] == "2020-09-15"
    code, out, _ = run_cli("facilities", "--help")
    assert "  --json      JSON 배열로 출력합니다.\n" in out


def test_facilities_text_does_not_build_json(run_cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wardtui.db.facilities import FacilityRow

    def refuse(self: FacilityRow) -> dict:
        raise AssertionError("JSON is built only for --json")

    monkeypatch.setattr(FacilityRow, "to_json", refuse)
    code, out, _ = run_cli("--db", str(db_path), "facilities", "ㅅㄱ4")
    assert code == 0 and out.endswith("1곳\n")


@pytest.mark.parametrize(
    ("today", "err"),
    [
        ("2021.3", "wardtui: --today: 일까지 입력하세요: '2021.3' (예: 2021. 3. 15.)\n"),
        ("2021-02-30", "wardtui: --today: 없는 날짜입니다: 2021-02-30\n"),
        ("어제", "wardtui: --today: 날짜 형식이 아닙니다: '어제' (예: 2021-03-15, 2021.3.15, '21. 3. 15.)\n"),
    ],
)
def test_today_is_read_by_the_one_date_parser(run_cli, db_path: Path, today: str, err: str) -> None:
    assert run_cli("--db", str(db_path), "--today", today, "facilities") == (2, "", err)


def test_today_in_the_report_s_own_form_and_empty_as_today(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "--today", "'21. 3. 15.", "facilities", "ㅅㄱ4")
    assert code == 0 and out.endswith("\t2020. 9. 15.\t0년\n1곳\n")
    code, out, _ = run_cli("--db", str(db_path), "--today", "", "facilities", "없는동")
    assert code == 0  # an empty --today (or WARDTUI_TODAY=) is today, not a refusal
