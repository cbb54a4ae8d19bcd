"""a session version per user, and disabled accounts

A session names the user's session version; raising it (sign-out, a password change, an
administrator's `flask users end-sessions`) ends every session of that user at once.
An administrator can disable an account (`flask users disable`).

Revision ID: 0011_session_version
Revises: 0010_sign_in_failures
Create Date: 2026-12-10 10:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_session_version'
down_revision = '0010_sign_in_failures'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('disabled')
        batch_op.drop_column('session_version')
