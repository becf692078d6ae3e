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


def record(key: str, **figures: Any) -> None:
    path = figures_path()
    # Tests run in parallel processes (pytest-xdist): one writer at a time, and readers only
    # ever see a whole file, so no key another test recorded is lost.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        known[key] = figures
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(known, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(path)
    print(f"\nfigures {key}: {json.dumps(figures, ensure_ascii=False)}")
