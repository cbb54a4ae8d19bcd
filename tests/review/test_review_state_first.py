"""The team's review state comes first; the rules' verdict follows, named as the rule check."""
from __future__ import annotations

import json

import pytest
from werkzeug.datastructures import MultiDict

from app.domain.plan import load_plan
from app.domain.rules import check
from tests.conftest import EXAMPLE_PLAN, csrf_token

from .conftest import project_state


def post(client, url, data, page):
    token = csrf_token(client, page)
    return client.post(url, data=MultiDict({"csrf_token": token, **data}))


@pytest.mark.parametrize("change, summary", [
    ({}, "no errors, every question answered"),
    ({"cluster.hardware_certified": False}, "no errors, every question answered, 1 warning"),
    ({"cluster.name": "A-NAME-FAR-TOO-LONG", "cluster.ip": None},
     "1 error, 1 question not answered"),
])
def test_the_rule_checks_summary_says_what_the_rules_found(change, summary):
    document = json.loads(EXAMPLE_PLAN.read_text())
    for path, value in change.items():
        section, key = path.split(".")
        if value is None:
            del document[section][key]
        else:
            document[section][key] = value
    assert check(load_plan(document)).summary == summary


def test_changes_requested_comes_before_a_clean_rule_check(app, as_user, team):
    owner, reviewer = as_user("owner"), as_user("reviewer")
    review = f"/projects/{team}/steps/review"
    post(owner, f"/projects/{team}/review/submit", {}, review)
    post(reviewer, f"/projects/{team}/review/decide", {"decision": "changes-requested", "note": "Check the SAN"},
         review)
    assert project_state(app, team).review_state == "changes-requested"
    html = owner.get(review).get_data(as_text=True)
    assert "Ready: the plan can be carried out" not in html
    team_review = html.index("Team review: Changes requested")
    rule_check = html.index("Rule check: no errors, every question answered")
    assert team_review < rule_check
    assert "the team review above decides whether it is" in html


def test_the_project_list_shows_the_review_then_the_rule_check(app, as_user, team):
    html = as_user("owner").get("/projects").get_data(as_text=True)
    row = html[html.index("Contoso mail cluster"):]
    assert row.index('<span class="state-pill review-draft">Draft</span>') < row.index(
        "No errors, every question answered")
    assert ">Ready<" not in html
