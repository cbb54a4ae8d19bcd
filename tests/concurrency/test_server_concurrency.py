"""Many clients at once against the real server (gunicorn, several workers) on 127.0.0.1.

Bounded in count and time. Afterwards every save, tick and comment is checked
in the database: nothing lost, nothing mixed up, revisions contiguous.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from app import create_app
from app.storage.memberships import add_member
from app.storage.accounts import create_user, find_user
from app.extensions import db
from app.storage.models import Project, Revision
from app.storage import projects as service
from app.storage.models import Comment
from tests.conftest import EXAMPLE_PLAN, TEST_CONFIG, reset_database

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 8
OPERATIONS_PER_CLIENT = 12
DEADLINE_SECONDS = 90
PASSWORD = "concurrency-pw-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'concurrency.sqlite'}"
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade
        reset_database() if os.environ.get("TEST_DATABASE_URL") else upgrade()
        shared = None
        for index in range(CLIENTS):
            user = create_user(f"user{index}", PASSWORD)
            own = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=user)
            if shared is None:
                shared = own
            else:
                add_member(shared, user, "editor")
        db.session.commit()
        db.engine.dispose()
    return url, app


@pytest.fixture
def server(database_url, tmp_path):
    url, _ = database_url
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w+")
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": "concurrency-secret"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "3", "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "--access-logfile", "-", "app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
        yield base, tmp_path / "gunicorn.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str, name: str):
        self.base, self.name = base, name
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def request(self, path: str, data: dict | list | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def token(self, html: str) -> str:
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)

    def sign_in(self) -> None:
        _, html = self.request("/login")
        status, _ = self.request("/login", {"csrf_token": self.token(html), "username": self.name,
                                            "password": PASSWORD})
        assert status == 302


def ad_form(forest: str) -> dict:
    return {
        "active_directory__forest_root_domain": forest, "active_directory__domain": "contoso.com",
        "active_directory__dns_servers": "10.0.0.2", "active_directory__dns_dynamic_updates": "yes",
        "active_directory__forestprep_done": "no", "active_directory__forestprep_account_schema_admin": "yes",
        "active_directory__forestprep_account_enterprise_admin": "yes", "active_directory__domainprep_done": "no",
        "active_directory__domainprep_account_domain_admin": "yes",
        "active_directory__setup_account_exchange_full_admin": "yes", "goto": "",
    }


def run_client(base: str, index: int, deadline: float, results: list, errors: list) -> None:
    client = Client(base, f"user{index}")
    try:
        client.sign_in()
        _, listing = client.request("/projects")
        project_ids = sorted({int(i) for i in re.findall(r'href="/projects/(\d+)"', listing)})
        for op in range(OPERATIONS_PER_CLIENT):
            if time.monotonic() > deadline:
                break
            project_id = project_ids[0] if op % 2 == 0 else project_ids[-1]  # shared, then own
            kind = ("save", "tick", "comment")[op % 3]
            token_value = f"c{index}-op{op}"
            if kind == "save":
                _, page = client.request(f"/projects/{project_id}/steps/active-directory")
                base_revision = re.search(r'name="base_revision" type="hidden" value="(\d+)"', page).group(1)
                data = ad_form(f"{token_value}.example") | {"csrf_token": client.token(page),
                                                            "base_revision": base_revision}
                status, _ = client.request(f"/projects/{project_id}/steps/active-directory", data)
            elif kind == "tick":
                _, page = client.request(f"/projects/{project_id}/checklist")
                items = re.findall(r'name="item_id" value="([^"]+)"', page)
                item = items[(index + op) % len(items)]
                status, _ = client.request(f"/projects/{project_id}/checklist/ticks",
                                           {"csrf_token": client.token(page), "item_id": item, "action": "tick"})
                token_value = item
            else:
                _, page = client.request(f"/projects/{project_id}/steps/review")
                status, _ = client.request(f"/projects/{project_id}/comments",
                                           {"csrf_token": client.token(page), "target": "plan:",
                                            "body": f"note {token_value}"})
            results.append((client.name, project_id, kind, token_value, status))
    except Exception as error:  # noqa: BLE001  (reported by the test, not swallowed)
        errors.append(f"{client.name}: {error!r}")


def test_many_clients_at_once_lose_and_mix_up_nothing(server, database_url):
    base, log_path = server
    url, app = database_url
    results: list = []
    errors: list = []
    deadline = time.monotonic() + DEADLINE_SECONDS
    threads = [threading.Thread(target=run_client, args=(base, i, deadline, results, errors)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_SECONDS + 60)

    log = log_path.read_text()
    assert not errors, errors
    assert "database is locked" not in log and "Traceback" not in log, log[-3000:]
    statuses = Counter(status for *_, status in results)
    assert all(status < 500 for status in statuses), statuses
    allowed = {"save": {302, 409}, "tick": {303}, "comment": {302}}
    assert all(status in allowed[kind] for _, _, kind, _, status in results), results
    assert len(results) >= CLIENTS * 3
    assert statuses[302] > 0 and statuses[303] > 0

    with app.app_context():
        check_saves(results)
        check_comments(results)
        check_revisions_are_contiguous()


def check_saves(results) -> None:
    for name, project_id, kind, value, status in results:
        if kind != "save":
            continue
        matching = [r for r in db.session.scalars(db.select(Revision).where(Revision.project_id == project_id))
                    if r.document.get("active_directory", {}).get("forest_root_domain") == f"{value}.example"]
        if status == 302:
            assert len(matching) == 1, f"save {value} by {name} missing"
            assert matching[0].author.username == name and matching[0].step == "active-directory"
        else:
            assert not matching, f"refused save {value} was stored"


def check_comments(results) -> None:
    for name, project_id, kind, value, status in results:
        if kind == "comment":
            comments = db.session.scalars(db.select(Comment).where(Comment.body == f"note {value}")).all()
            assert len(comments) == 1 and comments[0].author.username == name
            assert comments[0].project_id == project_id


def check_revisions_are_contiguous() -> None:
    for project in db.session.scalars(db.select(Project)):
        numbers = [r.number for r in db.session.scalars(
            db.select(Revision).where(Revision.project_id == project.id).order_by(Revision.number))]
        assert numbers == list(range(1, project.revision + 1)), (project.id, numbers)
        latest = db.session.scalar(db.select(Revision).where(Revision.project_id == project.id,
                                                             Revision.number == project.revision))
        assert json.loads(latest.plan_json) == project.document
