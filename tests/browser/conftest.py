"""Real-browser fixtures: the app served on 127.0.0.1 and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, reset_database  # noqa: F401


class LiveServer:
    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def live_server(tmp_path):
    app = create_app({
        "TESTING": False,
        "SECRET_KEY": "browser-test-secret",
        "SQLALCHEMY_DATABASE_URI": os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'browser.sqlite'}",
    })
    with app.app_context():
        if os.environ.get("TEST_DATABASE_URL"):
            reset_database()
        else:
            upgrade()
    server = LiveServer(app).start()
    yield server
    server.stop()
    from app.extensions import db
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15000)
    return page
