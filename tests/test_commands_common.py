"""What the subcommands share (wardtui/commands/common.py): the --json answer, dates given
to options, and the question before a change that cannot be undone."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
import typer

from wardtui.commands.common import answer, confirm, day_option
from wardtui.errors import WardError


@dataclass
class Row:
    name: str
    day: dt.date

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "day": self.day}


ROWS = [Row("신길4동", dt.date(2021, 3, 15)), Row("문래동", dt.date(2021, 4, 7))]


def text_lines(rows: list[Row]) -> list[str]:
    return [f"{r.name}\t{r.day.isoformat()}" for r in rows] + [f"{len(rows)}개"]


def test_answer_prints_the_text_lines_without_json(capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(row: Row) -> Any:
        raise AssertionError("a JSON value is built only for --json (it may cost a query per row)")

    answer(False, iter(ROWS), text_lines, json_of=refuse)
    assert capsys.readouterr().out == "신길4동\t2021-03-15\n문래동\t2021-04-07\n2개\n"


def test_answer_prints_an_array_with_json(capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(rows: list[Row]) -> list[str]:
        raise AssertionError("no text lines with --json")

    answer(True, iter(ROWS), refuse)
    out = capsys.readouterr().out
    assert json.loads(out) == [{"name": "신길4동", "day": "2021-03-15"}, {"name": "문래동", "day": "2021-04-07"}]
    assert "신길4동" in out  # Korean as is, not \u escapes
    answer(True, ROWS, refuse, json_of=lambda r: r.name)
    assert json.loads(capsys.readouterr().out) == ["신길4동", "문래동"]
    answer(True, [], refuse)
    assert json.loads(capsys.readouterr().out) == []


def test_day_option_names_the_option_in_its_one_line_refusal() -> None:
    assert day_option("--paid-on", "'21. 3. 15.") == dt.date(2021, 3, 15)
    with pytest.raises(WardError) as refused:
        day_option("--cause", "2021-13-01")
    assert refused.value.message.startswith("--cause: ")
    with pytest.raises(WardError, match="^--date: 일까지 입력하세요"):
        day_option("--date", "2021.3")


class Terminal(io.StringIO):
    """Standard input typed at a terminal."""

    def isatty(self) -> bool:
        return True


def test_confirm_with_yes_asks_nothing(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, and nothing to read
    confirm("모든 자료를 지울까요?", yes=True)
    assert capsys.readouterr().out == ""


def test_confirm_without_a_terminal_requires_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    with pytest.raises(WardError) as refused:
        confirm("모든 자료를 지울까요?", yes=False)
    assert refused.value.message == "확인이 필요합니다: 입력 없이 실행하려면 --yes를 붙이십시오"


@pytest.mark.parametrize("typed", ["n\n", "\n"])
def test_confirm_declined_exits_1_having_said_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(typed))
    with pytest.raises(typer.Exit) as stopped:
        confirm("모든 자료를 지울까요?", yes=False)
    assert stopped.value.exit_code == 1
    out = capsys.readouterr().out
    assert "모든 자료를 지울까요? [y/N]" in out and out.endswith("취소했습니다.\n")


def test_confirm_accepted_goes_on(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    confirm("모든 자료를 지울까요?", yes=False)
    assert "취소" not in capsys.readouterr().out
