"""Real failures for the storage-error tests: a write-protected file or database, a held
lock, a damaged file, a port nobody listens on."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


@contextmanager
def write_protected_file(path: Path) -> Iterator[None]:
    """The file, write-protected in a way that holds even for root (chattr +i), then as it was."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("root without chattr: a write-protected file cannot be made")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def pg_admin(url: str) -> Any:
    """An autocommit connection to the server's ``postgres`` database, as the test role (superuser)."""
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    return psycopg.connect(conninfo, autocommit=True)


def pg_database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


@contextmanager
def read_only_pg_database(url: str) -> Iterator[None]:
    """New connections to the database start read-only, as on a standby or a locked-down server."""
    name = pg_database_name(url)
    with pg_admin(url) as admin:
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    try:
        yield
    finally:
        with pg_admin(url) as admin:
            admin.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')


@contextmanager
def closed_port() -> Iterator[int]:
    """A local port bound but not listening: connecting there is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


@contextmanager
def lock_held(path: Path, how: str) -> Iterator[None]:
    """Another program inside a transaction on the file: ``IMMEDIATE`` (the write lock) or ``EXCLUSIVE``."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute(f"BEGIN {how}")
        yield
        holder.execute("ROLLBACK")
    finally:
        holder.close()


def damage_table(path: Path, table: str) -> None:
    """Overwrite the table's root page with garbage (the file keeps its valid header)."""
    conn = sqlite3.connect(path)
    try:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * size)


def on_sqlite(db: Any) -> bool:
    """Whether a test's database is the SQLite file (tests may ask; wardtui's modules ask the dialect)."""
    return str(db.target.url).startswith("sqlite")
