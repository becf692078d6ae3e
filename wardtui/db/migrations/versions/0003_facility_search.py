"""Facility search in SQL: a stored search key, an FTS5 trigram index on SQLite.

``facility.search_text`` holds the normalised name, address, dong and kind and
``search_initials`` the same with each Hangul syllable replaced by its initial consonant
(wardtui.core.search.search_key). NULL means "not computed yet": every writer that does
not know these columns leaves them NULL, a trigger sets them back to NULL when a searched
field changes, and wardtui.db.facilities fills them in before it searches. On SQLite an
external-content FTS5 trigram table follows the two columns through triggers; PostgreSQL
has no FTS5 and searches the columns with LIKE.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from wardtui.db.dialect import dialect_of

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE facility_fts USING fts5(search_text, search_initials, content='facility', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER facility_fts_insert AFTER INSERT ON facility BEGIN "
    "INSERT INTO facility_fts (rowid, search_text, search_initials) "
    "VALUES (new.id, new.search_text, new.search_initials); END",
    "CREATE TRIGGER facility_fts_delete AFTER DELETE ON facility BEGIN "
    "INSERT INTO facility_fts (facility_fts, rowid, search_text, search_initials) "
    "VALUES ('delete', old.id, old.search_text, old.search_initials); END",
    "CREATE TRIGGER facility_fts_update AFTER UPDATE OF id, search_text, search_initials ON facility BEGIN "
    "INSERT INTO facility_fts (facility_fts, rowid, search_text, search_initials) "
    "VALUES ('delete', old.id, old.search_text, old.search_initials); "
    "INSERT INTO facility_fts (rowid, search_text, search_initials) "
    "VALUES (new.id, new.search_text, new.search_initials); END",
    # A searched field changed: the key is stale until wardtui computes it again.
    "CREATE TRIGGER facility_search_stale AFTER UPDATE OF name, address, dong, kind ON facility "
    "WHEN new.search_text IS NOT NULL BEGIN "
    "UPDATE facility SET search_text = NULL, search_initials = NULL WHERE id = new.id; END",
]
# The index of the rows already there (the triggers follow later writes).
SQLITE_FTS_FILL = ["INSERT INTO facility_fts (facility_fts) VALUES ('rebuild')"]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {trigger}"
      for trigger in ("facility_search_stale", "facility_fts_update", "facility_fts_delete", "facility_fts_insert")),
    "DROP TABLE IF EXISTS facility_fts",
]
POSTGRES_STALE = [
    "CREATE FUNCTION facility_search_stale() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF (NEW.name, NEW.address, NEW.dong, NEW.kind) IS DISTINCT FROM (OLD.name, OLD.address, OLD.dong, OLD.kind) "
    "THEN NEW.search_text := NULL; NEW.search_initials := NULL; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER facility_search_stale BEFORE UPDATE ON facility "
    "FOR EACH ROW EXECUTE FUNCTION facility_search_stale()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS facility_search_stale ON facility",
    "DROP FUNCTION IF EXISTS facility_search_stale()",
]


def upgrade() -> None:
    from wardtui.core.search import search_key

    op.add_column("facility", sa.Column("search_text", sa.String(), nullable=True))
    op.add_column("facility", sa.Column("search_initials", sa.String(), nullable=True))
    # Walks the list in order and answers count and sums without touching the table.
    op.create_index(
        "ix_facility_search",
        "facility",
        ["seq", "id", "kind", "land_m2_x100", "building_m2_x100", "search_text", "search_initials"],
    )
    op.create_index(
        "ix_facility_search_stale",
        "facility",
        ["id"],
        sqlite_where=sa.text("search_text IS NULL"),
        postgresql_where=sa.text("search_text IS NULL"),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name, address, dong, kind FROM facility")).fetchall()
    keys = [dict(zip(("t", "i"), search_key(*r[1:])), id=r[0]) for r in rows]
    if keys:
        bind.execute(sa.text("UPDATE facility SET search_text = :t, search_initials = :i WHERE id = :id"), keys)
    statements = dialect_of(bind).choose(sqlite=SQLITE_FTS + SQLITE_FTS_FILL, postgresql=POSTGRES_STALE)
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    for statement in dialect_of(op.get_bind()).choose(sqlite=SQLITE_DROP, postgresql=POSTGRES_DROP):
        op.execute(statement)
    op.drop_index("ix_facility_search_stale", table_name="facility")
    op.drop_index("ix_facility_search", table_name="facility")
    # Not a batch (table copy): other tables' foreign keys point at facility.
    op.execute("ALTER TABLE facility DROP COLUMN search_initials")
    op.execute("ALTER TABLE facility DROP COLUMN search_text")
