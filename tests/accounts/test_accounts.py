"""Sign-in, registration, the users CLI and adoption of projects from before accounts."""
from __future__ import annotations

import pytest

from app.storage.accounts import find_user
from app.extensions import db
from app.storage.models import Membership, Project
from app.storage import projects as projects
from tests.conftest import EXAMPLE_PLAN, PASSWORD, csrf_token, make_user


def login(client, name, password, next_url=""):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "username": name, "password": password,
                                       "next": next_url})


def test_sign_in_and_out(app, anonymous_client):
    make_user(app, "alice")
    response = login(anonymous_client, "alice", PASSWORD, next_url="/projects/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/projects/new")
    assert "Signed in as" in anonymous_client.get("/projects").get_data(as_text=True)
    token = csrf_token(anonymous_client, "/projects")
    anonymous_client.post("/logout", data={"csrf_token": token})
    assert anonymous_client.get("/projects").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(app, anonymous_client):
    make_user(app, "alice")
    for name in ("alice", "nobody"):
        response = login(anonymous_client, name, "wrong-password")
        assert response.status_code == 401
        assert "The user name or password is not right." in response.get_data(as_text=True)


def test_redirect_after_sign_in_stays_on_this_site(app, anonymous_client):
    make_user(app, "alice")
    response = login(anonymous_client, "alice", PASSWORD, next_url="https://evil.example/")
    assert response.headers["Location"].endswith("/projects")


def test_session_cookie_is_httponly_and_samesite(app, anonymous_client):
    make_user(app, "alice")
    response = login(anonymous_client, "alice", PASSWORD)
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_register_creates_an_account_and_signs_in(app, anonymous_client):
    token = csrf_token(anonymous_client, "/register")
    response = anonymous_client.post("/register", data={"csrf_token": token, "username": "bob",
                                                        "password": "long-enough-pw", "confirm": "long-enough-pw"})
    assert response.status_code == 302
    assert anonymous_client.get("/projects").status_code == 200
    with app.app_context():
        user = find_user("bob")
        assert user.password_hash.startswith("pbkdf2:") or user.password_hash.startswith("scrypt:")


@pytest.mark.parametrize("data, message", [
    ({"username": "x", "password": "long-enough-pw", "confirm": "long-enough-pw"}, "Use 2 to 80 letters"),
    ({"username": "bob", "password": "short", "confirm": "short"}, "at least 10 characters"),
    ({"username": "bob", "password": "long-enough-pw", "confirm": "different-pw"}, "The two passwords differ."),
    ({"username": "alice", "password": "long-enough-pw", "confirm": "long-enough-pw"}, "is taken"),
])
def test_registration_problems_are_shown_at_the_field(app, anonymous_client, data, message):
    make_user(app, "alice")
    token = csrf_token(anonymous_client, "/register")
    response = anonymous_client.post("/register", data={"csrf_token": token, **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_registration_can_be_turned_off(app, anonymous_client):
    app.config["ALLOW_REGISTRATION"] = False
    assert anonymous_client.get("/register").status_code == 404
    assert "Create an account" not in anonymous_client.get("/login").get_data(as_text=True)


def test_production_hash_is_scrypt(app):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    make_user(app, "carol")
    with app.app_context():
        assert find_user("carol").password_hash.startswith("scrypt:")


def test_users_create_command_and_adoption_of_older_projects(app):
    with app.app_context():
        orphan = projects.import_project(EXAMPLE_PLAN.read_bytes())  # a plan from before accounts
        orphan_id = orphan.id
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "admin", "--admin"], input="s3cret-pass\ns3cret-pass\n")
    assert result.exit_code == 0, result.output
    assert "Created administrator admin." in result.output
    with app.app_context():
        membership = db.session.scalar(db.select(Membership).where(Membership.project_id == orphan_id))
        assert membership.role == "owner" and membership.user.username == "admin"
        assert db.session.get(Project, orphan_id) is not None
    again = runner.invoke(args=["users", "create", "admin", "--password", "another-pass"])
    assert again.exit_code == 2 and "is taken" in again.output
