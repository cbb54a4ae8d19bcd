"""A real server for the concurrency tests: gunicorn with several workers on 127.0.0.1, and a
client with its own cookies, as a browser would be."""
from __future__ import annotations

import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.web.accounts.views import BUSY_SECONDS as BUSY_RETRY_SECONDS
from app.extensions import db
from tests.conftest import TEST_CONFIG, reset_database

ROOT = Path(__file__).resolve().parents[2]


def fresh_database(tmp_path: Path, name: str) -> tuple[str, Flask]:
    """An empty database at the latest schema (SQLite in tmp_path, or the suite's PostgreSQL)."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / name}"
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        reset_database() if os.environ.get("TEST_DATABASE_URL") else upgrade()
    return url, app


def release(app: Flask) -> None:
    """Close the set-up's connections, so the server's workers have the database to themselves."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, log_path: Path, workers: int, extra_env: dict | None = None) -> Iterator[str]:
    """gunicorn serving the app on a free port; yields its base URL and stops it (process group) after."""
    port = free_port()
    log = open(log_path, "w+")
    env = os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": "concurrency-secret"} | (extra_env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "--access-logfile", "-", "app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start:\n" + log_path.read_text())
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str, name: str, password: str, headers: dict | None = None):
        self.base, self.name, self.password = base, name, password
        self.headers = headers or {}  # sent with every request (X-Forwarded-For behind a trusted proxy)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def request(self, path: str, data: dict | list | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        sent = urllib.request.Request(self.base + path, body, headers=self.headers)
        try:
            with self.opener.open(sent, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def token(self, html: str) -> str:
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)

    def sign_in(self, attempts: int = 8) -> int:
        """Sign in as a person does: on "busy, try again in a moment" (429: every password hashing
        slot taken by other sign-ins at that instant), wait as the page says and try again."""
        for _ in range(attempts):
            _, html = self.request("/login")
            status, _ = self.request("/login", {"csrf_token": self.token(html), "username": self.name,
                                                "password": self.password})
            if status != 429:
                break
            time.sleep(BUSY_RETRY_SECONDS + random.random())
        assert status == 302, status
        return status
