"""Every project route, for every role: allowed, forbidden (403) or invisible (404)."""
from __future__ import annotations

import pytest

from tests.conftest import csrf_token

from .conftest import post

ROLES = ("owner", "editor", "reviewer", "viewer", "outsider")
# (method, path, capability); {id} is the shared plan.
ROUTES = [
    ("GET", "/projects/{id}", "view"),
    ("GET", "/projects/{id}/steps/basics", "view"),
    ("GET", "/projects/{id}/steps/review", "view"),
    ("POST", "/projects/{id}/steps/basics", "edit"),
    ("GET", "/projects/{id}/export", "view"),
    ("GET", "/projects/{id}/rename", "manage"),
    ("POST", "/projects/{id}/rename", "manage"),
    ("POST", "/projects/{id}/duplicate", "edit"),
    ("GET", "/projects/{id}/delete", "manage"),
    ("POST", "/projects/{id}/delete", "manage"),
    ("POST", "/projects/{id}/review/submit", "edit"),
    ("POST", "/projects/{id}/review/decide", "review"),
    ("POST", "/projects/{id}/comments", "comment"),
    ("POST", "/projects/{id}/waivers", "review"),
    ("GET", "/projects/{id}/history", "view"),
    ("GET", "/projects/{id}/history/compare?a=1&b=1", "view"),
    ("POST", "/projects/{id}/history/1/restore", "edit"),
    ("GET", "/projects/{id}/activity", "view"),
    ("GET", "/projects/{id}/checklist", "view"),
    ("GET", "/projects/{id}/checklist/nodes/EXNODE1", "view"),
    ("GET", "/projects/{id}/checklist/print", "view"),
    ("GET", "/projects/{id}/checklist.md", "view"),
    ("POST", "/projects/{id}/checklist/ticks", "tick"),
    ("GET", "/projects/{id}/members", "view"),
    ("POST", "/projects/{id}/members", "manage"),
]
ALLOWED = {
    "view": {"owner", "editor", "reviewer", "viewer"},
    "edit": {"owner", "editor"},
    "tick": {"owner", "editor"},
    "comment": {"owner", "editor", "reviewer"},
    "review": {"reviewer"},
    "manage": {"owner"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, capability", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_role_route_matrix(as_user, team, role, method, path, capability):
    client = as_user(role)
    url = path.format(id=team)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client, "/projects")})
    if role == "outsider":
        assert response.status_code == 404
    elif role in ALLOWED[capability]:
        assert response.status_code not in (403, 404), response.status_code
    else:
        assert response.status_code == 403


def test_outsider_does_not_see_the_plan_listed(as_user, team):
    assert "Contoso mail cluster" not in as_user("outsider").get("/projects").get_data(as_text=True)
    assert "Contoso mail cluster" in as_user("viewer").get("/projects").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(anonymous_client, team):
    response = anonymous_client.get(f"/projects/{team}/steps/basics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert anonymous_client.get("/rules").status_code == 200
    assert anonymous_client.get("/rules/ip-unique").status_code == 200


def test_owner_adds_and_removes_a_member(app, as_user, team):
    owner = as_user("owner")
    response = post(owner, f"/projects/{team}/members", {"username": "outsider", "role": "viewer"},
                    token_page=f"/projects/{team}/members")
    assert response.status_code == 302
    assert as_user("outsider").get(f"/projects/{team}/steps/basics").status_code == 200
    page = owner.get(f"/projects/{team}/members").get_data(as_text=True)
    import re
    membership_id = re.findall(r'/members/(\d+)/remove', page)[-1]
    post(owner, f"/projects/{team}/members/{membership_id}/remove", token_page=f"/projects/{team}/members")
    assert as_user("outsider").get(f"/projects/{team}/steps/basics").status_code == 404
