"""What every command shares: the global options, the ``--json`` answer, dates given to
options, and the question asked before a change that cannot be undone."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from wardtui.errors import WardError

T = TypeVar("T")

#: ``--json`` on a command that lists rows: the answer is an array.
JsonListOpt = Annotated[bool, typer.Option("--json", help="JSON 배열로 출력합니다.")]
#: ``--json`` on a command that answers with one record.
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON으로 출력합니다.")]
#: ``--yes`` on a command that asks first (see :func:`confirm`).
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="확인 없이 진행합니다.")]


@dataclass
class Settings:
    """Global options, resolved once per run."""

    db: str | None
    today: dt.date

    def target(self) -> Any:
        from wardtui.db.target import resolve

        return resolve(self.db)

    def database(self) -> Any:
        """The ready database (created, upgraded or refused with a WardError)."""
        from wardtui.db.migrate import open_database

        return open_database(self.target())


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)  # the root callback sets it before any command runs
    return settings


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"not JSON: {type(value).__name__}")


def echo_json(value: Any) -> None:
    """Print JSON with Korean text as is (not \\u escapes) and dates as ISO strings."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=_default))


def answer(
    as_json: bool,
    rows: Iterable[T],
    lines: Callable[[list[T]], Iterable[str]],
    *,
    json_of: Callable[[T], Any] | None = None,
) -> None:
    """A listing command's answer: with ``--json`` an array of ``json_of(row)`` (by default
    each row's ``to_json()``), otherwise the text ``lines(rows)``, one per line."""
    found = list(rows)
    if as_json:
        echo_json([json_of(r) for r in found] if json_of is not None else found)
        return
    for line in lines(found):
        typer.echo(line)


def day_option(option: str, text: str) -> dt.date:
    """A day given to an option or argument, or a one-line WardError that names it."""
    from wardtui.core.dates import DateParseError, parse_day

    try:
        return parse_day(text)
    except DateParseError as exc:
        raise WardError(f"{option}: {exc}") from exc


def confirm(question: str, *, yes: bool) -> None:
    """Ask before a change that cannot be undone, unless ``--yes`` was given.

    Without a terminal to ask on, ``--yes`` is required (a WardError, exit 2); a "no"
    prints 취소했습니다 and exits with status 1, having changed nothing.
    """
    if yes:
        return
    if not sys.stdin.isatty():
        raise WardError("확인이 필요합니다: 입력 없이 실행하려면 --yes를 붙이십시오")
    if not typer.confirm(question, default=False):
        typer.echo("취소했습니다.")
        raise typer.Exit(1)
