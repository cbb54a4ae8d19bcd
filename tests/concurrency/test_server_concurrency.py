"""Many clients at once against the real server (gunicorn, several workers) on 127.0.0.1.

Bounded in count and time. Afterwards every save, tick and comment is checked
in the database: nothing lost, nothing mixed up, revisions contiguous.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter

import pytest

from app.storage.memberships import add_member
from app.storage.accounts import create_user
from app.extensions import db
from app.storage.models import Project, Revision
from app.storage import projects as service
from app.storage.models import Comment
from tests.concurrency.live import Client, fresh_database, gunicorn, release
from tests.conftest import EXAMPLE_PLAN

CLIENTS = 8
OPERATIONS_PER_CLIENT = 12
DEADLINE_SECONDS = 90
PASSWORD = "concurrency-pw-1"


@pytest.fixture
def database_url(tmp_path):
    url, app = fresh_database(tmp_path, "concurrency.sqlite")
    with app.app_context():
        shared = None
        for index in range(CLIENTS):
            user = create_user(f"user{index}", PASSWORD)
            own = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=user)
            if shared is None:
                shared = own
            else:
                add_member(shared, user, "editor")
        db.session.commit()
    release(app)
    return url, app


@pytest.fixture
def server(database_url, tmp_path):
    url, _ = database_url
    with gunicorn(url, tmp_path / "gunicorn.log", workers=3) as base:
        yield base, tmp_path / "gunicorn.log"


def client_for(base: str, name: str) -> Client:
    return Client(base, name, PASSWORD)


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
    client = client_for(base, f"user{index}")
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
