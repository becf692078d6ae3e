"""Open a database safely: create it, upgrade it, or refuse it with a clear message.

The schema version is checked with plain ``sqlite3`` first; Alembic (~0.4 s to import)
is loaded only when there is something to create or upgrade. A new SQLite file is built
under a temporary name and linked into place only when complete, so a database is never
half-written, and an existing file is never replaced by a new one.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from wardtui.db.database import Database, make_engine
from wardtui.db.dialect import connect_sqlite, dialect_for, plain, storage_problem
from wardtui.db.target import DbTarget, file_target
from wardtui.errors import WardError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: Every schema revision this program knows, oldest first; a test checks it against Alembic.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD_REVISION = KNOWN_REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Alembic's `op` and `context` are process-wide proxies: one migration at a time per process.
_ALEMBIC_LOCK = threading.Lock()


def open_database(target: DbTarget, *, create: bool = True) -> Database:
    """Return a ready database: created and seeded if new, upgraded if old."""
    dialect = dialect_for(target)
    dialect.prepare(target, create=create)
    return Database(target, dialect)


def schema_revision(target: DbTarget) -> str | None:
    """The schema revision stored in the database, or None for an empty one."""
    return dialect_for(target).schema_revision(target)


@contextmanager
def _transaction(target: DbTarget) -> Iterator[Connection]:
    """One transaction on a ready database, with an engine that lives only as long."""
    open_database(target)
    engine = make_engine(target)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def reset_database(target: DbTarget) -> None:
    """Drop every table and build the schema and seed again, in one transaction."""
    from wardtui.db.seed import load_seed

    with _transaction(target) as conn:
        _alembic(conn, "downgrade", "base")
        _alembic(conn, "upgrade", "head")
        load_seed(conn)


def reseed(target: DbTarget) -> int:
    """Load seed.sql again into an existing database (rows already there are kept)."""
    from wardtui.db.seed import load_seed

    with _transaction(target) as conn:
        return load_seed(conn)


# -- SQLite -------------------------------------------------------------------
def prepare_file(path: Path, *, create: bool) -> None:
    """Create, upgrade or refuse a SQLite file (the SQLite dialect's ``prepare``)."""
    if not path.exists():
        if not create:
            raise WardError(f"데이터베이스가 없습니다: {path} ('wardtui db init'으로 만드십시오)")
        _create_sqlite(path)
        return
    version, has_tables = file_state(path)
    _check_version(version, has_tables, str(path))
    if version == HEAD_REVISION:
        return
    if not os.access(path, os.W_OK):
        raise WardError(f"데이터베이스 파일에 쓸 수 없습니다: {path}")
    if version is not None:
        _backup_sqlite(path, version)
    engine = make_engine(file_target(path))
    try:
        _migrate(engine, seed=version is None)
    finally:
        engine.dispose()


def file_state(path: Path) -> tuple[str | None, bool]:
    """(schema revision, whether any table exists), without modifying the file."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WardError(f"데이터베이스 파일을 열 수 없습니다: {path} ({exc.strerror})") from exc
    if not header:
        return None, False
    if header != SQLITE_HEADER:
        raise WardError(f"SQLite 데이터베이스 파일이 아닙니다: {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                version = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # storage_problem tells a full disk from a damaged file
        raise WardError(storage_problem(exc, str(path)) or f"데이터베이스 파일이 손상되었거나 읽을 수 없습니다: {path} ({exc})") from exc
    return version, bool(tables)


def _create_sqlite(path: Path) -> None:
    import secrets  # only here: it loads OpenSSL's hashes, which the start-up path does not need

    tmp = path.with_name(f".{path.name}.creating-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise WardError(f"데이터베이스를 만들 수 없습니다: {path.parent} ({exc.strerror})") from exc
    os.close(fd)
    engine: Engine | None = None
    try:
        if not _create_from_snapshot(tmp):
            engine = make_engine(file_target(tmp))
            _migrate(engine, seed=True)
            engine.dispose()  # closing the last connection checkpoints and removes the WAL
        try:
            os.link(tmp, path)  # unlike rename, never replaces a file that appeared meanwhile
        except FileExistsError:
            file_state(path)  # another process won the race; use its file
    except OSError as exc:
        raise WardError(f"데이터베이스를 만들 수 없습니다: {path} ({exc.strerror})") from exc
    finally:
        if engine is not None:
            engine.dispose()
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def _create_from_snapshot(path: Path) -> bool:
    """Build the head schema from its recorded DDL and load the seed, with plain sqlite3.

    The same result as Alembic's upgrade (a test compares the two), in ~20 ms instead of
    ~450 ms of importing Alembic and SQLAlchemy on first run. False when the snapshot
    is of another revision, so Alembic builds the database instead.
    """
    from wardtui.db import schema_sqlite, seed
    from wardtui.db.facilities import refresh_search_keys_in

    if schema_sqlite.REVISION != HEAD_REVISION:
        return False
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in schema_sqlite.STATEMENTS:
                conn.execute(statement)
            conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD_REVISION,))
            for statement in seed.split_statements(seed.seed_text()):
                conn.execute(statement)
            refresh_search_keys_in(plain(conn))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()
    return True


def sqlite_schema_statements(path: Path) -> list[str]:
    """The DDL of a SQLite database in creation order, without FTS5's own shadow tables
    (its CREATE VIRTUAL TABLE makes them): what ``schema_sqlite.STATEMENTS`` records."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    virtual = [name for _, name, sql in found if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        sql
        for kind, name, sql in found
        if not (kind == "table" and any(name.startswith(f"{v}_") for v in virtual))
    ]


