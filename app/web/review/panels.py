"""What the review step shows beyond findings: workflow, waivers, discussion."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.storage.memberships import can, role_of
from app.storage.models import Project
from app.domain.rules.engine import Report

from app.storage import review as service, workflow
from app.storage.projects import get_revision
from app.domain.plan.diff import Change, plan_differences
from app.web.review.forms import CommentForm, DecisionForm, ReplyForm, WaiverForm


def comment_targets(project: Project, report: Report, statuses) -> list[tuple[str, str]]:
    targets = [("plan:", "The whole plan")]
    targets += [(f"step:{s.name}", f"Step: {s.title}") for s in statuses]
    targets += [(f"finding:{f.rule}@{f.subject}", f"Finding: {f.rule} at {f.subject}") for f in report.findings]
    return targets


@dataclass
class ReviewPanel:
    role: str | None
    state_label: str
    can_edit: bool
    can_comment: bool
    can_review: bool
    waivers: dict
    threads: list
    changes_since_approval: list[Change]
    approval: object
    comment_form: CommentForm
    decision_form: DecisionForm
    reply_form: ReplyForm
    waiver_forms: dict = field(default_factory=dict)


def review_panel(project: Project, report: Report, statuses, user, comment_form: CommentForm | None = None,
                 waiver_form: WaiverForm | None = None, decision_form: DecisionForm | None = None) -> ReviewPanel:
    comment_form = comment_form or CommentForm(formdata=None)
    comment_form.target.choices = comment_targets(project, report, statuses)
    changes: list[Change] = []
    if workflow.changed_since_approval(project):
        approved = get_revision(project, project.approved_revision)
        if approved is not None:
            changes = plan_differences(approved.document, project.document)
    waiver_forms = {}
    for finding in report.warnings:
        key = (finding.rule, finding.subject)
        if waiver_form is not None and (waiver_form.rule.data, waiver_form.subject.data) == key:
            waiver_forms[key] = waiver_form
        else:
            waiver_forms[key] = WaiverForm(formdata=None, rule=finding.rule, subject=finding.subject)
    return ReviewPanel(
        role=role_of(project, user), state_label=workflow.STATES[project.review_state],
        can_edit=can(project, user, "edit"), can_comment=can(project, user, "comment"),
        can_review=can(project, user, "review"), waivers=service.waiver_keys(project),
        threads=service.threads(project), changes_since_approval=changes,
        approval=workflow.last_approval(project), comment_form=comment_form,
        decision_form=decision_form or DecisionForm(formdata=None), reply_form=ReplyForm(formdata=None),
        waiver_forms=waiver_forms,
    )
