"""Backups, restores and upgrades: nothing lost, and every file private to its owner."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sqlite_helpers import execute, query
from wardtui.db.migrate import HEAD_REVISION, open_database, schema_revision
from wardtui.db.target import resolve


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def table_rows(path: Path, only: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table (or of the given tables and columns), sorted."""
    conn = sqlite3.connect(path)
    try:
        names = only or {
            t: [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')]
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }
        listed = {t: ", ".join(f'"{c}"' for c in cols) for t, cols in names.items()}
        return {t: sorted(conn.execute(f'SELECT {cols} FROM "{t}"').fetchall(), key=repr) for t, cols in listed.items()}
    finally:
        conn.close()


def refused(run_cli, *args: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(*args)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("wardtui: "), (code, out, err)
    return err


# -- backup -----------------------------------------------------------------------------------
def test_backup_is_a_private_complete_copy(run_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("--db", str(db_path), "milestone", "add", "12", "2027.3.2", "준공 검사")[0] == 0
    dest = tmp_path / "copy.db"
    code, out, err = run_cli("--db", str(db_path), "db", "backup", str(dest))
    assert code == 0 and err == "" and str(dest) in out and f"스키마 {HEAD_REVISION}" in out
    assert mode(dest) == 0o600
    assert table_rows(dest) == table_rows(db_path)
    assert query(dest, "PRAGMA integrity_check") == "ok"
    assert query(dest, "PRAGMA journal_mode") == "delete"  # one self-contained file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")) == []


def test_backup_without_a_path_goes_beside_the_database_and_into_a_folder(run_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("--db", str(db_path), "db", "backup")
    assert code == 0
    made = Path(out.split(": ", 1)[1].split(" (")[0])
    assert made.parent == db_path.parent and made.name.startswith("wardtui.backup-") and mode(made) == 0o600
    folder = tmp_path / "backups"
    folder.mkdir()
    assert run_cli("--db", str(db_path), "db", "backup", str(folder))[0] == 0
    assert [p.suffix for p in folder.iterdir()] == [".db"]


def test_backup_never_overwrites(run_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "keep.db"
    dest.write_bytes(b"precious")
    assert "덮어쓰지 않습니다" in refused(run_cli, "--db", str(db_path), "db", "backup", str(dest))
    assert dest.read_bytes() == b"precious"
    assert "폴더가 없습니다" in refused(run_cli, "--db", str(db_path), "db", "backup", str(tmp_path / "no" / "x.db"))


def test_a_server_database_gets_the_pg_dump_hint(run_cli) -> None:  # type: ignore[no-untyped-def]
    err = refused(run_cli, "--db", "postgresql+psycopg://clerk:secret@db.example/wardtui", "db", "backup")
    assert "pg_dump" in err and "secret" not in err
    err = refused(run_cli, "--db", "postgresql+psycopg://clerk:secret@db.example/wardtui", "db", "restore", "x.dump", "--yes")
    assert "pg_restore" in err and "secret" not in err


# -- restore ----------------------------------------------------------------------------------
def test_restore_brings_the_backup_back_and_keeps_what_was_there(run_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "monday.db"
    assert run_cli("--db", str(db_path), "db", "backup", str(backup))[0] == 0
    at_backup = table_rows(db_path)
    assert run_cli("--db", str(db_path), "milestone", "add", "12", "2027.3.2", "백업 뒤에 쓴 일정")[0] == 0
    after = table_rows(db_path)
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(backup), "--yes")
    assert code == 0 and err == "" and "복원했습니다" in out
    assert table_rows(db_path) == at_backup
    kept = Path(out.split("이전 자료: ")[1].strip())
    assert mode(kept) == 0o600 and table_rows(kept) == after
    assert query(db_path, "PRAGMA integrity_check") == "ok" and mode(db_path) == 0o600


def test_restore_asks_first(run_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.db"
    assert run_cli("--db", str(db_path), "db", "backup", str(backup))[0] == 0
    before = sha(db_path)
    assert "--yes" in refused(run_cli, "--db", str(db_path), "db", "restore", str(backup))
    assert sha(db_path) == before
    done = subprocess.run(  # a terminal that answers no
        [sys.executable, "-c", "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)", sys.executable, "-m", "wardtui",
         "--db", str(db_path), "db", "restore", str(backup)],
        input="n\n", capture_output=True, text=True, timeout=60,
    )
    assert "바꿀까요" in done.stdout and "취소했습니다" in done.stdout and done.returncode == 1
    assert sha(db_path) == before


def _newer(path: Path) -> None:
    execute(path, "UPDATE alembic_version SET version_num = '9999'")


def _foreign(path: Path) -> None:
    path.unlink()
    execute(path, "CREATE TABLE ledger (id INTEGER)")


def _not_a_database(path: Path) -> None:
    path.write_text("program,recipient_id\n", encoding="utf-8")


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 3: 4096 * 3 + 2000] = os.urandom(2000)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "needle"),
    [(_newer, "더 새로운"), (_foreign, "wardtui 데이터베이스가 아닙니다"), (_not_a_database, "SQLite 데이터베이스 파일이 아닙니다"),
     (_damaged, "손상")],
    ids=["newer-schema", "foreign", "not-a-database", "damaged"],
)
def test_restore_refuses_a_file_it_cannot_use_and_changes_nothing(run_cli, db_path: Path, tmp_path: Path, spoil, needle: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.db"
    assert run_cli("--db", str(db_path), "db", "backup", str(bad))[0] == 0
    spoil(bad)
    before, bad_before = sha(db_path), sha(bad)
    assert needle in refused(run_cli, "--db", str(db_path), "db", "restore", str(bad), "--yes")
    assert (sha(db_path), sha(bad)) == (before, bad_before)
    assert sorted(p.name for p in db_path.parent.iterdir() if "before-restore" in p.name) == []


def test_restore_into_a_missing_file_creates_it_private(run_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fresh = tmp_path / "new" / "w.db"
    fresh.parent.mkdir()
    code, out, _ = run_cli("--db", str(fresh), "db", "restore", str(db_path), "--yes")
    assert code == 0 and "이전 자료" not in out
    assert mode(fresh) == 0o600 and table_rows(fresh) == table_rows(db_path)


# -- upgrades ---------------------------------------------------------------------------------
def first_revision_database(path: Path, seeded: Path) -> dict[str, list[str]]:
    """A database of schema 0001 with the seed's rows in every one of its tables."""
    from wardtui.db import migrate
    from wardtui.db.database import make_engine

    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    engine = make_engine(resolve(str(path)))
    try:
        with engine.begin() as conn:
            migrate._alembic(conn, "upgrade", "0001")
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if t != "alembic_version"]
        columns = {t: [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
        conn.execute("ATTACH DATABASE ? AS seeded", (str(seeded),))
        with conn:
            for t, cols in columns.items():
                listed = ", ".join(f'"{c}"' for c in cols)
                conn.execute(f'INSERT INTO main."{t}" ({listed}) SELECT {listed} FROM seeded."{t}"')
        conn.execute("DETACH DATABASE seeded")
    finally:
        conn.close()
    return columns


def test_a_first_revision_database_upgrades_to_head_losing_nothing(tmp_path: Path, seeded_template: Path) -> None:
    old = tmp_path / "w.db"
    columns = first_revision_database(old, seeded_template)
    assert schema_revision(resolve(str(old))) == "0001"
    before = table_rows(old, columns)
    assert all(before[t] for t in columns), [t for t in columns if not before[t]]  # data in every table
    assert len(columns) >= 15
    open_database(resolve(str(old))).close()
    assert schema_revision(resolve(str(old))) == HEAD_REVISION
    assert table_rows(old, columns) == before
    assert query(old, "PRAGMA integrity_check") == "ok"
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    (bak,) = [p for p in tmp_path.iterdir() if p.suffix == ".bak"]
    assert "from-0001" in bak.name and mode(bak) == 0o600
    assert schema_revision(resolve(str(bak))) == "0001" and table_rows(bak, columns) == before


def test_a_first_revision_backup_restores_and_upgrades(run_cli, db_path: Path, tmp_path: Path, seeded_template: Path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "old.db"
    columns = first_revision_database(old, seeded_template)
    before = table_rows(old, columns)
    code, out, err = run_cli("--db", str(db_path), "db", "restore", str(old), "--yes")
    assert code == 0 and "스키마 0001" in out, err
    assert schema_revision(resolve(str(db_path))) == HEAD_REVISION
    assert table_rows(db_path, columns) == before


# -- owner only ---------------------------------------------------------------------------------
def test_every_file_is_owner_only_even_with_a_permissive_umask(tmp_path: Path) -> None:
    """The database, its WAL and shared-memory files, backups and the upgrade's .bak: 0600."""
    code = """
import os, sys, sqlite3
os.umask(0)
from pathlib import Path
from wardtui.cli import main
path = Path(sys.argv[1])
for args in (["db", "init"], ["db", "backup", str(path.with_name("b.db"))]):
    try:
        main(["--db", str(path), *args])
    except SystemExit as done:
        assert done.code in (0, None), done.code
from wardtui.db.migrate import open_database
from wardtui.db.target import resolve
from wardtui.db import projects as pr
from wardtui.core.dates import parse_date
db = open_database(resolve(str(path)))
pr.add_milestone(db, 12, start=parse_date("2027.3.2"), date_text="2027.3.2", title="x")
with db.engine.connect() as conn:  # keep the WAL and -shm open while they are looked at
    conn.exec_driver_sql("SELECT 1")
    print("MODES", " ".join(f"{p.name}={oct(p.stat().st_mode & 0o777)}" for p in sorted(path.parent.iterdir())))
"""
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "w.db")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = dict(item.split("=") for item in done.stdout.splitlines()[-1].split()[1:])
    assert {"w.db", "w.db-wal", "w.db-shm", "b.db"} <= set(seen)
    assert set(seen.values()) == {"0o600"}, seen


def test_upgrade_backups_made_in_the_same_second_do_not_collide(db_path: Path) -> None:
    from wardtui.db.migrate import _backup_sqlite

    made = [_backup_sqlite(db_path, "0002") for _ in range(3)]  # well within one second
    assert len(set(made)) == 3
    for path in made:
        assert mode(path) == 0o600
        assert query(path, "PRAGMA integrity_check") == "ok"
