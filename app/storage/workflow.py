"""The review workflow of a plan: draft -> in review -> approved | changes requested.

Plain functions over the models; each returns a message for the user or raises
ReviewError with the reason the step is not allowed.
"""
from __future__ import annotations

from app.extensions import db
from app.storage.models import Project

from app.storage.activity import log
from app.storage.models import Approval

STATES = {
    "draft": "Draft",
    "in-review": "In review",
    "approved": "Approved",
    "changes-requested": "Changes requested",
}


class ReviewError(ValueError):
    pass


def submit(project: Project, user) -> None:
    if project.review_state == "in-review":
        raise ReviewError("The plan is already in review.")
    errors = project.report.errors
    if errors:
        raise ReviewError(f"The plan has {len(errors)} error(s); fix them before asking for review.")
    project.review_state = "in-review"
    log(project, user, "review", f"submitted revision {project.revision} for review")
    db.session.commit()


def decide(project: Project, user, decision: str, note: str = "") -> None:
    if decision not in ("approved", "changes-requested"):
        raise ReviewError("Unknown decision.")
    if project.review_state != "in-review":
        raise ReviewError("Only a plan that is in review can be approved or sent back.")
    if decision == "approved" and project.report.errors:
        raise ReviewError("The plan has errors and cannot be approved.")
    project.review_state = decision
    if decision == "approved":
        project.approved_revision = project.revision
    db.session.add(Approval(project_id=project.id, revision=project.revision, user_id=user.id,
                            decision=decision, note=note))
    verb = "approved" if decision == "approved" else "requested changes to"
    log(project, user, "review", f"{verb} revision {project.revision}" + (f": {note}" if note else ""))
    db.session.commit()


def state_after_edit(state: str) -> str:
    """An edit reopens the plan: approval and pending review no longer cover it."""
    return "draft" if state in ("approved", "in-review") else state


def changed_since_approval(project: Project) -> bool:
    return (project.approved_revision is not None and project.review_state != "approved"
            and project.revision > project.approved_revision)


def last_approval(project: Project) -> Approval | None:
    return db.session.scalar(db.select(Approval).where(
        Approval.project_id == project.id, Approval.decision == "approved").order_by(Approval.id.desc()))
