"""The benchmark's cases, each measured against its floor in the same run."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.paint import PaintProbe
from bench.timing import interleave, summary

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 24)
MARKER = "신길4동"  # a row both the app's facility list and the floor app show on first paint
#: Typed into the facility search, one keystroke at a time (a whole syllable per key, as an
#: IME commits it): short and long queries, initials, a LIKE wildcard, and back to empty.
KEYS = ["신", "길", "4", "동", "backspace", "backspace", "backspace", "backspace",
        "ㅅ", "ㄱ", "4", "backspace", "backspace", "backspace",
        "도", "림", "로", "backspace", "backspace", "backspace", "%", "backspace"]


def wardtui_command() -> list[str]:
    script = Path(sys.executable).with_name("wardtui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wardtui"]


# -- 1. cold start to first paint in tmux -------------------------------------------------
class Tmux:
    """A private tmux server (its own socket), 120×40 panes."""

    def __init__(self) -> None:
        self.socket = f"wardtui-bench-{os.getpid()}"
        self._tmux(["new-session", "-d", "-s", "keep", "-x", "120", "-y", "40", "sleep 100000"])

    def _tmux(self, args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, **kw)

    def paint_ms(self, command: list[str], marker: str, timeout: float = 30.0) -> float:
        """Launch in a fresh 120×40 pane; ms until ``marker`` shows in the pane."""
        start = time.perf_counter()
        self._tmux(["new-session", "-d", "-s", "run", "-x", "120", "-y", "40", shlex.join(command)], check=True)
        try:
            while True:
                shown = self._tmux(["capture-pane", "-p", "-t", "run"]).stdout
                elapsed = (time.perf_counter() - start) * 1000
                if marker in shown:
                    return elapsed
                if elapsed > timeout * 1000:
                    raise RuntimeError(f"'{marker}' not shown after {timeout}s:\n{shown}")
                time.sleep(0.002)
        finally:
            self._tmux(["kill-session", "-t", "run"])

    def close(self) -> None:
        self._tmux(["kill-server"])


def cold_start(db: Path, runs: int) -> dict[str, Any]:
    if shutil.which("tmux") is None:
        return {"skipped": "tmux is not installed"}
    # As installed by pip, which compiles the package: without its bytecode every launch would
    # compile wardtui's sources again (~30 ms; this machine sets PYTHONDONTWRITEBYTECODE).
    import compileall

    compileall.compile_dir(ROOT / "wardtui", quiet=1)
    compileall.compile_file(ROOT / "bench" / "floor_app.py", quiet=1)
    tmux = Tmux()
    try:
        app = [*wardtui_command(), "--db", str(db), "--today", TODAY.isoformat(), "--open", "facilities"]
        floor = [sys.executable, str(ROOT / "bench" / "floor_app.py")]
        case_ms, floor_ms = interleave(lambda: tmux.paint_ms(app, MARKER), lambda: tmux.paint_ms(floor, MARKER), runs)
    finally:
        tmux.close()
    facilities = sqlite3.connect(db).execute("SELECT COUNT(*) FROM facility").fetchone()[0]
    return summary(case_ms, floor_ms, target={"ratio_max": 1.3}, facilities=facilities,
                   measures="launch in a tmux 120x40 pane until the row '신길4동' is in capture-pane "
                            "(wardtui and the floor app byte-compiled first, as pip installs them)")


# -- 2. keystroke to painted result ------------------------------------------------------
async def _type_in_app(db: Path) -> list[float]:
    from textual.widgets import Input

    from wardtui.app import WardApp
    from wardtui.db.database import Database
    from wardtui.db.target import resolve

    app = WardApp(Database(resolve(str(db))), today=TODAY, section="facilities")
    probe = PaintProbe(app)
    samples = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        search = screen.query_one("#facility-search", Input)
        probe.arm(lambda: screen.shown_query == "")
        await probe.wait()
        await pilot.press("slash")
        for key in KEYS:
            probe.arm(lambda: screen.shown_query == search.value)
            start = time.perf_counter()
            await pilot.press(key)
            samples.append((await probe.wait() - start) * 1000)
            await app.workers.wait_for_complete()  # the count phase, before the next key
    return samples


async def _type_in_input() -> list[float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class BareInput(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = BareInput()
    probe = PaintProbe(app)
    samples = []
    async with app.run_test(size=(120, 40)) as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        expected = ""
        for key in KEYS:
            expected = expected[:-1] if key == "backspace" else expected + key
            probe.arm(lambda e=expected: field.value == e)
            start = time.perf_counter()
            await pilot.press(key)
            samples.append((await probe.wait() - start) * 1000)
    return samples


def keystroke(dbs: dict[str, Path], runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {"measures": "headless run_test 120x40: Pilot key press -> the first frame rendered to "
                           "terminal bytes after the screen applied that query's rows (count/sums may follow); "
                           f"keys: {' '.join(KEYS)}"}
    targets = {"10000": 50.0, "100000": 60.0}
    for label, db in dbs.items():
        case_ms, floor_ms = interleave(lambda: asyncio.run(_type_in_app(db)), lambda: asyncio.run(_type_in_input()), runs)
        count = sqlite3.connect(db).execute("SELECT COUNT(*) FROM facility").fetchone()[0]
        target = {"ms_max": targets[str(count)]} if str(count) in targets else None
        out[label] = summary(case_ms, floor_ms, target=target, facilities=count,
                             p90_ms=round(sorted(case_ms)[int(len(case_ms) * 0.9)], 2), max_ms=round(max(case_ms), 2))
    return out


# -- 3. payments: totals query and section painted -----------------------------------------
def _raw_totals(db: Path) -> float:
    from wardtui.db.payments.ledger import ledger_totals_sql

    sql, _ = ledger_totals_sql()
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute(sql).fetchall()
    conn.close()
    return (time.perf_counter() - start) * 1000


def _app_totals(db: Path) -> float:
    from wardtui.db.database import Database
    from wardtui.db.payments.ledger import totals
    from wardtui.db.target import resolve

    database = Database(resolve(str(db)))
    start = time.perf_counter()
    totals(database)
    return (time.perf_counter() - start) * 1000


async def _open_payments(db: Path) -> float:
    from textual.widgets import Static

    from wardtui.app import WardApp
    from wardtui.db.database import Database
    from wardtui.db.target import resolve
    from wardtui.widgets.line_table import LineTable

    app = WardApp(Database(resolve(str(db))), today=TODAY, section="facilities")
    probe = PaintProbe(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()

        def shown() -> bool:
            screen = app.screen
            if screen.id != "payments-screen":
                return False
            return bool(str(screen.query_one("#pay-status", Static).content)) and screen.query_one(
                "#pay-totals-table", LineTable).row_count > 0

        probe.arm(shown)
        start = time.perf_counter()
        await pilot.press("3")
        return (await probe.wait(120) - start) * 1000


def payments(db: Path, runs: int) -> dict[str, Any]:
    count = sqlite3.connect(db).execute("SELECT COUNT(*) FROM payment").fetchone()[0]
    query_ms, raw_ms = interleave(lambda: _app_totals(db), lambda: _raw_totals(db), runs)
    paint_ms, raw2_ms = interleave(lambda: asyncio.run(_open_payments(db)), lambda: _raw_totals(db), runs)
    return {
        "rows": count,
        "totals_query": summary(query_ms, raw_ms, target={"ratio_max": 1.2},
                                measures="wardtui.db.payments.ledger.totals() vs the same GROUP BY through raw sqlite3"),
        "section_painted": summary(paint_ms, raw2_ms, target={"ms_max": 300.0},
                                   measures="headless: key 3 -> first frame with the totals table filled"),
    }


# -- 4. bulk import of payments from CSV ---------------------------------------------------
def _import_cli(base: Path, csv_path: Path, work: Path) -> float:
    db = work / "import.db"
    _fresh_copy(base, db)
    start = time.perf_counter()
    done = subprocess.run([*wardtui_command(), "--db", str(db), "--today", TODAY.isoformat(), "payments", "import",
                           str(csv_path)], capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"import failed: {done.stderr[-2000:]}")
    return elapsed


def _import_raw(base: Path, csv_path: Path, work: Path) -> float:
    db = work / "import.db"
    _fresh_copy(base, db)
    programs = {name: i for i, name in sqlite3.connect(db).execute("SELECT id, name FROM payment_program")}
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        with conn:
            conn.executemany(
                "INSERT INTO payment (id, program_id, recipient_id, period, amount_won, paid_on, state, note, "
                "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, '지급', NULL, '2026-11-24 09:00:00', 'bench')",
                ((str(uuid.uuid4()), programs[p], int(r), q, int(a), d) for p, r, q, a, d in reader),
            )
    conn.close()
    return (time.perf_counter() - start) * 1000


def _fresh_copy(base: Path, db: Path) -> None:
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(base, db)


def bulk_import(base: Path, csv_path: Path, rows: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=base.parent) as tmp:
        work = Path(tmp)
        case_ms, floor_ms = interleave(lambda: _import_cli(base, csv_path, work),
                                       lambda: _import_raw(base, csv_path, work), runs, warmup=0)
    return summary(case_ms, floor_ms, target={"ratio_max": 3.0}, rows=rows,
                   measures="`wardtui payments import` (whole process) vs csv.reader + executemany in one transaction")


# -- 5. peak memory ------------------------------------------------------------------------
def _probe(*args: str) -> dict[str, Any]:
    import json

    done = subprocess.run([sys.executable, "-m", "bench.probe", *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout)


def peak_memory(db: Path) -> dict[str, Any]:
    app = _probe("rss-payments", str(db))
    floor = _probe("rss-floor")
    return {"app_mib": app["maxrss_mib"], "floor_mib": floor["maxrss_mib"], "target": {"mib_max": 200},
            "pass": app["maxrss_mib"] <= 200,
            "measures": "peak RSS (VmHWM) of a process running the app headless on the payments section until "
                        "its totals are shown; floor: the minimal Textual app of case 1, headless"}


# -- 6. seed load on first run ---------------------------------------------------------------
def seed_load(runs: int) -> dict[str, Any]:
    case_ms, floor_ms = interleave(lambda: _probe("seed")["ms"], lambda: _probe("seed-raw")["ms"], runs)
    return summary(case_ms, floor_ms, target={"ms_max": 300.0},
                   measures="fresh process: open_database() on a missing file (schema + seed.sql), imports included; "
                            "floor: raw sqlite3 running the same DDL and seed statements")

