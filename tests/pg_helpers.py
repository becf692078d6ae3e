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


def wait_for(conn: Any, count: int, message: str | None = None) -> None:
    """Until ``count`` sessions wait on a lock (15 s at most), then assert exactly that many do."""
    deadline = time.monotonic() + 15
    while waiting_on_locks(conn) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_on_locks(conn) == count, message or f"{count} desk(s) must be inside their transactions, waiting"
