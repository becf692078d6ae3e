"""Initial schema: every table of the 2020 report.

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('election',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('election_day', sa.Date(), nullable=False),
    sa.Column('by_election', sa.Boolean(), nullable=False),
    sa.Column('cause_on', sa.Date(), nullable=True),
    sa.Column('polling_hours', sa.String(), nullable=True),
    sa.Column('origin', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('facility',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('dong', sa.String(), nullable=True),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('land_m2_x100', sa.Integer(), nullable=True),
    sa.Column('building_m2_x100', sa.Integer(), nullable=True),
    sa.Column('floors_below', sa.Integer(), nullable=True),
    sa.Column('floors_above', sa.Integer(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completed_on_text', sa.String(), nullable=True),
    sa.Column('operator', sa.String(), nullable=True),
    sa.Column('head', sa.String(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('payment_program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('recipient_role', sa.String(), nullable=False),
    sa.Column('cadence', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['payment_program.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('division', sa.String(), nullable=False),
    sa.Column('council_session', sa.String(), nullable=False),
    sa.Column('session_starts_on', sa.Date(), nullable=False),
    sa.Column('session_ends_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('report_total',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('section', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=True),
    sa.Column('unit', sa.String(), nullable=False),
    sa.Column('printed', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('staffing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_kind', sa.String(), nullable=False),
    sa.Column('series', sa.String(), nullable=False),
    sa.Column('grade', sa.String(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('printed', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('row_kind', 'series', 'grade')
    )
    op.create_table('unit_budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('budget_won', sa.BigInteger(), nullable=False),
    sa.Column('executed_won', sa.BigInteger(), nullable=False),
    sa.Column('projected_won', sa.BigInteger(), nullable=False),
    sa.Column('executed_as_of', sa.Date(), nullable=False),
    sa.Column('printed_rate', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('election_contest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('office', sa.String(), nullable=False),
    sa.Column('district', sa.String(), nullable=True),
    sa.Column('area', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('election_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('event_key', sa.String(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('recorded_start', sa.Date(), nullable=True),
    sa.Column('recorded_end', sa.Date(), nullable=True),
    sa.Column('recorded_text', sa.String(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('election_stat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(), nullable=False),
    sa.Column('printed', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'key')
    )
    op.create_table('payment_run',
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(), nullable=False),
    sa.Column('period_text', sa.String(), nullable=True),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('unit_amount_won', sa.BigInteger(), nullable=True),
    sa.Column('amount_won', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('origin', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['program_id'], ['payment_program.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('team', sa.String(), nullable=True),
    sa.Column('purpose', sa.String(), nullable=True),
    sa.Column('unit_budget_id', sa.Integer(), nullable=True),
    sa.Column('budget_won', sa.BigInteger(), nullable=True),
    sa.Column('executed_won', sa.BigInteger(), nullable=True),
    sa.Column('printed_rate', sa.String(), nullable=True),
    sa.Column('budget_printed', sa.String(), nullable=True),
    sa.Column('executed_printed', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['unit_budget_id'], ['unit_budget.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('vehicle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(), nullable=True),
    sa.Column('model', sa.String(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('use', sa.String(), nullable=True),
    sa.Column('holder', sa.String(), nullable=True),
    sa.Column('facility_id', sa.Integer(), nullable=True),
    sa.Column('model_year', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('milestone',
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('start_precision', sa.String(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(), nullable=True),
    sa.Column('date_text', sa.String(), nullable=True),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('origin', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_project_id'), ['project_id'], unique=False)

    op.create_table('project_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(), nullable=False),
    sa.Column('printed', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'key')
    )
    op.create_table('project_funding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('source_printed', sa.String(), nullable=False),
    sa.Column('amount_won', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'measure', 'source')
    )
    op.create_table('project_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('project_line')
    op.drop_table('project_funding')
    op.drop_table('project_figure')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_project_id'))

    op.drop_table('milestone')
    op.drop_table('vehicle')
    op.drop_table('project')
    op.drop_table('payment_run')
    op.drop_table('election_stat')
    op.drop_table('election_event')
    op.drop_table('election_contest')
    op.drop_table('unit_budget')
    op.drop_table('staffing')
    op.drop_table('report_total')
    op.drop_table('report')
    op.drop_table('payment_program')
    op.drop_table('facility')
    op.drop_table('election')
