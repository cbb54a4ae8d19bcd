"""ticks from captures

A checklist tick made from an as-built capture keeps which capture proved the item done.

Revision ID: 0009_ticks_from_captures
Revises: 0006_description_in_plan
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_ticks_from_captures'
down_revision = '0006_description_in_plan'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checklist_tick', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capture_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_checklist_tick_capture_id_asbuilt_capture', 'asbuilt_capture', ['capture_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('checklist_tick', schema=None) as batch_op:
        batch_op.drop_constraint('fk_checklist_tick_capture_id_asbuilt_capture', type_='foreignkey')
        batch_op.drop_column('capture_id')
