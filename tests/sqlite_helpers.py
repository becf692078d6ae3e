"""Plain sqlite3 access for tests that look at the file behind the app's back."""

from __future__ import annotations

import sqlite3
from pathlib import Path


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
