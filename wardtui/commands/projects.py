"""Section 2 on the command line: projects, milestones and execution entries.

Heavy modules are imported inside the commands (the CLI module must stay light).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from wardtui.commands.common import JsonListOpt, answer, settings_of
from wardtui.errors import WardError

milestone_cli = typer.Typer(help="사업 일정: add, list.", no_args_is_help=True)
execution_cli = typer.Typer(help="예산 집행 기록: add, list, edit, remove.", no_args_is_help=True)


def _first_error(errors: dict[str, str], labels: dict[str, str]) -> None:
    if errors:
        name, message = next(iter(errors.items()))
        raise WardError(f"{labels.get(name, name)}: {message}")


def projects_cmd(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="사업명 검색어 (초성 가능).")] = "",
    year: Annotated[str | None, typer.Option("--year", help="연도: 2020 (실적) 또는 2021 (계획).")] = None,
    as_json: JsonListOpt = False,
) -> None:
    """사업 목록: 예산, 집행액, 집행률(금액으로 계산), 일정."""
    if year is not None and year not in ("2020", "2021"):
        raise WardError(f"--year는 2020 또는 2021입니다: '{year}'")
    from wardtui.core.money import format_rate, format_thousand
    from wardtui.db.projects import ProjectRow, list_projects, milestones_for

    db = settings_of(ctx).database()

    def lines(rows: list[ProjectRow]) -> Iterator[str]:
        if not rows:
            yield f"'{query}'에 맞는 사업이 없습니다."
            return
        for p in rows:
            budget = format_thousand(p.budget_won) if p.budget_won is not None else "-"
            executed = format_thousand(p.executed_won) if p.executed_won is not None else "-"
            yield f"{p.id}\t{p.year} {p.part_label}\t{p.name}\t{p.status}\t예산 {budget}\t집행 {executed}\t{format_rate(p.rate)}"
        yield f"{len(rows)}개 사업 (금액 단위: 천원)"

    answer(
        as_json, list_projects(db, query, int(year) if year else None), lines,
        json_of=lambda p: {**p.to_json(), "milestones": [m.to_json() for m in milestones_for(db, p.id)]},
    )


@milestone_cli.command("add")
def milestone_add(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="사업 번호 또는 사업명 일부.")],
    date: Annotated[str, typer.Argument(help="날짜: 2021-03-15, 2021.3.15, '21. 3. 15., 월까지: 2021.3")],
    title: Annotated[str, typer.Argument(help="내용.")],
    note: Annotated[str | None, typer.Option("--note", help="메모.")] = None,
    done: Annotated[bool, typer.Option("--done", help="완료한 일정으로 기록합니다.")] = False,
) -> None:
    """사업에 일정을 추가합니다."""
    from wardtui.core.projects import validate_milestone
    from wardtui.db.projects import add_milestone, resolve_project

    values, errors = validate_milestone({"date": date, "title": title, "note": note or "", "state": "완료" if done else "계획"})
    _first_error(errors, {"date": "날짜", "title": "내용", "note": "메모"})
    db = settings_of(ctx).database()
    target = resolve_project(db, project)
    milestone_id = add_milestone(
        db, target.id, start=values["start"], end=values["end"], date_text=values["date_text"],
        title=values["title"], note=values["note"], state=values["state"],
    )
    typer.echo(f"일정을 추가했습니다: {target.name} · {values['date_text']} {values['title']} ({values['state']}) [{milestone_id}]")


@milestone_cli.command("list")
def milestone_list(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="사업 번호 또는 사업명 일부.")],
    as_json: JsonListOpt = False,
) -> None:
    """사업의 일정을 날짜순으로 보여 줍니다."""
    from wardtui.core.projects import TimelineItem, split_timeline
    from wardtui.db.projects import milestones_for, resolve_project

    settings = settings_of(ctx)
    db = settings.database()
    target = resolve_project(db, project)
    by_id = {m.id: m for m in milestones_for(db, target.id)}
    timeline = split_timeline(
        [(m.id, m.starts_on, m.start_precision, m.ends_on, m.end_precision, m.seq) for m in by_id.values()], settings.today
    )

    def lines(items: list[TimelineItem]) -> Iterator[str]:
        yield f"{target.id} {target.name} ({target.year})"
        for item in items:
            m = by_id[item.key]
            label = item.label if item.when == "upcoming" else ""
            yield f"{m.date_label or '-'}\t{m.state}\t{m.title}" + (f"\t{label}" if label else "")
        yield f"{len(items)}개 일정"

    answer(as_json, timeline, lines, json_of=lambda item: by_id[item.key].to_json())


@execution_cli.command("add", context_settings={"ignore_unknown_options": True})
def execution_add(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="사업 번호 또는 사업명 일부.")],
    amount: Annotated[str, typer.Argument(help="금액(원): 1,234,000 / 1234000 / 1,234천원.")],
    date: Annotated[str | None, typer.Option("--date", help="집행일.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="재원: 구비|시비|국비|특교|사비.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="메모.")] = None,
) -> None:
    """사업의 예산 집행을 기록합니다."""
    from wardtui.core.money import format_rate, format_won
    from wardtui.core.projects import validate_execution
    from wardtui.db.projects import add_execution, get_project, resolve_project

    if date is None:
        raise WardError("--date가 필요합니다 (예: --date 2021-03-15)")
    if source is None:
        raise WardError("--source가 필요합니다 (구비|시비|국비|특교|사비)")
    values, errors = validate_execution({"amount": amount, "date": date, "source": source, "note": note or ""})
    _first_error(errors, {"amount": "금액", "date": "--date", "source": "--source", "note": "--note"})
    db = settings_of(ctx).database()
    target = resolve_project(db, project)
    add_execution(db, target.id, **values)
    after = get_project(db, target.id)
    rate = format_rate(after.rate) if after else "—"
    typer.echo(f"집행을 기록했습니다: {target.name} · {values['source']} {format_won(values['amount_won'])} · 집행률 {rate}")


@execution_cli.command("list")
def execution_list(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="사업 번호 또는 사업명 일부.")],
    as_json: JsonListOpt = False,
) -> None:
    """사업에 기록한 집행을 날짜순으로 보여 줍니다 (지운 기록은 빼고)."""
    from wardtui.core.money import format_won
    from wardtui.db.projects import ExecutionRow, executions_for, resolve_project

    db = settings_of(ctx).database()
    target = resolve_project(db, project)

    def lines(entries: list[ExecutionRow]) -> Iterator[str]:
        yield f"{target.id} {target.name} ({target.year})"
        for e in entries:
            yield f"{e.id}\t{e.executed_on.isoformat()}\t{e.source}\t{format_won(e.amount_won)}" + (f"\t{e.note}" if e.note else "")
        yield f"{len(entries)}건 · 합계 {format_won(sum(e.amount_won for e in entries))}"

    answer(as_json, executions_for(db, target.id), lines)


@execution_cli.command("edit", context_settings={"ignore_unknown_options": True})
def execution_edit(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(help="집행 기록 ID (앞 8자리 등 겹치지 않는 앞부분도 됩니다).")],
    amount: Annotated[str | None, typer.Option("--amount", help="금액(원): 1,234,000 / 1234000 / 1,234천원.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="집행일.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="재원: 구비|시비|국비|특교|사비.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="메모 (빈 값이면 지웁니다).")] = None,
) -> None:
    """기록한 집행을 고칩니다 (지정한 값만 바뀌고, 변경 기록에 남습니다)."""
    from wardtui.core.money import format_rate, format_won
    from wardtui.core.projects import validate_execution
    from wardtui.db.projects import edit_execution, get_project, resolve_execution

    if amount is None and date is None and source is None and note is None:
        raise WardError("고칠 값을 하나 이상 지정하십시오 (--amount, --date, --source, --note)")
    db = settings_of(ctx).database()
    current = resolve_execution(db, entry)
    values, errors = validate_execution({
        "amount": amount if amount is not None else str(current.amount_won),
        "date": date if date is not None else current.executed_on.isoformat(),
        "source": source if source is not None else current.source,
        "note": note if note is not None else (current.note or ""),
    })
    _first_error(errors, {"amount": "--amount", "date": "--date", "source": "--source", "note": "--note"})
    edit_execution(db, current.id, current.version, **values)
    after = get_project(db, current.project_id)
    rate = format_rate(after.rate) if after else "—"
    name = after.name if after else ""
    typer.echo(
        f"집행 기록을 고쳤습니다: {name} · {values['executed_on'].isoformat()} {values['source']} "
        f"{format_won(values['amount_won'])} · 집행률 {rate} [{current.id}]"
    )


@execution_cli.command("remove")
def execution_remove(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(help="집행 기록 ID (겹치지 않는 앞부분도 됩니다).")],
) -> None:
    """기록한 집행을 지웁니다 (합계·집행률에서 빠지고, 변경 기록에는 남습니다)."""
    from wardtui.core.money import format_rate, format_won
    from wardtui.db.projects import get_project, remove_execution, resolve_execution

    db = settings_of(ctx).database()
    current = resolve_execution(db, entry)
    remove_execution(db, current.id, current.version)
    after = get_project(db, current.project_id)
    rate = format_rate(after.rate) if after else "—"
    name = after.name if after else ""
    typer.echo(
        f"집행 기록을 지웠습니다: {name} · {current.executed_on.isoformat()} {current.source} "
        f"{format_won(current.amount_won)} · 집행률 {rate} (변경 기록에 남습니다)"
    )


def register(cli: typer.Typer) -> None:
    cli.command("projects")(projects_cmd)
    cli.add_typer(milestone_cli, name="milestone")
    cli.add_typer(execution_cli, name="execution")
