"""Both imports read their files through ``wardtui.db.csv_files``: the same encodings, the
same header matching, the same one line per rejected row, the same refusal of a file that
stops being CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wardtui.db.csv_files import read_csv_file
from wardtui.errors import WardError


def person(run_cli, db_path: Path) -> int:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--db", str(db_path), "recipients", "add", "--name", "김통장", "--dong", "신길4동",
                             "--role", "통장", "--tong", "3", "--since", "2020-01-01", "--json")
    assert code == 0, err
    return int(json.loads(out)["id"])


def test_the_reader_gives_the_header_and_numbered_rows(tmp_path: Path) -> None:
    path = tmp_path / "표.csv"
    path.write_bytes("이름, 역할 ,ｔｏｎｇ\n김,통장,3\n\n\"박\n숙\",반장,4\n,,\n".encode("cp949"))
    file = read_csv_file(path)
    assert (file.name, file.encoding, file.header) == ("표.csv", "CP949", ["이름", " 역할 ", "ｔｏｎｇ"])
    # a row is numbered by the line it ends on; an empty line is no row, a line of empty cells is one
    assert list(file.rows()) == [(2, ["김", "통장", "3"]), (5, ["박\n숙", "반장", "4"]), (6, ["", "", ""])]
    header = file.columns({"이름": "name", "역할": "role", "tong": "tong", "동": "dong"})
    assert (header.index, header.unknown, header.repeated) == ({"name": 0, "role": 1, "tong": 2}, [], [])


def test_a_file_that_stops_being_csv_is_refused_naming_its_line_in_both_imports(
    run_cli, db_path: Path, tmp_path: Path,
) -> None:
    huge = "x" * 140_000
    for command, header in ((("payments", "import"), "program,recipient_id,period,amount_won"),
                            (("import", "recipients"), "이름,역할,동,통")):
        path = tmp_path / "큰.csv"
        path.write_text(f"{header}\n{huge},1,2,3\n", encoding="utf-8")
        code, out, err = run_cli("--db", str(db_path), *command, str(path))
        assert (code, out) == (2, "") and err.startswith("wardtui: 큰.csv: 2행: CSV 형식이 아닙니다"), err
        path.write_text(f"{huge},{header}\n", encoding="utf-8")
        code, _, err = run_cli("--db", str(db_path), *command, str(path))
        assert code == 2 and err.startswith("wardtui: 큰.csv: CSV 형식이 아닙니다"), err


def test_padded_or_full_width_header_cells_are_read_by_both_imports(run_cli, db_path: Path, tmp_path: Path) -> None:
    rid = person(run_cli, db_path)
    path = tmp_path / "지급.csv"
    path.write_text(f" program ,ｒｅｃｉｐｉｅｎｔ_ｉｄ,period,amount_won,메모\n활동보상금,{rid},2021-03,300000,x\n", encoding="utf-8")
    assert run_cli("--db", str(db_path), "payments", "import", str(path)) == (0, "가져왔습니다: 1건\n", "")
    path = tmp_path / "대상자.csv"
    path.write_text(" 이름 ,역할,동,통\n이통장,통장,문래동,4\n", encoding="utf-8")
    assert run_cli("--db", str(db_path), "import", "recipients", str(path)) == (0, "대상자에 1행을 가져왔습니다\n", "")


@pytest.mark.parametrize(("command", "text", "line"), [
    (("payments", "import"), "program,recipient_id,period,amount_won\n\"없는\n사업\",1,2021-03,1\n", "줄.csv:3: "),
    (("import", "recipients"), "이름,역할,동,통\n김,\"동\n장\",신길4동,3\n", "줄.csv:3행: "),
])
def test_each_rejected_row_is_one_line_even_when_a_cell_holds_a_newline(
    run_cli, db_path: Path, tmp_path: Path, command: tuple[str, ...], text: str, line: str,
) -> None:
    path = tmp_path / "줄.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("--db", str(db_path), *command, str(path))
    rows = [row for row in err.splitlines() if row.startswith("줄.csv:")]
    assert (code, out) == (2, "") and len(rows) == 1 and rows[0].startswith(line) and "?" in rows[0], err
    assert all(row.startswith(("wardtui: ", "줄.csv:")) for row in err.splitlines()), err


def test_files_that_are_not_text_are_refused_alike(tmp_path: Path) -> None:
    for data, reason in ((b"\xff\xfeabc", "UTF-16 파일은 읽지 않습니다"), (b"a,b\n\x00\x01", "CSV 텍스트 파일이 아닙니다"),
                         (b"a,b\n\x80\x80\xff\n", "글자 인코딩을 알 수 없습니다")):
        path = tmp_path / "x.csv"
        path.write_bytes(data)
        with pytest.raises(WardError, match=f"^x.csv: {reason}"):
            read_csv_file(path)
    with pytest.raises(WardError, match="^파일을 열 수 없습니다"):
        read_csv_file(tmp_path / "없음.csv")
