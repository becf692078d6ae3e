"""Export every table to CSV or XLSX, the report's own tables to XLSX, and import CSV.

- CSV: one file per table, UTF-8 with a BOM (Excel then reads Korean text right), Korean
  headers, file names in Hangul (``시설.csv``). Money is whole won, areas are ㎡ with two
  decimals, dates ISO: exactly what the import reads back.
- XLSX: one sheet per table, Korean headers, number formats for won and ㎡, dates as
  dates. Written in openpyxl's write-only mode, so a million-row ledger streams.
- Rows are read in keyset pages (``id > :last``), with a progress callback per page.
- Import (facility, recipient, milestone): every row is checked first, each bad row is
  reported with its line number, and the rows are written in one transaction or not at all.

SQL is plain and portable (SQLite and PostgreSQL); table and column names come from the
schema, never from user input.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from decimal import Decimal
from pathlib import Path
from typing import Any

from wardtui.core.dates import DateParseError, PartialDate, parse_date, parse_day
from wardtui.core.money import AmountParseError, format_area, parse_area, parse_won
from wardtui.db.csv_files import CsvFile, read_csv_file
from wardtui.db.database import Database
from wardtui.errors import WardError

#: Tables in an order that loads cleanly (parents before children), with their Korean titles.
TABLE_TITLES: dict[str, str] = {
    "report": "보고서",
    "report_total": "보고서 합계",
    "staffing": "인력",
    "facility": "시설",
    "vehicle": "장비",
    "unit_budget": "단위사업 예산",
    "project": "사업",
    "project_funding": "사업 재원",
    "project_line": "사업 본문",
    "project_figure": "사업 수치",
    "milestone": "일정",
    "execution_entry": "집행 기록",
    "payment_program": "지급 사업",
    "payment_run": "지급 실행",
    "recipient": "대상자",
    "payment_rate": "지급 단가",
    "payment": "지급 장부",
    "election": "선거",
    "election_event": "선거 일정",
    "election_stat": "선거 통계",
    "election_contest": "선거 대상",
    "holiday": "공휴일",
    "change_log": "변경 기록",
}
#: Derived columns the app computes itself: not exported.
DERIVED = {("facility", "search_text"), ("facility", "search_initials")}

_LABELS = {
    "id": "번호", "seq": "순번", "name": "이름", "note": "비고", "kind": "구분", "key": "키", "label": "항목",
    "value": "값", "unit": "단위", "printed": "보고서 표기", "section": "보고서 단원", "title": "제목",
    "project_id": "사업 번호", "program_id": "지급 사업 번호", "election_id": "선거 번호", "recipient_id": "대상자 번호",
    "facility_id": "시설 번호", "parent_id": "상위 번호", "unit_budget_id": "단위사업 번호", "run_id": "지급 실행 번호",
    "version": "판", "origin": "출처", "state": "상태", "period": "기간", "heading": "제목 구분", "text": "내용",
    "level": "수준", "source": "재원", "measure": "구분(예산·집행)", "amount_won": "금액(원)", "created_at": "만든 때",
    "created_by": "만든 사람", "removed_at": "지운 때", "updated_at": "고친 때", "dong": "동", "address": "소재지",
    "headcount": "인원", "unit_amount_won": "1인 금액(원)", "paid_on": "지급일", "code": "코드",
}
_TABLE_LABELS = {
    ("report", "title"): "보고서명", ("report", "division"): "부서", ("report", "council_session"): "회기",
    ("report", "session_starts_on"): "회기 시작", ("report", "session_ends_on"): "회기 끝",
    ("staffing", "row_kind"): "구분(정원·현원·과부족)", ("staffing", "series"): "직렬", ("staffing", "grade"): "직급",
    ("facility", "name"): "동명", ("facility", "land_m2_x100"): "대지(㎡)", ("facility", "building_m2_x100"): "건물(㎡)",
    ("facility", "floors_below"): "지하층", ("facility", "floors_above"): "지상층", ("facility", "completed_on"): "준공일자",
    ("facility", "completed_on_text"): "준공일자(보고서 표기)", ("facility", "operator"): "운영", ("facility", "head"): "센터장",
    ("vehicle", "category"): "구분", ("vehicle", "model"): "차종", ("vehicle", "count"): "대수", ("vehicle", "use"): "용도",
    ("vehicle", "holder"): "보유", ("vehicle", "model_year"): "연식",
    ("unit_budget", "fiscal_year"): "회계연도", ("unit_budget", "name"): "단위사업명", ("unit_budget", "budget_won"): "예산액(원)",
    ("unit_budget", "executed_won"): "집행액(원)", ("unit_budget", "projected_won"): "연말 집행액(원)",
    ("unit_budget", "executed_as_of"): "집행 기준일", ("unit_budget", "printed_rate"): "집행률(보고서 표기)",
    ("project", "part"): "단원", ("project", "year"): "연도", ("project", "name"): "사업명", ("project", "team"): "팀",
    ("project", "purpose"): "목적", ("project", "budget_won"): "예산액(원)", ("project", "executed_won"): "집행액(원)",
    ("project", "printed_rate"): "집행률(보고서 표기)", ("project", "budget_printed"): "예산액(보고서 표기)",
    ("project", "executed_printed"): "집행액(보고서 표기)",
    ("project_funding", "source_printed"): "재원(보고서 표기)", ("project_line", "label"): "머리말",
    ("project_figure", "label"): "항목", ("milestone", "starts_on"): "시작일", ("milestone", "start_precision"): "시작일 정밀도",
    ("milestone", "ends_on"): "종료일", ("milestone", "end_precision"): "종료일 정밀도", ("milestone", "date_text"): "날짜(보고서 표기)",
    ("execution_entry", "executed_on"): "집행일",
    ("payment_program", "recipient_role"): "대상 역할", ("payment_program", "cadence"): "주기",
    ("payment_run", "period_text"): "기간(보고서 표기)",
    ("recipient", "role"): "역할", ("recipient", "tong"): "통", ("recipient", "ban"): "반", ("recipient", "parent_id"): "부모 대상자 번호",
    ("recipient", "school_level"): "학교급", ("recipient", "appointed_on"): "위촉일", ("recipient", "ended_on"): "해촉일",
    ("payment_rate", "valid_from"): "적용 시작", ("payment_rate", "valid_to"): "적용 끝",
    ("payment", "reverses_id"): "정정 대상 번호",
    ("election", "name"): "선거명", ("election", "election_day"): "선거일", ("election", "by_election"): "보궐선거",
    ("election", "cause_on"): "사유 발생일", ("election", "polling_hours"): "투표 시간",
    ("election_event", "event_key"): "법정 일정 키", ("election_event", "name"): "일정",
    ("election_event", "recorded_start"): "시작일", ("election_event", "recorded_end"): "종료일",
    ("election_event", "recorded_text"): "날짜(보고서 표기)",
    ("election_contest", "office"): "선출직", ("election_contest", "district"): "선거구", ("election_contest", "area"): "지역",
    ("holiday", "day"): "날짜", ("holiday", "is_holiday"): "공휴일 여부",
    ("change_log", "changed_at"): "바꾼 때", ("change_log", "changed_by"): "바꾼 사람", ("change_log", "entity"): "대상",
    ("change_log", "entity_id"): "대상 번호", ("change_log", "action"): "동작", ("change_log", "old_values"): "이전 값",
    ("change_log", "new_values"): "새 값",
}
WON_FORMAT = '#,##0"원"'
AREA_FORMAT = '#,##0.00"㎡"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
YES, NO = "예", "아니요"
PAGE = 5_000
XLSX_MAX_ROWS = 1_048_575  # one header row per sheet

Progress = Callable[[str, int, int], None]  # (table title, rows done, rows in total)


# -- the tables ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ColumnSpec:
    name: str
    label: str
    kind: str  # int | money | area | date | datetime | bool | text
    nullable: bool
    primary: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    columns: tuple[ColumnSpec, ...]

    @property
    def column_list(self) -> str:
        return ", ".join(c.name for c in self.columns)

    @property
    def file_name(self) -> str:
        return f"{self.title}.csv"


#: Dates that may be a month or a year ('21. 3.), with the column that keeps their precision.
PARTIAL_DATES = {("milestone", "starts_on"): "start_precision", ("milestone", "ends_on"): "end_precision"}


def _kind(table: str, column: Any) -> str:
    type_name = type(column.type).__name__
    if (table, column.name) in PARTIAL_DATES:
        return "partial"
    if column.name.endswith("_won") or (table in ("report_total",) and column.name == "value"):
        return "money" if column.name.endswith("_won") else "int"
    if column.name.endswith("_m2_x100"):
        return "area"
    if "DateTime" in type_name:
        return "datetime"
    if type_name == "Date":
        return "date"
    if type_name == "Boolean":
        return "bool"
    if "Integer" in type_name:
        return "int"
    return "text"


_SPECS: list[TableSpec] | None = None


def table_specs() -> list[TableSpec]:
    """Every table that can be exported, in load order (from the SQLModel schema)."""
    global _SPECS
    if _SPECS is None:
        from sqlmodel import SQLModel

        import wardtui.db.models  # noqa: F401 - registers the tables

        tables = SQLModel.metadata.tables
        specs = []
        for name, title in TABLE_TITLES.items():
            table = tables[name]
            columns = tuple(
                ColumnSpec(c.name, _TABLE_LABELS.get((name, c.name), _LABELS.get(c.name, c.name)), _kind(name, c),
                           bool(c.nullable) and not c.primary_key, bool(c.primary_key))
                for c in table.columns if (name, c.name) not in DERIVED
            )
            specs.append(TableSpec(name, title, columns))
        _SPECS = specs
    return _SPECS


def resolve_table(text: str, *, among: Sequence[TableSpec] | None = None) -> TableSpec:
    """A table by its name (facility, facilities) or its Korean title (시설)."""
    wanted = unicodedata.normalize("NFKC", text).strip().lower()
    specs = list(among) if among is not None else table_specs()
    for spec in specs:
        if wanted in (spec.name, spec.name + "s", spec.name.removesuffix("y") + "ies", spec.title.lower()):
            return spec
    names = ", ".join(f"{s.name}({s.title})" for s in specs)
    raise WardError(f"알 수 없는 표입니다: '{text.strip()}' ({names} 중 하나)")


# -- values --------------------------------------------------------------------------------
def to_text(column: ColumnSpec, value: Any) -> str:
    """A value as a CSV cell (the import reads exactly this back)."""
    if value is None:
        return ""
    if column.kind == "area":
        return format_area(value).replace(",", "")
    if column.kind in ("date", "partial"):
        return str(value.isoformat())
    if column.kind == "datetime":
        return str(value.isoformat(sep=" "))
    if column.kind == "bool":
        return YES if value else NO
    return str(value)


def from_text(column: ColumnSpec, text: str) -> Any:
    """A CSV cell as a value; ValueError with a Korean message when it is not one."""
    s = text.strip()
    if s == "":
        if column.nullable:
            return None
        if column.kind == "text":
            return text
        raise ValueError(f"{column.label}: 비어 있습니다")
    try:
        if column.kind == "int":
            n = unicodedata.normalize("NFKC", s).replace(",", "")
            if not (n.lstrip("-").isascii() and n.lstrip("-").isdigit()):
                raise ValueError(f"{column.label}: 정수가 아닙니다: '{s}'")
            return int(n)
        if column.kind == "money":
            return parse_won(s, allow_negative=True)
        if column.kind == "area":
            return parse_area(s)
        if column.kind == "date":
            return parse_day(s)
        if column.kind == "partial":
            return parse_date(s)  # a PartialDate: read_csv turns it into a day and a precision
        if column.kind == "datetime":
            return dt.datetime.fromisoformat(s)
        if column.kind == "bool":
            if s.lower() in (YES, "true", "1", "y", "yes", "참"):
                return True
            if s.lower() in (NO, "아니오", "false", "0", "n", "no", "거짓"):
                return False
            raise ValueError(f"{column.label}: '예' 또는 '아니요'여야 합니다: '{s}'")
    except (AmountParseError, DateParseError) as exc:
        raise ValueError(f"{column.label}: {exc}") from exc
    except ValueError as exc:
        if str(exc).startswith(column.label):
            raise
        raise ValueError(f"{column.label}: 형식이 맞지 않습니다: '{s}'") from exc
    return text  # text as written: spaces are data too


def to_cell(column: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    """A value for an XLSX cell and its number format."""
    if value is None:
        return None, None
    if column.kind == "money":
        return value, WON_FORMAT
    if column.kind == "area":
        return Decimal(value).scaleb(-2), AREA_FORMAT
    if column.kind in ("date", "partial"):
        return value, DATE_FORMAT
    if column.kind == "datetime":
        if value.tzinfo is not None:  # Excel has no time zones: UTC, as stored
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        # Excel keeps milliseconds: cut the rest here rather than let a float round it.
        return value.replace(microsecond=value.microsecond // 1000 * 1000), DATETIME_FORMAT
    if column.kind == "bool":
        return (YES if value else NO), None
    return value, None


def from_cell(column: ColumnSpec, value: Any) -> Any:
    """An XLSX cell read back by openpyxl, as the database value."""
    if value is None or value == "":
        return None if column.nullable else ("" if column.kind == "text" else None)
    if column.kind == "area":
        return int((Decimal(str(value)) * 100).to_integral_value())
    if column.kind in ("int", "money"):
        return int(value)
    if column.kind in ("date", "partial"):
        return value.date() if isinstance(value, dt.datetime) else value
    if column.kind == "bool":
        return value == YES
    return value


# -- reading the database in pages ---------------------------------------------------------
def count_rows(db: Database, spec: TableSpec) -> int:
    return int(db.scalar(f"SELECT COUNT(*) FROM {spec.name}") or 0)


def iter_rows(db: Database, spec: TableSpec, page: int = PAGE) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows by id, a page at a time (keyset: no OFFSET re-scans)."""
    last: Any = None
    while True:
        if last is None:
            sql = f"SELECT {spec.column_list} FROM {spec.name} ORDER BY id LIMIT :n"
            found = db.rows(sql, {"n": page})
        else:
            sql = f"SELECT {spec.column_list} FROM {spec.name} WHERE id > :last ORDER BY id LIMIT :n"
            found = db.rows(sql, {"last": last, "n": page})
        if not found:
            return
        yield found
        if len(found) < page:
            return
        last = found[-1][[c.name for c in spec.columns].index("id")]


