"""PostgreSQL race tests: a plain connection beside the app's, and waiting until desks queue."""

from __future__ import annotations

import time
from typing import Any


def psycopg_conn(url: str) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))


def waiting_on_locks(conn: Any) -> int:
    found = conn.execute(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchone()
    return int(found[0])


def wait_for(conn: Any, count: int, message: str | None = None, timeout: float = 60) -> None:
    """Until ``count`` sessions wait on a lock, then assert exactly that many do.

    ``conn`` is an autocommit connection of its own (pg_stat_activity is a snapshot per
    transaction). The server has no way to tell us when a session starts waiting, so this
    looks again every few milliseconds; ``timeout`` only turns a desk that never queues
    (it failed first, or took another path) into a clear failure instead of a hang.
    """
    deadline = time.monotonic() + timeout
    while (waiting := waiting_on_locks(conn)) < count:
        assert time.monotonic() < deadline, (
            f"{message or 'desks must be inside their transactions, waiting'}: "
            f"{waiting} of {count} session(s) waited on a lock after {timeout:.0f} s"
        )
        time.sleep(0.01)
    assert waiting == count, message or f"{count} desk(s) must be inside their transactions, waiting, not {waiting}"
