"""One handle on the database: fast reads, and SQLModel sessions for writes.

Reads are plain SQL with ``:name`` parameters, a style both ``sqlite3`` and
SQLAlchemy's ``text()`` accept, so one query string serves both back ends. On SQLite
they run through the standard ``sqlite3`` module: SQLAlchemy and SQLModel cost about
250 ms to import, and the first screen should not wait for them. Writes go through
SQLModel sessions (imported on first use, in a worker thread).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from wardtui.db.target import DbTarget
from wardtui.errors import WardError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 10_000


def connect_sqlite(path: str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open an existing SQLite file with the settings every connection must have."""
    mode = "ro" if readonly else "rw"
    conn = sqlite3.connect(
        f"file:{path}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def make_engine(target: DbTarget) -> Engine:
    """Create an engine for the target (SQLite: foreign keys on, WAL, busy timeout)."""
    from sqlalchemy import create_engine, event

    if target.sqlite_path is None:
        return create_engine(target.url, pool_pre_ping=True)

    engine = create_engine(
        f"sqlite:///file:{target.sqlite_path}?mode=rw&uri=true",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is off; SQLAlchemy emits BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: two writers wait, never deadlock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """The open database of one app or CLI run."""

    def __init__(self, target: DbTarget) -> None:
        self.target = target
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    # -- reads ---------------------------------------------------------------
    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query and return its rows as tuples."""
        params = dict(params or {})
        if self.target.sqlite_path is not None:
            conn = connect_sqlite(str(self.target.sqlite_path))
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise WardError(f"데이터베이스를 읽을 수 없습니다: {exc}") from exc
            finally:
                conn.close()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    # -- writes --------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = make_engine(self.target)
            return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short SQLModel session that commits on success and rolls back on error."""
        from sqlmodel import Session

        with Session(self.engine) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
