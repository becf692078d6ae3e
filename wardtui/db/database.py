"""One handle on the database: fast reads, and SQLModel sessions for writes.

Reads are plain SQL with ``:name`` parameters, a style both ``sqlite3`` and
SQLAlchemy's ``text()`` accept, so one query string serves both back ends. On SQLite
they run through the standard ``sqlite3`` module: SQLAlchemy and SQLModel cost about
250 ms to import, and the first screen should not wait for them. On PostgreSQL they run
through the engine's pool, and values come back as SQLite gives them where the two
differ (integer sums are ``int``, not ``Decimal``). Writes go through SQLModel sessions
(imported on first use, in a worker thread).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wardtui.db.target import DbTarget
from wardtui.errors import StorageError, WardError

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
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise WardError(
                "PostgreSQL 드라이버(psycopg)가 설치되어 있지 않습니다: pip install 'wardtui[postgres]'"
            ) from exc
        return create_engine(target.url, pool_pre_ping=True, pool_size=2, max_overflow=3, connect_args={"connect_timeout": 10})

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
            try:
                conn = connect_sqlite(str(self.target.sqlite_path))
            except sqlite3.DatabaseError as exc:
                raise StorageError(storage_problem(exc, self.target.display) or f"데이터베이스를 열 수 없습니다: {exc}") from exc
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                problem = storage_problem(exc, self.target.display)
                if problem is None:
                    raise  # a fault in the query or the schema, not in the storage
                raise StorageError(problem) from exc
            finally:
                conn.close()
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            with self.engine.connect() as conn:
                return [tuple(_as_sqlite_gives(v) for v in r) for r in conn.execute(text(sql), params)]
        except DBAPIError as exc:
            if exc.connection_invalidated or isinstance(exc.orig, _server_gone_errors()):
                raise StorageError(f"데이터베이스 서버에 연결할 수 없습니다: {self.target.display}") from exc
            raise

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql": for the few queries whose SQL differs."""
        return "sqlite" if self.target.sqlite_path is not None else "postgresql"

    def data_version(self) -> tuple[Any, ...]:
        """A cheap token that changes whenever anyone commits a change to the data.

        An open app polls it and reloads when it moves, so what another desk (or the
        CLI) wrote appears without a restart. Every write adds a change-log row; the
        count is there too because PostgreSQL ids of concurrent writers commit out of order.
        """
        sql = "SELECT MAX(id), COUNT(*) FROM change_log"
        return tuple(self.rows(sql)[0])

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

        try:
            with Session(self.engine) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except WardError:
            raise
        except Exception as exc:
            problem = storage_problem(exc, self.target.display)
            if problem is None:
                raise
            raise StorageError(problem) from exc

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


def _as_sqlite_gives(value: Any) -> Any:
    """PostgreSQL's SUM over BIGINT is NUMERIC; our sums are whole won, as on SQLite."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _server_gone_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the engine could not have been made
        return ()
    return (psycopg.OperationalError,)


#: Words in a driver's error → what to tell the user (head, then what happened to the data).
_STORAGE_PROBLEMS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("readonly database", "read-only", "read only"), "데이터베이스에 쓸 수 없습니다(읽기 전용)", "아무것도 저장하지 않았습니다"),
    (("database or disk is full", "disk full", "no space left", "could not extend file"),
     "저장 공간이 가득 차서 쓰지 못했습니다", "아무것도 저장하지 않았습니다"),
    (("disk i/o error",), "디스크에 쓰지 못했습니다(저장 공간이나 장치를 확인하십시오)", "아무것도 저장하지 않았습니다"),
    (("database is locked", "database table is locked"),
     "다른 프로그램이 데이터베이스를 10초 넘게 쓰고 있습니다", "잠시 후 다시 시도하십시오"),
    (("unable to open database file",), "데이터베이스 파일을 열 수 없습니다", "권한과 경로를 확인하십시오"),
    (("file is not a database", "database disk image is malformed"), "데이터베이스 파일이 손상되었습니다", "백업에서 복원하십시오 (wardtui db restore)"),
    (("connection", "server closed", "terminating connection", "could not connect"),
     "데이터베이스 서버에 연결할 수 없습니다", "저장되지 않았을 수 있으니 다시 확인하십시오"),
)


def storage_problem(exc: BaseException, where: str | None = None) -> str | None:
    """The one-line Korean message for a storage or connection failure, or None for anything else.

    Constraint violations are not storage problems: their callers turn them into the rule's message.
    """
    orig = getattr(exc, "orig", None) or exc
    kind = type(orig).__name__
    if "Integrity" in kind or "Programming" in kind:
        return None
    if not any(word in kind for word in ("Operational", "DatabaseError", "DiskFull", "ReadOnly", "InternalError")):
        return None
    text = str(orig).lower()
    if "i/o error" in text and where and _no_space_at(where):
        text = "disk full"  # SQLite says I/O error when it cannot even grow its shared-memory file
    for needles, head, tail in _STORAGE_PROBLEMS:
        if any(n in text for n in needles):
            return f"{head}: {where} — {tail}" if where else f"{head} — {tail}"
    return None


def _no_space_at(where: str) -> bool:
    try:
        return os.statvfs(os.path.dirname(where) or ".").f_bavail == 0
    except OSError:
        return False
