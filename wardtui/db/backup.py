"""Backups of the embedded database, and restoring one.

Both use SQLite's online backup API, so they are safe while the app is open on another
desk: a backup is a consistent snapshot, and a restore is one write transaction into
the live file (other connections see the old data or the new, never a mix, and the WAL
keeps it crash-safe). Every file made here is readable by its owner only: the register
holds personal data. A PostgreSQL server is backed up with its own tools.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from wardtui.db.dialect import connect_sqlite, dialect_for, storage_problem
from wardtui.db.target import DbTarget
from wardtui.errors import WardError


@dataclass(frozen=True)
class BackupFile:
    path: Path
    revision: str
    size: int


def default_backup_path(db_path: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.backup-{stamp}.db")


def _private_temp(directory: Path, name: str) -> Path:
    """A new empty file, mode 0600, next to where the result goes (so a link is atomic)."""
    tmp = directory / f".{name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise WardError(f"백업 파일을 만들 수 없습니다: {directory} ({exc.strerror})") from exc
    return tmp


def _copy_pages(src: sqlite3.Connection, dest_path: Path) -> None:
    dst = sqlite3.connect(dest_path)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        if dst.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise WardError(f"백업이 온전하지 않습니다: {dest_path}")
    finally:
        dst.close()


def backup(target: DbTarget, dest: Path | None = None) -> BackupFile:
    """Copy the database to ``dest`` (a new file, or a folder to put it in), mode 0600."""
    from wardtui.db.migrate import file_state

    path = dialect_for(target).backup_file(target)  # a server is refused, naming pg_dump
    if not path.exists():
        raise WardError(f"데이터베이스가 없습니다: {path}")
    revision, _ = file_state(path)
    if dest is None:
        dest = default_backup_path(path)
    elif dest.is_dir():
        dest = default_backup_path(dest / path.name)
    dest = dest.absolute()
    if dest.exists():
        raise WardError(f"이미 있는 파일입니다 (덮어쓰지 않습니다): {dest}")
    if not dest.parent.is_dir():
        raise WardError(f"백업 폴더가 없습니다: {dest.parent}")
    tmp = _private_temp(dest.parent, dest.name)
    try:
        src = connect_sqlite(str(path), readonly=True)
        try:
            _copy_pages(src, tmp)
        except sqlite3.Error as exc:
            raise WardError(storage_problem(exc, str(dest)) or f"백업하지 못했습니다: {exc}") from exc
        finally:
            src.close()
        os.link(tmp, dest)  # never replaces a file that appeared meanwhile
    except FileExistsError as exc:
        raise WardError(f"이미 있는 파일입니다 (덮어쓰지 않습니다): {dest}") from exc
    except OSError as exc:
        raise WardError(f"백업 파일을 만들 수 없습니다: {dest} ({exc.strerror})") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return BackupFile(dest, revision or "?", dest.stat().st_size)


def check_backup(source: Path) -> str:
    """The schema revision of a file that can be restored; refuses anything else, unchanged."""
    from wardtui.db.migrate import KNOWN_REVISIONS, _check_version, file_state

    if not source.is_file():
        raise WardError(f"백업 파일이 없습니다: {source}")
    revision, has_tables = file_state(source)
    _check_version(revision, has_tables, str(source))
    if revision is None:
        raise WardError(f"wardtui 데이터베이스가 아닙니다: {source}")
    assert revision in KNOWN_REVISIONS
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise WardError(f"백업 파일이 손상되었습니다: {source}")
    except sqlite3.DatabaseError as exc:
        raise WardError(f"백업 파일이 손상되었습니다: {source} ({exc})") from exc
    finally:
        conn.close()
    return revision


@dataclass(frozen=True)
class Restored:
    source: Path
    revision: str
    kept: Path | None  # the backup of what was there before


def restore(target: DbTarget, source: Path) -> Restored:
    """Replace the database's contents with a backup's, keeping a backup of the current ones.

    The backup is checked first (a wardtui database of a known schema, intact); then the
    current data is backed up; then the pages are copied in one transaction. An older
    schema is upgraded afterwards, as on any start.
    """
    from wardtui.db.migrate import open_database

    path = dialect_for(target).restore_file(target)  # a server is refused, naming pg_restore
    source = source.absolute()
    revision = check_backup(source)
    if source == path.absolute():
        raise WardError("지금 쓰는 데이터베이스 자신으로는 복원할 수 없습니다")
    kept = None
    if path.exists() and path.stat().st_size > 0:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = backup(target, path.with_name(f"{path.stem}.before-restore-{stamp}.db")).path
        _copy_into(source, path)
    else:
        tmp = _private_temp(path.parent, path.name)
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                _copy_pages(src, tmp)
            except sqlite3.Error as exc:
                raise WardError(storage_problem(exc, str(path)) or f"복원하지 못했습니다: {exc}") from exc
            finally:
                src.close()
            path.unlink(missing_ok=True)  # an empty file only
            os.link(tmp, path)
        except OSError as exc:
            raise WardError(f"복원하지 못했습니다: {path} ({exc.strerror})") from exc
        finally:
            tmp.unlink(missing_ok=True)
    open_database(target).close()  # upgrades an older backup, with its own .bak first
    return Restored(source, revision, kept)


def _copy_into(source: Path, path: Path) -> None:
    """The backup's pages into the live file, in one write transaction."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = connect_sqlite(str(path))
    try:
        src.backup(live)  # all pages in one step: one transaction under the write lock
    except sqlite3.Error as exc:
        raise WardError(storage_problem(exc, str(path)) or f"복원하지 못했습니다: {exc}") from exc
    finally:
        live.close()
        src.close()
