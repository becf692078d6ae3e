"""Export: every table to CSV (UTF-8 with BOM) and XLSX, read back to the same values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.dialect_helpers import on_sqlite
from wardtui.db.exchange import (
    AREA_FORMAT,
    DATE_FORMAT,
    WON_FORMAT,
    export_csv,
    export_xlsx,
    from_cell,
    iter_rows,
    read_csv,
    resolve_table,
    table_specs,
)

pytestmark = pytest.mark.both_backends


def fill_every_table(db) -> None:  # type: ignore[no-untyped-def]
    """Rows in the tables the seed leaves empty: recipients, ledger, rates, execution, holiday."""
    from sqlalchemy import text

    from wardtui.db.payments.paying import add_payment
    from wardtui.db.payments.programs import resolve_program, set_rate
    from wardtui.db.payments.register import add_recipient
    from wardtui.db.projects import add_execution

    tong = add_recipient(db, name="김통장", dong="신길4동", role="통장", tong=3, since=dt.date(2020, 1, 1))
    add_recipient(db, name="김자녀", dong="신길4동", role="통장자녀", tong=None, parent_id=tong.id, school_level="대학생")
    allowance = resolve_program(db, "활동보상금")
    set_rate(db, allowance, 400_000, dt.date(2021, 1, 1), unit="월")
    add_payment(db, program=allowance, recipient_id=tong.id, period_text="2021-03", amount_won=400_000, paid_on=dt.date(2021, 3, 25))
    add_execution(db, 1, amount_won=1_234_000, executed_on=dt.date(2020, 11, 30), source="구비", note="11월분")
    with db.session() as session:
        session.execute(text("INSERT INTO holiday (day, name, is_holiday, note) VALUES ('2026-12-31', '임시공휴일', TRUE, NULL)"))


def db_values(db, spec) -> list[list]:  # type: ignore[no-untyped-def]
    return [list(row) for page in iter_rows(db, spec) for row in page]  # typed as they come


def test_every_table_is_exported(db) -> None:
    names = {s.name for s in table_specs()}
    in_db = {t for (t,) in db.rows(
        "SELECT name FROM sqlite_master WHERE type = 'table'" if on_sqlite(db)
        else "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )}
    # Left out: Alembic's bookkeeping, SQLite's search index, and the ledger totals the
    # database keeps itself (payment_total: derived from payment by triggers).
    derived = {"alembic_version", "facility_fts", "payment_total"}
    assert names == in_db - derived - {t for t in in_db if t.startswith("facility_fts_")}


def test_csv_round_trip_of_every_table(db, tmp_path: Path) -> None:
    fill_every_table(db)
    out = tmp_path / "내보내기"
    progress: list[tuple[str, int, int]] = []
    result = export_csv(db, out, table_specs(), lambda t, done, total: progress.append((t, done, total)))
    assert len(result.paths) == len(table_specs())
    assert (out / "시설.csv").exists() and (out / "지급 장부.csv").exists()  # file names keep Hangul
    for spec in table_specs():
        path = out / spec.file_name
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), spec.name  # BOM: Excel reads UTF-8
        rows, problems, encoding = read_csv(spec, path)
        assert problems == [] and encoding == "UTF-8", spec.name
        got = [[values[c.name] for c in spec.columns] for _, values in rows]
        assert got == db_values(db, spec), spec.name
        assert result.rows[spec.title] == len(got) and len(got) > 0, spec.name
    assert ("시설", 25, 25) in progress and ("지급 장부", 1, 1) in progress


def test_csv_has_korean_headers_and_readable_values(db, tmp_path: Path) -> None:
    export_csv(db, tmp_path / "out", [resolve_table("시설")])
    text = (tmp_path / "out" / "시설.csv").read_text(encoding="utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(",")[:8] == ["번호", "순번", "동명", "구분", "동", "소재지", "대지(㎡)", "건물(㎡)"]
    assert first.startswith("1,1,영등포본동,동주민센터,영등포본동,신길로61길 17,565.00,1886.77,1,6,2006-08-21,")


def test_xlsx_round_trip_of_every_table(db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    fill_every_table(db)
    out = tmp_path / "wardtui 내보내기.xlsx"
    export_xlsx(db, out, table_specs())
    book = load_workbook(out)
    assert book.sheetnames == [s.title for s in table_specs()]
    for spec in table_specs():
        sheet = book[spec.title]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [c.label for c in spec.columns], spec.name
        got = [[from_cell(c, v) for c, v in zip(spec.columns, row)] for row in rows[1:]]
        want = db_values(db, spec)
        for row in want:  # Excel has no time zones and keeps milliseconds: the export writes UTC, to the ms
            for i, c in enumerate(spec.columns):
                if c.kind == "datetime" and row[i] is not None:
                    t = row[i].astimezone(dt.timezone.utc).replace(tzinfo=None) if row[i].tzinfo else row[i]
                    row[i] = t.replace(microsecond=t.microsecond // 1000 * 1000)
        assert got == want, spec.name


def test_xlsx_number_formats_and_dates(db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "표.xlsx"
    export_xlsx(db, out, [resolve_table("facility"), resolve_table("unit_budget")])
    book = load_workbook(out)
    facility = book["시설"]
    assert facility["G1"].value == "대지(㎡)" and facility["G2"].value == 565 and facility["G2"].number_format == AREA_FORMAT
    assert facility["H2"].value == pytest.approx(1886.77)
    assert facility["K2"].value == dt.datetime(2006, 8, 21) and facility["K2"].number_format == DATE_FORMAT
    assert facility.freeze_panes == "A2"
    budget = book["단위사업 예산"]
    assert budget["E1"].value == "예산액(원)" and budget["E2"].value == 37_496_000 and budget["E2"].number_format == WON_FORMAT


def test_unknown_table_and_bad_paths_are_refused(db, tmp_path: Path) -> None:
    from wardtui.errors import WardError

    with pytest.raises(WardError, match="알 수 없는 표입니다: '없는표'"):
        resolve_table("없는표")
    with pytest.raises(WardError, match=r"\.xlsx로 끝나야"):
        export_xlsx(db, tmp_path / "x.csv", table_specs())
    with pytest.raises(WardError, match="폴더가 없습니다"):
        export_xlsx(db, tmp_path / "no" / "x.xlsx", table_specs())
    (tmp_path / "file").write_text("x")
    with pytest.raises(WardError, match="폴더가 아니라 파일입니다"):
        export_csv(db, tmp_path / "file", table_specs())


def test_report_tables_in_the_report_layout(db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from wardtui.db.exchange import export_report

    out = tmp_path / "보고서 표.xlsx"
    export_report(db, out)
    book = load_workbook(out)
    assert book.sheetnames == ["인력", "동주민센터 및 자치회관 현황", "예산 현황", "사업별 예산현황"]
    staff = book["인력"]
    assert [staff.cell(5, c).value for c in range(1, 9)] == ["정원", 20, 0, 1, 7, 7, 3, 2]
    assert [staff.cell(7, c).value for c in range(1, 9)] == ["과부족", 0, 0, 0, -2, 2, -1, 1]
    assert staff.cell(7, 5).number_format.startswith("#,##0;\"△\"")
    assert "보고서 인쇄값 21" in staff.cell(5, 2).comment.text  # the printed 계 differs from the grades' sum
    assert staff.cell(7, 2).comment is None
    fac = book["동주민센터 및 자치회관 현황"]
    assert [fac.cell(5, c).value for c in (2, 3, 4)] == ["계", pytest.approx(20428.86), pytest.approx(43747.77)]
    assert fac.cell(6, 1).value == "영등포본동" and fac.cell(6, 5).value == "1/6"
    assert fac.cell(6, 6).value == dt.datetime(2006, 8, 21)
    assert fac.max_row == 5 + 24
    budget = book["예산 현황"]
    assert budget["A2"].value is None and budget["E2"].value == "(단위: 천원)"
    assert [budget.cell(5, c).value for c in range(1, 6)] == ["계", 117_935_826, 115_481_262, 115_912_371, pytest.approx(97.9)]
    assert [budget.cell(6, c).value for c in range(1, 5)] == ["국회의원선거", 37_496, 28_000, 29_500]
    projects = book["사업별 예산현황"]
    assert projects["A3"].value == "Ⅱ① 통반장 활동 지원"
    assert [projects.cell(6, c).value for c in range(1, 4)] == [2_892_888, 2_249_931, pytest.approx(77.8)]
    assert projects.cell(7, 1).value == "(구비 2,892,888)"
    assert projects["A9"].value == "Ⅱ② 신길4동 공공복합청사 건립"
    assert projects.cell(13, 1).value == "(시비 1,307,000, 구비 4,247,518)"
    plan = [r for r in range(1, projects.max_row + 1) if projects.cell(r, 1).value == "Ⅲ① 대림3동 공공복합청사 건립"][0]
    assert projects.cell(plan + 2, 1).value == "소요예산" and projects.cell(plan + 3, 1).value == 337_700
    assert projects.cell(plan + 3, 2).value == "(구비 337,700)"
