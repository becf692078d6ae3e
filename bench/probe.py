"""Measurements that need a process of their own; each prints one JSON object.

``python -m bench.probe rss-payments DB`` · ``rss-floor`` · ``seed`` · ``seed-raw``
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()


def _maxrss_mib() -> float:
    """Peak RSS of this process. VmHWM where there is /proc: Linux's ru_maxrss keeps the
    parent's peak across fork and exec, so a probe started by a big process reads high."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


async def _payments_open(db: str) -> None:
    from wardtui.app import WardApp
    from wardtui.db.database import Database
    from wardtui.db.target import resolve
    from wardtui.widgets.line_table import LineTable

    app = WardApp(Database(resolve(db)), section="payments")
    async with app.run_test(size=(120, 40)) as pilot:
        table = None
        for _ in range(6000):
            await pilot.pause(0.01)
            if app.screen.id == "payments-screen":
                table = app.screen.query_one("#pay-totals-table", LineTable)
                if table.row_count:
                    break
        assert table is not None and table.row_count, "totals never shown"
        await app.workers.wait_for_complete()
        await pilot.pause()


async def _floor_open() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from floor_app import FloorApp  # type: ignore[import-not-found]

    app = FloorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()


def _seed() -> float:
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        open_database(resolve(str(Path(tmp) / "new.db"))).close()
        return (time.perf_counter() - start) * 1000


def _seed_raw() -> float:
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        from wardtui.db.schema_sqlite import STATEMENTS
        from wardtui.db.seed import seed_text, split_statements

        conn = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        conn.execute("BEGIN")
        for statement in (*STATEMENTS, *split_statements(seed_text())):
            conn.execute(statement)
        conn.execute("COMMIT")
        conn.close()
        return (time.perf_counter() - start) * 1000


def main(argv: list[str]) -> None:
    what = argv[0]
    if what == "rss-payments":
        asyncio.run(_payments_open(argv[1]))
        print(json.dumps({"maxrss_mib": _maxrss_mib()}))
    elif what == "rss-floor":
        asyncio.run(_floor_open())
        print(json.dumps({"maxrss_mib": _maxrss_mib()}))
    elif what == "seed":
        print(json.dumps({"ms": _seed()}))
    elif what == "seed-raw":
        print(json.dumps({"ms": _seed_raw()}))
    else:
        raise SystemExit(f"unknown probe: {what}")


if __name__ == "__main__":
    main(sys.argv[1:])
