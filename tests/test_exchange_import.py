"""Import: facilities, recipients and milestones from CSV, all rows or none; export → import round trips."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from wardtui.db.exchange import export_csv, import_csv, iter_rows, resolve_table
from wardtui.errors import WardError

pytestmark = pytest.mark.both_backends


def snapshot(db, table: str) -> list[list]:  # type: ignore[no-untyped-def]
    spec = resolve_table(table)
    return [list(row) for page in iter_rows(db, spec) for row in page]  # typed as they come


def empty(db, *tables: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with db.session() as session:
        for table in tables:
            session.execute(text(f"DELETE FROM {table}"))


def exported(db, table: str, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    spec = resolve_table(table)
    export_csv(db, tmp_path / "csv", [spec])
    return tmp_path / "csv" / spec.file_name


def add_people(db) -> None:  # type: ignore[no-untyped-def]
    from wardtui.db.payments.register import add_recipient

    tong = add_recipient(db, name="김통장", dong="신길4동", role="통장", tong=3, since=dt.date(2020, 1, 1))
    add_recipient(db, name="박반장", dong="대림1동", role="반장", tong=2, ban=5)
    add_recipient(db, name="김자녀", dong="신길4동", role="통장자녀", tong=None, parent_id=tong.id, school_level="고등학생")


@pytest.mark.parametrize("table, clear", [
    ("facility", ("vehicle", "facility")),
    ("milestone", ("milestone",)),
    ("recipient", ("recipient",)),
])
def test_export_then_import_into_an_empty_table_gives_back_the_same_rows(db, tmp_path: Path, table, clear) -> None:
    add_people(db)
    before = snapshot(db, table)
    assert before
    path = exported(db, table, tmp_path)
    empty(db, *clear)
    result = import_csv(db, table, path)
    assert result.rejected == [] and result.written == len(before)
    assert snapshot(db, table) == before


def test_milestone_import_goes_into_the_change_log_and_the_project(db, tmp_path: Path) -> None:
    path = tmp_path / "일정.csv"
    path.write_text("사업 번호,제목,상태,시작일\n12,서울시 재투자심사 결과 통보,계획,2021.4.15\n12,설계공모 공고,계획,'21. 8.\n",
                    encoding="utf-8")
    result = import_csv(db, "일정", path)
    assert result.rejected == [] and result.written == 2
    from wardtui.db.projects import milestones_for

    titles = {m.title: m for m in milestones_for(db, 12)}
    added = titles["서울시 재투자심사 결과 통보"]
    assert added.starts_on == dt.date(2021, 4, 15) and added.start_precision == "day" and added.origin == "user"
    assert added.seq == 11  # after the report's 10
    assert (titles["설계공모 공고"].starts_on, titles["설계공모 공고"].start_precision) == (dt.date(2021, 8, 1), "month")
    logged = db.rows("SELECT entity, action, project_id FROM change_log WHERE entity_id = :id", {"id": added.id})
    assert logged == [("milestone", "add", 12)]


def _write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


FACILITY_HEADER = "동명,구분,소재지,대지(㎡),건물(㎡),지하층,지상층,준공일자\n"


def test_bad_rows_are_each_reported_by_line_and_nothing_is_written(db, tmp_path: Path) -> None:
    before = snapshot(db, "facility")
    path = _write(tmp_path / "시설.csv", FACILITY_HEADER
                  + "새동주민센터,동주민센터,새로 1,100.5,200,1,3,2021-03-02\n"     # 2: fine
                  + ",동주민센터,새로 2,,,,,\n"                                      # 3: no name
                  + "영등포본동,동주민센터,새로 3,,,,,\n"                               # 4: exists already
                  + "다른센터,체육관,새로 4,열,200,1,3,2021-13-01\n"                    # 5: kind, area, date
                  + "새동주민센터,자치회관,새로 5,,,,,\n")                              # 6: same name as line 2
    result = import_csv(db, "facility", path)
    assert result.written == 0
    lines = dict(result.rejected)
    assert sorted(lines) == [3, 4, 5, 6]
    assert lines[3] == "동명이 비어 있습니다"
    assert lines[4] == "이미 있는 시설입니다: '영등포본동'"
    assert "대지(㎡): 면적 형식이 아닙니다" in lines[5] and "준공일자:" in lines[5]
    assert "파일 안에서 동명이 겹칩니다: '새동주민센터' (2행과 같음)" in lines[6]
    assert snapshot(db, "facility") == before


def test_wrong_types_in_a_row(db, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", "이름,역할,동,통,반,위촉일\n김통장,통장,신길4동,셋,,2020-01-01\n박반장,반장,신길4동,2,,어제\n")
    result = import_csv(db, "recipients", path)
    assert result.rejected == [(2, "통: 정수가 아닙니다: '셋'"), (3, "위촉일: " + _date_message("어제"))]
    assert db.scalar("SELECT COUNT(*) FROM recipient") == 0


def _date_message(text: str) -> str:
    from wardtui.core.dates import DateParseError, parse_day

    try:
        parse_day(text)
    except DateParseError as exc:
        return str(exc)
    return ""


def test_duplicate_ids_and_missing_parents(db, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", "번호,이름,역할,동,통,부모 대상자 번호,학교급\n"
                  "7,김통장,통장,신길4동,3,,\n7,이통장,통장,신길4동,4,,\n8,김자녀,통장자녀,신길4동,,99,대학생\n")
    result = import_csv(db, "recipient", path)
    assert result.rejected == [(3, "파일 안에서 번호가 겹칩니다: 7 (2행과 같음)"),
                               (4, "부모 대상자가 없습니다: 99 (파일에서는 부모가 자녀보다 앞에 있어야 합니다)")]
    assert db.scalar("SELECT COUNT(*) FROM recipient") == 0


def test_missing_and_unknown_columns_are_refused(db, tmp_path: Path) -> None:
    with pytest.raises(WardError, match="꼭 있어야 할 열이 없습니다: 소재지"):
        import_csv(db, "facility", _write(tmp_path / "a.csv", "동명,구분\n새동,동주민센터\n"))
    with pytest.raises(WardError, match="모르는 열입니다: 전화번호"):
        import_csv(db, "facility", _write(tmp_path / "b.csv", "동명,구분,소재지,전화번호\n새동,동주민센터,새로,02\n"))
    with pytest.raises(WardError, match="빈 파일입니다"):
        import_csv(db, "facility", _write(tmp_path / "c.csv", ""))
    with pytest.raises(WardError, match="알 수 없는 표입니다: 'payment'"):
        import_csv(db, "payment", _write(tmp_path / "d.csv", "x\n"))


def test_cp949_from_korean_excel_is_read(db, tmp_path: Path) -> None:
    path = _write(tmp_path / "시설.csv", FACILITY_HEADER + "새동주민센터,동주민센터,새로 1,100.5,200,1,3,2021-03-02\n", "cp949")
    result = import_csv(db, "시설", path)
    assert result.encoding == "CP949" and result.written == 1
    assert db.rows("SELECT address, land_m2_x100, completed_on FROM facility WHERE name = '새동주민센터'")[0][:2] == ("새로 1", 10050)


def test_files_that_are_not_text_are_refused(db, tmp_path: Path) -> None:
    with pytest.raises(WardError, match="UTF-16 파일은 읽지 않습니다"):
        import_csv(db, "facility", _write(tmp_path / "a.csv", FACILITY_HEADER, "utf-16"))
    with pytest.raises(WardError, match="글자 인코딩을 알 수 없습니다"):
        import_csv(db, "facility", _raw(tmp_path / "b.csv", FACILITY_HEADER.encode() + b"\x80\xff\xfe,\n"))
    with pytest.raises(WardError, match="CSV 텍스트 파일이 아닙니다"):
        import_csv(db, "facility", _raw(tmp_path / "c.csv", b"PK\x03\x04\x00\x00binary"))
    assert db.scalar("SELECT COUNT(*) FROM facility") == 25


def _raw(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_file_with_only_a_header_writes_nothing(db, tmp_path: Path) -> None:
    result = import_csv(db, "facility", _write(tmp_path / "a.csv", FACILITY_HEADER))
    assert result.written == 0 and result.rejected == []


# -- the command line ------------------------------------------------------------------------
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_import_refuses_bad_rows_with_one_summary_line(run_cli, db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "시설.csv", FACILITY_HEADER + "새동,동주민센터,새로,1,1,0,1,\n,동주민센터,x,,,,,\n,동주민센터,y,,,,,\n")
    before = digest(db_path)
    code, out, err = run_cli("--db", str(db_path), "import", "facility", str(path))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == "wardtui: 3행: 동명이 비어 있습니다 외 1개 행 — 잘못된 행이 있어 아무것도 쓰지 않았습니다"
    assert lines[1:] == ["시설.csv:3행: 동명이 비어 있습니다", "시설.csv:4행: 동명이 비어 있습니다"]
    assert digest(db_path) == before


def test_cli_import_and_a_missing_file(run_cli, db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "시설.csv", FACILITY_HEADER + "새동,동주민센터,새로,1,1,0,1,2021-1-2\n", "cp949")
    code, out, err = run_cli("--db", str(db_path), "import", "시설", str(path))
    assert (code, err) == (0, "") and out == "시설에 1행을 가져왔습니다 (CP949로 읽음)\n"
    code, _, err = run_cli("--db", str(db_path), "import", "facility", str(tmp_path / "없음.csv"))
    assert code == 2 and err.startswith("wardtui: 파일을 열 수 없습니다:") and err.count("\n") == 1


def test_cli_export_and_report(run_cli, db_path: Path, tmp_path: Path) -> None:
    before = digest(db_path)
    code, out, err = run_cli("--db", str(db_path), "export", "--format", "csv", "--out", str(tmp_path / "표"), "--table", "시설")
    assert code == 0 and out == f"표 1개, 25행을 썼습니다: {tmp_path / '표'}/ (1개 파일)\n"
    assert (tmp_path / "표" / "시설.csv").exists()
    code, out, _ = run_cli("--db", str(db_path), "export", "--report", "--out", str(tmp_path / "보고서.xlsx"))
    assert code == 0 and out.startswith("보고서 표 4개를 썼습니다")
    code, _, err = run_cli("--db", str(db_path), "export", "--format", "pdf", "--out", str(tmp_path / "x"))
    assert code == 2 and err == "wardtui: --format은 csv 또는 xlsx입니다: 'pdf'\n"
    code, _, err = run_cli("--db", str(db_path), "export", "--table", "없는표", "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and err.startswith("wardtui: 알 수 없는 표입니다: '없는표'") and not (tmp_path / "x.xlsx").exists()
    assert digest(db_path) == before
