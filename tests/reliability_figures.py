"""The figures the reliability tests measured, gathered for RELIABILITY.md.

Each test adds its numbers under its own key in one JSON file in the temporary
directory (``WARDTUI_FIGURES`` overrides the path); ``pytest -rA`` or ``-s`` also shows
them as they are recorded.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def figures_path() -> Path:
    return Path(os.environ.get("WARDTUI_FIGURES") or Path(tempfile.gettempdir()) / "wardtui-reliability.json")


def record(key: str, *, per_worker: bool = False, **figures: Any) -> None:
    """Store ``figures`` under ``key``. ``per_worker``: the figures are this process's part of
    a count that parallel test processes (pytest-xdist) each add to; the key then holds the
    sum of every process's latest part in this test run."""
    path = figures_path()
    # Tests run in parallel processes (pytest-xdist): one writer at a time, and readers only
    # ever see a whole file, so no key another test recorded is lost.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        if per_worker:
            run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
            parts = known.setdefault("_parts", {}).get(key)
            if not parts or parts.get("run") != run:
                parts = {"run": run, "workers": {}}
            parts["workers"][os.environ.get("PYTEST_XDIST_WORKER", "")] = figures
            known["_parts"][key] = parts
            figures = {}
            for part in parts["workers"].values():
                for name, value in part.items():
                    figures[name] = figures.get(name, 0) + value
        known[key] = figures
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(known, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(path)
    print(f"\nfigures {key}: {json.dumps(figures, ensure_ascii=False)}")