# -- export --------------------------------------------------------------------------------
@dataclass
class ExportResult:
    paths: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # table title → rows written


def _check_out(out: Path, *, directory: bool) -> None:
    if directory:
        if out.exists() and not out.is_dir():
            raise WardError(f"폴더가 아니라 파일입니다: {out} (CSV는 표마다 파일을 만들 폴더를 지정하십시오)")
        if not out.parent.exists():
            raise WardError(f"상위 폴더가 없습니다: {out.parent}")
        return
    if out.is_dir():
        raise WardError(f"폴더입니다: {out} (XLSX 파일 이름을 지정하십시오)")
    if not out.parent.is_dir():
        raise WardError(f"폴더가 없습니다: {out.parent}")
    if out.suffix.lower() != ".xlsx":
        raise WardError(f"XLSX 파일 이름은 .xlsx로 끝나야 합니다: {out.name}")


def export_csv(db: Database, out: Path, specs: Sequence[TableSpec], progress: Progress | None = None) -> ExportResult:
    """One UTF-8 (BOM) CSV file per table in the directory ``out``."""
    _check_out(out, directory=True)
    result = ExportResult()
    try:
        out.mkdir(exist_ok=True)
        for spec in specs:
            total, done = count_rows(db, spec), 0
            path = out / spec.file_name
            partial = path.with_name(path.name + ".part")
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([c.label for c in spec.columns])
                if progress:
                    progress(spec.title, 0, total)
                for page in iter_rows(db, spec):
                    writer.writerows([to_text(c, v) for c, v in zip(spec.columns, row)] for row in page)
                    done += len(page)
                    if progress:
                        progress(spec.title, done, total)
            partial.replace(path)
            result.paths.append(path)
            result.rows[spec.title] = done
    except OSError as exc:
        raise WardError(f"파일을 쓸 수 없습니다: {exc.filename or out} ({exc.strerror})") from exc
    return result


