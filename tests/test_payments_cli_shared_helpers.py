"""`wardtui payments`, `recipients` and `rates` through the helpers of
wardtui/commands/common.py: the question before a payment run, dates given to options,
and the ``--json`` answer of the lists. On SQLite and on PostgreSQL; exact bytes."""

from __future__ import annotations

import io
import json

import pytest

pytestmark = pytest.mark.both_backends

RUN = ("payments", "run", "--program", "활동보상금", "--period", "2021-03")
SUMMARY = "통장활동 보상금 2021-03: 2명 × 300,000원 = 600,000원 (이미 지급 0명)"
REFUSAL = "wardtui: 확인이 필요합니다: 입력 없이 실행하려면 --yes를 붙이십시오\n"


class Terminal(io.StringIO):
    """Standard input typed at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(run_cli, db_url: str):  # type: ignore[no-untyped-def]
    """The entry point on this test's seeded database, with a fixed today."""
    return lambda *args: run_cli("--db", db_url, "--today", "2026-11-24", *args)


def add_person(cli, name: str = "김영숙") -> int:  # type: ignore[no-untyped-def]
    code, out, err = cli("recipients", "add", "--name", name, "--dong", "신길4동", "--role", "통장", "--tong", "3",
                         "--since", "2020-01-01", "--json")
    assert code == 0, err
    return int(json.loads(out)["id"])


@pytest.fixture
def ready_run(cli):  # type: ignore[no-untyped-def]
    """Two tong heads and a rate: `payments run` has something to pay."""
    add_person(cli, "김영숙")
    add_person(cli, "박민수")
    assert cli("rates", "set", "--program", "활동보상금", "--amount", "300,000", "--from", "2021-01-01")[0] == 0
    return cli


def paid_in_march(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    code, out, err = cli("payments", "--period", "2021-03", "--json")
    assert code == 0, err
    return json.loads(out)


# -- payments run: the question -----------------------------------------------------------
@pytest.mark.parametrize("typed", ["n\n", "\n"])
def test_run_declined_at_a_terminal_exits_1_and_pays_nobody(ready_run, monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(typed))
    assert ready_run(*RUN) == (1, f"{SUMMARY}\n지급할까요? [y/N]: 취소했습니다.\n", "")
    assert paid_in_march(ready_run) == []


def test_run_accepted_at_a_terminal_pays_once(ready_run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert ready_run(*RUN) == (0, f"{SUMMARY}\n지급할까요? [y/N]: 지급했습니다: {SUMMARY}\n", "")
    assert [(r["headcount"], r["amount_won"]) for r in paid_in_march(ready_run)] == [(2, 600_000)]


def test_run_without_a_terminal_is_the_shared_refusal(ready_run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # piped input is not an answer
    assert ready_run(*RUN) == (2, "", REFUSAL)
    assert paid_in_march(ready_run) == []


@pytest.mark.parametrize("yes", ["--yes", "-y"])
def test_run_with_yes_asks_nothing(ready_run, monkeypatch: pytest.MonkeyPatch, yes: str) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(""))  # a question would read end of input and abort
    assert ready_run(*RUN, yes) == (0, f"지급했습니다: {SUMMARY}\n", "")
    code, out, err = ready_run(*RUN, yes)
    assert (code, out, err) == (2, "", "wardtui: 지급할 대상자가 없습니다: 통장활동 보상금 2021-03 (이미 지급 2명)\n")


def test_run_without_a_rate_is_refused_before_asking(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    add_person(cli)
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = cli(*RUN)
    assert (code, out) == (2, "") and err.startswith("wardtui: 통장활동 보상금의 2021-03-31 단가가 없습니다")


# -- dates given to options ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("option", "args"),
    [
        ("--paid-on", ("payments", "add", "--program", "활동보상금", "--recipient", "1", "--period", "2021-03", "--amount", "1")),
        ("--since", ("recipients", "add", "--name", "이반", "--dong", "신길4동", "--role", "통장", "--tong", "1")),
        ("--since", ("recipients", "edit", "1")),
        ("--on", ("recipients", "end", "1")),
        ("--from", ("rates", "set", "--program", "활동보상금", "--amount", "1")),
    ],
)
@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2021.3", "일까지 입력하세요: '2021.3' (예: 2021. 3. 15.)"),
        ("2021-02-30", "없는 날짜입니다: 2021-02-30"),
        ("내일", "날짜 형식이 아닙니다: '내일' (예: 2021-03-15, 2021.3.15, '21. 3. 15.)"),
    ],
)
def test_a_date_option_is_read_by_the_one_date_parser_and_named(
    cli, option: str, args: tuple[str, ...], typed: str, reason: str
) -> None:
    person = add_person(cli)
    before = cli("recipients", "--json", "--reveal")
    assert person == 1 and cli(*args, option, typed) == (2, "", f"wardtui: {option}: {reason}\n")
    assert cli("recipients", "--json", "--reveal") == before
    assert cli("rates", "--json") == (0, "[]\n", "") and paid_in_march(cli) == []


def test_a_date_option_takes_the_report_s_forms(cli) -> None:
    person = add_person(cli)
    code, out, err = cli("payments", "add", "--program", "활동보상금", "--recipient", str(person), "--period", "2021-03",
                         "--amount", "300,000", "--paid-on", "'21. 3. 25.", "--json")
    assert code == 0, err
    assert json.loads(out)["paid_on"] == "2021-03-25"


