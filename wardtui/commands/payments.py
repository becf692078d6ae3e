"""``wardtui payments``, ``wardtui recipients`` and ``wardtui rates`` (section 3).

Names are personal data: text and JSON output show them masked (김*숙) unless
``--reveal`` is given. ``recipients add --json`` prints the record as typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from wardtui.commands.common import JsonListOpt, JsonOpt, answer, confirm, day_option, echo_json, settings_of
from wardtui.errors import WardError

if TYPE_CHECKING:
    from wardtui.db.payments.ledger import PeriodTotal
    from wardtui.db.payments.programs import Rate
    from wardtui.db.payments.register import RecipientRow

ProgramOpt = Annotated[str, typer.Option("--program", help="사업 번호 또는 이름의 일부 (예: 활동보상금, 장학금).")]
PeriodOpt = Annotated[str, typer.Option("--period", help="기간: 2021-03, 2021-설, 2021-추석, 2021-상반기, 2021-하반기, 2021.")]
RevealOpt = Annotated[bool, typer.Option("--reveal", help="이름을 가리지 않고 보여 줍니다 (개인정보).")]
#: The options of ``recipients add`` that the 통장자녀 rule's fields come from.
_CHILD_OPTIONS = {"parent": "--parent", "school": "--school"}


class _QueryGroup(TyperGroup):
    """A group whose first word is a search query unless it names a subcommand."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            return "search", self.commands["search"], args
        return super().resolve_command(ctx, args)


payments_cli = typer.Typer(help="수당·장학금 지급: 합계, 지급, 일괄 지급, 가져오기.", invoke_without_command=True)
recipients_cli = typer.Typer(
    cls=_QueryGroup, help="대상자(통장·반장·통장자녀) 명부: recipients [검색어] [--json] [--reveal], recipients add | edit | end.",
    invoke_without_command=True,
)
rates_cli = typer.Typer(help="지급 단가: 목록과 설정.", invoke_without_command=True)


def _won(value: int) -> str:
    from wardtui.core.money import format_won

    return format_won(value)


def _amount(text: str) -> int:
    from wardtui.core.money import AmountParseError, parse_won

    try:
        return parse_won(text)
    except AmountParseError as exc:
        raise WardError(f"--amount: {exc}") from exc


