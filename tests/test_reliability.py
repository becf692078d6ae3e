"""Nothing a user entered is lost: writers killed mid-write, writers at the same time.

The writers are real processes running the ``wardtui`` entry point (``wardtui.cli.main``),
forked from one warmed-up process so that a kill costs milliseconds rather than a
Python start-up: 50 and more kills fit in half a minute. A write "reported success"
when the command printed its line (with the new record's id); the test reads those lines
through a pipe as they are printed. What is asserted is what was reported and what is
stored, never how many writes a busy machine managed between two kills.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability_figures import record

KILLS = int(os.environ.get("WARDTUI_KILLS", "80"))
RECIPIENTS = 30

#: Reads commands on stdin; for each, forks a writer that runs the CLI in a loop.
#: "loop ROUND OUT" writes until killed; "count ROUND OUT N" writes N times and exits.
ZYGOTE = textwrap.dedent(
    """
    import os, signal, sys
    import sqlalchemy, sqlmodel, alembic  # warm: every writer starts with them imported
    import wardtui.db.models, wardtui.db.projects, wardtui.db.payments.paying, wardtui.commands.projects
    from wardtui.cli import main

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped at once
    db = sys.argv[1]

    def write(rnd, i):
        n = rnd * 200 + i
        if i % 2:
            args = ["milestone", "add", "12", "2021.3.1", f"kill-{rnd}-{i}"]
        else:
            month = n // 2 // RECIPIENTS
            period = f"{2000 + month // 12}-{month % 12 + 1:02d}"
            args = ["payments", "add", "--program", "활동보상금", "--recipient", str(1 + n // 2 % RECIPIENTS),
                    "--period", period, "--amount", "300000", "--paid-on", "2021-03-25"]
        try:
            main(["--db", db, *args])
        except SystemExit as done:
            if done.code not in (0, None):
                print(f"FAILED {done.code} {args}", flush=True)

    for line in sys.stdin:
        kind, rnd, out, *rest = line.split()
        pid = os.fork()
        if pid == 0:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.stdout = sys.stderr = open(1, "w", buffering=1, encoding="utf-8", closefd=False)
            i = 0
            while kind == "loop" or i < int(rest[0]):
                i += 1
                write(int(rnd), i)
            sys.stdout.flush()
            os._exit(0)
        print(pid, flush=True)
    """
).replace("RECIPIENTS", str(RECIPIENTS))

MILESTONE_LINE = re.compile(r"^일정을 추가했습니다: .* \[([0-9a-f-]{36})\]$", re.M)
PAYMENT_LINE = re.compile(r"^지급했습니다: .*\(번호 ([0-9a-f-]{36})\)$", re.M)


class Writers:
    """The warmed-up process and the writers it forks."""

    def __init__(self, db: Path, work: Path) -> None:
        self.work = work
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )

    def start(self, rnd: int, count: int | None = None, out: Path | None = None) -> tuple[int, Path]:
        """Fork a writer printing into ``out`` (a file, or a FIFO the test reads)."""
        out = out or self.work / f"round-{rnd}.out"
        kind = "loop" if count is None else "count"
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{kind} {rnd} {out}" + (f" {count}" if count else "") + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline()), out

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


class Report:
    """A writer's output, read through a FIFO as it is printed.

    The test holds a write end of its own, so the pipe shows end-of-file only once the
    writer is gone *and* the test lets go (``read_to_end``), never before the writer opened it.
    """

    def __init__(self, path: Path) -> None:
        os.mkfifo(path, 0o600)
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self._hold: int | None = os.open(path, os.O_WRONLY)
        self.data = b""

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    def _read(self, timeout: float) -> bool:
        """Wait for output (``timeout`` s at most); False at end-of-file."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        assert ready, f"the writer printed nothing for {timeout:.0f} s: {self.text[-500:]!r}"
        chunk = os.read(self.fd, 65536)
        self.data += chunk
        return bool(chunk)

    def wait_for_a_write(self, timeout: float = 60) -> None:
        """Block until the writer reports one write (an event: the line it prints after committing)."""
        deadline = time.monotonic() + timeout
        while not (MILESTONE_LINE.search(self.text) or PAYMENT_LINE.search(self.text)):
            assert "FAILED" not in self.text and "Traceback" not in self.text, self.text
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no write reported within {timeout:.0f} s: {self.text[-500:]!r}"
            assert self._read(remaining), f"the writer stopped before reporting a write: {self.text!r}"

    def read_to_end(self, timeout: float = 60) -> str:
        """Everything the writer printed; call once it is gone (end-of-file then comes at once)."""
        if self._hold is not None:
            os.close(self._hold)
            self._hold = None
        while self._read(timeout):
            pass
        os.close(self.fd)
        return self.text


def wait_gone(pid: int, timeout: float = 60) -> None:
    """Block until the writer has exited (a pidfd turns readable then; the zygote reaps it)."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # already exited and reaped
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
        assert ready, f"writer {pid} still running after {timeout:.0f} s"
    finally:
        os.close(pidfd)


@pytest.fixture
def ledger_db(db_path: Path) -> Path:
    """The seeded file with recipients to pay (appointed 2000-01-01)."""
    from wardtui.db.payments.register import add_recipient
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    import datetime as dt

    db = open_database(resolve(str(db_path)))
    for i in range(RECIPIENTS):
        add_recipient(db, name=f"김영숙{i}", dong="신길4동", role="통장", tong=i + 1, since=dt.date(2000, 1, 1))
    db.close()
    return db_path


@pytest.fixture
def writers(ledger_db: Path, tmp_path: Path) -> Iterator[Writers]:
    w = Writers(ledger_db, tmp_path)
    yield w
    w.close()


def state(path: Path) -> dict[str, object]:
    """What is in the file: written ids, and whether each has its change-log row."""
    conn = sqlite3.connect(path)
    try:
        milestones = {r[0] for r in conn.execute("SELECT id FROM milestone WHERE title LIKE 'kill-%'")}
        payments = {r[0] for r in conn.execute("SELECT id FROM payment WHERE created_by <> 'seed'")}
        logged = {
            r[0] for r in conn.execute("SELECT entity_id FROM change_log WHERE action = 'add' AND entity IN ('milestone', 'payment')")
        }
        return {
            "milestones": milestones,
            "payments": payments,
            "logged": logged,
            "integrity": conn.execute("PRAGMA integrity_check").fetchall(),
            "foreign_keys": conn.execute("PRAGMA foreign_key_check").fetchall(),
        }
    finally:
        conn.close()


def reported(out: Path) -> tuple[set[str], set[str], str]:
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return set(MILESTONE_LINE.findall(text)), set(PAYMENT_LINE.findall(text)), text


def test_writers_killed_at_random_moments_lose_nothing_they_reported(writers: Writers, ledger_db: Path) -> None:
    """Whatever number of writes lands between the kills: every one reported is stored,
    with its change-log row, and the file stays intact."""
    rng = random.Random(20261124)
    reported_ms: set[str] = set()
    reported_pay: set[str] = set()
    started = time.monotonic()
    for rnd in range(1, KILLS + 1):
        report = Report(writers.work / f"round-{rnd}.fifo")
        pid, _ = writers.start(rnd, out=report.path)
        # The kill lands at a random moment: no assertion depends on what got done by then.
        time.sleep(rng.uniform(0.0, 0.35))
        if not reported_ms and not reported_pay:
            report.wait_for_a_write()  # so the test cannot pass without a single reported write
        os.kill(pid, signal.SIGKILL)
        wait_gone(pid)
        text = report.read_to_end()
        assert "FAILED" not in text and "Traceback" not in text and "locked" not in text, text
        reported_ms |= set(MILESTONE_LINE.findall(text))
        reported_pay |= set(PAYMENT_LINE.findall(text))
        found = state(ledger_db)
        assert found["integrity"] == [("ok",)] and found["foreign_keys"] == []
        assert reported_ms <= found["milestones"], "a milestone reported as added is missing"  # type: ignore[operator]
        assert reported_pay <= found["payments"], "a payment reported as made is missing"  # type: ignore[operator]
        # All or nothing: a row is there exactly when its change-log row is.
        assert found["milestones"] | found["payments"] == found["logged"]  # type: ignore[operator]
    assert reported_ms or reported_pay
    found = state(ledger_db)
    stored = len(found["milestones"]) + len(found["payments"])  # type: ignore[arg-type]
    record(
        "kill",
        kills=KILLS,
        seconds=round(time.monotonic() - started, 1),
        writes_reported=len(reported_ms) + len(reported_pay),
        writes_stored=stored,
        reported_but_missing=0,
        committed_but_unreported=stored - len(reported_ms) - len(reported_pay),
        integrity_checks_ok=KILLS,
    )


def test_writers_at_the_same_time_never_see_locked_and_lose_nothing(writers: Writers, ledger_db: Path) -> None:
    """Two CLI processes and this process (the app's write path) on one file at once."""
    from wardtui.core.dates import parse_date
    from wardtui.db import projects as pr
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    per_writer = 40
    started = time.monotonic()
    runs = [writers.start(300 + k, per_writer) for k in range(2)]
    db = open_database(resolve(str(ledger_db)))
    app_ids: list[str] = []
    errors: list[BaseException] = []

    def app_writes() -> None:
        try:
            for i in range(per_writer):
                app_ids.append(pr.add_milestone(db, 11, start=parse_date("2021.4.1"), date_text="2021.4.1", title=f"kill-app-{i}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=app_writes)
    thread.start()
    for pid, _ in runs:
        wait_gone(pid, timeout=120)
    thread.join(120)
    db.close()
    assert errors == []
    reported_total = len(app_ids)
    found = state(ledger_db)
    for _, out in runs:
        ms, pays, text = reported(out)
        assert "FAILED" not in text and "locked" not in text and "Traceback" not in text, text
        assert len(ms) + len(pays) == per_writer
        assert ms <= found["milestones"] and pays <= found["payments"]  # type: ignore[operator]
        reported_total += len(ms) + len(pays)
    assert set(app_ids) <= found["milestones"]  # type: ignore[operator]
    assert len(found["milestones"]) + len(found["payments"]) == reported_total == 3 * per_writer  # type: ignore[arg-type]
    assert found["integrity"] == [("ok",)]
    record("concurrent", writers=3, writes_each=per_writer, writes_stored=reported_total,
           seconds=round(time.monotonic() - started, 1), locked_errors=0)


# -- a file that cannot take the write ----------------------------------------------------------
def sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(db: Path, *args: str, **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wardtui", "--db", str(db), *args], capture_output=True, text=True, timeout=120, **popen  # type: ignore[arg-type]
    )


def one_line_refusal(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1 and done.stderr.startswith("wardtui: "), done.stderr
    assert "Traceback" not in done.stderr
    for needle in needles:
        assert needle in done.stderr


WRITES = (
    ("milestone", "add", "12", "2021.3.1", "착공"),
    ("execution", "add", "11", "1,000", "--date", "2020.11.2", "--source", "구비"),
    ("recipients", "add", "--name", "김영숙", "--dong", "신길4동", "--role", "통장", "--tong", "3"),
    ("db", "seed"),
    ("db", "reset", "--yes"),
)


@pytest.fixture
def read_only(db_path: Path) -> Iterator[Path]:
    """The seeded file, write-protected in a way that holds even for root."""
    if os.geteuid() != 0:
        db_path.chmod(0o444)
        yield db_path
        db_path.chmod(0o600)
        return
    done = subprocess.run(["chattr", "+i", str(db_path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("root without chattr: a write-protected file cannot be made")
    yield db_path
    subprocess.run(["chattr", "-i", str(db_path)], check=True)


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_read_only_file_refuses_writes_in_one_line_and_stays_as_it_was(read_only: Path, args: tuple[str, ...]) -> None:
    before = sha(read_only)
    one_line_refusal(cli(read_only, *args), "읽기 전용", "아무것도 저장하지 않았습니다")
    assert sha(read_only) == before
    reading = cli(read_only, "facilities", "ㅅㄱ4")
    assert reading.returncode == 0 and "신길4동" in reading.stdout  # reading still works


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (root), else nothing: the file-size-limit test below covers other users."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)]).returncode:
        pytest.skip("needs root to mount a small tmpfs; test_a_file_size_limit_* covers the same refusal")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def fill(disk: Path, leave_kb: int) -> None:
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(disk / "filler", max(0, (disk / "filler").stat().st_size - leave_kb * 1024))


def test_a_full_disk_is_a_message_and_the_file_is_unchanged(small_disk: Path, seeded_template: Path) -> None:
    import shutil

    db = small_disk / "wardtui.db"
    shutil.copyfile(seeded_template, db)
    fill(small_disk, 0)
    before = sha(db)
    for args in WRITES[:3]:
        one_line_refusal(cli(db, *args), "저장 공간이 가득", "아무것도 저장하지 않았습니다")
    assert sha(db) == before


def test_a_disk_filling_up_mid_work_keeps_every_reported_write(small_disk: Path, seeded_template: Path) -> None:
    import shutil

    db = small_disk / "wardtui.db"
    shutil.copyfile(seeded_template, db)
    fill(small_disk, 100)
    reported_titles = []
    for i in range(200):
        done = cli(db, "milestone", "add", "12", "2021.3.1", f"disk-{i}-" + "가" * 180, "--note", "나" * 490)
        if done.returncode != 0:
            one_line_refusal(done, "저장 공간이 가득")
            break
        reported_titles.append(f"disk-{i}-")
    else:
        pytest.fail("the disk never filled up")
    (small_disk / "filler").unlink()
    conn = sqlite3.connect(db)
    try:
        stored = {r[0][: r[0].index("-", 5) + 1] for r in conn.execute("SELECT title FROM milestone WHERE title LIKE 'disk-%'")}
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert stored == set(reported_titles) and reported_titles
    record("disk_full", writes_before_full=len(reported_titles), refused_cleanly=True)


def test_a_file_size_limit_is_a_message_and_the_file_is_unchanged(db_path: Path) -> None:
    """Any user: RLIMIT_FSIZE makes every write past the limit fail as a full disk does."""
    import resource

    size = 4096  # below the shared-memory file and the first WAL frame
    for leftover in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        leftover.unlink(missing_ok=True)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    before = sha(db_path)
    for args in WRITES[:3]:
        done = cli(db_path, *args, preexec_fn=limited)
        one_line_refusal(done, "아무것도 저장하지 않았습니다")
    assert sha(db_path) == before


def test_a_restore_that_runs_out_of_disk_is_a_message_and_leaves_no_file(small_disk: Path, seeded_template: Path) -> None:
    target = small_disk / "new.db"
    fill(small_disk, 64)  # room for the temporary file, not for the pages
    one_line_refusal(cli(target, "db", "restore", str(seeded_template), "--yes"), "new.db")
    assert not target.exists() or target.stat().st_size == 0
    assert [p.name for p in small_disk.iterdir()] in (["filler"], ["filler", "new.db"], ["new.db", "filler"])
