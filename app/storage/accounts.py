"""Account operations: create users, authenticate with slow-down after failures."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.storage.models import Membership, Project, utcnow

from app.storage.models import User

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,79}$")
MIN_PASSWORD = 8
FREE_ATTEMPTS = 3
MAX_LOCK = timedelta(minutes=15)
# Compared against when the user does not exist, so unknown names cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    pass


def username_problem(name: str) -> str | None:
    if not USERNAME.match(name or ""):
        return "Use 2 to 80 letters, digits, dots, hyphens or underscores, starting with a letter or digit."
    return None


def password_problem(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    return None


def find_user(name: str) -> User | None:
    return db.session.scalar(db.select(User).where(db.func.lower(User.username) == (name or "").lower()))


def create_user(name: str, password: str, admin: bool = False) -> User:
    problem = username_problem(name) or password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user(name):
        raise AccountError(f"The name {name} is taken.")
    user = User(username=name, is_admin=admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if admin:
        adopt_orphan_projects(user)
    db.session.commit()
    return user


def adopt_orphan_projects(user: User) -> int:
    """Projects from before accounts existed have no members; the first administrator owns them."""
    orphans = db.session.scalars(db.select(Project).where(~Project.memberships.any())).all()
    for project in orphans:
        db.session.add(Membership(project_id=project.id, user_id=user.id, role="owner"))
    return len(orphans)


def lock_remaining(user: User, now: datetime | None = None) -> int:
    now = now or utcnow()
    if user.locked_until and user.locked_until > now:
        return int((user.locked_until - now).total_seconds()) + 1
    return 0


def authenticate(name: str, password: str) -> tuple[User | None, int]:
    """(user, 0) on success; (None, seconds to wait) otherwise. Failures lengthen the wait."""
    user = find_user(name)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None, 0
    wait = lock_remaining(user)
    if wait:
        return None, wait
    if user.check_password(password or ""):
        user.failed_logins = 0
        user.locked_until = None
        db.session.commit()
        return user, 0
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins > FREE_ATTEMPTS:
        delay = min(timedelta(seconds=2 ** (user.failed_logins - FREE_ATTEMPTS)), MAX_LOCK)
        user.locked_until = utcnow() + delay
    db.session.commit()
    return None, lock_remaining(user)
