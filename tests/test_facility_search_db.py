"""The search key's schema: migration 0003, and the recorded DDL a new database is built from."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from wardtui.db import migrate, schema_sqlite
from wardtui.db.database import Database, make_engine
from wardtui.db.facilities import search_facilities
from wardtui.db.target import DbTarget, resolve


def test_the_recorded_schema_is_what_alembic_builds() -> None:
    """If this fails after a new migration: python -m bench.schema"""
    from bench.schema import alembic_statements

    assert schema_sqlite.REVISION == migrate.HEAD_REVISION
    assert list(schema_sqlite.STATEMENTS) == alembic_statements()


def _dump(path: Path) -> tuple[list[tuple[str, ...]], dict[str, list[tuple[object, ...]]]]:
    conn = sqlite3.connect(path)
    try:
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'facility_fts%'")]
        return schema, {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def test_a_new_database_equals_one_built_by_alembic(tmp_path: Path) -> None:
    fast = tmp_path / "fast.db"
    migrate.open_database(resolve(str(fast))).close()
    slow = tmp_path / "slow.db"
    slow.touch()
    engine = make_engine(DbTarget(url=f"sqlite:///{slow}", sqlite_path=slow))
    try:
        migrate._migrate(engine, seed=True)
    finally:
        engine.dispose()
    assert _dump(fast) == _dump(slow)
    assert sqlite3.connect(fast).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_first_run_imports_neither_alembic_nor_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import sys; from wardtui.db.migrate import open_database; from wardtui.db.target import resolve; "
        f"open_database(resolve({str(tmp_path / 'new.db')!r})); "
        "print(sorted(m for m in ('alembic', 'sqlalchemy', 'sqlmodel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_upgrading_from_0002_fills_the_search_key(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch()
    engine = make_engine(DbTarget(url=f"sqlite:///{path}", sqlite_path=path))
    try:
        with engine.begin() as conn:
            migrate._alembic(conn, "upgrade", "0002")
            from wardtui.db.seed import load_seed

            load_seed(conn)
    finally:
        engine.dispose()
    db = migrate.open_database(resolve(str(path)))
    assert migrate.schema_revision(db.target) == migrate.HEAD_REVISION
    assert db.scalar("SELECT COUNT(*) FROM facility WHERE search_text IS NULL") == 0
    assert [f.name for f in search_facilities(db, "ㅅㄱ4")] == ["신길4동"]
    assert [f.name for f in search_facilities(db, "신길4동")] == ["신길4동"]
    assert list(tmp_path.glob(f"old.before-{migrate.HEAD_REVISION}-from-0002.*.bak")), "the old file was copied aside first"


def test_reset_drops_and_rebuilds_the_index(db_path: Path) -> None:
    migrate.reset_database(resolve(str(db_path)))
    db = Database(resolve(str(db_path)))
    assert [f.name for f in search_facilities(db, "문래동자")] == ["문래동자치회관"]