def _backup_sqlite(path: Path, version: str) -> Path:
    """Copy the database aside before a schema upgrade (SQLite online backup)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):  # two starts in the same second each keep their own copy
        suffix = "" if n == 1 else f"-{n}"
        dest = path.with_name(f"{path.stem}.before-{HEAD_REVISION}-from-{version}.{stamp}{suffix}.bak")
        try:
            fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise WardError(f"업그레이드 전 백업 파일을 만들 수 없습니다: {dest}")
    os.close(fd)
    src = connect_sqlite(str(path))
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return dest


# -- servers ------------------------------------------------------------------
def prepare_server(target: DbTarget, *, create: bool) -> None:
    """Create, upgrade or refuse a server database (the PostgreSQL dialect's ``prepare``)."""
    try:
        engine = make_engine(target)
        with engine.connect() as conn:
            version, has_tables = server_state(conn)
    except WardError:
        raise
    except Exception as exc:  # driver errors: unreachable server, bad password, no driver
        raise WardError(f"데이터베이스 서버에 연결할 수 없습니다: {target.display} ({_first_line(exc)})") from exc
    try:
        _check_version(version, has_tables, target.display)
        if version == HEAD_REVISION:
            return
        if version is None and not create:
            raise WardError(f"데이터베이스가 비어 있습니다: {target.display} ('wardtui db init')")
        _migrate(engine, seed=version is None)
    finally:
        engine.dispose()


def server_state(conn: Connection) -> tuple[str | None, bool]:
    from sqlalchemy import inspect, text

    tables = set(inspect(conn).get_table_names())
    version = None
    if "alembic_version" in tables:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return version, bool(tables)


# -- shared -------------------------------------------------------------------
def _check_version(version: str | None, has_tables: bool, where: str) -> None:
    if version is None and has_tables:
        raise WardError(f"wardtui 데이터베이스가 아닙니다: {where}")
    if version is not None and version not in KNOWN_REVISIONS:
        raise WardError(
            f"더 새로운 wardtui가 만든 데이터베이스입니다(스키마 {version}, 이 프로그램은 {HEAD_REVISION}까지): "
            "프로그램을 업데이트하십시오"
        )


def _migrate(engine: Engine, *, seed: bool) -> None:
    """Upgrade to the head revision, and load the seed into a new database, atomically."""
    with engine.begin() as conn:
        _alembic(conn, "upgrade", "head")
        if seed:
            from wardtui.db.facilities import refresh_search_keys_in
            from wardtui.db.seed import load_seed

            load_seed(conn)
            refresh_search_keys_in(plain(conn))


def _alembic(conn: Connection, command_name: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    with _ALEMBIC_LOCK:
        getattr(command, command_name)(cfg, revision)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
