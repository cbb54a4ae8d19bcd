"""Shared fixtures: an app on a fresh database built by the real migrations."""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "docs" / "examples" / "exchange2003-two-node.json"


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": True,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; production uses scrypt
}


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """One SQLite file built by the real migrations; each test gets a copy (much faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


def reset_database() -> None:
    """Bring a shared server database to the latest schema with every table empty (inside an app context)."""
    upgrade()  # a no-op when the schema is already current
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(db.text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def app(tmp_path, request):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        template = request.getfixturevalue("migrated_sqlite")
        shutil.copy(template, tmp_path / "test.sqlite")
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": url})
    if os.environ.get("TEST_DATABASE_URL"):
        with app.app_context():
            reset_database()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


PASSWORD = "correct-horse-battery"


def make_user(app, name: str, admin: bool = False):
    from app.storage.accounts import create_user
    with app.app_context():
        return create_user(name, PASSWORD, admin=admin).id


def sign_in(client, name: str, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "username": name, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def anonymous_client(app):
    return app.test_client()


@pytest.fixture
def client(app):
    """A browser signed in as alice, who owns what she creates."""
    return user_client(app, "alice")


def user_client(app, name: str):
    """Another signed-in user (created if needed), with a cookie jar of their own."""
    from app.storage.accounts import find_user
    with app.app_context():
        exists = find_user(name) is not None
    if not exists:
        make_user(app, name)
    return sign_in(app.test_client(), name)


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


# ---------------------------------------------------------------- browsers (one Playwright for the whole run)

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; the test command installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


