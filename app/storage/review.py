"""Comments and waivers."""
from __future__ import annotations

from sqlalchemy import bindparam

from app.extensions import db
from app.storage.models import Project, utcnow

from app.storage.activity import log
from app.storage.engine import write_transaction
from app.domain.runbook.signoff import Decision, SignOff, Waiver as SignOffWaiver
from app.storage.models import COMMENT_TARGETS, Approval, Comment, Waiver
from app.storage.workflow import STATES

MAX_BODY = 5000


class ReviewInputError(ValueError):
    pass


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ReviewInputError("Write something first.")
    if len(body) > MAX_BODY:
        raise ReviewInputError(f"Keep it to {MAX_BODY:,} characters or fewer.")
    return body


def add_comment(project: Project, user, target_kind: str, target_ref: str, body: str) -> Comment:
    if target_kind not in COMMENT_TARGETS:
        raise ReviewInputError("Choose what the comment is about.")
    body = _clean_body(body)
    with write_transaction():
        comment = Comment(project_id=project.id, author_id=user.id, target_kind=target_kind,
                          target_ref=(target_ref or "")[:300], body=body, revision=project.revision)
        db.session.add(comment)
        log(project, user, "comment", f"commented on {describe_target(target_kind, target_ref)}")
    return comment


def reply(project: Project, user, parent: Comment, body: str) -> Comment:
    """A reply joins the thread `parent` belongs to: the page shows threads one level deep, so a
    reply to a reply is a reply to the thread's first comment."""
    body = _clean_body(body)
    with write_transaction():
        thread_id = parent.parent_id or parent.id
        comment = Comment(project_id=project.id, author_id=user.id, parent_id=thread_id,
                          target_kind=parent.target_kind, target_ref=parent.target_ref, body=body,
                          revision=project.revision)
        db.session.add(comment)
        log(project, user, "comment", f"replied on {describe_target(parent.target_kind, parent.target_ref)}")
    return comment


def set_resolved(project: Project, user, comment: Comment, resolved: bool) -> None:
    with write_transaction():
        comment.resolved = resolved
        comment.resolved_by_id = user.id if resolved else None
        log(project, user, "comment", ("resolved" if resolved else "reopened") + " a comment on "
            + describe_target(comment.target_kind, comment.target_ref))


# A step page's comments, built once: every step page asks.
STEP_THREADS = db.select(Comment).where(
    Comment.project_id == bindparam("project_id"), Comment.parent_id.is_(None),
    Comment.target_kind == bindparam("kind"), Comment.target_ref == bindparam("ref")).order_by(Comment.id)


def threads(project: Project, target_kind: str | None = None, target_ref: str | None = None) -> list[Comment]:
    if target_kind and target_ref is not None:
        return list(db.session.scalars(STEP_THREADS, {"project_id": project.id, "kind": target_kind,
                                                      "ref": target_ref}))
    query = db.select(Comment).where(Comment.project_id == project.id, Comment.parent_id.is_(None))
    if target_kind:
        query = query.where(Comment.target_kind == target_kind)
    if target_ref is not None:
        query = query.where(Comment.target_ref == target_ref)
    return list(db.session.scalars(query.order_by(Comment.id)))


def get_comment(project: Project, comment_id: int) -> Comment | None:
    comment = db.session.get(Comment, comment_id)
    return comment if comment and comment.project_id == project.id else None


def describe_target(kind: str, ref: str) -> str:
    if kind == "plan":
        return "the plan"
    if kind == "step":
        return f"step {ref}"
    if kind == "finding":
        return f"finding {ref.replace('@', ' at ')}"
    return f"checklist item {ref}"


# ---------------------------------------------------------------- waivers

def active_waivers(project: Project) -> list[Waiver]:
    return list(db.session.scalars(db.select(Waiver).where(
        Waiver.project_id == project.id, Waiver.withdrawn_at.is_(None)).order_by(Waiver.id)))


def waiver_keys(project: Project) -> dict[tuple[str, str], Waiver]:
    return {(w.rule_id, w.subject): w for w in active_waivers(project)}


def waive(project: Project, user, rule_id: str, subject: str, reason: str) -> Waiver:
    finding = next((f for f in project.report.findings if f.rule == rule_id and f.subject == subject), None)
    if finding is None:
        raise ReviewInputError("That finding is no longer in the plan.")
    if finding.severity != "warning":
        raise ReviewInputError("Only warnings can be waived; an error must be fixed.")
    reason = _clean_body(reason)
    with write_transaction():
        if (rule_id, subject) in waiver_keys(project):
            raise ReviewInputError("That warning is already waived.")
        waiver = Waiver(project_id=project.id, rule_id=rule_id, subject=subject, reason=reason,
                        created_by_id=user.id)
        db.session.add(waiver)
        log(project, user, "waiver", f"waived {rule_id} at {subject}: {reason}")
    return waiver


def withdraw(project: Project, user, waiver: Waiver) -> None:
    with write_transaction():
        if waiver.withdrawn_at is not None:
            return  # withdrawn by someone else meanwhile
        waiver.withdrawn_at = utcnow()
        waiver.withdrawn_by_id = user.id
        log(project, user, "waiver", f"withdrew the waiver of {waiver.rule_id} at {waiver.subject}")


def get_waiver(project: Project, waiver_id: int) -> Waiver | None:
    waiver = db.session.get(Waiver, waiver_id)
    return waiver if waiver and waiver.project_id == project.id else None


# ---------------------------------------------------------------- what a printout says of the review

def sign_off(project: Project) -> SignOff:
    """The project's review as the runbook prints it."""
    decisions = db.session.scalars(db.select(Approval).where(Approval.project_id == project.id)
                                   .order_by(Approval.id)).all()
    return SignOff(
        state=STATES.get(project.review_state, project.review_state), revision=project.revision,
        approved_revision=project.approved_revision if project.review_state == "approved" else None,
        decisions=tuple(Decision(d.revision, d.decision, _who(d.user), d.created_at, d.note or "")
                        for d in decisions),
        waivers=tuple(SignOffWaiver(w.rule_id, w.subject, _who(w.created_by), w.created_at, w.reason)
                      for w in active_waivers(project)))


def _who(user) -> str:
    return user.username if user is not None else "a former member"
