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


def test_a_description_moves_into_the_plan_and_its_revisions_and_back(fresh_app):
    import json
    with fresh_app.app_context():
        upgrade(revision="0005_asbuilt_captures")
        document = EXAMPLE_PLAN.read_text()
        for project_id, description in ((1, "Main site, change 4711"), (2, "")):
            db.session.execute(db.text(
                "INSERT INTO project (id, name, description, plan_json, drafts_json, current_step, revision, "
                "review_state, created_at, updated_at) VALUES (:id, 'Old plan', :description, :doc, '{}', 'basics', 2, "
                "'draft', '2026-01-01', '2026-01-01')"), {"id": project_id, "description": description, "doc": document})
            for number in (1, 2):
                db.session.execute(db.text(
                    "INSERT INTO revision (project_id, number, step, summary, plan_json, created_at) "
                    "VALUES (:id, :number, 'basics', 'Saved', :doc, '2026-01-01')"),
                    {"id": project_id, "number": number, "doc": document})
        db.session.commit()
        upgrade(revision="0006_description_in_plan")
        from app.storage.models import Project, Revision
        described, plain = db.session.get(Project, 1), db.session.get(Project, 2)
        assert described.document["description"] == "Main site, change 4711"
        assert list(described.document)[:3] == ["format", "name", "description"]
        assert described.plan.description == "Main site, change 4711"
        assert "description" not in plain.document
        texts = db.session.scalars(db.select(Revision.plan_json).where(Revision.project_id == 1)).all()
        assert all(json.loads(text)["description"] == "Main site, change 4711" for text in texts)
        db.session.commit()
        downgrade(revision="0005_asbuilt_captures")
        rows = db.session.execute(db.text("SELECT description, plan_json FROM project ORDER BY id")).all()
        assert [(description, "description" in json.loads(plan_json)) for description, plan_json in rows] == [
            ("Main site, change 4711", False), ("", False)]


def test_ticks_keep_the_capture_that_proved_them_and_earlier_ticks_have_none(fresh_app):
    with fresh_app.app_context():
        upgrade(revision="0006_description_in_plan")
        db.session.execute(db.text(
            "INSERT INTO project (id, name, description, plan_json, drafts_json, current_step, revision, "
            "review_state, created_at, updated_at) VALUES (1, 'Old plan', '', :doc, '{}', 'basics', 1, 'draft', "
            "'2026-01-01', '2026-01-01')"), {"doc": EXAMPLE_PLAN.read_text()})
        db.session.execute(db.text(
            "INSERT INTO checklist_tick (project_id, item_id, item_text, item_text_hash, ticked_by, ticked_at) "
            "VALUES (1, 'p2.node.EXNODE2.join-cluster', 'Join', 'abc', 'ada', '2026-01-02')"))
        db.session.commit()
        upgrade(revision="0009_ticks_from_captures")
        assert db.session.execute(db.text("SELECT item_id, capture_id FROM checklist_tick")).all() == [
            ("p2.node.EXNODE2.join-cluster", None)]
        db.session.commit()
        downgrade(revision="0006_description_in_plan")
        columns = {c["name"] for c in db.inspect(db.engine).get_columns("checklist_tick")}
        assert "capture_id" not in columns and "item_id" in columns
