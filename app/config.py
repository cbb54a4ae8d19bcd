"""Configuration read from the environment, with safe local defaults.

A setting that is present but not understood stops the app from starting: a typo in a security
switch (SECURE_COOKIES=ture) must never leave it silently at its default.
"""
from __future__ import annotations

import os

DEFAULT_SECRET_KEY = "dev-only-change-me"

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


class ConfigurationError(ValueError):
    """A setting from the environment cannot be used; the message names it and says what it takes."""


def flag(name: str, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no or on/off in any case; unset or empty is `default`."""
    text = os.environ.get(name, "")
    word = text.strip().lower()
    if not word:
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={text!r} is not understood: use one of 1/0, true/false, yes/no, on/off.")


def whole_number(name: str, default: int, maximum: int) -> int:
    """A small count from the environment (0 to `maximum`); unset or empty is `default`."""
    text = os.environ.get(name, "")
    if not text.strip():
        return default
    word = text.strip()
    if not (word.isascii() and word.isdigit()) or int(word) > maximum:
        raise ConfigurationError(f"{name}={text!r} is not understood: use a whole number from 0 to {maximum}.")
    return int(word)


def from_environment(instance_path: str) -> dict:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{os.path.join(instance_path, 'planner.sqlite')}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    # Behind HTTPS set SECURE_COOKIES=1 so browsers never send the session over plain HTTP.
    secure_cookies = flag("SECURE_COOKIES", False)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or DEFAULT_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PASSWORD_HASH_METHOD": "scrypt",
        "ALLOW_REGISTRATION": flag("ALLOW_REGISTRATION", True),
        # How many reverse proxies in front add X-Forwarded-For: sign-in throttling counts attempts
        # per client address, which behind a proxy is only known from that header.
        "TRUSTED_PROXIES": whole_number("TRUSTED_PROXIES", 0, 5),
    }
