"""Account operations: create users, and the rules for names and passwords. Signing in is in
sign_in.py."""
from __future__ import annotations

import re
import string
from pathlib import Path

from sqlalchemy import update

from app.extensions import db
from app.storage.engine import write_transaction
from app.storage.hashing import hash_password
from app.storage.models import Membership, Project, User

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,79}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
COMMON_PASSWORDS = frozenset(
    line.strip().lower() for line in (Path(__file__).with_name("common-passwords.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
# What is stripped around a common word before looking it up: "Password2024!" is "password".
AROUND_A_WORD = string.digits + string.punctuation + string.whitespace
# Keys and digits in a row, as people type them; a password inside one of these (either way
# round) is refused.
RUNS = ("01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop",
        "azertyuiop", "1qaz2wsx3edc4rfv5tgb6yhn7ujm", "1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0")


class AccountError(ValueError):
    pass


def username_problem(name: str) -> str | None:
    if not USERNAME.fullmatch(name or ""):
        return "Use 2 to 80 letters, digits, dots, hyphens or underscores, starting with a letter or digit."
    return None


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why a new password is refused, or None. Length first, then what guessers try first: a
    listed password or word with digits and punctuation around it, a short pattern repeated, a
    run of keys in a row, the user's own name."""
    if len(password or "") < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or lowered.strip(AROUND_A_WORD) in COMMON_PASSWORDS:
        return "This password is one of the first that guessers try; choose a less common one."
    if _repeats_a_pattern(lowered) or any(lowered in run or lowered in run[::-1] for run in RUNS):
        return "This password is a simple pattern (keys in a row or a few characters repeated); choose another."
    if username and len(username) >= 3 and username.lower() in lowered:
        return "Do not put your user name in your password."
    return None


def _repeats_a_pattern(text: str) -> bool:
    return any(text == (text[:size] * (len(text) // size + 1))[:len(text)] for size in range(1, 5))


def find_user(name: str) -> User | None:
    return db.session.scalar(db.select(User).where(db.func.lower(User.username) == (name or "").lower()))


def create_user(name: str, password: str, admin: bool = False, wait_for_hashing: bool = False) -> User:
    """A new account. Raises AccountError, or HashingBusy when every hashing slot is taken (the
    command line waits for one instead: `wait_for_hashing`)."""
    problem = username_problem(name) or password_problem(password, name)
    if problem:
        raise AccountError(problem)
    if find_user(name):
        raise AccountError(f"The name {name} is taken.")
    user = User(username=name, is_admin=admin)
    user.set_password(password, wait_for_hashing)  # slow on purpose: before the write transaction
    with write_transaction():
        if find_user(name):
            raise AccountError(f"The name {name} is taken.")
        db.session.add(user)
        db.session.flush()
        if admin:
            adopt_orphan_projects(user)
    return user


def adopt_orphan_projects(user: User) -> int:
    """Projects from before accounts existed have no members; the first administrator owns them."""
    orphans = db.session.scalars(db.select(Project).where(~Project.memberships.any())).all()
    for project in orphans:
        db.session.add(Membership(project_id=project.id, user_id=user.id, role="owner"))
    return len(orphans)


def end_sessions(user: User) -> None:
    """End every session of the user, on every browser: the session version they name moves on."""
    with write_transaction():
        db.session.execute(update(User).where(User.id == user.id).values(session_version=User.session_version + 1))


def change_password(user: User, new_password: str, wait_for_hashing: bool = False) -> None:
    """Set a new password (the caller has checked the old one) and end every session of the user."""
    problem = password_problem(new_password, user.username)
    if problem:
        raise AccountError(problem)
    new_hash = hash_password(new_password, wait_for_hashing)  # slow on purpose: before the write transaction
    with write_transaction():
        db.session.execute(update(User).where(User.id == user.id).values(
            password_hash=new_hash, session_version=User.session_version + 1))


def set_disabled(user: User, disabled: bool) -> None:
    """A disabled account cannot sign in, and its sessions end."""
    with write_transaction():
        db.session.execute(update(User).where(User.id == user.id).values(
            disabled=disabled, session_version=User.session_version + 1))
