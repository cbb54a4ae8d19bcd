"""Review routes: workflow, comments, waivers, history, members and activity."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.plan.diff import by_section, plan_differences
from app.domain.progress import plan_progress
from app.extensions import db
from app.storage import activity, memberships as access, projects, review as service, workflow
from app.storage.accounts import find_user
from app.web.access import project_or_404
from app.web.posted import plain_number
from app.web.projects.forms import ConfirmForm
from app.web.review.forms import CommentForm, CompareForm, DecisionForm, MemberForm, ReplyForm, WaiverForm
from app.web.review.panels import comment_targets, review_panel
from app.web.wizard.steps import STEPS_BY_NAME

bp = Blueprint("review", __name__)


def _review_page(project_id: int) -> str:
    return url_for("wizard.step", project_id=project_id, step_name="review")


def _rerender(project, **forms):
    return render_review(project, status=422, **forms)


# ---------------------------------------------------------------- the Review page

@bp.get("/projects/<int:project_id>/steps/review")
def review_page(project_id: int):
    """The last step of the wizard: every finding, the verdict and the team's review."""
    project = project_or_404(project_id)
    page = render_review(project)
    projects.remember_step(project, "review")  # after rendering: its commit expires what was loaded
    return page


def render_review(project, status: int = 200, **forms):
    """The Review page; `forms` carries a posted review form back with its errors and text."""
    plan = project.plan
    report = project.report
    statuses = plan_progress(plan, project.document, report, project.drafts)
    panel = review_panel(project, report, statuses, current_user, **forms)
    return render_template("wizard/review.html", project=project, plan=plan, report=report,
                           statuses=statuses, step=STEPS_BY_NAME["review"], panel=panel,
                           steps_by_name=STEPS_BY_NAME, shown_steps=tuple(s.name for s in statuses)), status


# ---------------------------------------------------------------- workflow

@bp.post("/projects/<int:project_id>/review/submit")
def submit(project_id: int):
    project = project_or_404(project_id, "edit")
    if ConfirmForm().validate_on_submit():
        try:
            workflow.submit(project, current_user)
            flash("Submitted for review. Reviewers can now comment, waive warnings and approve.", "success")
        except workflow.ReviewError as error:
            flash(str(error), "error")
    return redirect(_review_page(project.id))


@bp.post("/projects/<int:project_id>/review/decide")
def decide(project_id: int):
    project = project_or_404(project_id, "review")
    form = DecisionForm()
    if not form.validate_on_submit():
        return _rerender(project, decision_form=form)
    try:
        workflow.decide(project, current_user, form.decision.data, (form.note.data or "").strip())
    except workflow.ReviewError as error:
        form.decision.errors.append(str(error))
        return _rerender(project, decision_form=form)
    flash("Approved." if form.decision.data == "approved" else "Changes requested.", "success")
    return redirect(_review_page(project.id))


# ---------------------------------------------------------------- comments

@bp.post("/projects/<int:project_id>/comments")
def add_comment(project_id: int):
    project = project_or_404(project_id, "comment")
    form = CommentForm()
    plan = project.plan
    report = project.report
    form.target.choices = comment_targets(project, report, plan_progress(plan, project.document, report,
                                                                          project.drafts))
    if not form.validate_on_submit():
        return _rerender(project, comment_form=form)
    kind, _, ref = form.target.data.partition(":")
    service.add_comment(project, current_user, kind, ref, form.body.data)
    flash("Comment added.", "success")
    return redirect(request.form.get("return_to") if _local(request.form.get("return_to"))
                    else _review_page(project.id) + "#discussion")


def _local(target: str | None) -> bool:
    return bool(target) and target.startswith("/projects/") and "//" not in target


@bp.post("/projects/<int:project_id>/comments/<int:comment_id>/reply")
def reply(project_id: int, comment_id: int):
    project = project_or_404(project_id, "comment")
    parent = service.get_comment(project, comment_id) or abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(f"Reply not added: {form.body.errors[0] if form.body.errors else 'try again'}", "error")
        return _rerender(project)
    service.reply(project, current_user, parent, form.body.data)
    return redirect(_review_page(project.id) + f"#comment-{parent.id}")


