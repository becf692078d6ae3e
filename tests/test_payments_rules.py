"""Each payment rule is written once (``wardtui.core.payments``): the app's form, the CLI and
the CSV imports give the same answer in the same words.

The CLI names the option a 통장자녀 problem comes from (``--parent: …``); an import names
the line (``file:line: …``); the form shows the message under its field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from wardtui.core.payments import (
    child_problems,
    name_problem,
    payment_amount_problem,
    payment_problem,
    program_period,
    validate_end_form,
    validate_rate_form,
    validate_recipient_form,
)

RECIPIENT_HEADER = "이름,역할,동,통,반,부모 대상자 번호,학교급\n"
PAYMENT_HEADER = "program,recipient_id,period,amount_won\n"


def refusal(run_cli, *args: str) -> str:  # type: ignore[no-untyped-def]
    """The one line a refused command prints, without 'wardtui: '."""
    code, out, err = run_cli(*args)
    assert code == 2 and out == "" and err.startswith("wardtui: ") and err.count("\n") == 1, (code, out, err)
    return err.removeprefix("wardtui: ").removesuffix("\n")


def rejected(run_cli, db_path: Path, path: Path, *command: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The reason printed for each rejected row of an import, in line order."""
    code, out, err = run_cli("--db", str(db_path), *command, str(path))
    assert code == 2 and out == "", err
    return [line.split(": ", 1)[1] for line in err.splitlines() if line.startswith(f"{path.name}:")]


def register(run_cli, db_path: Path, name: str, role: str, *extra: str) -> int:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--db", str(db_path), "recipients", "add", "--name", name, "--dong", "신길4동",
                             "--role", role, "--since", "2020-01-01", *extra, "--json")
    assert code == 0, err
    return int(json.loads(out)["id"])


