"""Project list and project-level actions (create, rename, duplicate, delete, import, export)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.web.access import project_or_404
from app.extensions import db
from app.domain.plan import PlanFormatError, starters

from app.storage import projects as service
from app.web.projects.forms import ConfirmForm, ImportForm, NewProjectForm, RenameForm

bp = Blueprint("projects", __name__)


@bp.get("/")
def index():
    return redirect(url_for("projects.list_projects"))


@bp.get("/projects")
def list_projects():
    summaries = [service.summarize(p) for p in service.list_projects(current_user)]
    return render_template("projects/list.html", summaries=summaries, import_form=ImportForm(),
                           action_form=ConfirmForm())


@bp.route("/projects/new", methods=["GET", "POST"])
def new_project():
    form = NewProjectForm()
    if form.validate_on_submit():
        name, description = form.name.data.strip(), (form.description.data or "").strip()
        starter = starters.BY_KEY.get(form.start.data)
        if starter is not None:
            project = service.create_from_starter(starter, name, description, owner=current_user)
            flash(f"Created {project.name} from the template {starter.title}.", "success")
            return redirect(url_for("projects.placeholders", project_id=project.id, template=starter.key))
        project = service.create_project(name, description, form.exchange_version.data, form.windows_version.data,
                                         owner=current_user)
        flash(f"Created {project.name}. Start with the basics.", "success")
        return redirect(url_for("wizard.step", project_id=project.id, step_name="basics"))
    return render_template("projects/new.html", form=form, starters=starters.STARTERS), \
        200 if not form.errors else 422


@bp.get("/projects/<int:project_id>/placeholders")
def placeholders(project_id: int):
    """The example values a plan made from a template still holds, to be replaced by the site's own."""
    project = project_or_404(project_id)
    starter = starters.BY_KEY.get(request.args.get("template", ""))
    if starter is None:
        abort(404)
    remaining = starters.still_to_replace(starter, project.document)
    steps = [(step, [p for p in remaining if p.step == step]) for step in dict.fromkeys(p.step for p in remaining)]
    return render_template("projects/placeholders.html", project=project, starter=starter, steps=steps,
                           remaining=remaining, report=project.report)


@bp.get("/projects/<int:project_id>")
def open_project(project_id: int):
    project = project_or_404(project_id)
    return redirect(url_for("wizard.step", project_id=project.id, step_name=project.current_step or "basics"))


@bp.route("/projects/<int:project_id>/rename", methods=["GET", "POST"])
def rename(project_id: int):
    project = project_or_404(project_id, "manage")
    form = RenameForm(data={"name": project.name} if not RenameForm().is_submitted() else None)
    if form.validate_on_submit():
        try:
            service.rename_project(project, form.name.data.strip(), current_user)
        except service.ConcurrentChange:
            db.session.rollback()
            form.name.errors.append("Someone saved this plan at the same moment; nothing was renamed. Try again.")
            return render_template("projects/rename.html", project=project, form=form), 409
        flash(f"Renamed to {project.name}.", "success")
        return redirect(url_for("projects.list_projects"))
    return render_template("projects/rename.html", project=project, form=form), 200 if not form.errors else 422


@bp.post("/projects/<int:project_id>/duplicate")
def duplicate(project_id: int):
    project = project_or_404(project_id, "edit")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    clone = service.duplicate_project(project, current_user)
    flash(f"Made {clone.name}.", "success")
    return redirect(url_for("projects.list_projects"))


@bp.route("/projects/<int:project_id>/delete", methods=["GET", "POST"])
def delete(project_id: int):
    project = project_or_404(project_id, "manage")
    form = ConfirmForm()
    if form.validate_on_submit():
        name = project.name
        service.delete_project(project)
        flash(f"Deleted {name}.", "success")
        return redirect(url_for("projects.list_projects"))
    return render_template("projects/delete.html", project=project, form=form)


@bp.get("/projects/<int:project_id>/export")
def export(project_id: int):
    project = project_or_404(project_id)
    filename = "".join(c if c.isalnum() or c in "-_" else "-" for c in project.name).strip("-") or "plan"
    return Response(service.export_text(project) + "\n", mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename[:60]}.json"'})


@bp.post("/projects/import")
def import_plan():
    form = ImportForm()
    if form.validate_on_submit():
        raw = form.plan_file.data.read(service_limit() + 1)
        try:
            if len(raw) > service_limit():
                raise PlanFormatError("", "the file is larger than 2 MB")
            project = service.import_project(raw, owner=current_user)
        except PlanFormatError as error:
            db.session.rollback()
            form.plan_file.errors.append(f"Not imported: {error}")
        else:
            flash(f"Imported {project.name}.", "success")
            return redirect(url_for("wizard.step", project_id=project.id, step_name="review"))
    summaries = [service.summarize(p) for p in service.list_projects(current_user)]
    return render_template("projects/list.html", summaries=summaries, import_form=form,
                           action_form=ConfirmForm()), 422


def service_limit() -> int:
    return 2_000_000
