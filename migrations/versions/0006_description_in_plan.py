"""the description lives in the plan

A plan's description was kept only in the project's `description` column, so the wizard could not
ask it again and a restored revision knew nothing of it. The plan document now holds it (the
`description` key of the exchange-cluster-plan/1 format, asked on Basics) and the column repeats it
for the project list, as it does the name. This moves each description into the project's document
and into every revision of it: the description belonged to all of them. No table changes.

Revision ID: 0006_description_in_plan
Revises: 0005_asbuilt_captures
Create Date: 2026-12-10 12:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_description_in_plan'
down_revision = '0005_asbuilt_captures'
branch_labels = None
depends_on = None

project = sa.table('project', sa.column('id', sa.Integer), sa.column('description', sa.Text),
                   sa.column('plan_json', sa.Text))
revision_table = sa.table('revision', sa.column('id', sa.Integer), sa.column('project_id', sa.Integer),
                          sa.column('plan_json', sa.Text))


def _with_description(plan_json: str, description: str) -> str | None:
    """The document with the description after its name, or None when there is nothing to change."""
    document = json.loads(plan_json or "{}")
    if not isinstance(document, dict) or "description" in document:
        return None
    ordered = {key: document[key] for key in ("format", "name") if key in document}
    return json.dumps({**ordered, "description": description, **document}, ensure_ascii=False)


def _without_description(plan_json: str) -> str | None:
    document = json.loads(plan_json or "{}")
    if not isinstance(document, dict) or "description" not in document:
        return None
    document.pop("description")
    return json.dumps(document, ensure_ascii=False)


def _rewrite(connection, table, row_id: int, plan_json: str | None) -> None:
    if plan_json is not None:
        connection.execute(table.update().where(table.c.id == row_id).values(plan_json=plan_json))


def upgrade():
    connection = op.get_bind()
    described = connection.execute(sa.select(project.c.id, project.c.description, project.c.plan_json)
                                   .where(project.c.description != '')).all()
    for project_id, description, plan_json in described:
        _rewrite(connection, project, project_id, _with_description(plan_json, description))
        revisions = connection.execute(sa.select(revision_table.c.id, revision_table.c.plan_json)
                                       .where(revision_table.c.project_id == project_id)).all()
        for revision_id, revision_json in revisions:
            _rewrite(connection, revision_table, revision_id, _with_description(revision_json, description))


def downgrade():
    # Before this revision no document held a description; the column keeps it.
    connection = op.get_bind()
    for table in (project, revision_table):
        for row_id, plan_json in connection.execute(sa.select(table.c.id, table.c.plan_json)).all():
            _rewrite(connection, table, row_id, _without_description(plan_json))
