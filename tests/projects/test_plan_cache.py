"""Loaded plans, their reports and runbooks are shared between requests (app/cache.py): no page may
change them, and a changed text must never be served an older plan."""
from __future__ import annotations

import copy
import io
import json
import re

import pytest

from app.storage.models import STORED_CHECKLISTS, STORED_PLANS, STORED_REPORTS
from app.domain.runbook import build_checklist
from app.domain.plan import load_plan
from app.cache import LruCache
from app.domain.rules import check
from app.web.wizard.steps import STEPS
from tests.conftest import csrf_token


def test_the_least_recently_used_text_goes_first():
    cache: LruCache[str] = LruCache(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a", lambda: "again") == "A"  # "a" is now the most recent
    cache.put("c", "C")  # so "b" makes room
    assert cache.get("a", lambda: "again") == "A"
    assert cache.get("c", lambda: "again") == "C"
    assert cache.get("b", lambda: "worked out anew") == "worked out anew"


def findings_plan(example_document) -> dict:
    """The example with an error, a warning and an unanswered question, so every page shows some."""
    document = copy.deepcopy(example_document)
    document["nodes"][0]["domain_controller"] = True
    document["nodes"][1]["public_ip"] = document["nodes"][0]["public_ip"]
    document["cluster"]["hardware_certified"] = False
    del document["cluster"]["service_account"]
    return document


def every_project_page(app, project_id: int, node_names: list[str]) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "project_id" not in rule.arguments:
            continue
        if "step_name" in rule.arguments:
            urls += [f"/projects/{project_id}/steps/{step.name}" for step in STEPS]
        elif "node_name" in rule.arguments:
            with app.test_request_context():
                from flask import url_for
                urls += [url_for(rule.endpoint, project_id=project_id, node_name=name) for name in node_names]
        elif "number" in rule.arguments and "phase" in rule.arguments:
            urls += [f"/projects/{project_id}/checklist/scripts/{phase}/{number}.{kind}"
                     for phase, number, kind in ((2, 1, "cmd"), (2, 2, "cmd"), (4, 1, "cmd"), (4, 1, "ps1"))]
        else:
            with app.test_request_context():
                from flask import url_for
                urls.append(url_for(rule.endpoint, project_id=project_id))
    return urls


def test_no_page_changes_the_shared_plan_or_report(app, client, example_document):
    document = findings_plan(example_document)
    token = csrf_token(client, "/projects")
    response = client.post("/projects/import", content_type="multipart/form-data", data={
        "csrf_token": token, "plan_file": (io.BytesIO(json.dumps(document).encode()), "plan.json")})
    project_id = int(re.search(r"/projects/(\d+)/", response.headers["Location"]).group(1))
    fresh_plan = load_plan(document)
    fresh_report = check(fresh_plan)
    assert fresh_report.errors and fresh_report.warnings and fresh_report.incomplete

    urls = every_project_page(app, project_id, [node["name"] for node in document["nodes"]])
    assert len(urls) > 15
    for url in urls + urls:  # the second round reads what the first one left in the cache
        response = client.get(url)
        assert response.status_code < 500, url
    with app.app_context():
        from app.extensions import db
        from app.storage.models import Project
        text = db.session.get(Project, project_id).plan_json
    shared_plan = STORED_PLANS.get(text, lambda: pytest.fail("the pages did not load the plan"))
    shared_report = STORED_REPORTS.get(text, lambda: pytest.fail("the pages did not check the plan"))
    shared_checklist = STORED_CHECKLISTS.get(text, lambda: pytest.fail("the pages did not build the runbook"))
    assert shared_plan == fresh_plan
    assert shared_report == fresh_report
    assert shared_checklist == build_checklist(fresh_plan)


def test_a_saved_change_is_never_served_from_the_cache(app, client, example_document):
    token = csrf_token(client, "/projects")
    response = client.post("/projects/import", content_type="multipart/form-data", data={
        "csrf_token": token, "plan_file": (io.BytesIO(json.dumps(example_document).encode()), "plan.json")})
    project_id = int(re.search(r"/projects/(\d+)/", response.headers["Location"]).group(1))
    url = f"/projects/{project_id}/steps/cluster"
    assert 'value="EXCLUS1"' in client.get(url).get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    revision = re.search(r'name="base_revision" type="hidden" value="(\d+)"', page).group(1)
    posted = {"csrf_token": token, "base_revision": revision, "goto": "", "cluster__name": "EXCLUS9"}
    for name, value in re.findall(r'<input [^>]*name="(cluster__[^"]+)"[^>]*type="text" value="([^"]*)"', page):
        posted.setdefault(name, value)
    client.post(url, data=posted)
    page = client.get(url).get_data(as_text=True)
    assert 'value="EXCLUS9"' in page and 'value="EXCLUS1"' not in page
    assert "EXCLUS9" in client.get(f"/projects/{project_id}/checklist").get_data(as_text=True)
