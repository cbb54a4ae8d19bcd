"""checklist ticks

Revision ID: 0002_checklist_ticks
Revises: 0001_projects
Create Date: 2026-11-24 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_checklist_ticks'
down_revision = '0001_projects'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checklist_tick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=255), nullable=False),
    sa.Column('item_text', sa.Text(), nullable=False),
    sa.Column('item_text_hash', sa.String(length=64), nullable=False),
    sa.Column('ticked_by', sa.String(length=120), nullable=True),
    sa.Column('ticked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'item_id', name='uq_checklist_tick_project_item')
    )
    with op.batch_alter_table('checklist_tick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_tick_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('checklist_tick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_tick_project_id'))

    op.drop_table('checklist_tick')
