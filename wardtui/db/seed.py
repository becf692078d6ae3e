"""Load ``seed.sql``: the 2020 report's data as plain, portable SQL.

Every statement is ``INSERT … ON CONFLICT DO NOTHING`` with explicit keys, so loading
twice changes nothing. The loader runs the whole file in the caller's transaction.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_REPO_SEED = Path(__file__).resolve().parents[2] / "seed.sql"


@cache
def seed_text() -> str:
    """The seed file: the repository's own when run from a checkout, else the packaged copy."""
    if _REPO_SEED.is_file():
        return _REPO_SEED.read_text(encoding="utf-8")
    return resources.files("wardtui").joinpath("seed.sql").read_text(encoding="utf-8")


def split_statements(sql: str) -> list[str]:
    """Split SQL text on semicolons outside quotes and comments."""
    statements: list[str] = []
    buf: list[str] = []
    i, n = 0, len(sql)
    in_quote = False
    while i < n:
        ch = sql[i]
        if in_quote:
            buf.append(ch)
            if ch == "'":
                if i + 1 < n and sql[i + 1] == "'":
                    buf.append("'")
                    i += 1
                else:
                    in_quote = False
        elif ch == "'":
            in_quote = True
            buf.append(ch)
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == ";":
            stmt = "".join(buf).strip()
            if stmt:
                statements.append(stmt)
            buf = []
        else:
            buf.append(ch)
        i += 1
    tail = "".join(buf).strip()
    if tail:
        statements.append(tail)
    return statements


def load_seed(connection: Any) -> int:
    """Run every seed statement on a SQLAlchemy connection inside its transaction.

    Statements go to the DB-API cursor unparsed: the data holds '%' and ':' that a
    parameter parser would misread. Returns the number of statements run.
    """
    from wardtui.db.dialect import dialect_of

    statements = split_statements(seed_text())
    cursor = connection.connection.driver_connection.cursor()
    try:
        for stmt in statements:
            cursor.execute(stmt)
        dialect_of(connection).advance_sequences(cursor)  # the seed's explicit ids
    finally:
        cursor.close()
    return len(statements)
