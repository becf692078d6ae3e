"""The figures the reliability tests measured, gathered for RELIABILITY.md.

Each test adds its numbers under its own key in one JSON file in the temporary
directory (``WARDTUI_FIGURES`` overrides the path); ``pytest -rA`` or ``-s`` also shows
them as they are recorded.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def figures_path() -> Path:
    return Path(os.environ.get("WARDTUI_FIGURES") or Path(tempfile.gettempdir()) / "wardtui-reliability.json")


def record(key: str, **figures: Any) -> None:
    path = figures_path()
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    known[key] = figures
    path.write_text(json.dumps(known, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    print(f"\nfigures {key}: {json.dumps(figures, ensure_ascii=False)}")
