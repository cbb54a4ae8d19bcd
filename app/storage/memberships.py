"""Who may do what in a project: roles mapped to capabilities, and the members of a project."""
from __future__ import annotations

from sqlalchemy import bindparam

from app.extensions import db
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
    membership = db.session.scalar(db.select(Membership).where(
        Membership.project_id == project.id, Membership.user_id == user.id))
    if membership is None:
        membership = Membership(project_id=project.id, user_id=user.id, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    return membership


def members(project: Project) -> list[Membership]:
    return list(db.session.scalars(db.select(Membership).where(Membership.project_id == project.id)
                                   .order_by(Membership.id)))
