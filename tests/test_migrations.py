"""The migrations build the schema, keep existing data, and go down again."""
from __future__ import annotations

import os

import pytest
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from tests.conftest import EXAMPLE_PLAN, TEST_CONFIG


@pytest.fixture
def fresh_app(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        downgrade(revision="base")  # a shared server database may hold the schema of earlier tests
    yield app
    with app.app_context():
        downgrade(revision="base")
        db.engine.dispose()


def test_projects_from_before_accounts_are_kept_and_adopted(fresh_app):
    with fresh_app.app_context():
        upgrade(revision="0001_projects")
        db.session.execute(db.text(
            "INSERT INTO project (name, description, plan_json, drafts_json, current_step, revision, created_at, "
            "updated_at) VALUES ('Old plan', '', :doc, '{}', 'basics', 1, '2026-01-01', '2026-01-01')"),
            {"doc": EXAMPLE_PLAN.read_text()})
        db.session.commit()
        upgrade()
        from app.storage.accounts import create_user
        from app.storage.models import Membership, Project
        project = db.session.scalar(db.select(Project))
        assert project.name == "Old plan" and project.review_state == "draft"
        assert project.plan.cluster.name == "EXCLUS1"
        admin = create_user("admin", "long-enough-pw", admin=True)
        membership = db.session.scalar(db.select(Membership))
        assert (membership.user_id, membership.role) == (admin.id, "owner")


def test_every_migration_goes_down_and_up_again(fresh_app):
    with fresh_app.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        tables = set(db.inspect(db.engine).get_table_names())
        assert {"project", "revision", "user_account", "membership", "comment", "waiver"} <= tables
