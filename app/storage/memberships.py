"""Who may do what in a project: roles mapped to capabilities, and the members of a project."""
from __future__ import annotations

from sqlalchemy import bindparam, delete, func

from app.extensions import db
from app.storage.accounts import find_user
from app.storage.activity import log
from app.storage.engine import write_transaction
from app.storage.models import Membership, Project

CAPABILITIES: dict[str, frozenset[str]] = {
    "view": frozenset({"owner", "editor", "reviewer", "viewer"}),
    "edit": frozenset({"owner", "editor"}),          # answers, revisions, submitting for review
    "tick": frozenset({"owner", "editor"}),          # checklist ticks
    "comment": frozenset({"owner", "editor", "reviewer"}),
    "review": frozenset({"reviewer"}),               # waive, approve, request changes
    "manage": frozenset({"owner"}),                  # members, rename, delete
}

# The project and the user's role in one query, built once: every project page starts here.
PROJECT_AND_ROLE = db.select(Project, Membership.role).where(Project.id == bindparam("project_id")).outerjoin(
    Membership, (Membership.project_id == Project.id) & (Membership.user_id == bindparam("user_id")))


def project_and_role(project_id: int, user_id: int | None) -> tuple[Project, str | None] | None:
    found = db.session.execute(PROJECT_AND_ROLE, {"project_id": project_id, "user_id": user_id}).first()
    return None if found is None else (found[0], found[1])


def role_of(project: Project, user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(db.select(Membership.role).where(
        Membership.project_id == project.id, Membership.user_id == user.id))


def can(project: Project, user, capability: str) -> bool:
    return role_of(project, user) in CAPABILITIES[capability]


def visible_projects(user) -> list[Project]:
    return list(db.session.scalars(
        db.select(Project).join(Membership).where(Membership.user_id == user.id)
        .order_by(Project.updated_at.desc())))


def add_member(project: Project, user, role: str) -> Membership:
    """Give `user` a role (the caller commits: tests and set-up code build teams with it)."""
    membership = _membership_of(project.id, user.id)
    if membership is None:
        membership = Membership(project_id=project.id, user_id=user.id, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    return membership


def members(project: Project) -> list[Membership]:
    return list(db.session.scalars(db.select(Membership).where(Membership.project_id == project.id)
                                   .order_by(Membership.id)))


class MemberError(ValueError):
    """Why a membership change is refused, in words for the person who asked."""


def add_by_name(project: Project, name: str, role: str, actor, reveal_unknown: bool = False) -> None:
    """Give the account `name` a role in the project.

    Only an administrator learns whether the name exists (`reveal_unknown`). For anyone else a
    name without an account is kept as a membership that grants nothing, shown as typed like any
    other, so owners cannot use this form to find out which accounts exist. A name that gets an
    account later does not inherit it: that would hand the plan to whoever registers the name.
    """
    user = find_user(name)
    if user is None and reveal_unknown:
        raise MemberError(f"There is no user called {name}.")
    with write_transaction():
        if user is not None:
            membership = _membership_of(project.id, user.id)
            if membership is not None and membership.role == "owner":
                raise MemberError(f"{name} owns this plan already.")
            db.session.execute(delete(Membership).where(
                Membership.project_id == project.id, Membership.user_id.is_(None),
                func.lower(Membership.added_as) == name.lower()))
        else:
            membership = db.session.scalar(db.select(Membership).where(
                Membership.project_id == project.id, Membership.user_id.is_(None),
                func.lower(Membership.added_as) == name.lower()))
        if membership is None:
            membership = Membership(project_id=project.id, user_id=user.id if user else None, added_as=name)
            db.session.add(membership)
        membership.role = role
        log(project, actor, "members", f"gave {name} the role {role}")


def remove(project: Project, membership_id: int, actor) -> str:
    """Remove a member (not an owner); returns the name shown for them."""
    with write_transaction():
        membership = db.session.scalar(db.select(Membership).where(
            Membership.project_id == project.id, Membership.id == membership_id))
        if membership is None:
            raise LookupError(membership_id)
        if membership.role == "owner":
            raise MemberError("An owner cannot be removed; an owner can leave the plan.")
        name = membership.shown_name
        db.session.delete(membership)
        log(project, actor, "members", f"removed {name}")
    return name


def leave(project: Project, user) -> None:
    """The user gives up their own access; the last owner cannot, so the plan is never left without one."""
    with write_transaction():
        membership = _membership_of(project.id, user.id)
        if membership is None:
            raise MemberError("You are not a member of this plan.")
        if membership.role == "owner" and _owner_count(project.id) <= 1:
            raise MemberError("You are the only owner of this plan, so you cannot leave it; the plan would have "
                              "no one to manage it. Delete the plan if nobody needs it any more.")
        db.session.delete(membership)
        log(project, user, "members", "left the plan")


def _membership_of(project_id: int, user_id: int) -> Membership | None:
    return db.session.scalar(db.select(Membership).where(
        Membership.project_id == project_id, Membership.user_id == user_id))


def _owner_count(project_id: int) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Membership).where(
        Membership.project_id == project_id, Membership.user_id.is_not(None), Membership.role == "owner"))
