"""as-built captures

Captures of the real cluster uploaded on a project's As built page.

Revision ID: 0005_asbuilt_captures
Revises: 0003_accounts_review
Create Date: 2026-12-02 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_asbuilt_captures'
down_revision = '0003_accounts_review'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('asbuilt_capture',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('encoding', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('infos', sa.Integer(), nullable=False),
    sa.Column('not_compared', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('asbuilt_capture', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asbuilt_capture_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('asbuilt_capture', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asbuilt_capture_project_id'))

    op.drop_table('asbuilt_capture')
