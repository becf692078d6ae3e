"""Ledger totals per programme and period, kept by the database as payments are written.

The payments section opens on these totals. Aggregating a city's ledger (a million rows)
takes ~160 ms even over a covering index; ``payment_total`` answers in a millisecond.
Triggers keep it in step with every writer (the app, the CLI, a CSV import, psql), so it
cannot drift: ``paid_count`` counts the rows in force (state 지급, one per recipient by
``uq_payment_once``), ``amount_won`` sums every row (a 환수 row is negative) and
``row_count`` counts them all; a group whose rows are all gone keeps a row of zeros.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from wardtui.db.dialect import dialect_of

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ADD = (
    "INSERT INTO payment_total (program_id, period, paid_count, amount_won, row_count) "
    "VALUES ({p}.program_id, {p}.period, CASE WHEN {p}.state = '지급' THEN 1 ELSE 0 END, {p}.amount_won, 1) "
    "ON CONFLICT (program_id, period) DO UPDATE SET "
    "paid_count = payment_total.paid_count + excluded.paid_count, "
    "amount_won = payment_total.amount_won + excluded.amount_won, "
    "row_count = payment_total.row_count + 1"
)
_TAKE = (
    "UPDATE payment_total SET "
    "paid_count = paid_count - CASE WHEN {p}.state = '지급' THEN 1 ELSE 0 END, "
    "amount_won = amount_won - {p}.amount_won, row_count = row_count - 1 "
    "WHERE program_id = {p}.program_id AND period = {p}.period"
)

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER payment_total_insert AFTER INSERT ON payment BEGIN {_ADD.format(p='new')}; END",
    f"CREATE TRIGGER payment_total_delete AFTER DELETE ON payment BEGIN {_TAKE.format(p='old')}; END",
    "CREATE TRIGGER payment_total_update AFTER UPDATE OF program_id, period, state, amount_won ON payment BEGIN "
    f"{_TAKE.format(p='old')}; {_ADD.format(p='new')}; END",
]
POSTGRES_TRIGGERS = [
    "CREATE FUNCTION payment_total_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_TAKE.format(p='OLD')}; END IF; "
    f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {_ADD.format(p='NEW')}; END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER payment_total_follow AFTER INSERT OR DELETE OR UPDATE OF program_id, period, state, amount_won "
    "ON payment FOR EACH ROW EXECUTE FUNCTION payment_total_follow()",
]

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {trigger}" for trigger in ("payment_total_update", "payment_total_delete", "payment_total_insert")
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS payment_total_follow ON payment",
    "DROP FUNCTION IF EXISTS payment_total_follow()",
]


def upgrade() -> None:
    op.create_table(
        "payment_total",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("paid_count", sa.Integer(), nullable=False),
        sa.Column("amount_won", sa.BigInteger(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("program_id", "period"),
    )
    op.execute(
        "INSERT INTO payment_total (program_id, period, paid_count, amount_won, row_count) "
        "SELECT program_id, period, SUM(CASE WHEN state = '지급' THEN 1 ELSE 0 END), SUM(amount_won), COUNT(*) "
        "FROM payment GROUP BY program_id, period"
    )
    for statement in dialect_of(op.get_bind()).choose(sqlite=SQLITE_TRIGGERS, postgresql=POSTGRES_TRIGGERS):
        op.execute(statement)


def downgrade() -> None:
    for statement in dialect_of(op.get_bind()).choose(sqlite=SQLITE_DROP, postgresql=POSTGRES_DROP):
        op.execute(statement)
    op.drop_table("payment_total")