# -- the lists: an array with --json, the lines without ------------------------------------
def test_empty_lists_answer_an_empty_array_or_their_sentence(cli) -> None:
    assert cli("payments", "--program", "보상품", "--period", "2019-추석", "--json") == (0, "[]\n", "")
    assert cli("payments", "--program", "보상품", "--period", "2019-추석") == (0, "지급 기록이 없습니다.\n", "")
    assert cli("recipients", "--json") == (0, "[]\n", "")
    assert cli("recipients") == (0, "등록된 대상자가 없습니다.\n", "")
    assert cli("recipients", "박", "--json") == (0, "[]\n", "")
    assert cli("recipients", "박") == (0, "'박'에 맞는 대상자가 없습니다.\n", "")
    assert cli("rates", "--json") == (0, "[]\n", "")
    assert cli("rates") == (0, "정한 단가가 없습니다 ('wardtui rates set --program 사업 --amount 원').\n", "")


def test_lists_answer_their_lines(ready_run) -> None:
    assert ready_run("payments", "--program", "보상품", "--period", "2020-추석") == (
        0, "반장 명절 보상품\t2020-추석\t3,186명\t63,730,000원\t보고서\n합계 63,730,000원 (1건)\n", "")
    assert ready_run("recipients", "ㄱㅇ") == (0, "1\t김*숙\t통장\t신길4동 3통\t2020-01-01\n1명\n", "")
    assert ready_run("recipients", "--reveal") == (
        0, "1\t김영숙\t통장\t신길4동 3통\t2020-01-01\n2\t박민수\t통장\t신길4동 3통\t2020-01-01\n2명\n", "")
    assert ready_run("rates") == (0, "1\t통장활동 보상금\t300,000원/월\t2021-01-01 ~ \n", "")


def test_lists_answer_a_json_array_with_korean_as_is(ready_run) -> None:
    code, out, _ = ready_run("payments", "--program", "보상품", "--period", "2020-추석", "--json")
    assert code == 0 and out == (
        '[\n  {\n    "program": "반장 명절 보상품",\n    "program_id": 6,\n    "period": "2020-추석",\n'
        '    "headcount": 3186,\n    "amount_won": 63730000,\n    "source": "보고서"\n  }\n]\n'
    )
    code, out, _ = ready_run("recipients", "--json")
    assert code == 0 and [(r["name"], r["name_masked"]) for r in json.loads(out)] == [("김*숙", True), ("박*수", True)]
    code, out, _ = ready_run("recipients", "ㄱㅇ", "--json", "--reveal")
    assert code == 0 and [(r["name"], r["name_masked"]) for r in json.loads(out)] == [("김영숙", False)]
    code, out, _ = ready_run("rates", "--json")
    assert code == 0 and json.loads(out) == [{"id": 1, "program_id": 2, "program": "통장활동 보상금", "unit_amount_won": 300_000,
                                              "unit": "월", "valid_from": "2021-01-01", "valid_to": None}]


_REPORT_TOTALS = (
    "통장 실비수당\t2020-01~2020-10\t-\t2,041,980,000원\t보고서\n"
    "통장 상해보험\t2020\t558명\t11,323,370원\t보고서\n"
    "반장 명절 보상품\t2020-설\t3,297명\t122,190,000원\t보고서\n"
    "반장 명절 보상품\t2020-추석\t3,186명\t63,730,000원\t보고서\n"
    "통장자녀 장학금\t2020-상반기\t22명\t7,979,400원\t보고서\n"
    "합계 2,247,202,770원 (5건)\n"
)


def test_list_text_does_not_build_json(ready_run, monkeypatch: pytest.MonkeyPatch) -> None:
    from wardtui.db.payments.ledger import PeriodTotal
    from wardtui.db.payments.programs import Rate
    from wardtui.db.payments.register import RecipientRow

    def refuse(self: object, **_: object) -> dict:
        raise AssertionError("JSON is built only for --json")

    for kind in (PeriodTotal, Rate, RecipientRow):
        monkeypatch.setattr(kind, "to_json", refuse)
    assert ready_run("payments") == (0, _REPORT_TOTALS, "")
    for args in (("payments",), ("recipients",), ("recipients", "ㄱㅇ"), ("rates",)):
        code, out, err = ready_run(*args)
        assert (code, err) == (0, "") and out, args


@pytest.mark.parametrize(
    ("command", "help_text"),
    [
        (("payments",), "JSON 배열로 출력합니다."),
        (("recipients",), "JSON 배열로 출력합니다."),
        (("rates",), "JSON 배열로 출력합니다."),
        (("payments", "add"), "JSON으로 출력합니다."),
        (("payments", "run"), "JSON으로 출력합니다."),
        (("payments", "reverse"), "JSON으로 출력합니다."),
        (("recipients", "add"), "JSON으로 출력합니다."),
        (("recipients", "edit"), "JSON으로 출력합니다."),
        (("recipients", "end"), "JSON으로 출력합니다."),
        (("rates", "set"), "JSON으로 출력합니다."),
    ],
)
def test_json_help_says_array_only_for_the_lists(run_cli, command: tuple[str, ...], help_text: str) -> None:
    code, out, _ = run_cli(*command, "--help")
    line = next(line for line in out.splitlines() if line.lstrip().startswith("--json"))
    assert code == 0 and line.split(None, 1)[1] == help_text


def test_run_keeps_its_own_yes_help(run_cli) -> None:
    code, out, _ = run_cli("payments", "run", "--help")
    assert code == 0 and "-y, --yes        확인 없이 지급합니다." in out
