"""Section 4 on the command line: ``schedule``, ``elections`` and ``due``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated

import typer

from wardtui.commands.common import JsonListOpt, answer, day_option, settings_of
from wardtui.errors import WardError


def _span(start: dt.date, end: dt.date) -> str:
    from wardtui.core.dates import format_date, weekday_ko

    first = f"{format_date(start)}({weekday_ko(start)})"
    return first if start == end else f"{first} ~ {format_date(end)}({weekday_ko(end)})"


def schedule_cmd(
    ctx: typer.Context,
    date: Annotated[str, typer.Argument(help="선거일 (예: 2021-04-07).")],
    kind: Annotated[str, typer.Option("--kind", help="presidential | assembly | local.")],
    by_election: Annotated[bool, typer.Option("--by-election", help="보궐선거 등 (대통령은 궐위선거).")] = False,
    cause: Annotated[str | None, typer.Option("--cause", help="궐위 사유 확정일 (대통령 궐위선거).")] = None,
    as_json: JsonListOpt = False,
) -> None:
    """법정 선거사무 일정을 만듭니다."""
    from wardtui.core.elections import ScheduleEvent
    from wardtui.db.elections import kind_of, statutory_schedule

    day = day_option("선거일", date)
    cause_day = day_option("--cause", cause) if cause is not None else None

    def lines(events: list[ScheduleEvent]) -> Iterator[str]:
        for e in events:
            hours = f"\t{e.hours}" if e.hours else ""
            yield f"{_span(e.start, e.end)}\t{e.name}\t{e.article}{hours}"
        yield f"{len(events)}개 일정"

    answer(
        as_json, statutory_schedule(day, kind_of(kind), by_election=by_election, cause=cause_day), lines,
        json_of=lambda e: {"event": e.name, "article": e.article, "start": e.start, "end": e.end, "key": e.key,
                           "hours": e.hours, "note": e.note},
    )


def elections_cmd(
    ctx: typer.Context,
    as_json: JsonListOpt = False,
) -> None:
    """기록된 선거와 다가오는 선거를 보여 줍니다."""
    from wardtui.core.dates import dday_label
    from wardtui.db.elections import ORIGIN_LABELS, ElectionInfo, all_elections

    settings = settings_of(ctx)

    def lines(elections: list[ElectionInfo]) -> Iterator[str]:
        for e in elections:
            yield f"{e.day.isoformat()}\t{dday_label(e.day, settings.today)}\t{e.kind_label}\t{e.name}\t{ORIGIN_LABELS[e.origin]}"
        yield f"{len(elections)}개 선거"

    answer(as_json, all_elections(settings.database(), settings.today), lines, json_of=lambda e: e.to_json(settings.today))


def due_cmd(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", help="오늘부터 며칠 안의 일을 보일지 (기본 90).")] = 90,
    as_json: JsonListOpt = False,
) -> None:
    """다가오는 기한: 선거 일정, 사업 계획, 지급."""
    from wardtui.core.dates import dday_label
    from wardtui.db.due import SECTION_LABELS, DueItem, due

    if days < 0 or days > 3660:
        raise WardError(f"--days는 0부터 3660 사이여야 합니다: {days}")
    settings = settings_of(ctx)
    found = due(settings.database(), settings.today, days=days, limit=10_000)
    for warning in found.warnings:
        typer.echo(f"wardtui: {warning}", err=True)

    def lines(items: list[DueItem]) -> Iterator[str]:
        for i in items:
            yield f"{i.day.isoformat()}\t{dday_label(i.day, settings.today)}\t{i.section_label}\t{i.title}\t{i.detail}"
        counts = " · ".join(f"{label} {found.counts.get(s, 0)}" for s, label in SECTION_LABELS.items())
        yield f"{found.total}건 ({counts}), {days}일 안"

    answer(as_json, found.items, lines, json_of=lambda i: i.to_json(settings.today))


def register(cli: typer.Typer) -> None:
    cli.command("schedule")(schedule_cmd)
    cli.command("elections")(elections_cmd)
    cli.command("due")(due_cmd)
