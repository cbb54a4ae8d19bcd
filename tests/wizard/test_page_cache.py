"""A kept step form (app/web/wizard/page_cache.py) follows every change it shows, and carries each
session's own CSRF token."""
from __future__ import annotations

import io
import json
import re

import pytest

from app.web.wizard.page_cache import CSRF_PLACEHOLDER, STEP_FORMS
from tests.conftest import csrf_token, user_client

from .test_render import page_form

TOKEN = re.compile(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def project_id(client, example_document):
    token = csrf_token(client, "/projects")
    response = client.post("/projects/import", content_type="multipart/form-data", data={
        "csrf_token": token, "plan_file": (io.BytesIO(json.dumps(example_document).encode()), "plan.json")})
    return int(re.search(r"/projects/(\d+)/", response.headers["Location"]).group(1))


def page(client, project_id, step="cluster") -> str:
    response = client.get(f"/projects/{project_id}/steps/{step}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def add_member(owner, project_id, username, role):
    token = csrf_token(owner, f"/projects/{project_id}/members")
    response = owner.post(f"/projects/{project_id}/members",
                          data={"csrf_token": token, "username": username, "role": role})
    assert response.status_code == 302


def test_a_second_visit_is_the_same_page_with_the_sessions_token(app, client, project_id):
    page(client, project_id)  # shows the import's message once
    STEP_FORMS.clear()
    first, second = page(client, project_id), page(client, project_id)
    assert len(STEP_FORMS._items) == 1
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    assert CSRF_PLACEHOLDER not in second and "csrf-token-for-this-session" not in second
    other = user_client(app, "bob")
    add_member(client, project_id, "bob", "editor")
    bobs = page(other, project_id)
    assert TOKEN.search(bobs).group(1) == csrf_token(other, "/projects")  # his own session's token
    # And it is accepted: bob saves through the kept form.
    posted = page_form(bobs)
    posted["goto"], posted["cluster__name"] = "", "EXCLUS7"
    assert other.post(f"/projects/{project_id}/steps/cluster", data=posted).status_code == 302
    assert 'value="EXCLUS7"' in page(client, project_id)


def test_a_viewer_never_gets_the_editors_form(app, client, project_id):
    assert "Save and continue" in page(client, project_id)
    vera = user_client(app, "vera")
    add_member(client, project_id, "vera", "viewer")
    viewers = page(vera, project_id)
    assert "Save and continue" not in viewers and "You can read this plan" in viewers


def test_renaming_and_review_decisions_show_at_once(app, client, project_id):
    page(client, project_id)
    token = csrf_token(client, f"/projects/{project_id}/rename")
    client.post(f"/projects/{project_id}/rename", data={"csrf_token": token, "name": "Fabrikam cluster"})
    renamed = page(client, project_id)
    assert "Fabrikam cluster" in renamed
    assert 'class="state-pill review-draft"' in renamed
    client.post(f"/projects/{project_id}/review/submit", data={"csrf_token": token})
    assert 'class="state-pill review-in-review"' in page(client, project_id)


def cluster_state(html: str) -> str:
    return re.search(r'<li class="step-item state-([a-z-]+)[^"]*">\s*<a[^>]*data-goto="cluster"', html).group(1)


def test_a_draft_elsewhere_changes_the_step_bar(client, project_id):
    before = page(client, project_id, "nodes")
    assert cluster_state(before) == "complete"
    token = TOKEN.search(before).group(1)
    revision = re.search(r'name="base_revision" type="hidden" value="(\d+)"', before).group(1)
    response = client.post(f"/projects/{project_id}/steps/cluster", data={
        "csrf_token": token, "base_revision": revision, "goto": "", "cluster__ip": "10.0.0.999"})
    assert response.status_code == 422
    assert cluster_state(page(client, project_id, "nodes")) == "errors"  # the draft's refused answer
