"""The database layer: schema versions, connection settings, atomic creation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from tests.sqlite_helpers import query
from wardtui.db import migrate
from wardtui.db.database import Database, make_engine
from wardtui.db.migrate import HEAD_REVISION, KNOWN_REVISIONS, open_database, schema_revision
from wardtui.db.seed import split_statements
from wardtui.db.target import resolve


def test_known_revisions_are_alembics_in_order() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_heads() == [HEAD_REVISION]
    walked = [rev.revision for rev in script.walk_revisions()]
    assert tuple(reversed(walked)) == KNOWN_REVISIONS


def test_models_and_migrations_agree(db_path: Path) -> None:
    """Every SQLModel column exists in the migrated database, and no table is missing."""
    from sqlmodel import SQLModel

    import wardtui.db.models  # noqa: F401

    conn = sqlite3.connect(db_path)
    try:
        for table in SQLModel.metadata.sorted_tables:
            cols = {r[1] for r in conn.execute(f'PRAGMA table_info("{table.name}")')}
            assert cols == {c.name for c in table.columns}, table.name
    finally:
        conn.close()


def test_engine_connections_have_foreign_keys_wal_and_busy_timeout(db_path: Path) -> None:
    engine = make_engine(resolve(str(db_path)))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced_in_sessions(db: Database) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.models import Vehicle

    with pytest.raises(IntegrityError):
        with db.session() as session:
            session.add(Vehicle(seq=99, model="트럭", count=1, facility_id=9999))
    assert db.scalar("SELECT count(*) FROM vehicle WHERE seq = 99") == 0


def test_fast_reads_need_no_sqlalchemy(db: Database) -> None:
    assert db.scalar("SELECT name FROM facility WHERE seq = :seq", {"seq": 12}) == "신길4동"
    assert db._engine is None


def test_creation_is_atomic_when_the_seed_fails(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from wardtui.db import seed
    from wardtui.errors import WardError

    monkeypatch.setattr(seed, "seed_text", lambda: "INSERT INTO facility (id) VALUES (1);")
    target = resolve(str(tmp_path / "w.db"))
    with pytest.raises(Exception) as raised:
        open_database(target)
    assert not isinstance(raised.value, WardError) or "만들 수 없습니다" in str(raised.value)
    assert list(tmp_path.iterdir()) == [], "no half-written database and no temporary file"


def test_processes_starting_at_once_share_one_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "w.db"
    starters = [
        subprocess.Popen([sys.executable, "-m", "wardtui", "--db", str(path), "db", "init"], stdout=subprocess.DEVNULL)
        for _ in range(3)
    ]
    assert [p.wait(timeout=120) for p in starters] == [0, 0, 0]
    assert schema_revision(resolve(str(path))) == HEAD_REVISION
    assert query(path, "SELECT count(*) FROM facility") == 25
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["w.db"]


def test_an_empty_file_is_initialised_in_place(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    open_database(resolve(str(path))).close()
    assert schema_revision(resolve(str(path))) == HEAD_REVISION


def test_split_statements_respects_quotes_and_comments() -> None:
    sql = "-- a; comment\nINSERT INTO t VALUES ('a;b', 'it''s');\nINSERT INTO t VALUES ('--x');"
    assert split_statements(sql) == ["INSERT INTO t VALUES ('a;b', 'it''s')", "INSERT INTO t VALUES ('--x')"]


def test_importing_the_db_layer_connects_nowhere(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import os, wardtui.db.database, wardtui.db.migrate, wardtui.db.facilities, wardtui.db.models, "
        "wardtui.db.seed, wardtui.db.target; print(sorted(os.listdir('.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
