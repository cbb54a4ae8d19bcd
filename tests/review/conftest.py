"""A shared plan with one member in each role."""
from __future__ import annotations

import json

import pytest

from app.storage.memberships import add_member
from app.storage.accounts import find_user
from app.extensions import db
from app.storage.models import Project
from app.storage import projects as service
from tests.conftest import EXAMPLE_PLAN, csrf_token, make_user, user_client


@pytest.fixture
def team(app):
    """Creates owner/editor/reviewer/viewer/outsider users and a plan owned by `owner`."""
    for name in ("owner", "editor", "reviewer", "viewer", "outsider"):
        make_user(app, name)
    with app.app_context():
        project = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=find_user("owner"))
        for role in ("editor", "reviewer", "viewer"):
            add_member(project, find_user(role), role)
        db.session.commit()
        return project.id


@pytest.fixture
def as_user(app, team):
    clients = {}

    def client_for(name):
        if name not in clients:
            clients[name] = user_client(app, name)
        return clients[name]
    return client_for


def project_state(app, project_id) -> Project:
    with app.app_context():
        project = db.session.get(Project, project_id)
        db.session.expunge(project)
        return project


def post(client, url, data=None, token_page=None, project_id=None):
    token = csrf_token(client, token_page or f"/projects/{project_id}/steps/review")
    return client.post(url, data={"csrf_token": token, **(data or {})})


def example_document() -> dict:
    return json.loads(EXAMPLE_PLAN.read_text())
