"""The ``wardtui`` console entry: opens the app without loading the command line's machinery.

``wardtui [--db D] [--today T] [--open S] [--version]`` with nothing else is by far the
most common call; answering it here keeps typer and every subcommand module (~70 ms)
off the path to first paint. Anything else, and any option this fast path is unsure
of (a bad value, a repeated option, an unknown word), goes to ``wardtui.cli.main``, so
every message and exit status stays the CLI's own.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import NoReturn

from wardtui import __version__
from wardtui.sections import SECTION_IDS

_VALUED = {"--db": "WARDTUI_DB", "--today": "WARDTUI_TODAY", "--open": None}


def app_options(args: list[str]) -> dict[str, str | bool] | None:
    """The options of an app launch, or None when the words ask for anything more."""
    found: dict[str, str | bool] = {}
    i = 0
    while i < len(args):
        word = args[i]
        name, eq, value = word.partition("=")
        if word == "--version":
            found["--version"] = True
        elif name in _VALUED and name not in found:
            if not eq:
                if i + 1 >= len(args) or args[i + 1].startswith("-"):
                    return None
                i += 1
                value = args[i]
            found[name] = value
        else:
            return None
        i += 1
    return found


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    options = app_options(args)
    if options is None:
        _cli(args)
    if options.get("--version"):
        print(f"wardtui {__version__}")
        sys.exit(0)
    today_text = str(options["--today"] if "--today" in options else os.environ.get("WARDTUI_TODAY", ""))
    db_text = str(options["--db"] if "--db" in options else os.environ.get("WARDTUI_DB", ""))
    section = str(options.get("--open", "home"))
    today = _day(today_text) if today_text else dt.date.today()
    if today is None or section not in SECTION_IDS or not (sys.stdout.isatty() and sys.stdin.isatty()):
        _cli(args)  # the CLI words the refusal
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve
    from wardtui.errors import WardError

    try:
        db = open_database(resolve(db_text or None))
    except WardError as exc:
        print(f"wardtui: {exc.message}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:
        # A storage failure while creating or upgrading (full or read-only disk): as the CLI words it.
        from wardtui.failures import describe_failure

        failure = describe_failure(exc, "데이터베이스를 열지 못했습니다")
        print(f"wardtui: {failure.message}", file=sys.stderr)
        sys.exit(2 if failure.storage else 1)
    from wardtui.app import WardApp

    try:
        WardApp(db, today=today, section=section).run()
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)


def _day(text: str) -> dt.date | None:
    from wardtui.core.dates import DateParseError, parse_day

    try:
        return parse_day(text)
    except DateParseError:
        return None


def _cli(args: list[str]) -> NoReturn:
    from wardtui.cli import main as cli_main

    cli_main(args)
    sys.exit(0)  # cli_main always exits; this is for type checkers
