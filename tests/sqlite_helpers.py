"""Plain sqlite3 access for tests that look at the file behind the app's back."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def query(path: Path, sql: str) -> object:
    """The first column of the first row; the connection is closed (no WAL left open)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def execute(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(sql)
    finally:
        conn.close()


def watch_statements(monkeypatch: Any) -> list[str]:
    """From now on, every statement the app's SQLite connections run (appended as they run)."""
    from wardtui.db import dialect

    statements: list[str] = []
    real_connect = dialect.connect_sqlite

    def watched(path: str, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(path, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(dialect, "connect_sqlite", watched)
    return statements
