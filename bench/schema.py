"""Regenerate ``wardtui/db/schema_sqlite.py`` from an Alembic upgrade to head.

Run ``python -m bench.schema`` after adding a migration; a test fails until it is done.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from wardtui.db import migrate
from wardtui.db.database import make_engine
from wardtui.db.target import DbTarget

TARGET = Path(migrate.__file__).with_name("schema_sqlite.py")
HEADER = '''"""The head schema as SQLite DDL, recorded from an Alembic upgrade to head.

It builds a new database in ~20 ms without importing Alembic or SQLAlchemy (first run).
tests/test_facility_search_db.py checks it against Alembic; after a new migration,
regenerate it with ``python -m bench.schema``.
"""
'''


def alembic_statements() -> list[str]:
    """The DDL Alembic's upgrade to head leaves in a fresh SQLite database."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schema.db"
        path.touch()
        engine = make_engine(DbTarget(url=f"sqlite:///{path}", sqlite_path=path))
        try:
            with engine.begin() as conn:
                migrate._alembic(conn, "upgrade", "head")
        finally:
            engine.dispose()
        return migrate.sqlite_schema_statements(path)


def render(statements: list[str]) -> str:
    lines = [HEADER, f'REVISION = "{migrate.HEAD_REVISION}"', "", "STATEMENTS: tuple[str, ...] = ("]
    lines += [f"    {s!r}," for s in statements]
    return "\n".join(lines) + "\n)\n"


def main() -> None:
    TARGET.write_text(render(alembic_statements()), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
