"""The wizard pages: one URL per step, GET shows it, POST saves it and moves on."""
from __future__ import annotations

import dataclasses

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import inspect
from werkzeug.datastructures import MultiDict

from app.domain.plan import PlanFormatError, load_plan
from app.domain.plan.diff import section_differences
from app.domain.plan.model import row_limit
from app.domain.progress import plan_progress
from app.extensions import db
from app.storage import projects as service
from app.storage.engine import write_transaction
from app.storage.review import threads
from app.web.access import CAPABILITIES, current_role, project_or_404
from app.web.wizard import live
from app.web.wizard.binding import bind, field_paths, initial_data, new_row_data
from app.web.wizard.page_cache import form_key, step_form
from app.web.wizard.render import FieldContext, form_values, nearest_field, unanswered
from app.web.posted import plain_number
from app.web.wizard.forms import build_form_class
from app.web.wizard.merge import Merged, merge_edits
from app.web.wizard.steps import STEPS_BY_NAME, applicable_steps

bp = Blueprint("wizard", __name__)


def _step_or_404(step_name: str):
    step = STEPS_BY_NAME.get(step_name)
    if step is None:
        abort(404)
    return step


def _usable_formdata(formdata) -> MultiDict:
    """The posted fields without those whose row number is not a plain number ("nodes-²-name"):
    WTForms' FieldList would crash on them, and no page of this app sends them."""
    def usable(key: str) -> bool:
        return all(plain_number(part) is not None for part in key.split("-")[1:] if part.isdigit())
    return MultiDict([(key, value) for key, value in formdata.items(multi=True)
                      if isinstance(key, str) and usable(key)])


def _make_form(step, plan, data: dict):
    rows = len(data.get(step.rows.key, [])) if step.rows else 0
    return build_form_class(step, plan, rows)(formdata=None, data=data)


@bp.get("/projects/<int:project_id>/steps/<step_name>")
def step(project_id: int, step_name: str):
    project = project_or_404(project_id)
    return _show_step(project, _step_or_404(step_name))  # only a save moves where the plan resumes


def _show_step(project, current):
    if current.is_review:  # served by the review blueprint's own route for the same address
        abort(404)
    draft = project.drafts.get(current.name)
    if draft is None:  # the common case: the page shows what is saved and needs no form object
        return _render_step(project, current)
    form = _make_form(current, project.plan, data=draft)
    errors = bind(current, project.plan, project.document, form).errors_by_path  # the draft's messages, again
    return _render_step(project, current, form_values(form), errors)


SAVE_ATTEMPTS = 5


@bp.post("/projects/<int:project_id>/steps/<step_name>")
def save_step(project_id: int, step_name: str):
    project = project_or_404(project_id, "edit")
    plan = project.plan
    current = _step_or_404(step_name)
    if current.is_review:
        abort(405)
    if request.form.get("action"):  # a row added or removed: shown, not saved (see check_step)
        return _render_checked(project, current)
    # CSRFProtect checked the token.
    form = live.posted_form(current, plan, project.document, _usable_formdata(request.form))
    for _ in range(SAVE_ATTEMPTS):
        merged = _merge_with_saved(project, current, form)
        if merged is not None and merged.conflicts:
            return _render_conflict(project, current, merged)
        saving = form if merged is None else _make_form(current, project.plan, data=merged.data)
        try:
            binding = _save(project, current, saving)
            break
        except service.ConcurrentChange:
            # Someone saved in between: bind again onto their version.
            db.session.rollback()
            project = project_or_404(project_id, "edit")
    else:
        abort(503)
    return _after_save(project, current, saving, binding)


def _save(project, current, form):
    """Bind and check before the write transaction; inside it only the compare-and-set save."""
    binding = bind(current, project.plan, project.document, form)
    read_revision = project.revision
    draft = form_values(form) if binding.errors else None
    with write_transaction():
        service.save_document(project, binding.document, current.name, user=current_user, plan=binding.plan,
                              expected_revision=read_revision)
        if draft is not None or current.name in project.drafts:  # drafts are written: as stored now
            service.reread_drafts(project)  # (another step's draft may have been kept meanwhile)
        if draft is not None:
            service.set_draft(project, current.name, draft)
        else:
            service.clear_draft(project, current.name)
        project.current_step = current.name
    return binding


