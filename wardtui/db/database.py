"""One handle on the database: fast reads, and SQLModel sessions for writes.

Reads are plain SQL with ``:name`` parameters, a style both ``sqlite3`` and
SQLAlchemy's ``text()`` accept, so one query string serves both back ends; the
database's dialect (wardtui.db.dialect) runs them and gives values back typed alike
(dates, datetimes, integer sums). On SQLite they run through the standard ``sqlite3``
module: SQLAlchemy and SQLModel cost about 250 ms to import, and the first screen should
not wait for them. Writes go through SQLModel sessions (imported on first use, in a
worker thread). A storage failure on either is a StorageError with one Korean line.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from wardtui.db.dialect import Dialect, PlainConnection, dialect_for, storage_problem
from wardtui.db.target import DbTarget
from wardtui.errors import StorageError, WardError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


def make_engine(target: DbTarget) -> Engine:
    """A SQLAlchemy engine for the target, as its dialect makes it."""
    return dialect_for(target).make_engine(target)


class Database:
    """The open database of one app or CLI run."""

    def __init__(self, target: DbTarget, dialect: Dialect | None = None) -> None:
        self.target = target
        #: Everything that differs between SQLite and PostgreSQL (wardtui.db.dialect).
        self.dialect = dialect or dialect_for(target)
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    # -- reads ---------------------------------------------------------------
    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query and return its rows as tuples of typed values."""
        return self.dialect.read(self, sql, params)

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

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
                self._engine = self.dialect.make_engine(self.target)
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

    def plain_transaction(self) -> AbstractContextManager[PlainConnection]:
        """A short write transaction for plain SQL, without SQLAlchemy on SQLite (see the dialect)."""
        return self.dialect.plain_transaction(self)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

