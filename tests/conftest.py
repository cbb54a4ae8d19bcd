"""Shared fixtures: an app on a fresh database built by the real migrations."""
from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "docs" / "examples" / "exchange2003-two-node.json"


def database_url(tmp_path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": True,
    })
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def example_document() -> dict:
    return json.loads(EXAMPLE_PLAN.read_text())


def csrf_token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def deep(document: dict) -> dict:
    return copy.deepcopy(document)