def _after_save(project, current, form, binding):
    if binding.errors:
        flash("Some answers could not be saved as typed; they are marked below and kept for you to correct.",
              "error")
        return _render_step(project, current, form_values(form), binding.errors_by_path), 422
    project_id = inspect(project).identity[0]  # project.id would reload the row the commit expired
    flash(f"Saved: {current.title_for(binding.plan)}.", "success")
    leave_to = _page_outside_wizard(project_id, request.form.get("goto", ""))
    if leave_to:
        return redirect(leave_to)
    target = _target(current, binding.plan, request.form)
    if target is None:
        return redirect(url_for("wizard.step", project_id=project_id, step_name=current.name))
    return redirect(url_for("wizard.step", project_id=project_id, step_name=target))


def _merge_with_saved(project, step, form) -> Merged | None:
    """When someone saved this step since the page was built (`base_revision`): this person's
    changes applied to the saved answers, and the answers both changed differently. None when
    the page shows the plan as saved (or its revision is not known)."""
    number = plain_number(form.base_revision.data)
    if number is None or number == project.revision:
        return None
    base = service.get_revision(project, number)
    if base is None or not section_differences(base.document, project.document, step.plan_keys):
        return None  # only other steps changed: the posted answers are this person's, bind them
    try:
        base_plan = load_plan(base.document)
    except PlanFormatError:  # a revision stored before a limit it breaks: say what changed, merge nothing
        return Merged(form_values(form), section_differences(base.document, project.document, step.plan_keys))
    return merge_edits(step, (base_plan, base.document), (project.plan, project.document), form_values(form))


def _render_conflict(project, current, merged: Merged):
    """Nothing is saved: show the answers both changed; the form holds this person's answers there
    and the saved answers everywhere else, so saving it again keeps theirs and reverts nothing."""
    flash("Someone saved this step while you were editing it, and changed some of the same answers. Your other "
          "changes are kept in the form below; for the answers listed, the form holds yours: save again to keep "
          "them, or change them first.", "error")
    return _render_step(project, current, merged.data, {}, conflict=merged.conflicts), 409


@bp.post("/projects/<int:project_id>/steps/<step_name>/check")
def check_step(project_id: int, step_name: str):
    """The step checked with the posted answers, saving nothing: for htmx the form part (the page
    swaps in what changed), otherwise the whole page (adding or removing a row without JavaScript)."""
    project = project_or_404(project_id, "edit")
    current = _step_or_404(step_name)
    if current.is_review:
        abort(404)
    return _render_checked(project, current)


def _render_checked(project, current):
    """The posted answers, with a row added or removed if asked, checked and shown; not saved."""
    plan, document = project.plan, project.document
    form = live.answers_form(current, plan, document, _usable_formdata(request.form))  # CSRFProtect checked the token
    action = request.form.get("action", "")
    refused = _apply_row_action(current, plan, form, action)
    checked = live.checked(current, plan, document, form, "" if refused else action)
    if refused:
        checked = dataclasses.replace(checked, note=refused)
    if request.headers.get("HX-Request") == "true":
        return _render_form(project, current, checked.data, checked.errors, [], True, generate_csrf(), checked)
    return _render_step(project, current, checked.data, checked.errors, checked=checked)


def _apply_row_action(step, plan, form, action: str) -> str | None:
    """Add or remove a row as asked; a message instead when a row is asked beyond the limit."""
    if not step.rows:
        return None
    rows = form[step.rows.key]
    if action == "add":
        refused = _row_limit_refusal(step, plan, len(rows.entries))
        if refused:
            return refused
        rows.append_entry(new_row_data(step, plan))
    elif action.startswith("remove-"):
        index = plain_number(action.removeprefix("remove-"))
        if index is not None and index < len(rows.entries):
            rows.entries.pop(index)
    return None


def _row_limit_refusal(step, plan, count: int) -> str | None:
    """A plan holds at most so many rows (app/domain/plan/model.py): the words for one more."""
    limit = row_limit(step.rows.key)
    if count < limit.count:
        return None
    noun = step.rows.noun_for(plan)
    why = f" ({limit.why})" if limit.why else ""
    return f"A plan holds at most {limit.count} {noun}s{why}; this one has {count}, so no {noun} was added."