def _workbook() -> Any:
    try:
        from openpyxl import Workbook
    except ImportError as exc:  # pragma: no cover - a dependency in pyproject.toml
        raise WardError("XLSX를 쓰려면 openpyxl이 필요합니다 (pip install openpyxl)") from exc
    return Workbook(write_only=True)


def _header_cells(sheet: Any, labels: Sequence[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cells.append(cell)
    return cells


def _width(spec: ColumnSpec) -> float:
    base = {"money": 18, "area": 14, "date": 12, "partial": 12, "datetime": 20, "bool": 8, "int": 10}.get(spec.kind, 16)
    label = sum(2 if ord(ch) > 0x2E80 else 1 for ch in spec.label) + 2
    return float(max(base, min(label, 40)))


def _new_sheet(book: Any, title: str, spec: TableSpec) -> Any:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for i, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _width(column)
    sheet.append(_header_cells(sheet, [c.label for c in spec.columns]))
    return sheet


def export_xlsx(db: Database, out: Path, specs: Sequence[TableSpec], progress: Progress | None = None) -> ExportResult:
    """One sheet per table (a table longer than a sheet goes on in '제목 (2)')."""
    _check_out(out, directory=False)
    book = _workbook()
    result = ExportResult()
    for spec in specs:
        total, done, in_sheet, part = count_rows(db, spec), 0, 0, 1
        sheet = _new_sheet(book, spec.title, spec)
        writers = _cell_writers(sheet, spec)
        if progress:
            progress(spec.title, 0, total)
        for page in iter_rows(db, spec):
            for row in page:
                if in_sheet == XLSX_MAX_ROWS:
                    part += 1
                    sheet, in_sheet = _new_sheet(book, f"{spec.title} ({part})", spec), 0
                    writers = _cell_writers(sheet, spec)
                sheet.append([write(value) for write, value in zip(writers, row)])
                in_sheet += 1
            done += len(page)
            if progress:
                progress(spec.title, done, total)
        result.rows[spec.title] = done
    _save(book, out)
    result.paths.append(out)
    return result


def _plain_cell(column: ColumnSpec, value: Any) -> Any:
    return to_cell(column, value)[0]


def _cell_writers(sheet: Any, spec: TableSpec) -> list[Callable[[Any], Any]]:
    """Per column, value → what to append. A formatted column reuses one cell object: the
    write-only sheet serialises a row as it is appended, and a style set once per column
    instead of once per cell makes a large ledger several times faster."""
    from openpyxl.cell import WriteOnlyCell

    writers: list[Callable[[Any], Any]] = []
    for column in spec.columns:
        if column.kind in ("text", "int"):
            writers.append(partial(_plain_cell, column))
            continue
        cell = WriteOnlyCell(sheet)
        fmt = {"money": WON_FORMAT, "area": AREA_FORMAT, "date": DATE_FORMAT, "partial": DATE_FORMAT,
               "datetime": DATETIME_FORMAT}.get(column.kind)
        if fmt:
            cell.number_format = fmt

        def write(value: Any, c: ColumnSpec = column, cell: Any = cell) -> Any:
            shown = to_cell(c, value)[0]
            if shown is None:
                return None
            cell.value = shown
            return cell

        writers.append(write)
    return writers


def _save(book: Any, out: Path) -> None:
    partial = out.with_name(out.name + ".part")
    try:
        book.save(partial)
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise WardError(f"파일을 쓸 수 없습니다: {out} ({exc.strerror})") from exc


def export_tables(db: Database, fmt: str, out: Path, table: str | None = None,
                  progress: Progress | None = None) -> ExportResult:
    specs = [resolve_table(table)] if table else table_specs()
    if fmt == "csv":
        return export_csv(db, out, specs, progress)
    if fmt == "xlsx":
        return export_xlsx(db, out, specs, progress)
    raise WardError(f"알 수 없는 형식입니다: '{fmt}' (csv 또는 xlsx)")


# -- the report's own tables ----------------------------------------------------------------
def export_report(db: Database, out: Path, progress: Progress | None = None) -> ExportResult:
    """인력, 동주민센터 및 자치회관 현황, 예산 현황 and each project's 예산현황, in 천원.

    The 계 rows are the sums of what is in the database now; where the report printed a
    different 계, the cell carries a comment with the printed figure.
    """
    if out.suffix.lower() != ".xlsx" or out.is_dir() or not out.parent.is_dir():
        _check_out(out, directory=False)
    from wardtui.db import report_tables

    from openpyxl import Workbook

    book = Workbook()  # not write-only: the report's layout merges cells and adds comments
    book.remove(book.active)
    steps = report_tables.SHEETS
    for i, (title, build) in enumerate(steps):
        if progress:
            progress(title, i, len(steps))
        build(db, book)
    if progress:
        progress(steps[-1][0], len(steps), len(steps))
    _save(book, out)
    return ExportResult([out], {title: 1 for title, _ in steps})


# -- import --------------------------------------------------------------------------------
IMPORTABLE = ("facility", "recipient", "milestone")
REQUIRED = {
    "facility": ("name", "kind", "address"),
    "recipient": ("name", "role", "dong"),
    "milestone": ("project_id", "title", "state"),
}
FACILITY_KINDS = ("동주민센터", "자치회관", "舊청사", "자원봉사센터")
PRECISIONS = ("day", "month", "year")


@dataclass
class ImportResult:
    table: str = ""
    written: int = 0
    encoding: str = "UTF-8"
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _columns(spec: TableSpec, file: CsvFile) -> list[ColumnSpec]:
    """The header as the table's columns, by name or Korean label; an unknown, repeated or
    missing required column refuses the file."""
    by_key = {c.name: c for c in spec.columns}
    header = file.columns({**{c.name: c.name for c in spec.columns}, **{c.label: c.name for c in spec.columns}})
    if header.unknown:
        unknown = [h or "(빈 머리말)" for h in header.unknown]
        raise WardError(f"{file.name}: 모르는 열입니다: {', '.join(unknown)} ({spec.title} 표의 열: "
                        f"{', '.join(c.label for c in spec.columns)})")
    if header.repeated:
        raise WardError(f"{file.name}: 같은 열이 두 번 있습니다: {by_key[header.repeated[0]].label}")
    required = REQUIRED.get(spec.name) or tuple(c.name for c in spec.columns if not c.nullable)
    missing = [c for c in spec.columns if c.name in required and c.name not in header.index]
    if missing:
        raise WardError(f"{file.name}: 꼭 있어야 할 열이 없습니다: {', '.join(c.label for c in missing)}")
    return [by_key[key] for key, _ in sorted(header.index.items(), key=lambda item: item[1])]


def read_csv(spec: TableSpec, path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]], str]:
    """Parse every row of a CSV written for ``spec``: (line, values) rows, (line, reason) problems, encoding."""
    file = read_csv_file(path)
    if file.header is None:
        raise WardError(f"{file.name}: 빈 파일입니다 (첫 줄에 머리말이 있어야 합니다)")
    columns = _columns(spec, file)
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[tuple[int, str]] = []
    for line, cells in file.rows():
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            problems.append((line, f"칸이 {len(cells)}개입니다 (머리줄은 {len(columns)}개)"))
            continue
        values, errors = {}, []
        for column, cell in zip(columns, cells):
            try:
                values[column.name] = from_text(column, cell)
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            problems.append((line, "; ".join(errors)))
            continue
        for column in columns:
            value = values.get(column.name)
            if isinstance(value, PartialDate):
                precision = PARTIAL_DATES[(spec.name, column.name)]
                values[column.name] = value.first_day()
                if values.get(precision) is None:
                    values[precision] = value.precision.value
        rows.append((line, values))
    return rows, problems, file.encoding


