"""Layering rules, checked in fresh interpreters so nothing else has been imported."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
