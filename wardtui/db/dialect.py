"""Every difference between SQLite and PostgreSQL, in one place.

The rest of wardtui never asks which engine it is on: it asks its ``Database.dialect``
(or, holding only a SQLAlchemy connection, :func:`dialect_of`) to make the engine, read
rows, spell a search condition or an aggregate, reset sequences, insert in bulk, prepare,
back up, and say what went wrong. A test (tests/test_architecture.py) keeps it so.

Values come back typed on both engines: DATE as ``datetime.date``, DATETIME/TIMESTAMP as
``datetime.datetime``, BOOLEAN as ``bool``, integer sums as ``int``. A date computed by an
expression (MAX, COALESCE, CASE) has no declared type on SQLite: name it ``AS "x [date]"``
(or ``[datetime]``); SQLite converts by that name and PostgreSQL, which types it anyway,
takes it as a quoted alias.

Storage failures are told by their codes, never their words (a server may speak Korean):
``sqlite_errorname`` on SQLite, SQLSTATE on PostgreSQL; :func:`storage_problem` is the one
place that turns a driver error into the user's one-line message.

Cheap to import, no SQLAlchemy here: it is on the path to the first paint.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sqlite3
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from wardtui.db.target import DbTarget
from wardtui.errors import StorageError, WardError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from wardtui.db.database import Database

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
#: FTS5's trigram tokenizer finds nothing shorter than this.
TRIGRAM = 3


# -- what went wrong -----------------------------------------------------------------------
class Problem(enum.Enum):
    """A storage or connection failure, in the words the user is told: what happened, then
    what became of the data."""

    READ_ONLY = ("데이터베이스에 쓸 수 없습니다(읽기 전용)", "아무것도 저장하지 않았습니다")
    DISK_FULL = ("저장 공간이 가득 차서 쓰지 못했습니다", "아무것도 저장하지 않았습니다")
    DISK_IO = ("디스크에 쓰지 못했습니다(저장 공간이나 장치를 확인하십시오)", "아무것도 저장하지 않았습니다")
    BUSY = ("다른 프로그램이 데이터베이스를 10초 넘게 쓰고 있습니다", "잠시 후 다시 시도하십시오")
    CANNOT_OPEN = ("데이터베이스 파일을 열 수 없습니다", "권한과 경로를 확인하십시오")
    DAMAGED = ("데이터베이스 파일이 손상되었습니다", "백업에서 복원하십시오 (wardtui db restore)")
    CANNOT_CONNECT = ("데이터베이스 서버에 연결할 수 없습니다", "저장되지 않았을 수 있으니 다시 확인하십시오")

    def __init__(self, head: str, tail: str) -> None:
        self.head = head
        self.tail = tail

    def message(self, where: str | None = None, *, reading: bool = False) -> str:
        """The one line; a failed read says nothing about saving (it saved nothing)."""
        after = None if reading and self in _ABOUT_SAVING else self.tail
        text = f"{self.head}: {where}" if where else self.head
        return f"{text} — {after}" if after else text


_ABOUT_SAVING = frozenset({Problem.READ_ONLY, Problem.DISK_FULL, Problem.DISK_IO, Problem.CANNOT_CONNECT})


def storage_problem(exc: BaseException, where: str | None = None, *, reading: bool = False) -> str | None:
    """The one-line Korean message for a storage or connection failure, or None for anything else.

    Decided by the driver's code (``sqlite_errorname``, SQLSTATE), never by its message.
    Constraint violations are not storage problems: their callers turn them into the rule's message.
    """
    problem = _problem_of(exc, where)
    return None if problem is None else problem.message(where, reading=reading)


def database_unreachable(exc: BaseException) -> bool:
    """Whether the failure means the database is not there to use (a moved, unreadable or
    damaged file, a server that does not answer): worth watching for its return. A busy,
    full or read-only database is there, and refused only this one piece of work."""
    return _problem_of(exc, None) in (Problem.CANNOT_OPEN, Problem.DAMAGED, Problem.CANNOT_CONNECT)


def _problem_of(exc: BaseException, where: str | None) -> Problem | None:
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if isinstance(orig, sqlite3.Error):
        return SQLITE._problem(orig, where)
    psycopg = sys.modules.get("psycopg")  # not imported: then it cannot be its error
    if psycopg is not None and isinstance(orig, psycopg.Error):
        return POSTGRESQL._problem(orig, where)
    return None


def _no_space_at(where: str) -> bool:
    try:
        return os.statvfs(os.path.dirname(where) or ".").f_bavail == 0
    except OSError:
        return False


# -- plain SQL on either engine ----------------------------------------------------------------
class PlainConnection(Protocol):
    """A connection inside a transaction, for plain SQL with ``:name`` parameters."""

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]: ...

    def executemany(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None: ...


class _SqlitePlain:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, dict(params or {})).fetchall()

    def executemany(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        self._conn.executemany(sql, params)


class _AlchemyPlain:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        return [tuple(r) for r in self._conn.execute(text(sql), dict(params or {}))]

    def executemany(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        from sqlalchemy import text

        self._conn.execute(text(sql), list(params))


def plain(connection: Any) -> PlainConnection:
    """Plain SQL on a connection already in a transaction: a ``sqlite3`` one or a SQLAlchemy one."""
    return _SqlitePlain(connection) if isinstance(connection, sqlite3.Connection) else _AlchemyPlain(connection)


# -- SQLite's typed values -------------------------------------------------------------------
def _date(stored: bytes) -> dt.date:
    return dt.date.fromisoformat(stored[:10].decode())


def _datetime(stored: bytes) -> dt.datetime:
    # Every time we store is UTC (changelog.now); SQLAlchemy writes it to SQLite without its
    # zone. Given back aware, as PostgreSQL gives it, so a screen shows it in local time.
    value = dt.datetime.fromisoformat(stored.decode())
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def _boolean(stored: bytes) -> bool:
    return int(stored) != 0


# The declared types of our columns (schema_sqlite, models). sqlite3 keeps converters per
# process, and only connections opened with detect_types (connect_sqlite) use them.
sqlite3.register_converter("DATE", _date)
sqlite3.register_converter("DATETIME", _datetime)
sqlite3.register_converter("BOOLEAN", _boolean)
_DETECT_TYPES = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES


def connect_sqlite(path: str | Path, *, readonly: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """Open an existing SQLite file with the settings every connection must have (typed values,
    foreign keys on, the busy timeout: ``timeout`` is SQLite's busy timeout)."""
    mode = "ro" if readonly else "rw"
    conn = sqlite3.connect(
        f"file:{path}?mode={mode}", uri=True, timeout=busy_timeout_ms / 1000, check_same_thread=False,
        detect_types=_DETECT_TYPES,
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _stored_in_sqlite(value: Any) -> Any:
    """A Python value as SQLAlchemy stores it in SQLite (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # stored in UTC, without its zone (read back aware: _datetime)
            value = value.astimezone(dt.timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _whole(value: Any) -> Any:
    """PostgreSQL's SUM over BIGINT is NUMERIC; our sums are whole won."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


# -- the dialects ------------------------------------------------------------------------------
class Dialect(ABC):
    """What differs between the engines; one instance per engine (and settings)."""

    #: "sqlite" or "postgresql": for messages and SQLAlchemy only, never to branch on.
    name: ClassVar[str]
    #: A read is a call into this process (~1 ms on an embedded file), so a screen may fetch its
    #: first page before it paints; on a server every read is a round trip and belongs in a worker.
    reads_are_local: ClassVar[bool]

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    # -- engine, connections, reads ---------------------------------------------------------
    @abstractmethod
    def make_engine(self, target: DbTarget) -> Engine:
        """A SQLAlchemy engine for the target, with the settings every connection needs."""

    @abstractmethod
    def read(self, db: Database, sql: str, params: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        """Rows of a read query, typed; a storage failure is a StorageError."""

    @abstractmethod
    def plain_transaction(self, db: Database) -> AbstractContextManager[PlainConnection]:
        """A short write transaction for plain SQL (no SQLAlchemy import on SQLite); a storage
        failure is a StorageError."""

    # -- SQL that is spelled differently -------------------------------------------------------
    @abstractmethod
    def string_agg(self, expression: str, separator: str) -> str:
        """The aggregate joining ``expression`` over a group with ``separator`` (a Python string)."""

    @abstractmethod
    def trigram_condition(self, id_column: str, fts_table: str, column: str, text: str) -> tuple[str, dict[str, Any]] | None:
        """A condition finding ``text`` in ``column`` through a full-text trigram index, or None
        where there is none for it (the caller uses LIKE then)."""

    @abstractmethod
    def pattern_condition(self, column: str, param: str, *, glob: str, regex: str) -> tuple[str, dict[str, Any]]:
        """The condition matching ``column`` against one of core.search's two patterns, with its parameter."""

    @abstractmethod
    def contains_condition(self, column: str, param: str) -> str:
        """True where ``column`` contains the text of parameter ``param`` literally (no wildcards)."""

    @abstractmethod
    def id_sequence_resets(self, tables: Iterable[str]) -> list[str]:
        """Statements to run after rows with explicit ids went into ``tables``, so new rows get
        fresh ids."""

    @abstractmethod
    def advance_sequences(self, cursor: Any) -> None:
        """The same for every table with a serial id, on a DB-API cursor (after the seed)."""

    @abstractmethod
    def bulk_insert(self, connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert many rows of Python values inside the connection's transaction, fast; returns how
        many. A constraint violation is SQLAlchemy's IntegrityError on both engines."""

    @abstractmethod
    def choose(self, *, sqlite: T, postgresql: T) -> T:
        """For DDL written once per engine (triggers, full-text tables): this engine's."""

    # -- where the database lives ------------------------------------------------------------
    @abstractmethod
    def prepare(self, target: DbTarget, *, create: bool) -> None:
        """Create, upgrade or refuse the database (see wardtui.db.migrate)."""

    @abstractmethod
    def schema_revision(self, target: DbTarget) -> str | None:
        """The schema revision stored in the database, or None for an empty one."""

    @abstractmethod
    def holds_database(self, target: DbTarget) -> bool:
        """Whether there is a database there already (before ``db init``)."""

    @abstractmethod
    def backup_file(self, target: DbTarget) -> Path:
        """The file SQLite's online backup copies; a server is refused, naming its own tool."""

    @abstractmethod
    def restore_file(self, target: DbTarget) -> Path:
        """The file a backup is restored into; a server is refused, naming its own tool."""

    @abstractmethod
    def _problem(self, error: BaseException, where: str | None) -> Problem | None:
        """The storage problem a driver error of this engine is, by its code."""


class SqliteDialect(Dialect):
    """The embedded default: a file, read through the standard ``sqlite3`` module."""

    name = "sqlite"
    reads_are_local = True

    #: sqlite_errorname's primary code → problem (SQLITE_IOERR_WRITE is an SQLITE_IOERR).
    _PROBLEMS: ClassVar[dict[str, Problem]] = {
        "SQLITE_READONLY": Problem.READ_ONLY,
        "SQLITE_FULL": Problem.DISK_FULL,
        "SQLITE_IOERR": Problem.DISK_IO,
        "SQLITE_BUSY": Problem.BUSY,
        "SQLITE_LOCKED": Problem.BUSY,
        "SQLITE_CANTOPEN": Problem.CANNOT_OPEN,
        "SQLITE_NOTADB": Problem.DAMAGED,
        "SQLITE_CORRUPT": Problem.DAMAGED,
    }

    def __init__(self, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.busy_timeout_ms = busy_timeout_ms

    @staticmethod
    def _path(target: DbTarget) -> Path:
        assert target.sqlite_path is not None, target.display
        return target.sqlite_path

    def connect(self, target: DbTarget, *, readonly: bool = False) -> sqlite3.Connection:
        return connect_sqlite(self._path(target), readonly=readonly, busy_timeout_ms=self.busy_timeout_ms)

    def make_engine(self, target: DbTarget) -> Engine:
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import NullPool

        # No pool: each write opens the file that is at the path now. A kept connection would
        # go on writing into a file moved away or replaced (`db restore` with the app open),
        # and closing the last connection checkpoints the WAL, so the file alone holds the data.
        engine = create_engine(
            f"sqlite:///file:{self._path(target)}?mode=rw&uri=true",
            connect_args={"timeout": self.busy_timeout_ms / 1000, "check_same_thread": False},
            poolclass=NullPool,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling is off; SQLAlchemy emits BEGIN itself.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # IMMEDIATE takes the write lock up front: two writers wait, never deadlock.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    def read(self, db: Database, sql: str, params: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        # Opening is inside the try: a missing, moved or damaged file is a message too.
        try:
            conn = connect_sqlite(db.target.sqlite_path, busy_timeout_ms=self.busy_timeout_ms)  # type: ignore[arg-type]
            try:
                return conn.execute(sql, dict(params or {})).fetchall()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            problem = storage_problem(exc, db.target.display, reading=True)
            if problem is None:
                raise  # a fault in the query or the schema, not the storage: told as unforeseen, and logged
            raise StorageError(problem) from exc

    @contextmanager
    def plain_transaction(self, db: Database) -> Iterator[PlainConnection]:
        try:
            conn = self.connect(db.target)
            try:
                with conn:
                    yield _SqlitePlain(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            problem = storage_problem(exc, db.target.display)
            if problem is None:
                raise
            raise StorageError(problem) from exc

    def string_agg(self, expression: str, separator: str) -> str:
        return f"GROUP_CONCAT({expression}, {_literal(separator)})"

    def trigram_condition(self, id_column: str, fts_table: str, column: str, text: str) -> tuple[str, dict[str, Any]] | None:
        if len(text) < TRIGRAM:
            return None
        phrase = '"' + text.replace('"', '""') + '"'
        return f"{id_column} IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :fts)", {"fts": f"{{{column}}} : {phrase}"}

    def pattern_condition(self, column: str, param: str, *, glob: str, regex: str) -> tuple[str, dict[str, Any]]:
        return f"{column} GLOB :{param}", {param: glob}

    def contains_condition(self, column: str, param: str) -> str:
        return f"instr({column}, :{param}) > 0"

    def id_sequence_resets(self, tables: Iterable[str]) -> list[str]:
        return []  # an INTEGER PRIMARY KEY's next id follows the largest

    def advance_sequences(self, cursor: Any) -> None:
        return None  # the same: nothing to advance

    def bulk_insert(self, connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        # executemany on the driver connection: SQLAlchemy's per-row type processing costs
        # seconds per million rows. It runs inside the connection's own (IMMEDIATE) transaction.
        raw = connection.connection.driver_connection
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        count = 0

        def stored() -> Iterator[tuple[Any, ...]]:
            nonlocal count
            for row in rows:
                count += 1
                yield tuple(_stored_in_sqlite(v) for v in row)

        try:
            raw.executemany(sql, stored())  # type: ignore[union-attr]
        except sqlite3.IntegrityError as exc:
            from sqlalchemy.exc import IntegrityError

            raise IntegrityError(sql, None, exc) from exc
        return count

    def choose(self, *, sqlite: T, postgresql: T) -> T:
        return sqlite

    def prepare(self, target: DbTarget, *, create: bool) -> None:
        from wardtui.db.migrate import prepare_file

        prepare_file(self._path(target), create=create)

    def schema_revision(self, target: DbTarget) -> str | None:
        from wardtui.db.migrate import file_state

        return file_state(self._path(target))[0]

    def holds_database(self, target: DbTarget) -> bool:
        return self._path(target).exists()

    def backup_file(self, target: DbTarget) -> Path:
        return self._path(target)

    def restore_file(self, target: DbTarget) -> Path:
        return self._path(target)

    def _problem(self, error: BaseException, where: str | None) -> Problem | None:
        primary = "_".join(str(getattr(error, "sqlite_errorname", "")).split("_", 2)[:2])
        if primary == "SQLITE_IOERR" and where and _no_space_at(where):
            return Problem.DISK_FULL  # SQLite says I/O error when it cannot even grow its shared-memory file
        return self._PROBLEMS.get(primary)


class PostgresDialect(Dialect):
    """A shared server, through SQLAlchemy's pool and psycopg 3."""

    name = "postgresql"
    reads_are_local = False

    #: SQLSTATE → problem; any of class 08 (connection exception) is CANNOT_CONNECT too.
    _PROBLEMS: ClassVar[dict[str, Problem]] = {
        "25006": Problem.READ_ONLY,  # read_only_sql_transaction (a read-only database or standby)
        "53100": Problem.DISK_FULL,  # disk_full
        "58030": Problem.DISK_IO,  # io_error
        "53300": Problem.CANNOT_CONNECT,  # too_many_connections
        "57P01": Problem.CANNOT_CONNECT,  # admin_shutdown (also pg_terminate_backend)
        "57P02": Problem.CANNOT_CONNECT,  # crash_shutdown
        "57P03": Problem.CANNOT_CONNECT,  # cannot_connect_now (starting up)
    }

    def make_engine(self, target: DbTarget) -> Engine:
        from sqlalchemy import create_engine

        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise WardError(
                "PostgreSQL 드라이버(psycopg)가 설치되어 있지 않습니다: pip install 'wardtui[postgres]'"
            ) from exc
        return create_engine(target.url, pool_pre_ping=True, pool_size=2, max_overflow=3, connect_args={"connect_timeout": 10})

    def read(self, db: Database, sql: str, params: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            with db.engine.connect() as conn:
                return [tuple(_whole(v) for v in r) for r in conn.execute(text(sql), dict(params or {}))]
        except DBAPIError as exc:
            problem = storage_problem(exc, db.target.display, reading=True)
            if problem is None and exc.connection_invalidated:
                problem = Problem.CANNOT_CONNECT.message(db.target.display, reading=True)
            if problem is None:
                raise
            raise StorageError(problem) from exc

    @contextmanager
    def plain_transaction(self, db: Database) -> Iterator[PlainConnection]:
        from sqlalchemy.exc import DBAPIError

        try:
            with db.engine.begin() as conn:
                yield _AlchemyPlain(conn)
        except DBAPIError as exc:
            problem = storage_problem(exc, db.target.display)
            if problem is None:
                raise
            raise StorageError(problem) from exc

    def string_agg(self, expression: str, separator: str) -> str:
        return f"STRING_AGG({expression}, {_literal(separator)})"

    def trigram_condition(self, id_column: str, fts_table: str, column: str, text: str) -> tuple[str, dict[str, Any]] | None:
        return None  # no FTS5 here; LIKE on the stored key is the search

    def pattern_condition(self, column: str, param: str, *, glob: str, regex: str) -> tuple[str, dict[str, Any]]:
        return f"{column} ~ :{param}", {param: regex}

    def contains_condition(self, column: str, param: str) -> str:
        return f"strpos({column}, :{param}) > 0"

    def id_sequence_resets(self, tables: Iterable[str]) -> list[str]:
        return [
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            for table in tables
        ]

    def advance_sequences(self, cursor: Any) -> None:
        cursor.execute(
            "SELECT c.table_name FROM information_schema.columns c "
            "WHERE c.table_schema = current_schema() AND c.column_name = 'id' "
            "AND c.column_default LIKE 'nextval%'"
        )
        for statement in self.id_sequence_resets(table for (table,) in cursor.fetchall()):
            cursor.execute(statement)

    def bulk_insert(self, connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch = [tuple(row) for row in rows]
        if batch:
            connection.exec_driver_sql(sql, batch)  # psycopg's executemany
        return len(batch)

    def choose(self, *, sqlite: T, postgresql: T) -> T:
        return postgresql

    def prepare(self, target: DbTarget, *, create: bool) -> None:
        from wardtui.db.migrate import prepare_server

        prepare_server(target, create=create)

    def schema_revision(self, target: DbTarget) -> str | None:
        from wardtui.db.migrate import server_state

        engine = self.make_engine(target)
        try:
            with engine.connect() as conn:
                return server_state(conn)[0]
        finally:
            engine.dispose()

    def holds_database(self, target: DbTarget) -> bool:
        try:
            return self.schema_revision(target) is not None
        except WardError:
            raise
        except Exception:  # noqa: BLE001 - preparing it says what is wrong with the server
            return False

    def backup_file(self, target: DbTarget) -> Path:
        raise self._server_tool(target, "pg_dump")

    def restore_file(self, target: DbTarget) -> Path:
        raise self._server_tool(target, "pg_restore")

    @staticmethod
    def _server_tool(target: DbTarget, tool: str) -> WardError:
        url = target.display.replace("postgresql+psycopg://", "postgresql://")  # libpq's spelling
        if tool == "pg_dump":
            how = f"pg_dump --format=custom --file=wardtui.dump '{url}'"
        else:
            how = f"pg_restore --clean --if-exists --dbname='{url}' wardtui.dump"
        return WardError(f"PostgreSQL 데이터베이스는 서버 도구로 {'백업' if tool == 'pg_dump' else '복원'}하십시오: {how}")

    def _problem(self, error: BaseException, where: str | None) -> Problem | None:
        import psycopg

        state = getattr(error, "sqlstate", None)
        if state is None:
            # libpq's own failures (refused, unreachable, closed underway) carry no SQLSTATE.
            return Problem.CANNOT_CONNECT if isinstance(error, psycopg.OperationalError) else None
        if state.startswith("08"):
            return Problem.CANNOT_CONNECT
        return self._PROBLEMS.get(state)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SQLITE = SqliteDialect()
POSTGRESQL = PostgresDialect()


def dialect_for(target: DbTarget) -> Dialect:
    """The dialect of a resolved database location."""
    return SQLITE if target.sqlite_path is not None else POSTGRESQL


def dialect_of(bind: Any) -> Dialect:
    """The dialect of a SQLAlchemy connection or engine (the seed loader, migrations)."""
    return SQLITE if bind.dialect.name == "sqlite" else POSTGRESQL

