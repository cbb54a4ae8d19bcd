"""Slow work happens outside the database's write lock.

On SQLite one writer at a time holds the lock, for every project and account: while a request
hashes a password, checks a plan or renders a page inside its write transaction, every other
save, comment and tick waits. These tests watch those moments and try to take the lock from a
second connection at each: it must be free. (No timing: the lock is either held or not.)
"""
from __future__ import annotations

import os
import sqlite3

import pytest
from flask import template_rendered
from werkzeug import security

from app.extensions import db
from app.storage import accounts, hashing, models
from app.storage.models import Project
from app.storage import projects as service
from tests.conftest import EXAMPLE_PLAN, PASSWORD, csrf_token, make_user, user_client

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="the write lock is SQLite's")


class LockWatch:
    """Records, at each watched moment, whether another connection could start writing."""

    def __init__(self, path: str):
        self.path = path
        self.moments: list[tuple[str, bool]] = []

    def probe(self, what: str) -> None:
        other = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            self.moments.append((what, True))
        except sqlite3.OperationalError:
            self.moments.append((what, False))
        finally:
            other.close()

    def held_during(self) -> list[str]:
        return [what for what, free in self.moments if not free]


@pytest.fixture
def watch(app, monkeypatch):
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    lock = LockWatch(path)

    def hashing_probe(original, what):
        def watched(*args, **kwargs):
            lock.probe(what)
            return original(*args, **kwargs)
        return watched

    monkeypatch.setattr(hashing, "check_password_hash", hashing_probe(security.check_password_hash, "password check"))
    monkeypatch.setattr(hashing, "generate_password_hash",
                        hashing_probe(security.generate_password_hash, "password hash"))
    monkeypatch.setattr(models, "check", hashing_probe(models.check, "rule check"))

    def rendered(sender, template, context, **extra):
        lock.probe(f"rendering {template.name}")
    template_rendered.connect(rendered, app)
    yield lock
    template_rendered.disconnect(rendered, app)


def login(client, name, password):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "username": name, "password": password})


def test_signing_in_hashes_outside_the_write_lock(app, watch):
    make_user(app, "alice")
    client = app.test_client()
    assert login(client, "nobody", "some-wrong-password").status_code == 401
    assert login(client, "alice", "some-wrong-password").status_code == 401
    assert login(client, "alice", PASSWORD).status_code == 302
    assert any(what == "password check" for what, _ in watch.moments)
    assert watch.held_during() == []


def test_registering_hashes_outside_the_write_lock(app, watch):
    client = app.test_client()
    token = csrf_token(client, "/register")
    response = client.post("/register", data={"csrf_token": token, "username": "bob",
                                              "password": "a-long-passphrase", "confirm": "a-long-passphrase"})
    assert response.status_code == 302
    assert any(what == "password hash" for what, _ in watch.moments)
    assert watch.held_during() == []


def test_a_stale_save_renders_its_conflict_page_outside_the_write_lock(app, watch):
    client = user_client(app, "alice")
    with app.app_context():
        project = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=accounts.find_user("alice"))
        project_id = project.id
    page = f"/projects/{project_id}/steps/cluster"
    token = csrf_token(client, page)
    with app.app_context():  # someone else renames the cluster meanwhile
        project = db.session.get(Project, project_id)
        document = project.document
        document["cluster"]["name"] = "EXCLUS9"
        service.save_document(project, document, "cluster")
        db.session.commit()
    response = client.post(page, data={"csrf_token": token, "base_revision": "1", "cluster__name": "EXCLUS2",
                                       "goto": ""})
    assert response.status_code == 409
    assert any(what.startswith("rendering") for what, _ in watch.moments)
    assert watch.held_during() == []


def test_a_save_binds_checks_and_renders_outside_the_write_lock(app, watch):
    client = user_client(app, "alice")
    with app.app_context():
        project_id = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=accounts.find_user("alice")).id
    page = f"/projects/{project_id}/steps/cluster"
    token = csrf_token(client, page)
    watch.moments.clear()
    response = client.post(page, data={"csrf_token": token, "base_revision": "1", "cluster__name": "EXCLUS2",
                                       "cluster__ip": "not an address", "goto": ""})
    assert response.status_code == 422  # kept as a draft, shown again with its message
    assert any(what.startswith("rendering") for what, _ in watch.moments)
    assert watch.held_during() == []


def test_a_refused_comment_renders_the_review_page_outside_the_write_lock(app, watch):
    client = user_client(app, "alice")
    with app.app_context():
        project_id = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=accounts.find_user("alice")).id
    token = csrf_token(client, f"/projects/{project_id}/steps/review")
    watch.moments.clear()
    response = client.post(f"/projects/{project_id}/comments", data={"csrf_token": token, "target": "plan:",
                                                                     "body": ""})
    assert response.status_code == 422
    assert any(what.startswith("rendering") for what, _ in watch.moments)
    assert watch.held_during() == []
