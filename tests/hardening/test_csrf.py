"""Every route that changes something refuses a request without a valid CSRF token.

The routes come from the URL map, so a POST route added later is covered without touching this
file; the test fails when it does not know how to fill one of a new route's URL parameters.
"""
from __future__ import annotations

import pytest
from flask import url_for

from tests.conftest import csrf_token, user_client

from .common import EDITOR, OWNER, REVIEWER, seed, snapshot

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def unsafe_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.methods & UNSAFE),
                  key=lambda rule: (rule.rule, rule.endpoint))


def fill(app, rule, ids: dict) -> str:
    """The rule's URL with real ids of the seeded project; fails for a parameter it does not know."""
    missing = set(rule.arguments) - set(ids)
    assert not missing, (f"{rule.rule} ({rule.endpoint}) has URL parameters {sorted(missing)} that this test "
                         "cannot fill yet: add real values for them to tests/hardening/common.py:seed()")
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})


def method_of(rule) -> str:
    return "POST" if "POST" in rule.methods else sorted(rule.methods & UNSAFE)[0]


def test_the_url_map_has_the_expected_kinds_of_post_routes(app):
    """A sanity check of the enumeration itself: forms of every blueprint are among the routes."""
    endpoints = {rule.endpoint for rule in unsafe_rules(app)}
    for expected in ("wizard.save_step", "projects.new_project", "projects.import_plan", "review.add_comment",
                     "review.waive", "review.decide", "review.members", "checklist.set_tick", "accounts.login",
                     "accounts.register", "accounts.logout"):
        assert expected in endpoints
    assert len(endpoints) >= 20


TOKENS = {
    "no token": None,
    "empty token": "",
    "forged token": "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb",
}


@pytest.mark.parametrize("token_kind", list(TOKENS))
def test_every_unsafe_route_refuses_a_request_without_a_valid_token(app, token_kind):
    ids = seed(app)
    clients = {name: user_client(app, name) for name in (OWNER, REVIEWER, EDITOR)}
    # The signed-in sessions have tokens of their own; none of them is sent.
    for client in clients.values():
        csrf_token(client, "/projects")
    before = snapshot(app)
    refused = []
    for rule in unsafe_rules(app):
        url = fill(app, rule, ids)
        data = {"name": "Changed", "body": "Changed", "reason": "Changed", "decision": "approved",
                "username": EDITOR, "role": "viewer", "item_id": ids["item_id"], "action": "tick",
                "target": "plan:", "resolved": "1", "rule": ids["rule_id"], "subject": "cluster.hardware_certified",
                "cluster__name": "CHANGED", "password": "correct-horse-battery", "confirm": "correct-horse-battery",
                "exchange_version": "2003", "windows_version": "2003", "goto": "next"}
        if TOKENS[token_kind] is not None:
            data["csrf_token"] = TOKENS[token_kind]
        for name, client in clients.items():
            response = client.open(url, method=method_of(rule), data=data)
            assert response.status_code == 400, \
                f"{method_of(rule)} {url} as {name} with {token_kind}: HTTP {response.status_code}"
            assert "did not come from this site" in response.get_data(as_text=True)
            refused.append(rule.endpoint)
        assert snapshot(app) == before, f"{method_of(rule)} {url} changed the database without a token"
    assert refused


def test_the_same_requests_with_the_token_are_accepted(app):
    """Control: with its token each request gets past the CSRF check, so the refusals above are the
    token's doing and not a bad URL (delete and sign-out go last)."""
    last = {"projects.delete": 1, "accounts.logout": 2}
    ids = seed(app)
    owner, reviewer = user_client(app, OWNER), user_client(app, REVIEWER)
    tokens = [(owner, csrf_token(owner, "/projects")), (reviewer, csrf_token(reviewer, "/projects"))]
    for rule in sorted(unsafe_rules(app), key=lambda r: last.get(r.endpoint, 0)):
        url = fill(app, rule, ids)
        statuses = []
        for client, token in tokens:
            response = client.open(url, method=method_of(rule), data={"csrf_token": token})
            statuses.append(response.status_code)
        assert any(status not in (400, 404, 405) for status in statuses), (url, statuses)
        assert all(status < 500 for status in statuses), (url, statuses)


def test_an_anonymous_post_without_a_token_is_refused_too(app):
    ids = seed(app)
    before = snapshot(app)
    anonymous = app.test_client()
    for rule in unsafe_rules(app):
        response = anonymous.open(fill(app, rule, ids), method=method_of(rule), data={"username": OWNER})
        assert response.status_code == 400, (rule.rule, response.status_code)
    assert snapshot(app) == before
