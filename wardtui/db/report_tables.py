"""The report's own tables rebuilt from the database, as XLSX sheets in its layout (천원).

Each builder adds one sheet to an openpyxl workbook. The 계 rows are the sums of what
is in the database now; where the report printed another 계, the cell says so in a
comment, so nobody carries the printed error into the next report unawares.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from wardtui.core.audit import STATUS_TABLE_KINDS, project_section
from wardtui.core.money import format_thousand
from wardtui.db.database import Database

COUNT_FORMAT = '#,##0;"△"#,##0;"-"'  # the report's style: △ for minus, - for zero
THOUSAND_FORMAT = "#,##0"
THOUSAND_FRACTION_FORMAT = "#,##0.000"
AREA_FORMAT = "#,##0.00"
RATE_FORMAT = '0.0"%"'
DATE_FORMAT = "yyyy.mm.dd"
GRADES = {"일반직": ("4급", "5급", "6급", "7급", "8급", "9급"), "관리운영직": ("6급", "7급", "8급", "9급"),
          "별정직·임기제": ("6급", "7급", "8급", "9급")}


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "title": Font(bold=True, size=13),
        "bold": Font(bold=True),
        "head": PatternFill("solid", fgColor="DDE4EE"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "right": Alignment(horizontal="right"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def _thousand(won: int | None) -> tuple[Any, str]:
    if won is None:
        return None, THOUSAND_FORMAT
    if won % 1000 == 0:
        return won // 1000, THOUSAND_FORMAT
    return Decimal(won).scaleb(-3), THOUSAND_FRACTION_FORMAT


def _put(sheet: Any, row: int, col: int, value: Any, number_format: str | None = None, *, head: bool = False,
         bold: bool = False) -> Any:
    s = _styles()
    cell = sheet.cell(row=row, column=col, value=value)
    cell.border = s["border"]
    if number_format:
        cell.number_format = number_format
    if head:
        cell.fill, cell.font, cell.alignment = s["head"], s["bold"], s["center"]
    elif bold:
        cell.font = s["bold"]
    return cell


def _note_if_printed_differs(cell: Any, computed: int | None, printed: tuple[int | None, str] | None, unit: str) -> None:
    from openpyxl.comments import Comment

    if printed is None or printed[0] is None or computed is None or printed[0] == computed:
        return
    cell.comment = Comment(f"보고서 인쇄값 {printed[1]}{unit}: 세부 합과 다릅니다 ('wardtui audit')", "wardtui")


def _title(sheet: Any, text: str, unit: str | None, width: int) -> None:
    s = _styles()
    sheet.cell(row=1, column=1, value=text).font = s["title"]
    if unit:
        sheet.cell(row=2, column=width, value=unit).alignment = s["right"]


def _printed_totals(db: Database) -> dict[str, tuple[int | None, str]]:
    return {key: (None if v is None else int(v), printed) for key, v, printed in db.rows("SELECT key, value, printed FROM report_total")}


# -- 인력 -------------------------------------------------------------------------------------
def staffing_sheet(db: Database, book: Any) -> None:
    sheet = book.create_sheet("인력")
    columns = [(series, grade) for series, grades in GRADES.items() for grade in grades]
    width = 2 + len(columns)
    _title(sheet, "2 인력", "(단위: 명)", width)
    _put(sheet, 3, 1, "구 분", head=True)
    _put(sheet, 3, 2, "계", head=True)
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    sheet.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    col = 3
    for series, grades in GRADES.items():
        _put(sheet, 3, col, series, head=True)
        sheet.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(grades) - 1)
        for i, grade in enumerate(grades):
            _put(sheet, 4, col + i, grade, head=True)
        col += len(grades)
    cells = {(k, s, g): n for k, s, g, n in db.rows("SELECT row_kind, series, grade, headcount FROM staffing")}
    printed = _printed_totals(db)
    for r, kind in enumerate(("정원", "현원", "과부족"), start=5):
        _put(sheet, r, 1, kind, head=True)
        values = [cells.get((kind, s, g)) for s, g in columns]
        total = sum(int(v) for v in values if v is not None)
        total_cell = _put(sheet, r, 2, total, COUNT_FORMAT, bold=True)
        _note_if_printed_differs(total_cell, total, printed.get(f"staffing.{kind}.계"), "명")
        for i, v in enumerate(values):
            _put(sheet, r, 3 + i, None if v is None else int(v), COUNT_FORMAT)
    sheet.column_dimensions["A"].width = 10
    for i in range(width):
        sheet.column_dimensions[_letter(2 + i)].width = 7


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(col)
    return letter


# -- 동주민센터 및 자치회관 현황 -----------------------------------------------------------------
def facilities_sheet(db: Database, book: Any) -> None:
    sheet = book.create_sheet("동주민센터 및 자치회관 현황")
    _title(sheet, "동주민센터 및 자치회관 현황", "(단위: ㎡)", 6)
    for col, label in enumerate(("동 명", "소재지", "규 모(㎡)", None, None, "준공일자"), start=1):
        _put(sheet, 3, col, label, head=True)
    for col, label in ((3, "대 지"), (4, "건 물"), (5, "층 수")):
        _put(sheet, 4, col, label, head=True)
    for col in (1, 2, 6):
        _put(sheet, 4, col, None, head=True)
        sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    sheet.merge_cells(start_row=3, start_column=3, end_row=3, end_column=5)
    kinds = ", ".join(f"'{k}'" for k in STATUS_TABLE_KINDS)  # constants, not user input
    rows = db.rows(
        "SELECT name, address, land_m2_x100, building_m2_x100, floors_below, floors_above, completed_on "
        f"FROM facility WHERE kind IN ({kinds}) ORDER BY seq, id"
    )
    land = sum(int(r[2] or 0) for r in rows)
    building = sum(int(r[3] or 0) for r in rows)
    printed = _printed_totals(db)
    _put(sheet, 5, 1, None)
    _put(sheet, 5, 2, "계", bold=True)
    c = _put(sheet, 5, 3, Decimal(land).scaleb(-2), AREA_FORMAT, bold=True)
    _note_if_printed_differs(c, land, printed.get("facility.land_m2"), "㎡")
    c = _put(sheet, 5, 4, Decimal(building).scaleb(-2), AREA_FORMAT, bold=True)
    _note_if_printed_differs(c, building, printed.get("facility.building_m2"), "㎡")
    _put(sheet, 5, 5, None)
    _put(sheet, 5, 6, None)
    for r, (name, address, land_x, building_x, below, above, completed) in enumerate(rows, start=6):
        _put(sheet, r, 1, name)
        _put(sheet, r, 2, address)
        _put(sheet, r, 3, None if land_x is None else Decimal(int(land_x)).scaleb(-2), AREA_FORMAT)
        _put(sheet, r, 4, None if building_x is None else Decimal(int(building_x)).scaleb(-2), AREA_FORMAT)
        floors = f"{below}/{above}" if below is not None or above is not None else None
        _put(sheet, r, 5, floors).alignment = _styles()["center"]
        _put(sheet, r, 6, completed, DATE_FORMAT)
    for letter, w in zip("ABCDEF", (20, 22, 12, 12, 7, 12)):
        sheet.column_dimensions[letter].width = w


# -- 예산 현황 ---------------------------------------------------------------------------------
def budget_sheet(db: Database, book: Any) -> None:
    from wardtui.core.projects import execution_rate
    from wardtui.db.projects import unit_budgets

    sheet = book.create_sheet("예산 현황")
    year = db.scalar("SELECT MAX(fiscal_year) FROM unit_budget")
    rows = unit_budgets(db, int(year)) if year is not None else []
    as_of = rows[0].executed_as_of if rows else None
    day = f"{as_of.month}.{as_of.day}." if as_of else ""
    _title(sheet, f"4 예산 현황 ({year}년)" if year else "4 예산 현황", "(단위: 천원)", 5)
    for col, label in enumerate(("단위사업명", "예산액", "집행액", None, f"집행률(%) ({day}기준)"), start=1):
        _put(sheet, 3, col, label, head=True)
    _put(sheet, 4, 3, f"{day}기준", head=True)
    _put(sheet, 4, 4, "12.31.까지", head=True)
    for col in (1, 2, 5):
        _put(sheet, 4, col, None, head=True)
        sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    sheet.merge_cells(start_row=3, start_column=3, end_row=3, end_column=4)
    printed = _printed_totals(db)
    totals = (sum(u.budget_won for u in rows), sum(u.executed_won for u in rows), sum(u.projected_won for u in rows))
    _put(sheet, 5, 1, "계", bold=True)
    for col, (won, key) in enumerate(zip(totals, ("unit_budget.budget", "unit_budget.executed", "unit_budget.projected")), start=2):
        value, fmt = _thousand(won)
        _note_if_printed_differs(_put(sheet, 5, col, value, fmt, bold=True), won,
                                 (printed[key][0], format_thousand(printed[key][0] or 0)) if key in printed else None, "천원")
    rate = execution_rate(totals[1], totals[0])
    _put(sheet, 5, 5, rate, RATE_FORMAT, bold=True)
    for r, u in enumerate(rows, start=6):
        _put(sheet, r, 1, u.name)
        for col, won in enumerate((u.budget_won, u.executed_won, u.projected_won), start=2):
            _put(sheet, r, col, *_thousand(won))
        _put(sheet, r, 5, u.rate, RATE_FORMAT)
    for letter, w in zip("ABCDE", (26, 14, 14, 14, 14)):
        sheet.column_dimensions[letter].width = w


# -- each project's 예산현황 --------------------------------------------------------------------
def _split_text(lines: list[tuple[str, int]]) -> str:
    return "(" + ", ".join(f"{source} {format_thousand(won)}" for source, won in lines if won) + ")" if lines else ""


def projects_sheet(db: Database, book: Any) -> None:
    from wardtui.db.projects import funding_lines, list_projects

    sheet = book.create_sheet("사업별 예산현황")
    _title(sheet, "사업별 예산현황", None, 3)
    s = _styles()
    r = 3
    for p in list_projects(db, limit=10_000):
        lines = [line for line in funding_lines(db, p.id) if line.source != "계"]
        sheet.cell(row=r, column=1, value=project_section(p.part, p.seq, p.name)).font = s["bold"]
        sheet.cell(row=r + 1, column=3, value="(단위: 천원)").alignment = s["right"]
        if p.executed_won is not None:
            for col, label in enumerate(("예산액", "집행액", "집행률(%)"), start=1):
                _put(sheet, r + 2, col, label, head=True)
            _put(sheet, r + 3, 1, *_thousand(p.budget_won))
            _put(sheet, r + 3, 2, *_thousand(p.executed_won))
            _put(sheet, r + 3, 3, p.rate, RATE_FORMAT)
            _put(sheet, r + 4, 1, _split_text([(x.source, x.budget_won) for x in lines]))
            _put(sheet, r + 4, 2, _split_text([(x.source, x.executed_won) for x in lines]))
            _put(sheet, r + 4, 3, None)
        else:
            for col, label in enumerate(("소요예산", "재원"), start=1):
                _put(sheet, r + 2, col, label, head=True)
            _put(sheet, r + 3, 1, *_thousand(p.budget_won))
            _put(sheet, r + 3, 2, _split_text([(x.source, x.budget_won) for x in lines]))
        r += 6
    for letter, w in zip("ABC", (34, 34, 12)):
        sheet.column_dimensions[letter].width = w


SHEETS: list[tuple[str, Callable[[Database, Any], None]]] = [
    ("인력", staffing_sheet),
    ("동주민센터 및 자치회관 현황", facilities_sheet),
    ("예산 현황", budget_sheet),
    ("사업별 예산현황", projects_sheet),
]
