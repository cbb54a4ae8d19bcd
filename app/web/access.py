"""The access check every project page starts with: the project, if the signed-in user may."""
from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from app.storage.memberships import CAPABILITIES, can, project_and_role, role_of
from app.storage.models import Project

__all__ = ["CAPABILITIES", "can", "current_role", "project_or_404", "role_of"]


def project_or_404(project_id: int, capability: str = "view") -> Project:
    """The project if the signed-in user may do `capability` there.

    Non-members get 404, as if the project did not exist; members without the right get 403.
    """
    user_id = current_user.id if getattr(current_user, "is_authenticated", False) else None
    found = project_and_role(project_id, user_id)
    if found is None:
        abort(404)
    project, role = found
    g.project_role = (project.id, current_user.get_id(), role)
    if role is None:
        abort(404)
    if role not in CAPABILITIES[capability]:
        abort(403)
    return project


def current_role(project: Project) -> str | None:
    """The signed-in user's role in the project, as `project_or_404` found it in this request."""
    found = g.get("project_role")
    if found is not None and found[:2] == (project.id, current_user.get_id()):
        return found[2]
    return role_of(project, current_user)
