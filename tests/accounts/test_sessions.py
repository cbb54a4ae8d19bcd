"""Sessions end when they should: a session cookie copied before sign-out, a password change or an
administrator's action is worthless after it; and the CSRF token changes at sign-in."""
from __future__ import annotations

import re

import pytest

from app.storage.accounts import find_user
from tests.conftest import PASSWORD, csrf_token, make_user, sign_in

NEW_PASSWORD = "a-fresh-passphrase-7"


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    """Another browser holding a copy of someone's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def signed_in(client) -> bool:
    return client.get("/projects").status_code == 200


@pytest.fixture
def alice(app):
    make_user(app, "alice")
    return sign_in(app.test_client(), "alice")


def test_a_copied_session_cookie_stops_working_at_sign_out(app, alice):
    copy = with_cookie(app, session_cookie(alice))
    assert signed_in(copy)
    alice.post("/logout", data={"csrf_token": csrf_token(alice, "/projects")})
    assert not signed_in(alice)
    assert not signed_in(copy)


def test_signing_out_ends_the_sessions_of_every_browser(app, alice):
    laptop = sign_in(app.test_client(), "alice")
    alice.post("/logout", data={"csrf_token": csrf_token(alice, "/projects")})
    assert not signed_in(laptop)
    assert signed_in(sign_in(app.test_client(), "alice"))  # signing in again works, of course


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(app, alice):
    copy = with_cookie(app, session_cookie(alice))
    page = alice.get("/account/password")
    assert page.status_code == 200
    response = alice.post("/account/password", data={
        "csrf_token": csrf_token(alice, "/account/password"), "current": PASSWORD,
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert signed_in(alice)
    assert not signed_in(copy)
    assert signed_in(sign_in(app.test_client(), "alice", NEW_PASSWORD))


def test_the_password_page_wants_the_current_password_and_a_good_new_one(app, alice):
    token = csrf_token(alice, "/account/password")
    wrong = alice.post("/account/password", data={"csrf_token": token, "current": "not-my-password",
                                                  "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "This is not your current password." in wrong.get_data(as_text=True)
    weak = alice.post("/account/password", data={"csrf_token": token, "current": PASSWORD,
                                                 "password": "1234567890", "confirm": "1234567890"})
    assert weak.status_code == 422 and "guessers try" in weak.get_data(as_text=True)
    assert signed_in(sign_in(app.test_client(), "alice"))  # the old password still holds


@pytest.mark.parametrize("command", [["users", "end-sessions", "alice"],
                                     ["users", "set-password", "alice", "--password", NEW_PASSWORD],
                                     ["users", "disable", "alice"]])
def test_an_administrator_can_end_someones_sessions(app, alice, command):
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    assert not signed_in(alice)


def test_a_disabled_account_cannot_sign_in_until_it_is_enabled(app, alice):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "disable", "alice"])
    browser = app.test_client()
    refused = browser.post("/login", data={"csrf_token": csrf_token(browser, "/login"), "username": "alice",
                                           "password": PASSWORD})
    assert refused.status_code == 401 and "The user name or password is not right." in refused.get_data(as_text=True)
    runner.invoke(args=["users", "enable", "alice"])
    assert signed_in(sign_in(app.test_client(), "alice"))


def test_administrator_commands_refuse_an_unknown_name_in_one_line(app):
    result = app.test_cli_runner().invoke(args=["users", "end-sessions", "nobody"])
    assert result.exit_code == 2 and result.output.strip() == "error: there is no user called nobody"


def test_the_csrf_token_changes_at_sign_in(app):
    make_user(app, "alice")
    browser = app.test_client()
    before = csrf_token(browser, "/login")
    response = browser.post("/login", data={"csrf_token": before, "username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    after = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/projects").get_data(as_text=True))
    assert after and after.group(1) != before
    # The token known before signing in is refused afterwards.
    refused = browser.post("/projects/new", data={"csrf_token": before, "name": "Planted", "exchange_version": "2003",
                                                  "windows_version": "2003"})
    assert refused.status_code == 400