# -- payments -----------------------------------------------------------------------------
@payments_cli.callback()
def payments_totals(
    ctx: typer.Context,
    program: Annotated[str | None, typer.Option("--program", help="사업 번호 또는 이름의 일부.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="기간 (예: 2021-03, 2020-설).")] = None,
    as_json: JsonListOpt = False,
) -> None:
    """사업·기간별 지급 합계 (보고서의 2020년 지급과 지급 장부)."""
    if ctx.invoked_subcommand is not None:
        return
    from wardtui.db.payments.ledger import totals
    from wardtui.db.payments.programs import resolve_program

    db = settings_of(ctx).database()
    program_id = resolve_program(db, program).id if program else None
    if period is not None:
        from wardtui.core.payments import PeriodError, parse_period

        try:
            period = parse_period(period).code
        except PeriodError as exc:
            raise WardError(f"--period: {exc}") from exc

    def lines(rows: list[PeriodTotal]) -> Iterator[str]:
        if not rows:
            yield "지급 기록이 없습니다."
            return
        for r in rows:
            head = "-" if r.headcount is None else f"{r.headcount:,}명"
            yield f"{r.program}\t{r.period}\t{head}\t{_won(r.amount_won)}\t{r.source}"
        yield f"합계 {_won(sum(r.amount_won for r in rows))} ({len(rows)}건)"

    answer(as_json, totals(db, program_id, period), lines)


@payments_cli.command("add")
def payments_add(
    ctx: typer.Context,
    program: ProgramOpt,
    recipient: Annotated[int, typer.Option("--recipient", help="대상자 번호 (wardtui recipients).")],
    period: PeriodOpt,
    amount: Annotated[str, typer.Option("--amount", help="지급액(원), 예: 300,000.")],
    paid_on: Annotated[str | None, typer.Option("--paid-on", help="지급일 (기본: 오늘).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """한 사람에게 한 번 지급합니다 (같은 사업·기간에 두 번은 거절)."""
    from wardtui.db.payments.paying import add_payment
    from wardtui.db.payments.programs import resolve_program

    settings = settings_of(ctx)
    db = settings.database()
    row = add_payment(
        db, program=resolve_program(db, program), recipient_id=recipient, period_text=period,
        amount_won=_amount(amount), paid_on=day_option("--paid-on", paid_on) if paid_on else settings.today,
    )
    if as_json:
        echo_json(row.to_json())
        return
    typer.echo(f"지급했습니다: {row.program} {row.period} {row.masked} {_won(row.amount_won)} (번호 {row.id})")


@payments_cli.command("run")
def payments_run(
    ctx: typer.Context,
    program: ProgramOpt,
    period: PeriodOpt,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="확인 없이 지급합니다.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """대상자 전원에게 단가대로 한 번에 지급합니다 (한 트랜잭션)."""
    from wardtui.db.payments.programs import resolve_program
    from wardtui.db.payments.runs import execute_run, plan_run

    settings = settings_of(ctx)
    db = settings.database()
    plan = plan_run(db, resolve_program(db, program), period)
    if plan.rate is None or not plan.recipients:
        execute_run(db, plan, paid_on=settings.today)  # raises the reason as a WardError
    summary = (
        f"{plan.program.name} {plan.period.code}: {len(plan.recipients):,}명 × {_won(plan.unit_amount_won)} "
        f"= {_won(plan.total_won)} (이미 지급 {plan.already_paid:,}명)"
    )
    confirm(f"{summary}\n지급할까요?", yes=yes)
    result = execute_run(db, plan, paid_on=settings.today)
    if as_json:
        echo_json(result.to_json())
        return
    typer.echo(f"지급했습니다: {summary}")


@payments_cli.command("reverse")
def payments_reverse(
    ctx: typer.Context,
    payment_id: Annotated[str, typer.Argument(help="정정할 지급 번호 (payments add --json의 id).")],
    note: Annotated[str | None, typer.Option("--note", help="정정 사유.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """지급을 정정합니다: 음수 환수 행을 더하고 원래 지급은 '정정됨'이 됩니다 (지우지 않음)."""
    from wardtui.db.payments.paying import reverse_payment

    settings = settings_of(ctx)
    row = reverse_payment(settings.database(), payment_id, on=settings.today, note=note)
    if as_json:
        echo_json(row.to_json())
        return
    typer.echo(f"정정했습니다: {row.program} {row.period} {row.masked} {_won(row.amount_won)} (환수 번호 {row.id})")


@payments_cli.command("import")
def payments_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV: program, recipient_id, period, amount_won[, paid_on]")],
) -> None:
    """CSV 파일의 지급을 모두 검사한 뒤 전부 쓰거나 하나도 쓰지 않습니다."""
    from wardtui.db.csv_files import problem_line
    from wardtui.db.payments.importing import import_csv

    settings = settings_of(ctx)
    result = import_csv(settings.database(), file, paid_on=settings.today)
    if result.rejected:
        for line, reason in result.rejected:
            typer.echo(problem_line(file.name, line, reason), err=True)
        raise WardError(f"잘못된 행 {len(result.rejected)}개: 아무것도 쓰지 않았습니다")
    typer.echo(f"가져왔습니다: {result.written:,}건")


# -- recipients ---------------------------------------------------------------------------
def _list_recipients(ctx: typer.Context, query: str, as_json: bool, reveal: bool) -> None:
    from wardtui.db.payments.register import search_recipients

    def lines(rows: list[RecipientRow]) -> Iterator[str]:
        if not rows:
            yield f"'{query}'에 맞는 대상자가 없습니다." if query else "등록된 대상자가 없습니다."
            return
        for r in rows:
            since = r.appointed_on.isoformat() if r.appointed_on else "-"
            until = f" ~ {r.ended_on.isoformat()}" if r.ended_on else ""
            yield f"{r.id}\t{r.name if reveal else r.masked}\t{r.role}\t{r.place}\t{since}{until}"
        yield f"{len(rows)}명"

    answer(as_json, search_recipients(settings_of(ctx).database(), query), lines, json_of=lambda r: r.to_json(reveal=reveal))


@recipients_cli.callback()
def recipients_root(ctx: typer.Context, as_json: JsonListOpt = False, reveal: RevealOpt = False) -> None:
    """대상자를 찾습니다: wardtui recipients [검색어] [--json] [--reveal]. 이름은 가려서 보여 줍니다."""
    if ctx.invoked_subcommand is None:
        _list_recipients(ctx, "", as_json, reveal)


@recipients_cli.command("search", hidden=True)
def recipients_search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="이름·동·역할 검색어 (초성 가능).")] = "",
    as_json: JsonListOpt = False,
    reveal: RevealOpt = False,
) -> None:
    """대상자를 찾습니다."""
    parent = ctx.parent.params if ctx.parent else {}
    _list_recipients(ctx, query, as_json or parent.get("as_json", False), reveal or parent.get("reveal", False))


@recipients_cli.command("add")
def recipients_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="이름.")],
    dong: Annotated[str, typer.Option("--dong", help="동 (예: 신길4동).")],
    role: Annotated[str, typer.Option("--role", help="통장 | 반장 | 통장자녀.")],
    tong: Annotated[int | None, typer.Option("--tong", help="통 번호.")] = None,
    ban: Annotated[int | None, typer.Option("--ban", help="반 번호 (반장).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="위촉일 (예: 2021-01-01).")] = None,
    parent: Annotated[int | None, typer.Option("--parent", help="통장자녀의 부모 통장 번호.")] = None,
    school: Annotated[str | None, typer.Option("--school", help="통장자녀: 고등학생 | 대학생.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """대상자를 등록합니다."""
    from wardtui.db.payments.register import RecipientRefused, add_recipient

    db = settings_of(ctx).database()
    try:
        row = add_recipient(db, name=name, dong=dong, role=role, tong=tong, ban=ban,
                            since=day_option("--since", since) if since else None, parent_id=parent, school_level=school)
    except RecipientRefused as exc:
        # The 통장자녀 rule speaks of the parent and the school level, not of options: name the option.
        option = _CHILD_OPTIONS.get(exc.field)
        if option is None:
            raise
        raise WardError(f"{option}: {exc.message}") from exc
    if as_json:
        echo_json(row.to_json(reveal=True))
        return
    typer.echo(f"등록했습니다: {row.id} {row.masked} {row.role} {row.place}")


@recipients_cli.command("edit")
def recipients_edit(
    ctx: typer.Context,
    recipient_id: Annotated[int, typer.Argument(help="대상자 번호 (wardtui recipients).")],
    name: Annotated[str | None, typer.Option("--name", help="이름.")] = None,
    dong: Annotated[str | None, typer.Option("--dong", help="동 (예: 신길4동).")] = None,
    tong: Annotated[int | None, typer.Option("--tong", help="통 번호.")] = None,
    ban: Annotated[int | None, typer.Option("--ban", help="반 번호.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="위촉일 (예: 2021-01-01).")] = None,
    version: Annotated[int | None, typer.Option("--version", help="본 판 번호 (recipients --json): 그 사이 바뀌었으면 거절합니다.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """대상자의 이름·동·통·반·위촉일을 고칩니다 (역할은 바뀌지 않음)."""
    from wardtui.db.payments.register import KEEP, edit_recipient

    changes: dict[str, Any] = {
        "name": KEEP if name is None else name, "dong": KEEP if dong is None else dong,
        "tong": KEEP if tong is None else tong, "ban": KEEP if ban is None else ban,
        "since": KEEP if since is None else day_option("--since", since),
    }
    if all(v is KEEP for v in changes.values()):
        raise WardError("고칠 항목을 하나 이상 주십시오 (--name, --dong, --tong, --ban, --since)")
    row = edit_recipient(settings_of(ctx).database(), recipient_id, version, **changes)
    if as_json:
        echo_json(row.to_json(reveal=True))
        return
    typer.echo(f"고쳤습니다: {row.id} {row.masked} {row.role} {row.place}")


@recipients_cli.command("end")
def recipients_end(
    ctx: typer.Context,
    recipient_id: Annotated[int, typer.Argument(help="대상자 번호 (wardtui recipients).")],
    on: Annotated[str, typer.Option("--on", help="임기 마지막 날 (예: 2026-12-31).")],
    version: Annotated[int | None, typer.Option("--version", help="본 판 번호 (recipients --json): 그 사이 바뀌었으면 거절합니다.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """대상자의 임기를 끝냅니다: 그 뒤의 지급 대상에서 빠집니다 (기록은 남음)."""
    from wardtui.db.payments.register import end_recipient

    row = end_recipient(settings_of(ctx).database(), recipient_id, version, on=day_option("--on", on))
    if as_json:
        echo_json(row.to_json(reveal=True))
        return
    assert row.ended_on is not None
    typer.echo(f"임기를 끝냈습니다: {row.id} {row.masked} {row.role} {row.place} ({row.ended_on.isoformat()}까지)")


# -- rates --------------------------------------------------------------------------------
@rates_cli.callback()
def rates_list(ctx: typer.Context, as_json: JsonListOpt = False) -> None:
    """지급 단가 목록."""
    if ctx.invoked_subcommand is not None:
        return
    from wardtui.db.payments.programs import rates

    def lines(rows: list[Rate]) -> Iterator[str]:
        if not rows:
            yield "정한 단가가 없습니다 ('wardtui rates set --program 사업 --amount 원')."
            return
        for r in rows:
            until = r.valid_to.isoformat() if r.valid_to else ""
            yield f"{r.id}\t{r.program}\t{_won(r.unit_amount_won)}/{r.unit}\t{r.valid_from.isoformat()} ~ {until}"

    answer(as_json, rates(settings_of(ctx).database()), lines)


@rates_cli.command("set")
def rates_set(
    ctx: typer.Context,
    program: ProgramOpt,
    amount: Annotated[str, typer.Option("--amount", help="단가(원).")],
    since: Annotated[str | None, typer.Option("--from", help="적용 시작일 (기본: 오늘).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="단위: 월 | 회 | 인 | 명절 | 반기.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """사업의 단가를 정합니다 (이전 단가는 전날로 끝납니다)."""
    from wardtui.db.payments.programs import resolve_program, set_rate

    settings = settings_of(ctx)
    db = settings.database()
    rate = set_rate(db, resolve_program(db, program), _amount(amount),
                    day_option("--from", since) if since else settings.today, unit=unit)
    if as_json:
        echo_json(rate.to_json())
        return
    typer.echo(f"단가를 정했습니다: {rate.program} {_won(rate.unit_amount_won)}/{rate.unit} ({rate.valid_from.isoformat()}부터)")


def register(cli: typer.Typer) -> None:
    cli.add_typer(payments_cli, name="payments")
    cli.add_typer(recipients_cli, name="recipients")
    cli.add_typer(rates_cli, name="rates")
