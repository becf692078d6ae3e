"""click's usage refusals reach the user in Korean, as one line with exit status 2."""

from __future__ import annotations

import pytest

from wardtui.cli import usage_message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["facilities", "--jsn"], "wardtui: 알 수 없는 옵션입니다: --jsn (가능한 옵션: --json)"),
        (["facilitie"], "wardtui: 알 수 없는 명령입니다: facilitie (혹시 facilities?)"),
        (["nosuch"], "wardtui: 알 수 없는 명령입니다: nosuch (명령 목록: wardtui --help)"),
        (["facilities", "a", "b", "c"], "wardtui: 필요 없는 인자가 있습니다: b c"),
        (["milestone", "add"], "wardtui: 필요한 값이 빠졌습니다: project"),
        (["payments", "--period"], "wardtui: 옵션 --period에는 값이 필요합니다"),
        (["facilities", "--json=3"], "wardtui: 옵션 --json은(는) 값을 받지 않습니다"),
        (["payments", "add", "--program", "1", "--recipient", "x", "--period", "2021-03", "--amount", "1"],
         "wardtui: --recipient에는 정수를 넣으십시오"),
    ],
)
def test_usage_refusals_are_korean_one_line_exit_2(run_cli, db_path, args: list[str], expected: str) -> None:
    code, out, err = run_cli("--db", str(db_path), *args)
    assert (code, out, err.strip()) == (2, "", expected)


def test_an_unknown_refusal_passes_through_as_click_words_it() -> None:
    assert usage_message("Something new happened.") == "Something new happened."
