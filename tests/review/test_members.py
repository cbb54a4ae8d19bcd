"""Members: adding one never tells an owner whether a name has an account; members can leave."""
from __future__ import annotations

import re

from app.extensions import db
from app.storage.accounts import find_user
from app.storage.models import Activity, Membership, User
from tests.conftest import csrf_token, make_user, user_client

from .conftest import post


def add(client, team, name, role="viewer"):
    return post(client, f"/projects/{team}/members", {"username": name, "role": role},
                token_page=f"/projects/{team}/members")


def members_page(client, team) -> str:
    return client.get(f"/projects/{team}/members").get_data(as_text=True)


def without_ids(html: str, name: str) -> str:
    """The members page with the parts that differ for any two rows made the same: ids and the name."""
    return re.sub(r"/members/\d+/", "/members/N/", html.replace(name, "NAME"))


def test_adding_a_name_reads_the_same_whether_or_not_it_has_an_account(app, as_user, team):
    owner = as_user("owner")
    make_user(app, "realperson")
    answers = {}
    for name in ("realperson", "ghostperson"):
        response = add(owner, team, name)
        assert response.status_code == 302
        shown = owner.get(response.headers["Location"]).get_data(as_text=True)
        answers[name] = (response.headers["Location"],
                         re.search(r'class="flash[^"]*"[^>]*>([^<]*)<', shown).group(1).replace(name, "NAME"))
    assert answers["realperson"] == answers["ghostperson"]
    page = members_page(owner, team)
    rows = {name: re.search(rf"<tr><th scope=\"row\">{name}</th>.*?</tr>", page, re.S).group(0)
            for name in ("realperson", "ghostperson")}
    assert without_ids(rows["realperson"], "realperson") == without_ids(rows["ghostperson"], "ghostperson")
    with app.app_context():  # the name without an account grants nothing
        ghost = db.session.scalar(db.select(Membership).where(Membership.added_as == "ghostperson"))
        assert ghost.user_id is None and ghost.role == "viewer"


def test_the_name_shown_is_the_one_typed_so_its_spelling_tells_nothing(app, as_user, team):
    owner = as_user("owner")
    make_user(app, "Mixed.Case")
    add(owner, team, "mixed.case")
    assert "<th scope=\"row\">mixed.case</th>" in members_page(owner, team)
    assert user_client(app, "Mixed.Case").get(f"/projects/{team}/steps/basics").status_code == 200


def test_a_name_registered_after_it_was_added_gets_nothing(app, as_user, team):
    owner = as_user("owner")
    add(owner, team, "latecomer")
    make_user(app, "latecomer")
    assert user_client(app, "latecomer").get(f"/projects/{team}/steps/basics").status_code == 404
    add(owner, team, "latecomer", "editor")  # added again once the account exists: now it counts
    assert user_client(app, "latecomer").get(f"/projects/{team}/steps/basics").status_code == 200
    with app.app_context():
        rows = db.session.scalars(db.select(Membership).where(Membership.added_as == "latecomer")).all()
        assert [(row.user_id is not None, row.role) for row in rows] == [(True, "editor")]


def test_an_administrator_is_told_that_a_name_has_no_account(app, team):
    with app.app_context():
        owner = find_user("owner")
        owner.is_admin = True
        db.session.commit()
    response = add(user_client(app, "owner"), team, "nobody")
    assert response.status_code == 422
    assert "There is no user called nobody." in response.get_data(as_text=True)


def test_a_member_can_leave(app, as_user, team):
    reviewer = as_user("reviewer")
    page = members_page(reviewer, team)
    assert f'action="/projects/{team}/members/leave"' in page
    response = post(reviewer, f"/projects/{team}/members/leave", token_page=f"/projects/{team}/members")
    assert response.status_code == 302 and response.headers["Location"].endswith("/projects")
    assert reviewer.get(f"/projects/{team}/steps/basics").status_code == 404
    with app.app_context():
        reviewer_id = db.session.scalar(db.select(User.id).where(User.username == "reviewer"))
        assert db.session.scalar(db.select(Membership).where(Membership.user_id == reviewer_id)) is None
        assert db.session.scalar(db.select(Activity).where(Activity.summary == "left the plan")) is not None


def test_the_last_owner_cannot_leave(app, as_user, team):
    owner = as_user("owner")
    response = post(owner, f"/projects/{team}/members/leave", token_page=f"/projects/{team}/members")
    assert response.status_code == 302
    assert "the only owner" in owner.get(response.headers["Location"]).get_data(as_text=True)
    assert owner.get(f"/projects/{team}/steps/basics").status_code == 200


def test_leaving_needs_the_csrf_token_and_a_post(app, as_user, team):
    viewer = as_user("viewer")
    assert viewer.get(f"/projects/{team}/members/leave").status_code == 405
    assert viewer.post(f"/projects/{team}/members/leave").status_code == 400
    assert viewer.get(f"/projects/{team}/steps/basics").status_code == 200
