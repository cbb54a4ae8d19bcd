"""Fill a node of the plan from a server's `ipconfig /all` and `systeminfo`: paste, see what would
change field by field, confirm. Nothing is saved before the confirmation, which saves one revision."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.domain.asbuilt import CaptureUnreadable, decode_capture, read_capture_text
from app.domain.asbuilt.prefill import PrefillRefused, Proposal, propose, server_facts, shown_value
from app.extensions import db
from app.storage import projects as service
from app.storage.engine import write_transaction
from app.web.access import project_or_404 as project_for
from app.web.asbuilt.forms import BY_NAME, NEW_ROW, PrefillConfirmForm, PrefillForm, row_choices
from app.web.asbuilt.limits import allow_capture_sized_body, drain_body, too_large_message

bp = Blueprint("prefill", __name__)

DRAFT_NOTICE = ("The Nodes step holds answers that could not be saved yet. Correct and save them on the Nodes "
                "step first, so that nothing typed there is lost; then fill the node from the server.")


@bp.url_value_preprocessor
def _capture_sized_bodies(endpoint, values):
    if request.method == "POST":
        allow_capture_sized_body()


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    message = too_large_message()
    if not current_user.is_authenticated:
        return render_template("error.html", code=413, message=message), 413
    drain_body()
    try:
        project = project_for(request.view_args.get("project_id", 0), "edit")
    except HTTPException:
        return render_template("error.html", code=413, message=message), 413
    return _form_page(project, PrefillForm(formdata=None), message, 413)


def _form_page(project, form: PrefillForm, error: str | None = None, status: int = 200):
    form.row.choices = row_choices(project.document)
    return render_template("asbuilt/prefill.html", project=project, form=form, error=error,
                           draft=bool(project.drafts.get("nodes"))), status


def _row(value: str | None, document: dict) -> int | None:
    """The chosen row: None to match by name, the number of rows for a new one."""
    nodes = document.get("nodes") if isinstance(document.get("nodes"), list) else []
    if value == NEW_ROW:
        return len(nodes)
    if value and value.isdecimal() and value.isascii() and int(value) < len(nodes):
        return int(value)
    return None


def _proposal(project, text: str, row_value: str | None) -> Proposal:
    """Raises PrefillRefused with a message for the page."""
    raw = text.encode("utf-8")
    if not text.strip():
        raise PrefillRefused("Paste the output of ipconfig /all and systeminfo of one server first.")
    try:
        capture = read_capture_text(decode_capture(raw).text)
    except CaptureUnreadable as error:
        raise PrefillRefused(str(error)) from error
    problems = [p for p in capture.problems if p.command.startswith(("ipconfig", "systeminfo"))]
    if problems:
        raise PrefillRefused("The text cannot be read: " + "; ".join(p.describe() for p in problems))
    document = project.document
    return propose(document, server_facts(capture, project.plan), _row(row_value, document))


@bp.get("/projects/<int:project_id>/nodes/prefill")
def start(project_id: int):
    project = project_for(project_id, "edit")
    form = PrefillForm(formdata=None, row=BY_NAME)
    return _form_page(project, form)


@bp.post("/projects/<int:project_id>/nodes/prefill")
def preview(project_id: int):
    project = project_for(project_id, "edit")
    form = PrefillForm()
    form.row.choices = row_choices(project.document)
    if not form.validate_on_submit():
        abort(400)
    if project.drafts.get("nodes"):
        return _form_page(project, form, DRAFT_NOTICE, 409)
    try:
        proposal = _proposal(project, form.server_text.data or "", form.row.data)
    except PrefillRefused as refused:
        return _form_page(project, form, str(refused), 422)
    return _preview_page(project, proposal, form.server_text.data, form.row.data)


def _preview_page(project, proposal: Proposal, text: str, row_value: str | None, notice: str | None = None,
                  status: int = 200):
    confirm = PrefillConfirmForm(formdata=None, server_text=text, row=row_value or BY_NAME,
                                 base_revision=str(project.revision))
    return render_template("asbuilt/prefill_preview.html", project=project, proposal=proposal, confirm=confirm,
                           shown=shown_value, notice=notice), status


@bp.post("/projects/<int:project_id>/nodes/prefill/apply")
def apply(project_id: int):
    project = project_for(project_id, "edit")
    form = PrefillConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if project.drafts.get("nodes"):
        return _form_page(project, PrefillForm(formdata=None, server_text=form.server_text.data), DRAFT_NOTICE, 409)
    try:
        proposal = _proposal(project, form.server_text.data or "", form.row.data)
    except PrefillRefused as refused:
        return _form_page(project, PrefillForm(formdata=None, server_text=form.server_text.data), str(refused), 422)
    if form.base_revision.data != str(project.revision):
        return _preview_page(project, proposal, form.server_text.data, form.row.data,
                             notice="The plan was saved by someone since this page was shown. Below is what "
                                    "filling the node changes now; nothing was saved.", status=409)
    if not proposal.changes:
        flash(f"Node {proposal.row + 1} already holds what {proposal.facts.host} reports; nothing was changed.",
              "success")
        return redirect(url_for("wizard.step", project_id=project.id, step_name="nodes"), code=303)
    summary = f"Filled node {proposal.row + 1} from {proposal.facts.host}'s " + " and ".join(proposal.facts.read_from)
    try:
        with write_transaction():
            service.save_document(project, proposal.document, "nodes", summary, current_user,
                                  expected_revision=int(form.base_revision.data))
    except service.ConcurrentChange:
        db.session.rollback()
        project = project_for(project_id, "edit")
        return _preview_page(project, _proposal(project, form.server_text.data or "", form.row.data),
                             form.server_text.data, form.row.data, status=409,
                             notice="Someone saved the plan at the same moment; nothing was saved. Below is what "
                                    "filling the node changes now.")
    flash(f"{summary}: {len(proposal.changes)} answer(s) changed (revision {project.revision}).", "success")
    return redirect(url_for("wizard.step", project_id=project.id, step_name="nodes") +
                    f"#nodes-row-{proposal.row}", code=303)
