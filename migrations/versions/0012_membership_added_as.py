"""members added by a name that has no account

Adding a member no longer says whether the name exists: a name without an account is kept as
a membership that grants nothing (no user), shown as it was typed like any other.

Revision ID: 0012_membership_added_as
Revises: 0011_session_version
Create Date: 2026-12-10 10:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_membership_added_as'
down_revision = '0011_session_version'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_as', sa.String(length=80), nullable=True))
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM membership WHERE user_id IS NULL")
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('added_as')
