"""The benchmark keeps working: CI runs it at the smallest scale and checks its JSON.

No timing is asserted here; the figures are the benchmark's output, not a test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_quick_benchmark_prints_one_json_object_with_every_case() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "1", "--payments", "1000", "--quick"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["scale"] == "1" and result["payments"] == 1000
    assert {"cpu", "cores", "python", "sqlite", "textual"} <= set(result["machine"])
    cases = result["cases"]
    assert set(cases) == {"cold_start", "keystroke", "payments", "import", "memory", "seed_load"}
    with_target = [cases["payments"]["totals_query"], cases["payments"]["section_painted"], cases["import"],
                   cases["seed_load"]]
    if "skipped" not in cases["cold_start"]:
        with_target.append(cases["cold_start"])
    for case in [*with_target, cases["keystroke"]["24"]]:
        assert {"median_ms", "min_ms", "floor_median_ms", "ratio"} <= set(case), case
        assert case["median_ms"] > 0 and case["floor_median_ms"] > 0
    for case in with_target:
        assert isinstance(case["pass"], bool) and case["target"], case
    assert cases["import"]["rows"] == 1000
    assert cases["memory"]["app_mib"] > 0 and isinstance(cases["memory"]["pass"], bool)


def test_cold_start_is_skipped_with_a_reason_without_tmux(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from bench import cases

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert cases.cold_start(ROOT / "nowhere.db", 1) == {"skipped": "tmux is not installed"}


def test_synthetic_facilities_are_found_by_the_search(tmp_path: Path) -> None:
    from bench.data import build
    from wardtui.db.database import Database
    from wardtui.db.facilities import find_facilities
    from wardtui.db.target import resolve

    path = tmp_path / "city.db"
    build(path, facilities=500, payments=100)
    db = Database(resolve(str(path)))
    everything = find_facilities(db, "", limit=200)
    assert (everything.count, len(everything.rows)) == (500, 200)
    assert db.scalar("SELECT COUNT(*) FROM payment") == 100
    assert db.scalar("SELECT COUNT(*) FROM facility WHERE search_text IS NULL") == 0
    assert find_facilities(db, "ㅅㄱ4").count >= 1
