"""The checklist_tick table comes and goes with its Alembic revision."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db


def tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_and_downgrade(app):
    assert "checklist_tick" in tables(app)
    with app.app_context():
        downgrade(revision="0001_projects")
    assert "checklist_tick" not in tables(app) and "project" in tables(app)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    assert "checklist_tick" in tables(app)
    with app.app_context():
        indexes = {ix["name"] for ix in inspect(db.engine).get_indexes("checklist_tick")}
    assert "ix_checklist_tick_project_id" in indexes