def import_csv(db: Database, table: str, path: Path) -> ImportResult:
    """Check every row of the file, then write all of them in one transaction, or none."""
    spec = resolve_table(table, among=[s for s in table_specs() if s.name in IMPORTABLE])
    rows, problems, encoding = read_csv(spec, path)
    result = ImportResult(table=spec.title, encoding=encoding, rejected=problems)
    checker = {"facility": _FacilityRows, "recipient": _RecipientRows, "milestone": _MilestoneRows}[spec.name](db)
    good: list[dict[str, Any]] = []
    for line, values in rows:
        problem = checker.check(line, values)
        if problem:
            result.rejected.append((line, problem))
        else:
            good.append(values)
    result.rejected.sort()
    if result.rejected or not good:
        return result
    result.written = _write(db, spec, checker.complete(good), path.name)
    return result


class _Rows:
    """Checks rows against the rules, the database and the rows before them in the file."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.ids: dict[Any, int] = {}  # id → line, within the file
        self.existing_ids: set[Any] = set()

    def check_id(self, line: int, values: dict[str, Any], noun: str) -> str | None:
        rid = values.get("id")
        if rid is None:
            return None
        if rid in self.ids:
            return f"파일 안에서 번호가 겹칩니다: {rid} ({self.ids[rid]}행과 같음)"
        self.ids[rid] = line
        if rid in self.existing_ids:
            return f"이미 있는 {noun} 번호입니다: {rid}"
        return None

    def check(self, line: int, values: dict[str, Any]) -> str | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def complete(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return rows


def _text(values: dict[str, Any], key: str) -> str:
    return (values.get(key) or "").strip()


class _FacilityRows(_Rows):
    def __init__(self, db: Database) -> None:
        super().__init__(db)
        found = db.rows("SELECT id, name, seq FROM facility")
        self.existing_ids = {int(r[0]) for r in found}
        self.existing_names = {r[1] for r in found}
        self.names: dict[str, int] = {}
        self.next_seq = max([int(r[2]) for r in found] + [0]) + 1

    def check(self, line: int, values: dict[str, Any]) -> str | None:
        errors = []
        name, kind = _text(values, "name"), _text(values, "kind")
        problem = self.check_id(line, values, "시설")
        if problem:
            errors.append(problem)
        if not name:
            errors.append("동명이 비어 있습니다")
        elif name in self.names:
            errors.append(f"파일 안에서 동명이 겹칩니다: '{name}' ({self.names[name]}행과 같음)")
        elif name in self.existing_names:
            errors.append(f"이미 있는 시설입니다: '{name}'")
        else:
            self.names[name] = line
        if kind not in FACILITY_KINDS:
            errors.append(f"구분은 {', '.join(FACILITY_KINDS)} 중 하나입니다: '{kind}'")
        if not _text(values, "address"):
            errors.append("소재지가 비어 있습니다")
        for key, label in (("floors_below", "지하층"), ("floors_above", "지상층"), ("seq", "순번")):
            if values.get(key) is not None and values[key] < 0:
                errors.append(f"{label}은 0 이상입니다")
        values["name"], values["kind"] = name, kind
        return "; ".join(errors) or None

    def complete(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for values in rows:
            if values.get("seq") is None:
                values["seq"], self.next_seq = self.next_seq, self.next_seq + 1
        return rows


class _RecipientRows(_Rows):
    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.roles = {int(i): role for i, role in db.rows("SELECT id, role FROM recipient")}
        self.existing_ids = set(self.roles)
        self.file_roles: dict[int, str] = {}

    def parent_role(self, parent: int) -> str | None:
        """The role of a person in the database, or in the file above this row."""
        return self.roles.get(parent) or self.file_roles.get(parent)

    def check(self, line: int, values: dict[str, Any]) -> str | None:
        from wardtui.core.payments import CHILD_ROLE, child_problems, recipient_problems

        errors = []
        problem = self.check_id(line, values, "대상자")
        if problem:
            errors.append(problem)
        name, dong, role = _text(values, "name"), _text(values, "dong"), _text(values, "role")
        errors += recipient_problems(name=name, dong=dong, role=role, tong=values.get("tong"), ban=values.get("ban")).values()
        parent = values.get("parent_id")
        child = child_problems(role=role, parent_id=parent, school_level=values.get("school_level"),
                               parent_role=self.parent_role)
        if role == CHILD_ROLE and parent is not None and self.parent_role(parent) is None:
            child["parent"] += " (파일에서는 부모가 자녀보다 앞에 있어야 합니다)"
        errors += child.values()
        start, end = values.get("appointed_on"), values.get("ended_on")
        if start and end and end < start:
            errors.append(f"해촉일 {end.isoformat()}이 위촉일 {start.isoformat()}보다 앞섭니다")
        if values.get("version") is None:
            values["version"] = 1
        values.update(name=name, dong=dong, role=role)
        if values.get("id") is not None and not errors:
            self.file_roles[values["id"]] = role
        return "; ".join(errors) or None


class _MilestoneRows(_Rows):
    def __init__(self, db: Database) -> None:
        from wardtui.core.projects import MAX_NOTE, MAX_TITLE, MILESTONE_STATES

        super().__init__(db)
        self.states, self.max_title, self.max_note = MILESTONE_STATES, MAX_TITLE, MAX_NOTE
        self.projects = {int(pid): int(seq or 0) for pid, seq in db.rows(
            "SELECT p.id, (SELECT MAX(m.seq) FROM milestone m WHERE m.project_id = p.id) FROM project p")}
        self.existing_ids = {r[0] for r in db.rows("SELECT id FROM milestone")}

    def check(self, line: int, values: dict[str, Any]) -> str | None:
        errors = []
        if values.get("id") is not None:
            try:
                values["id"] = str(uuid.UUID(str(values["id"]).strip()))
            except ValueError:
                errors.append(f"번호는 UUID여야 합니다: '{values['id']}'")
        problem = self.check_id(line, values, "일정")
        if problem:
            errors.append(problem)
        pid = values.get("project_id")
        if pid not in self.projects:
            errors.append(f"없는 사업 번호입니다: {pid}")
        title = _text(values, "title")
        if not title:
            errors.append("제목이 비어 있습니다")
        elif len(title) > self.max_title:
            errors.append(f"제목은 {self.max_title}자까지입니다")
        if len(values.get("note") or "") > self.max_note:
            errors.append(f"비고는 {self.max_note}자까지입니다")
        state = _text(values, "state")
        if state not in self.states:
            errors.append(f"상태는 {', '.join(self.states)} 중 하나입니다: '{state}'")
        for day, precision, label in (("starts_on", "start_precision", "시작일"), ("ends_on", "end_precision", "종료일")):
            given = values.get(precision)
            if given is not None and given not in PRECISIONS:
                errors.append(f"{label} 정밀도는 {', '.join(PRECISIONS)} 중 하나입니다: '{given}'")
            if values.get(day) is not None and given is None:
                values[precision] = "day"
            if values.get(day) is None and given is not None:
                errors.append(f"{label} 없이 {label} 정밀도만 있습니다")
        start, end = values.get("starts_on"), values.get("ends_on")
        if start and end and end < start:
            errors.append(f"종료일 {end.isoformat()}이 시작일 {start.isoformat()}보다 앞섭니다")
        origin = _text(values, "origin") or "user"
        if origin not in ("report", "user"):
            errors.append(f"출처는 report 또는 user입니다: '{origin}'")
        values.update(title=title, state=state, origin=origin)
        if values.get("version") is None:
            values["version"] = 1
        return "; ".join(errors) or None

    def complete(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for values in rows:
            if values.get("id") is None:
                values["id"] = str(uuid.uuid4())
            if values.get("seq") is None:
                pid = values["project_id"]
                self.projects[pid] += 1
                values["seq"] = self.projects[pid]
        return rows


def _write(db: Database, spec: TableSpec, rows: list[dict[str, Any]], file_name: str) -> int:
    """Insert every row in one transaction; any failure writes nothing."""
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import SQLModel

    from wardtui.db.changelog import record_change

    table = SQLModel.metadata.tables[spec.name]
    # Parents first: a 통장자녀 row may name a 통장 from the same file.
    rows = sorted(rows, key=lambda r: r.get("parent_id") is not None)
    names = [c.name for c in spec.columns]
    values = [{k: r.get(k) for k in names if k in r and not (k == "id" and r.get(k) is None)} for r in rows]
    with_id = any("id" in v for v in values)
    try:
        with db.session() as session:
            # executemany needs one shape of row: consecutive rows with the same columns go together.
            batch: list[dict[str, Any]] = []
            for v in values:
                if batch and v.keys() != batch[0].keys():
                    session.execute(table.insert(), batch)
                    batch = []
                batch.append(v)
            if batch:
                session.execute(table.insert(), batch)
            if with_id and spec.name != "milestone":
                _reset_id_sequence(db, session, spec.name)
            if spec.name == "milestone":
                for v in values:
                    record_change(session, entity="milestone", entity_id=str(v["id"]), action="add",
                                  new={"title": v.get("title"), "state": v.get("state"), "import": file_name},
                                  project_id=v["project_id"])
            else:
                record_change(session, entity=f"{spec.name}_import", entity_id=file_name, action="add",
                              new={"rows": len(values), "file": file_name})
    except IntegrityError as exc:
        raise WardError(f"{file_name}: 데이터베이스가 거부해 아무것도 쓰지 않았습니다 ({_first_line(exc)})") from exc
    return len(values)


def _reset_id_sequence(db: Database, session: Any, table: str) -> None:
    """After rows came in with their own ids, the next id the database gives is past them."""
    from sqlalchemy import text

    for statement in db.dialect.id_sequence_resets([table]):
        session.execute(text(statement))


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
