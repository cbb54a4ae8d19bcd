"""Settings read from the environment: booleans in any usual spelling, and a refusal to start on
anything else (a typo must not leave a security setting silently at its default)."""
from __future__ import annotations

import pytest

from app import create_app
from app.config import ConfigurationError, from_environment
from tests.conftest import TEST_CONFIG


@pytest.mark.parametrize("text", ["0", "off", "OFF", "Off", "false", "False", "FALSE", "no", "NO", " No "])
def test_registration_turns_off_in_every_usual_spelling(monkeypatch, tmp_path, text):
    monkeypatch.setenv("ALLOW_REGISTRATION", text)
    assert from_environment(str(tmp_path))["ALLOW_REGISTRATION"] is False


@pytest.mark.parametrize("text", ["1", "on", "ON", "true", "TRUE", "True", "yes", "Yes"])
def test_secure_cookies_turn_on_in_every_usual_spelling(monkeypatch, tmp_path, text):
    monkeypatch.setenv("SECURE_COOKIES", text)
    config = from_environment(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is True and config["REMEMBER_COOKIE_SECURE"] is True


def test_unset_or_empty_means_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    monkeypatch.setenv("ALLOW_REGISTRATION", "")
    config = from_environment(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is False and config["ALLOW_REGISTRATION"] is True


@pytest.mark.parametrize("name, text", [("SECURE_COOKIES", "ture"), ("ALLOW_REGISTRATION", "disabled"),
                                        ("SECURE_COOKIES", "2"), ("TRUSTED_PROXIES", "many")])
def test_an_unknown_value_refuses_to_start_and_says_which_setting(monkeypatch, tmp_path, name, text):
    monkeypatch.setenv(name, text)
    with pytest.raises(ConfigurationError) as refused:
        create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    message = str(refused.value)
    assert name in message and repr(text) in message
    assert "\n" not in message
