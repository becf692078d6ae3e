"""Layering rules: imports checked in fresh interpreters (so nothing else has been imported), and
the sources scanned for any module but the dialect asking which database it is on."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import wardtui.core

CORE_MODULES = sorted(f"wardtui.core.{m.name}" for m in pkgutil.iter_modules(wardtui.core.__path__))


def imported_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()} | set(out.stdout.split())


def test_there_are_core_modules() -> None:
    assert {"wardtui.core.search", "wardtui.core.dates", "wardtui.core.money"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_never_imports_the_ui_or_the_database(module: str) -> None:
    loaded = imported_after(module)
    assert not loaded & {"textual", "sqlalchemy", "sqlmodel", "wardtui.db", "wardtui.screens", "wardtui.app"}


@pytest.mark.parametrize(
    "module", ["wardtui.app", "wardtui.screens.facilities", "wardtui.screens.facility_detail", "wardtui.db.migrate"]
)
def test_first_paint_path_does_not_import_sqlalchemy(module: str) -> None:
    """SQLAlchemy and SQLModel cost ~250 ms; the first screen must not wait for them."""
    loaded = imported_after(module)
    assert not loaded & {"sqlalchemy", "sqlmodel", "alembic"}


def test_cli_module_imports_neither_textual_nor_sqlalchemy() -> None:
    loaded = imported_after("wardtui.cli")
    assert not loaded & {"textual", "sqlalchemy", "sqlmodel"}


# -- one place for the database's dialect ---------------------------------------------------------
WARDTUI = Path(__file__).resolve().parents[1] / "wardtui"
#: The only modules that may know which database they are on: the dialect, and the
#: parser of --db (which knows whether a location names a file).
DIALECT_HOMES = {"wardtui/db/dialect.py", "wardtui/db/target.py"}
#: Ways of asking which database this is, or of working around the answer.
ASKING_WHICH_DATABASE = {
    "dialect.name": re.compile(r"\bdialect\.name\b"),
    "sqlite_path (is the target a file?)": re.compile(r"\.sqlite_path\b"),
    'a comparison with "sqlite"/"postgresql"': re.compile(
        r"""[=!]=\s*["'](sqlite|postgres|postgresql)["']|["'](sqlite|postgres|postgresql)["']\s*[=!]="""
    ),
    "GROUP_CONCAT": re.compile(r"(?<![.\w])GROUP_CONCAT\b", re.IGNORECASE),  # not dialect.string_agg()
    "STRING_AGG": re.compile(r"(?<![.\w])STRING_AGG\b", re.IGNORECASE),
    "SQL rewritten with .replace()": re.compile(r"\b\w*(sql|SQL)\w*\s*\.replace\(|\.replace\(\s*[\"'][A-Z_]{4,}[\"']"),
    "a driver's error code (dialect.storage_problem reads it)": re.compile(r"\b(sqlite_errorname|sqlite_errorcode|sqlstate)\b"),
    "the PostgreSQL driver": re.compile(r"\bpsycopg\b"),
    "a dialect class (ask the dialect instead)": re.compile(r"\b(SqliteDialect|PostgresDialect)\b"),
}


def asking_which_database(text: str) -> list[str]:
    """Each line of ``text`` that asks which database it is on, with what it asked."""
    return [
        f"{n}: {what}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), start=1)
        for what, pattern in ASKING_WHICH_DATABASE.items()
        if pattern.search(line)
    ]


def test_no_module_but_the_dialect_asks_which_database_it_is_on() -> None:
    found = []
    for path in sorted(WARDTUI.rglob("*.py")):
        relative = path.relative_to(WARDTUI.parent).as_posix()
        if relative in DIALECT_HOMES:
            continue
        found += [f"{relative}:{hit}" for hit in asking_which_database(path.read_text(encoding="utf-8"))]
    assert not found, "ask the dialect (wardtui/db/dialect.py) instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'if db.dialect == "sqlite":',
        "if db.dialect != 'sqlite':",
        'if "postgresql" == bind.dialect.name:',
        "if connection.dialect.name == 'postgresql':",
        "if target.sqlite_path is not None:",
        "if db.target.sqlite_path is None:",
        "(SELECT GROUP_CONCAT(m.state, ',') FROM milestone m)",
        "string_agg(m.state, ',')",
        '_PROJECT_SQL.replace("GROUP_CONCAT", "STRING_AGG")',
        'query.replace("ILIKE", "LIKE")',
        'if exc.sqlite_errorname == "SQLITE_BUSY":',
        'if exc.orig.sqlstate == "25006":',
        "import psycopg",
        "isinstance(db.dialect, SqliteDialect)",
    ],
)
def test_the_scan_catches_each_way_of_asking(line: str) -> None:
    assert asking_which_database(line)


@pytest.mark.parametrize(
    "line",
    [
        "if db.dialect.reads_are_local:",
        'states=dialect.string_agg("m.state", ",")',
        'name.replace(" ", "")',
        'text.replace(",", "")',
        'sqlite_where=sa.text("search_text IS NULL")',
        "from wardtui.db.dialect import storage_problem",
    ],
)
def test_the_scan_lets_ordinary_code_be(line: str) -> None:
    assert not asking_which_database(line)


# -- rooms of a size, and screens that share through widgets/ -----------------------------------
@pytest.mark.parametrize("folder, most", [("wardtui/db/payments", 400), ("wardtui/screens/payments", 300)])
def test_the_payment_modules_stay_small(folder: str, most: int) -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (WARDTUI.parent / folder).glob("*.py")}
    assert sizes and max(sizes.values()) <= most, sizes


def test_a_screen_takes_from_another_screen_only_the_screen_it_opens() -> None:
    """Shared helpers live in widgets/ or screens/base.py; importing another screen's module is
    for opening that screen (a class named …Screen), never for borrowing its helpers."""
    found = []
    for path in sorted((WARDTUI / "screens").rglob("*.py")):
        own = path.relative_to(WARDTUI.parent).with_suffix("").as_posix().replace("/", ".")
        package = own.rsplit(".", 1)[0]
        for module, names in re.findall(r"from (wardtui\.screens\.[\w.]+) import (\([^)]*\)|[^\n#]+)", path.read_text(encoding="utf-8")):
            if module == "wardtui.screens.base" or module.rsplit(".", 1)[0] == package == "wardtui.screens.payments":
                continue
            borrowed = [n for n in re.split(r"[,\s()]+", names) if n and not n.endswith("Screen")]
            found += [f"{own}: {module}.{n}" for n in borrowed]
    assert found == []
