"""``wardtui audit``, ``wardtui export`` and ``wardtui import``: check the report's figures,
and move tables in and out in the formats the office uses (CSV for Excel, XLSX)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from wardtui.commands.common import JsonListOpt, answer, settings_of
from wardtui.errors import WardError, one_line


def register(cli: typer.Typer) -> None:
    cli.command("audit")(audit_cmd)
    cli.command("export")(export_cmd)
    cli.command("import")(import_cmd)


def audit_cmd(
    ctx: typer.Context,
    as_json: JsonListOpt = False,
    show_all: Annotated[bool, typer.Option("--all", help="맞는 점검까지 모두 보여 줍니다.")] = False,
) -> None:
    """보고서의 수치가 서로 맞는지 점검합니다 (자료는 바꾸지 않습니다)."""
    from wardtui.core.audit import AGREE, DISAGREE, NOTE, Finding
    from wardtui.db.audit import audit

    findings = audit(settings_of(ctx).database())

    def lines(shown: list[Finding]) -> Iterator[str]:
        section = None
        for f in shown:
            if f.section != section:
                section = f.section
                yield f"\n[{section}]"
            yield f"  {f.level}  {f.check}"
            if f.expected is not None or f.actual is not None:
                diff = f" (차이 {f.difference_text})" if f.difference_text else ""
                yield f"        기대 {f.expected_text} · 실제 {f.actual_text}{diff}"
            if f.note:
                yield f"        {f.note}"
        counts = {level: sum(1 for f in findings if f.level == level) for level in (DISAGREE, NOTE, AGREE)}
        yield f"\n점검 {len(findings)}건: 불일치 {counts[DISAGREE]}건 · 참고 {counts[NOTE]}건 · 일치 {counts[AGREE]}건"

    answer(as_json, findings if show_all else [f for f in findings if not f.ok], lines)


def export_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV: 표마다 파일을 만들 폴더, XLSX: 파일 이름.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | xlsx")] = "xlsx",
    table: Annotated[str | None, typer.Option("--table", help="한 표만 (예: facility, 시설).")] = None,
    report: Annotated[bool, typer.Option("--report", help="보고서의 표(인력, 시설 현황, 예산 현황, 사업별 예산현황)를 천원 단위 XLSX로.")] = False,
) -> None:
    """표를 CSV(UTF-8, BOM) 또는 XLSX로 내보냅니다."""
    from wardtui.db.exchange import export_report, export_tables

    fmt = fmt.strip().lower()
    if fmt not in ("csv", "xlsx"):
        raise WardError(f"--format은 csv 또는 xlsx입니다: '{fmt}'")
    if report:
        if fmt != "xlsx" or table:
            raise WardError("--report는 XLSX로만, --table 없이 씁니다")
        result = export_report(settings_of(ctx).database(), out)
        typer.echo(f"보고서 표 {len(result.rows)}개를 썼습니다: {out}")
        return
    db = settings_of(ctx).database()
    result = export_tables(db, fmt, out, table)
    total = sum(result.rows.values())
    where = out if fmt == "xlsx" else f"{out}/ ({len(result.paths)}개 파일)"
    typer.echo(f"표 {len(result.rows)}개, {total:,}행을 썼습니다: {where}")


def import_cmd(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help="facility(시설) | recipient(대상자) | milestone(일정)")],
    file: Annotated[Path, typer.Argument(help="CSV 파일 (UTF-8 또는 CP949, 첫 줄은 머리말)")],
) -> None:
    """CSV의 행을 모두 검사한 뒤 한 번에 모두 쓰거나, 잘못된 행이 있으면 하나도 쓰지 않습니다."""
    from wardtui.db.csv_files import problem_line
    from wardtui.db.exchange import import_csv

    result = import_csv(settings_of(ctx).database(), table, file)
    if result.rejected:
        line, reason = result.rejected[0]
        more = f" 외 {len(result.rejected) - 1}개 행" if len(result.rejected) > 1 else ""
        typer.echo(f"wardtui: {line}행: {one_line(reason)}{more} — 잘못된 행이 있어 아무것도 쓰지 않았습니다", err=True)
        for line, reason in result.rejected:
            typer.echo(problem_line(file.name, line, reason, unit="행"), err=True)
        raise typer.Exit(2)
    if not result.written:
        raise WardError(f"{file.name}: 가져올 행이 없습니다")
    encoding = f" ({result.encoding}로 읽음)" if result.encoding != "UTF-8" else ""
    typer.echo(f"{result.table}에 {result.written:,}행을 가져왔습니다{encoding}")
