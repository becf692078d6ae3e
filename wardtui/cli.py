"""The ``wardtui`` command: opens the app, or answers on the command line.

Every refusal is one line on stderr and exit status 2, never a traceback. Heavy
modules (Textual, SQLAlchemy) are imported inside the commands that need them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from typing import Annotated

import typer

# typer vendors click from 0.29 on; the version is pinned in pyproject.toml.
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from wardtui import __version__
from wardtui.commands import register_all
from wardtui.commands.common import JsonListOpt, Settings, YesOpt, answer, confirm, day_option, settings_of
from wardtui.errors import WardError
from wardtui.sections import SECTION_IDS


cli = typer.Typer(
    name="wardtui",
    help="자치행정과 업무 도구: 시설, 사업, 수당·장학금, 선거.",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_cli = typer.Typer(help="데이터베이스 관리: path, init, seed, reset, backup, restore.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")


def _settings(ctx: typer.Context) -> Settings:
    return settings_of(ctx)


def _parse_today(value: str | None) -> dt.date:
    return day_option("--today", value) if value else dt.date.today()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wardtui {__version__}")
        raise typer.Exit()


@cli.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="WARDTUI_DB", help="데이터베이스 파일 경로 또는 SQLAlchemy URL.", show_envvar=True),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", envvar="WARDTUI_TODAY", help="오늘 날짜(YYYY-MM-DD): D-day와 경과연수의 기준.", show_envvar=True),
    ] = None,
    open_section: Annotated[
        str | None,
        typer.Option("--open", help="처음 열 화면: home | facilities | projects | payments | elections (기본 home)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="버전을 보여 줍니다.")
    ] = False,
) -> None:
    """Without a command, opens the app."""
    ctx.obj = Settings(db=db, today=_parse_today(today))
    if open_section is not None and open_section not in SECTION_IDS:
        raise WardError(f"알 수 없는 화면입니다: '{open_section}' ({', '.join(SECTION_IDS)} 중 하나)")
    if ctx.invoked_subcommand is None:
        _run_app(ctx.obj, open_section or "home")


def _run_app(settings: Settings, section: str) -> None:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise WardError("터미널에서만 앱을 열 수 있습니다 (명령은 'wardtui --help')")
    db = settings.database()  # refuse a bad database before the screen is taken over
    from wardtui.app import WardApp

    WardApp(db, today=settings.today, section=section).run()


# -- db ---------------------------------------------------------------------
@db_cli.command("path")
def db_path(ctx: typer.Context) -> None:
    """데이터베이스 위치를 보여 줍니다."""
    typer.echo(_settings(ctx).target().display)


@db_cli.command("init")
def db_init(ctx: typer.Context) -> None:
    """데이터베이스를 만들고 보고서 자료를 넣습니다 (이미 있으면 그대로 둡니다)."""
    from wardtui.db.dialect import dialect_for
    from wardtui.db.migrate import HEAD_REVISION, open_database

    target = _settings(ctx).target()
    existed = dialect_for(target).holds_database(target)
    open_database(target)
    state = "이미 있습니다" if existed else "만들었습니다"
    typer.echo(f"데이터베이스를 {state}: {target.display} (스키마 {HEAD_REVISION})")


@db_cli.command("seed")
def db_seed(ctx: typer.Context) -> None:
    """seed.sql을 다시 넣습니다 (있는 행은 건드리지 않습니다)."""
    from wardtui.db.migrate import reseed

    target = _settings(ctx).target()
    count = reseed(target)
    typer.echo(f"보고서 자료를 확인했습니다: {count}개 문장, {target.display}")


@db_cli.command("reset")
def db_reset(ctx: typer.Context, yes: YesOpt = False) -> None:
    """모든 자료를 지우고 보고서 자료로 다시 만듭니다."""
    from wardtui.db.migrate import reset_database

    target = _settings(ctx).target()
    confirm(f"{target.display}의 모든 자료를 지우고 다시 만들까요?", yes=yes)
    reset_database(target)
    typer.echo(f"데이터베이스를 다시 만들었습니다: {target.display}")


@db_cli.command("backup")
def db_backup(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(help="백업 파일 또는 폴더 (기본: 데이터베이스 옆에 날짜·시각 이름).")] = None,
) -> None:
    """데이터베이스를 백업합니다 (앱이 열려 있어도 됩니다; 파일은 본인만 읽을 수 있습니다)."""
    from pathlib import Path

    from wardtui.db.backup import backup

    made = backup(_settings(ctx).target(), Path(path).expanduser() if path else None)
    typer.echo(f"백업했습니다: {made.path} (스키마 {made.revision}, {made.size:,}바이트)")


@db_cli.command("restore")
def db_restore(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="복원할 백업 파일.")],
    yes: YesOpt = False,
) -> None:
    """백업 파일로 되돌립니다 (지금 자료는 먼저 백업해 둡니다)."""
    from pathlib import Path

    from wardtui.db.backup import check_backup, restore
    from wardtui.db.dialect import dialect_for

    target = _settings(ctx).target()
    source = Path(path).expanduser()
    dialect_for(target).restore_file(target)  # a server is refused (naming pg_restore) before asking
    revision = check_backup(source)  # refuse a bad file before asking
    confirm(f"{target.display}의 자료를 {source} (스키마 {revision})의 자료로 바꿀까요? 지금 자료는 먼저 백업합니다.", yes=yes)
    done = restore(target, source)
    kept = f"; 이전 자료: {done.kept}" if done.kept else ""
    typer.echo(f"복원했습니다: {done.source} → {target.display} (스키마 {done.revision}){kept}")


# -- facilities ---------------------------------------------------------------
@cli.command("facilities")
def facilities_cmd(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="동명·주소 검색어 (초성 가능, 예: ㅅㄱ4).")] = "",
    as_json: JsonListOpt = False,
) -> None:
    """시설(동주민센터·자치회관)을 찾습니다."""
    from wardtui.core.dates import age_label, format_date
    from wardtui.core.money import format_area
    from wardtui.db.facilities import FacilityRow, search_facilities

    settings = _settings(ctx)

    def lines(rows: list[FacilityRow]) -> Iterator[str]:
        if not rows:
            yield f"'{query}'에 맞는 시설이 없습니다."
            return
        for r in rows:
            age = age_label(r.completed_on, settings.today)
            built = format_date(r.completed_on) if r.completed_on else ""
            land = format_area(r.land_m2_x100) if r.land_m2_x100 is not None else "-"
            building = format_area(r.building_m2_x100) if r.building_m2_x100 is not None else "-"
            yield f"{r.name}\t{r.kind}\t{r.address}\t대지 {land}㎡\t건물 {building}㎡\t{r.floors_label}\t{built}\t{age}"
        yield f"{len(rows)}곳"

    answer(as_json, search_facilities(settings.database(), query), lines)


register_all(cli)


# -- entry point --------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI, turning every refusal into one line and status 2."""
    try:
        code = cli(args=argv, prog_name="wardtui", standalone_mode=False)
    except WardError as exc:
        _fail(exc.message)
    except NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help())
        sys.exit(2)
    except UsageError as exc:
        _fail(usage_message(exc.format_message()))
    except typer.Abort:
        typer.echo("취소했습니다.", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        # A storage failure outside a session (reset, reseed, migration) is one line and status 2;
        # anything nobody foresaw is one line naming the log that holds its traceback, status 1.
        from wardtui.failures import describe_failure

        failure = describe_failure(exc, "명령을 마치지 못했습니다")
        _fail(failure.message, status=2 if failure.storage else 1)
    sys.exit(code if isinstance(code, int) else 0)


#: click's refusals (English) → Korean, as every other message of the CLI. Anything not
#: listed passes through as click words it.
_USAGE_KO: tuple[tuple[str, str], ...] = (
    (r"No such option: (\S+) \(Possible options: (.+)\)", r"알 수 없는 옵션입니다: \1 (가능한 옵션: \2)"),
    (r"No such option: (\S+) Did you mean (\S+)\?", r"알 수 없는 옵션입니다: \1 (혹시 \2?)"),
    (r"No such option: (\S+)", r"알 수 없는 옵션입니다: \1"),
    (r"No such command '(.+)'\. Did you mean '(.+)'\?", r"알 수 없는 명령입니다: \1 (혹시 \2?)"),
    (r"No such command '(.+)'\.", r"알 수 없는 명령입니다: \1 (명령 목록: wardtui --help)"),
    (r"Option '(.+)' requires an argument\.", r"옵션 \1에는 값이 필요합니다"),
    (r"Option '(.+)' does not take a value\.", r"옵션 \1은(는) 값을 받지 않습니다"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", r"필요 없는 인자가 있습니다: \1"),
    (r"Missing (?:option|argument|parameter) '(.+)'\.", r"필요한 값이 빠졌습니다: \1"),
    (r"Invalid value for '(.+)': .*(?:valid integer|parse string as an integer).*", r"\1에는 정수를 넣으십시오"),
    (r"Invalid value for '(.+)': (.+)", r"\1의 값이 잘못되었습니다: \2"),
)


def usage_message(text: str) -> str:
    """One of click's usage refusals, in Korean."""
    import re

    for pattern, korean in _USAGE_KO:
        if re.fullmatch(pattern, text, flags=re.DOTALL):
            return re.sub(pattern, korean, text, count=1, flags=re.DOTALL)
    return text


def _fail(message: str, *, status: int = 2) -> None:
    from wardtui.errors import one_line

    typer.echo(f"wardtui: {one_line(message)}", err=True)
    sys.exit(status)
