"""Configuration read from the environment, with safe local defaults."""
from __future__ import annotations

import os

DEFAULT_SECRET_KEY = "dev-only-change-me"


def from_environment(instance_path: str) -> dict:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{os.path.join(instance_path, 'planner.sqlite')}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or DEFAULT_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS set SECURE_COOKIES=1 so browsers never send the session over plain HTTP.
        "SESSION_COOKIE_SECURE": os.environ.get("SECURE_COOKIES", "0") in ("1", "true", "yes"),
        "REMEMBER_COOKIE_SECURE": os.environ.get("SECURE_COOKIES", "0") in ("1", "true", "yes"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PASSWORD_HASH_METHOD": "scrypt",
        "ALLOW_REGISTRATION": os.environ.get("ALLOW_REGISTRATION", "1") not in ("0", "false", "no"),
    }