@bp.post("/projects/<int:project_id>/comments/<int:comment_id>/resolve")
def resolve(project_id: int, comment_id: int):
    project = project_or_404(project_id, "comment")
    comment = service.get_comment(project, comment_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        service.set_resolved(project, current_user, comment, request.form.get("resolved") == "1")
    return redirect(_review_page(project.id) + f"#comment-{comment.id}")


# ---------------------------------------------------------------- waivers

@bp.post("/projects/<int:project_id>/waivers")
def waive(project_id: int):
    project = project_or_404(project_id, "review")
    form = WaiverForm()
    if not form.validate_on_submit():
        return _rerender(project, waiver_form=form)
    try:
        service.waive(project, current_user, form.rule.data, form.subject.data, form.reason.data)
    except service.ReviewInputError as error:
        form.reason.errors.append(str(error))
        flash(f"Not waived: {error}", "error")  # also when the finding has no form on the page
        return _rerender(project, waiver_form=form)
    flash(f"Waived {form.rule.data} at {form.subject.data}.", "success")
    return redirect(_review_page(project.id) + "#waivers")


@bp.post("/projects/<int:project_id>/waivers/<int:waiver_id>/withdraw")
def withdraw(project_id: int, waiver_id: int):
    project = project_or_404(project_id, "review")
    waiver = service.get_waiver(project, waiver_id) or abort(404)
    if ConfirmForm().validate_on_submit() and waiver.active:
        service.withdraw(project, current_user, waiver)
        flash("Waiver withdrawn.", "success")
    return redirect(_review_page(project.id) + "#waivers")


# ---------------------------------------------------------------- history

@bp.get("/projects/<int:project_id>/history")
def history(project_id: int):
    project = project_or_404(project_id, "view")
    revisions = projects.revisions(project)
    form = _compare_form(revisions)
    return render_template("review/history.html", project=project, revisions=revisions, form=form,
                           can_edit=access.can(project, current_user, "edit"), restore_form=ConfirmForm())


def _compare_form(revisions) -> CompareForm:
    form = CompareForm(request.args)
    choices = [(str(r.number), f"Revision {r.number}: {r.summary}") for r in revisions]
    form.a.choices, form.b.choices = choices, choices
    if revisions and not request.args:
        form.b.data = str(revisions[0].number)
        form.a.data = str(revisions[1].number if len(revisions) > 1 else revisions[0].number)
    return form


@bp.get("/projects/<int:project_id>/history/compare")
def compare(project_id: int):
    project = project_or_404(project_id, "view")
    revisions = projects.revisions(project)
    form = _compare_form(revisions)
    a_number, b_number = plain_number(form.a.data), plain_number(form.b.data)
    a = projects.get_revision(project, a_number) if a_number is not None else None
    b = projects.get_revision(project, b_number) if b_number is not None else None
    if a is None or b is None:
        form.a.errors = ["Choose two revisions of this plan."]
        return render_template("review/history.html", project=project, revisions=revisions, form=form,
                               can_edit=access.can(project, current_user, "edit"), restore_form=ConfirmForm()), 422
    groups = by_section(plan_differences(a.document, b.document))
    return render_template("review/compare.html", project=project, a=a, b=b, groups=groups, form=form,
                           plan=project.plan)


@bp.post("/projects/<int:project_id>/history/<int:number>/restore")
def restore(project_id: int, number: int):
    project = project_or_404(project_id, "edit")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if projects.get_revision(project, number) is None:
        abort(404)
    try:
        restored = projects.restore_revision(project, number, current_user)
    except projects.ConcurrentChange:
        db.session.rollback()
        flash("Someone saved this plan at the same moment; nothing was restored. Try again.", "error")
        return redirect(url_for("review.history", project_id=project_id))
    if restored:
        flash(f"Revision {number} restored as revision {project.revision}.", "success")
    else:
        flash(f"Revision {number} is the same as the current plan; nothing to restore.", "info")
    return redirect(url_for("review.history", project_id=project.id))


# ---------------------------------------------------------------- activity and members

@bp.get("/projects/<int:project_id>/activity")
def activity_log(project_id: int):
    project = project_or_404(project_id, "view")
    return render_template("review/activity.html", project=project, entries=activity.recent(project))


@bp.route("/projects/<int:project_id>/members", methods=["GET", "POST"])
def members(project_id: int):
    project = project_or_404(project_id, "view")
    form = MemberForm()
    manage = access.can(project, current_user, "manage")
    if request.method == "POST":
        if not manage:
            abort(403)
        if form.validate_on_submit():
            user = find_user(form.username.data.strip())
            if user is None:
                form.username.errors.append(f"There is no user called {form.username.data.strip()}.")
            elif access.role_of(project, user) == "owner":
                form.username.errors.append(f"{user.username} owns this plan already.")
            else:
                access.add_member(project, user, form.role.data)
                activity.log(project, current_user, "members", f"gave {user.username} the role {form.role.data}")
                db.session.commit()
                flash(f"{user.username} is now a {form.role.data} of this plan.", "success")
                return redirect(url_for("review.members", project_id=project.id))
    status = 422 if form.errors else 200
    return render_template("review/members.html", project=project, members=access.members(project), form=form,
                           manage=manage, remove_form=ConfirmForm()), status


@bp.post("/projects/<int:project_id>/members/<int:membership_id>/remove")
def remove_member(project_id: int, membership_id: int):
    project = project_or_404(project_id, "manage")
    membership = next((m for m in access.members(project) if m.id == membership_id), None) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if membership.role == "owner":
        flash("The owner cannot be removed.", "error")
    else:
        activity.log(project, current_user, "members", f"removed {membership.user.username}")
        db.session.delete(membership)
        db.session.commit()
        flash(f"{membership.user.username} no longer has access.", "success")
    return redirect(url_for("review.members", project_id=project.id))