@pytest.fixture
def people(run_cli, db_path: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {"통장": register(run_cli, db_path, "김통장", "통장", "--tong", "3"),
            "반장": register(run_cli, db_path, "박반장", "반장", "--tong", "3", "--ban", "2")}


def form_child_errors(role: str, parent: str, school: str) -> dict[str, str]:
    _, errors = validate_recipient_form({"name": "김하나", "dong": "신길4동", "role": role, "tong": "3", "ban": "2",
                                         "since": "", "parent": parent, "school": school})
    return errors


@pytest.mark.parametrize(("role", "parent", "school", "field", "message"), [
    ("통장자녀", "", "대학생", "parent", "통장자녀는 부모 통장의 대상자 번호가 필요합니다"),
    ("통장자녀", "통장", "중학생", "school", "학교급은 고등학생 또는 대학생입니다"),
    ("반장", "통장", "", "parent", "부모 번호와 학교급은 통장자녀에게만 씁니다"),
    ("반장", "", "대학생", "school", "부모 번호와 학교급은 통장자녀에게만 씁니다"),
])
def test_the_scholarship_child_rule_reads_the_same_in_the_form_the_cli_and_the_import(
    run_cli, db_path: Path, tmp_path: Path, people: dict[str, int], role: str, parent: str, school: str,
    field: str, message: str,
) -> None:
    parent_id = str(people[parent]) if parent else ""
    assert form_child_errors(role, parent_id, school) == {field: message}
    options = [*(["--parent", parent_id] if parent_id else []), *(["--school", school] if school else [])]
    assert refusal(run_cli, "--db", str(db_path), "recipients", "add", "--name", "김하나", "--dong", "신길4동",
                   "--role", role, "--tong", "3", "--ban", "2", *options) == f"--{field}: {message}"
    path = tmp_path / "대상자.csv"
    path.write_text(RECIPIENT_HEADER + f"김하나,{role},신길4동,3,2,{parent_id},{school}\n", encoding="utf-8")
    assert rejected(run_cli, db_path, path, "import", "recipients") == [message]


@pytest.mark.parametrize(("parent", "message"), [
    ("없음", "부모 대상자가 없습니다: 999"),
    ("반장", "부모 대상자 {id}는 통장이 아닙니다 (반장)"),
])
def test_a_parent_who_is_not_a_registered_tong_head_reads_the_same_in_the_cli_and_the_import(
    run_cli, db_path: Path, tmp_path: Path, people: dict[str, int], parent: str, message: str,
) -> None:
    parent_id = people.get(parent, 999)
    message = message.format(id=parent_id)
    lookup = {people["통장"]: "통장", people["반장"]: "반장"}.get
    assert child_problems(role="통장자녀", parent_id=parent_id, school_level="대학생", parent_role=lookup) == {"parent": message}
    assert refusal(run_cli, "--db", str(db_path), "recipients", "add", "--name", "김하나", "--dong", "신길4동",
                   "--role", "통장자녀", "--parent", str(parent_id), "--school", "대학생") == f"--parent: {message}"
    path = tmp_path / "대상자.csv"
    path.write_text(RECIPIENT_HEADER + f"김하나,통장자녀,신길4동,,,{parent_id},대학생\n", encoding="utf-8")
    [reason] = rejected(run_cli, db_path, path, "import", "recipients")
    assert reason.startswith(message)  # the import adds where a parent must stand in the file


@pytest.mark.parametrize(("name", "message"), [
    ("   ", "이름을 입력하십시오"),
    ("가" * 41, "이름은 40자까지 입력할 수 있습니다"),
])
def test_a_name_is_judged_the_same_in_the_form_the_cli_and_the_import(
    run_cli, db_path: Path, tmp_path: Path, people: dict[str, int], name: str, message: str,
) -> None:
    assert name_problem(name) == message
    _, errors = validate_recipient_form({"name": name, "dong": "신길4동", "role": "통장", "tong": "3"})
    assert errors == {"name": message}
    assert refusal(run_cli, "--db", str(db_path), "recipients", "add", "--name", name, "--dong", "신길4동",
                   "--role", "통장", "--tong", "3") == message
    assert refusal(run_cli, "--db", str(db_path), "recipients", "edit", str(people["통장"]), "--name", name) == message
    path = tmp_path / "대상자.csv"
    path.write_text(RECIPIENT_HEADER + f"{name},통장,신길4동,3,,,\n", encoding="utf-8")
    assert rejected(run_cli, db_path, path, "import", "recipients") == [message]


def test_an_amount_is_judged_the_same_by_one_payment_and_the_import(
    run_cli, db_path: Path, tmp_path: Path, people: dict[str, int],
) -> None:
    """No form enters a payment; one payment (the CLI) and the import share the rule."""
    message = "지급액은 0원보다 커야 합니다"
    assert payment_amount_problem(0) == payment_amount_problem(-1) == message and payment_amount_problem(1) is None
    assert refusal(run_cli, "--db", str(db_path), "payments", "add", "--program", "활동보상금", "--recipient",
                   str(people["통장"]), "--period", "2021-03", "--amount", "0") == message
    path = tmp_path / "pay.csv"
    path.write_text(PAYMENT_HEADER + f"활동보상금,{people['통장']},2021-03,0\n", encoding="utf-8")
    assert rejected(run_cli, db_path, path, "payments", "import") == [message]


def test_a_period_is_judged_the_same_by_one_payment_a_run_and_the_import(
    run_cli, db_path: Path, tmp_path: Path, people: dict[str, int],
) -> None:
    message = "통장활동 보상금의 기간이 아닙니다: '2021-설' (예: 2021-03)"
    with pytest.raises(ValueError, match="기간이 아닙니다"):
        program_period("통장활동 보상금", "monthly", "2021-설")
    assert refusal(run_cli, "--db", str(db_path), "payments", "add", "--program", "활동보상금", "--recipient",
                   str(people["통장"]), "--period", "2021-설", "--amount", "300000") == message
    assert refusal(run_cli, "--db", str(db_path), "payments", "run", "--program", "활동보상금",
                   "--period", "2021-설", "--yes") == message
    path = tmp_path / "pay.csv"
    path.write_text(PAYMENT_HEADER + f"활동보상금,{people['통장']},2021-설,300000\n", encoding="utf-8")
    assert rejected(run_cli, db_path, path, "payments", "import") == [message]


def test_who_is_in_post_is_judged_the_same_by_one_payment_a_run_and_the_import(
    run_cli, db_path: Path, tmp_path: Path, people: dict[str, int],
) -> None:
    gone = people["통장"]
    code, _, err = run_cli("--db", str(db_path), "recipients", "end", str(gone), "--on", "2021-03-15")
    assert code == 0, err
    from wardtui.core.payments import parse_period

    message = payment_problem(program_name="통장활동 보상금", program_role="통장", recipient_id=gone, role="통장",
                              appointed_on=dt.date(2020, 1, 1), ended_on=dt.date(2021, 3, 15),
                              period=parse_period("2021-03"))
    assert message is not None and "임기가 끝났습니다" in message
    assert refusal(run_cli, "--db", str(db_path), "payments", "add", "--program", "활동보상금", "--recipient",
                   str(gone), "--period", "2021-03", "--amount", "300000") == message
    path = tmp_path / "pay.csv"
    path.write_text(PAYMENT_HEADER + f"활동보상금,{gone},2021-03,300000\n", encoding="utf-8")
    assert rejected(run_cli, db_path, path, "payments", "import") == [message]
    code, _, err = run_cli("--db", str(db_path), "rates", "set", "--program", "활동보상금", "--amount", "300000",
                           "--from", "2021-01-01")
    assert code == 0, err
    assert refusal(run_cli, "--db", str(db_path), "payments", "run", "--program", "활동보상금", "--period", "2021-03",
                   "--yes") == "지급할 대상자가 없습니다: 통장활동 보상금 2021-03"  # the run leaves them out


def test_a_rate_start_is_judged_the_same_in_the_form_and_the_cli(run_cli, db_path: Path) -> None:
    code, _, err = run_cli("--db", str(db_path), "rates", "set", "--program", "2", "--amount", "300000", "--from", "2021-01-01")
    assert code == 0, err
    _, errors = validate_rate_form({"program": "2", "amount": "310000", "since": "2020-06-01"}, {"2": "monthly"},
                                   {"2": dt.date(2021, 1, 1)})
    assert errors == {"since": "2021-01-01부터의 단가가 이미 있습니다: 그보다 뒤의 날짜를 쓰십시오"}
    assert refusal(run_cli, "--db", str(db_path), "rates", "set", "--program", "2", "--amount", "310000",
                   "--from", "2020-06-01") == errors["since"]


def test_an_end_of_term_is_judged_the_same_in_the_form_and_the_cli(run_cli, db_path: Path, people: dict[str, int]) -> None:
    _, errors = validate_end_form({"on": "2019-12-31"}, dt.date(2020, 1, 1))
    assert errors == {"on": "종료일은 위촉일(2020-01-01) 이후여야 합니다"}
    assert refusal(run_cli, "--db", str(db_path), "recipients", "end", str(people["통장"]), "--on", "2019-12-31") == errors["on"]
