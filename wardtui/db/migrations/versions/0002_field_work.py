"""Field and desk work: execution entries, change log, recipients, rates, payments, holidays.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("milestone") as batch:
        batch.add_column(sa.Column("created_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "execution_entry",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("project.id"), nullable=False, index=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("amount_won", sa.BigInteger(), nullable=False),
        sa.Column("executed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount_won > 0", name="ck_execution_entry_positive"),
    )
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("project.id"), nullable=True, index=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("old_values", sa.Text(), nullable=True),
        sa.Column("new_values", sa.Text(), nullable=True),
    )
    op.create_index("ix_change_log_entity", "change_log", ["entity", "entity_id"])
    op.create_table(
        "recipient",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("dong", sa.String(), nullable=False),
        sa.Column("tong", sa.Integer(), nullable=True),
        sa.Column("ban", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("recipient.id"), nullable=True),
        sa.Column("school_level", sa.String(), nullable=True),
        sa.Column("appointed_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint("role IN ('통장', '반장', '통장자녀')", name="ck_recipient_role"),
    )
    op.create_index("ix_recipient_dong_role", "recipient", ["dong", "role", "tong", "ban"])
    op.create_table(
        "payment_rate",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("program_id", sa.Integer(), sa.ForeignKey("payment_program.id"), nullable=False),
        sa.Column("unit_amount_won", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint("unit_amount_won >= 0", name="ck_payment_rate_nonnegative"),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("program_id", sa.Integer(), sa.ForeignKey("payment_program.id"), nullable=False),
        sa.Column("recipient_id", sa.Integer(), sa.ForeignKey("recipient.id"), nullable=True),
        sa.Column("run_id", sa.String(), sa.ForeignKey("payment_run.id"), nullable=True),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("amount_won", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(), nullable=False, server_default="지급"),
        sa.Column("reverses_id", sa.String(), sa.ForeignKey("payment.id"), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.CheckConstraint("state IN ('지급', '정정됨', '환수')", name="ck_payment_state"),
        sa.CheckConstraint(
            "(state = '환수') = (reverses_id IS NOT NULL)", name="ck_payment_reversal_points_back"
        ),
    )
    # The rule "paid at most once per programme and period", kept by the database itself.
    op.create_index(
        "uq_payment_once",
        "payment",
        ["program_id", "recipient_id", "period"],
        unique=True,
        sqlite_where=sa.text("state = '지급' AND recipient_id IS NOT NULL"),
        postgresql_where=sa.text("state = '지급' AND recipient_id IS NOT NULL"),
    )
    # Covers the totals per programme and period without touching the table.
    op.create_index(
        "ix_payment_totals", "payment", ["program_id", "period", "state", "amount_won", "recipient_id"]
    )
    op.create_index("ix_payment_recipient", "payment", ["recipient_id", "program_id", "period"])
    op.create_table(
        "holiday",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False, unique=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("is_holiday", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("note", sa.String(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("holiday")
    op.drop_index("ix_payment_recipient", table_name="payment")
    op.drop_index("ix_payment_totals", table_name="payment")
    op.drop_index("uq_payment_once", table_name="payment")
    op.drop_table("payment")
    op.drop_table("payment_rate")
    op.drop_index("ix_recipient_dong_role", table_name="recipient")
    op.drop_table("recipient")
    op.drop_index("ix_change_log_entity", table_name="change_log")
    op.drop_table("change_log")
    op.drop_table("execution_entry")
    with op.batch_alter_table("milestone") as batch:
        batch.drop_column("removed_at")
        batch.drop_column("created_by")
