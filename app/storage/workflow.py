"""The review workflow of a plan: draft -> in review -> approved | changes requested.

Plain functions over the models; each returns a message for the user or raises
ReviewError with the reason the step is not allowed. Each change is a compare-and-set on the
revision (and review state) it was decided on, so a decision never lands on a revision the
reviewer did not see.
"""
from __future__ import annotations

from sqlalchemy import update

from app.extensions import db
from app.storage.activity import log
from app.storage.engine import write_transaction
from app.storage.models import Approval, Project

STATES = {
    "draft": "Draft",
    "in-review": "In review",
    "approved": "Approved",
    "changes-requested": "Changes requested",
}
DECISIONS = ("approved", "changes-requested")


class ReviewError(ValueError):
    pass


class StaleDecision(ReviewError):
    """The decision was made on a revision that is no longer the plan's current one."""

    def __init__(self, shown: int, current: int):
        self.shown, self.current = shown, current
        super().__init__(f"This decision was about revision {shown}, but the plan is now at revision {current}. "
                         f"Nothing was recorded: look at what changed and decide on revision {current}.")


def _move(project_id: int, revision: int, state: str, **values) -> bool:
    """Set `values` on the project if it is still at `revision` in `state` (inside a write transaction)."""
    result = db.session.execute(update(Project).where(
        Project.id == project_id, Project.revision == revision, Project.review_state == state).values(**values))
    return result.rowcount == 1


def submit(project: Project, user) -> None:
    if project.review_state == "in-review":
        raise ReviewError("The plan is already in review.")
    errors = project.report.errors  # the rule check: before the write transaction
    if errors:
        raise ReviewError(f"The plan has {len(errors)} error(s); fix them before asking for review.")
    project_id, revision, state = project.id, project.revision, project.review_state
    with write_transaction():
        if not _move(project_id, revision, state, review_state="in-review"):
            raise ReviewError("Someone changed the plan or its review at the same moment; nothing was submitted. "
                              "Look at it again and submit it then.")
        log(project, user, "review", f"submitted revision {revision} for review")


def decide(project: Project, user, decision: str, note: str = "", *, revision: int | None) -> None:
    """Record a reviewer's decision on `revision`, the revision their page showed."""
    if decision not in DECISIONS:
        raise ReviewError("Unknown decision.")
    if revision is None:
        raise ReviewError("Say which revision this decision is about: reload the page and decide again.")
    if revision != project.revision:
        raise StaleDecision(revision, project.revision)
    if project.review_state != "in-review":
        raise ReviewError("Only a plan that is in review can be approved or sent back.")
    if decision == "approved" and project.report.errors:
        raise ReviewError("The plan has errors and cannot be approved.")
    project_id = project.id
    values = {"review_state": decision}
    if decision == "approved":
        values["approved_revision"] = revision
    with write_transaction():
        if not _move(project_id, revision, "in-review", **values):
            current = db.session.scalar(db.select(Project.revision).where(Project.id == project_id))
            if current != revision:
                raise StaleDecision(revision, current)
            raise ReviewError("The plan is no longer in review (someone decided or withdrew it at the same moment).")
        db.session.add(Approval(project_id=project_id, revision=revision, user_id=user.id,
                                decision=decision, note=note))
        verb = "approved" if decision == "approved" else "requested changes to"
        log(project, user, "review", f"{verb} revision {revision}" + (f": {note}" if note else ""))


def state_after_edit(state: str) -> str:
    """An edit reopens the plan: approval and pending review no longer cover it."""
    return "draft" if state in ("approved", "in-review") else state


def edit_note(state: str, revision: int) -> str | None:
    """What saving a change does to the review, in words for the Activity log; None for nothing."""
    if state == "in-review":
        return f"review withdrawn: revision {revision} was in review, and a saved change returned the plan to draft"
    if state == "approved":
        return f"approval withdrawn: revision {revision} was approved, and a saved change returned the plan to draft"
    return None


def changed_since_approval(project: Project) -> bool:
    return (project.approved_revision is not None and project.review_state != "approved"
            and project.revision > project.approved_revision)


def last_approval(project: Project) -> Approval | None:
    return _last_decision(project, "approved")


def changes_requested(project: Project) -> Approval | None:
    """The decision that sent the plan back, while it is in that state: its note is for the editors."""
    return _last_decision(project, "changes-requested") if project.review_state == "changes-requested" else None


def _last_decision(project: Project, decision: str) -> Approval | None:
    return db.session.scalar(db.select(Approval).where(
        Approval.project_id == project.id, Approval.decision == decision).order_by(Approval.id.desc()))
