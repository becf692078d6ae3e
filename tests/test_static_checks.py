"""The type checker and the import contracts run with the tests, so CI fails on either.

mypy: strict for wardtui.core, the default checks for the rest (pyproject.toml [tool.mypy]).
import-linter: core imports neither the UI nor the database, db imports no UI, screens and
widgets import no SQL driver, widgets know no screen (pyproject.toml [tool.importlinter]).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(tool: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # mypy's cache goes to the test's own folder: parallel test workers never share one.
    env = {**os.environ, "MYPY_CACHE_DIR": str(tmp_path / "mypy-cache")}
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, env=env)


def test_mypy_finds_no_error(tmp_path: Path) -> None:
    done = run("mypy", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues found" in done.stdout


def test_the_import_contracts_hold(tmp_path: Path) -> None:
    done = run("lint-imports", "--no-cache", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.split("Contracts:")[-1].replace("0 broken", "")
