"""Where the database lives: a SQLite file (the embedded default) or a server URL.

Cheap to import: no SQLAlchemy here, it is on the path to the first paint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wardtui.errors import WardError

DEFAULT_FILE_NAME = "wardtui.db"


@dataclass(frozen=True)
class DbTarget:
    """A resolved database location."""

    url: str
    sqlite_path: Path | None = None

    @property
    def display(self) -> str:
        """What to show a user: the file path, or the URL without its password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        scheme, _, rest = self.url.partition("://")
        creds, at, host = rest.rpartition("@")
        if at and ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        return f"{scheme}://{creds}{at}{host}"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("wardtui", appauthor=False) / DEFAULT_FILE_NAME


def resolve(value: str | None) -> DbTarget:
    """Turn ``--db`` / ``WARDTUI_DB`` (a file path or a SQLAlchemy URL) into a target.

    Raises WardError with a one-line Korean message for a location that cannot work.
    """
    if not value:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return file_target(path)
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        if scheme.startswith("sqlite"):
            raw = value.split("://", 1)[1]
            if raw in ("", "/", "/:memory:"):
                raise WardError("메모리 데이터베이스는 쓸 수 없습니다: 파일 경로를 주십시오")
            return _checked_sqlite(Path(raw[1:] if raw.startswith("/") else raw))
        if scheme in ("postgresql", "postgres"):  # the bare scheme would pick psycopg2; we ship psycopg 3
            return DbTarget(url="postgresql+psycopg://" + value.split("://", 1)[1])
        if scheme.startswith("postgresql"):
            return DbTarget(url=value)
        raise WardError(f"지원하지 않는 데이터베이스 주소입니다: {scheme}:// (파일 경로, sqlite:// 또는 postgresql+psycopg://)")
    return _checked_sqlite(Path(value).expanduser())


def _checked_sqlite(path: Path) -> DbTarget:
    path = path.absolute()
    if path.is_dir():
        raise WardError(f"데이터베이스 경로가 폴더입니다: {path}")
    parent = path.parent
    if not parent.is_dir():
        raise WardError(f"데이터베이스 폴더가 없습니다: {parent}")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise WardError(f"데이터베이스 폴더에 쓸 수 없습니다: {parent}")
    return file_target(path)


def file_target(path: Path) -> DbTarget:
    """A SQLite file, as it is (no checks): for files wardtui makes itself."""
    return DbTarget(url=f"sqlite:///{path}", sqlite_path=path)