# Project pages reached from the navigation inside a step's form: the step is saved on the way out.
PAGES_OUTSIDE_WIZARD = {
    "@projects": ("projects.list_projects", False), "@checklist": ("checklist.show", True),
    "@history": ("review.history", True), "@activity": ("review.activity_log", True),
    "@members": ("review.members", True), "@asbuilt": ("asbuilt.show", True),
    "@failover": ("failover.show", True),
}


def _page_outside_wizard(project_id: int, goto: str) -> str | None:
    if goto not in PAGES_OUTSIDE_WIZARD:
        return None
    endpoint, per_project = PAGES_OUTSIDE_WIZARD[goto]
    return url_for(endpoint, project_id=project_id) if per_project else url_for(endpoint)


def _target(current, plan, posted) -> str | None:
    goto = posted.get("goto", "")
    if goto in STEPS_BY_NAME:
        return goto
    if goto not in ("next", "back"):
        return None  # stay on the step: no need to load the saved plan again
    steps = [s.name for s in applicable_steps(plan)]
    position = steps.index(current.name) if current.name in steps else 0
    if goto == "next":
        return steps[min(position + 1, len(steps) - 1)]
    if goto == "back":
        return steps[max(position - 1, 0)]
    return None


def _render_step(project, current, data: dict | None = None, errors: dict | None = None, conflict=None,
                 checked: live.Checked | None = None):
    """The step page. Without `data` it shows what is saved, and its form part is kept for the next
    visit (page_cache). With `data` (shaped like `form.data`) it shows posted or drafted answers and
    `errors` (plan path -> message); with `checked`, posted answers that are not saved and what
    they make of the plan."""
    role = current_role(project)  # as project_or_404 found it: no second query
    can_edit = role in CAPABILITIES["edit"]
    key = form_key(project, current.name, can_edit) if data is None else None
    form_html = step_form(key, lambda csrf_placeholder: _render_form(
        project, current, data, errors or {}, conflict or [], can_edit, csrf_placeholder, checked))
    return render_template("wizard/step.html", project=project, plan=project.plan, step=current,
                           step_form=form_html, can_comment=role in CAPABILITIES["comment"],
                           step_threads=threads(project, "step", current.name))


def _render_form(project, current, data, errors, conflict, can_edit: bool, csrf_placeholder: str,
                 checked: live.Checked | None = None) -> str:
    """The form part of a step page; it posts back `project.revision`, to notice saves made meanwhile
    (or, showing answers `checked` but not saved, the revision the page was first loaded from).
    The step bar shows what is saved; the questions, their choices and their findings follow
    `checked`."""
    saved_plan = project.plan
    plan, report = (checked.plan, checked.report) if checked else (saved_plan, project.report)
    if data is None:
        data = initial_data(current, plan, project.document)
    statuses = plan_progress(saved_plan, project.document, project.report, project.drafts)
    steps = [s.name for s in statuses]
    position = steps.index(current.name) if current.name in steps else -1
    field_by_path = {path: field_id for field_id, path in field_paths(current, plan, data).items()}
    findings = report.for_step(current.name, tuple(steps))
    return render_template(
        "wizard/_step_form.html", project=project, plan=plan, step=current, data=data,
        fields=_field_context(plan, errors, findings), statuses=statuses,
        unplaced=[f for f in findings if nearest_field(f.subject, field_by_path) is None],
        incomplete=unanswered(current, plan, data, report.incomplete_for_step(current.name), field_by_path, errors),
        previous_step=steps[position - 1] if position > 0 else None,
        next_step=steps[position + 1] if 0 <= position < len(steps) - 1 else None,
        applies=current.name in steps, conflict=conflict, can_edit=can_edit,
        csrf_placeholder=csrf_placeholder, unsaved=bool(conflict) or checked is not None,
        base_revision=checked.base_revision if checked else project.revision,
        live_note=checked.note if checked else "")


def _field_context(plan, errors, findings) -> FieldContext:
    findings_list = current_app.jinja_env.get_template("_forms.html").module.findings_list
    return FieldContext(plan=plan, errors=errors, findings=findings,
                        findings_html=lambda here, list_id: findings_list(here, id=list_id))
