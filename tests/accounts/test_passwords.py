"""New passwords: long enough, and not one that guessers try first."""
from __future__ import annotations

import pytest

from app.storage.accounts import MIN_PASSWORD, password_problem
from tests.conftest import csrf_token


@pytest.mark.parametrize("password", ["12345678", "123456789", "password", "qwerty123"])
def test_short_passwords_are_refused(password):
    assert password_problem(password) == f"Use at least {MIN_PASSWORD} characters."


@pytest.mark.parametrize("password", ["1234567890", "qwertyuiop", "Password123", "password2024!", "Welcome1234",
                                      "iloveyou123", "Exchange2003!", "administrator", "P@ssw0rd2025",
                                      "aaaaaaaaaaaa", "abcabcabcabc", "0987654321", "1q2w3e4r5t6y", "zyxwvutsrqpo",
                                      "asdfghjkl;'"])
def test_common_passwords_and_patterns_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", ["correct-horse-battery", "tr0ub4dor&3 river", "Blue kettle at noon",
                                      "mB7#qLr2xT9v"])
def test_ordinary_good_passwords_are_accepted(password):
    assert password_problem(password) is None


def test_a_password_holding_the_user_name_is_refused():
    assert "user name" in password_problem("marianne-2025-x", "marianne")


def test_registration_refuses_a_weak_password_at_the_field(app, anonymous_client):
    token = csrf_token(anonymous_client, "/register")
    response = anonymous_client.post("/register", data={"csrf_token": token, "username": "bob",
                                                        "password": "12345678", "confirm": "12345678"})
    assert response.status_code == 422
    assert "Use at least" in response.get_data(as_text=True)
    response = anonymous_client.post("/register", data={"csrf_token": token, "username": "bob",
                                                        "password": "1234567890", "confirm": "1234567890"})
    assert response.status_code == 422 and "guessers try" in response.get_data(as_text=True)


def test_the_command_line_refuses_a_weak_password_too(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "carol", "--password", "12345678"])
    assert result.exit_code == 2 and "Use at least" in result.output
