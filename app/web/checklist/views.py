"""Checklist pages: work through it on screen, per node, on paper, or as Markdown."""
from __future__ import annotations

import re
from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup, escape

from app.web.access import project_or_404
from app.web.downloads import attachment
from app.storage.models import utcnow
from app.storage.activity import log

from app.storage import ticks
from app.domain.cluster import intended_state
from app.domain.diagram import render_svg
from app.domain.failover import failover_report
from app.domain.runbook import Checklist
from app.domain.runbook import scripts
from app.domain.runbook.items import NODE
from app.domain.runbook.markdown import render_markdown
from app.storage import review

bp = Blueprint("checklist", __name__)

_PLACEHOLDER = re.compile(r"\[[^\[\]<>]*(?:not answered|not planned|no [^\[\]<>]* planned)\]")


def current_actor() -> str:
    """Who is ticking: the signed-in user's name."""
    return current_user.username if current_user.is_authenticated else ""


class TickForm(FlaskForm):
    """Carries the CSRF token; the item, the action and where to return come as plain fields."""


@bp.app_template_global()
def cluster_diagram(plan) -> Markup:
    return Markup(render_svg(plan))


@bp.app_template_filter()
def placeholders(text: str) -> Markup:
    """Escapes the text and marks each "[... not answered]" so it stands out on screen and paper."""
    escaped = str(escape(text))
    return Markup(_PLACEHOLDER.sub(lambda m: f'<mark class="missing">{m.group(0)}</mark>', escaped))


def _context(project, checklist: Checklist, saved: dict | None = None) -> dict:
    marks = ticks.marks_for(checklist, ticks.ticks_of(project) if saved is None else saved)
    return {"project": project, "checklist": checklist, "marks": marks,
            "progress": ticks.progress_of(checklist, marks), "form": TickForm()}


@bp.get("/projects/<int:project_id>/checklist")
def show(project_id: int):
    project = project_or_404(project_id)
    plan = project.plan
    checklist = project.checklist
    return render_template("checklist/show.html", plan=plan, report=project.report, back="",
                           **_context(project, checklist))


@bp.get("/projects/<int:project_id>/checklist/nodes/<path:node_name>")
def node(project_id: int, node_name: str):
    project = project_or_404(project_id)
    full = project.checklist
    if node_name not in full.node_names:
        abort(404)
    saved = ticks.ticks_of(project)
    full_progress = ticks.progress_of(full, ticks.marks_for(full, saved))
    stages = scripts.stages_at(full, scripts.Place(NODE, node_name))
    return render_template("checklist/node.html", node_name=node_name, all_nodes=full.node_names, back=node_name,
                           full_progress=full_progress, stages=stages, full=full,
                           **_context(project, full.for_node(node_name), saved))


@bp.post("/projects/<int:project_id>/checklist/ticks")
def set_tick(project_id: int):
    project = project_or_404(project_id, "tick")
    checklist = project.checklist
    item_id, action = request.form.get("item_id", ""), request.form.get("action", "")
    item = checklist.get(item_id)
    back = request.form.get("back", "")
    if item is None or action not in ("tick", "untick"):
        flash("That item is not on this plan's checklist (the plan may have changed since the page was "
              "loaded). Nothing was ticked; the checklist below is up to date.", "error")
        return redirect(_back_url(project.id, checklist, back), code=303)
    user = current_user._get_current_object()
    entry = partial(log, project, user, "tick", f"{'ticked' if action == 'tick' else 'unticked'} {item.id}")
    if action == "tick":
        ticks.tick(project, item, current_actor(), record=entry)
    else:
        ticks.untick(project, item.id, record=entry)  # nothing to untick: the activity entry all the same
    return redirect(_back_url(project.id, checklist, back) + "#" + item.anchor, code=303)


def _back_url(project_id: int, checklist: Checklist, back: str) -> str:
    if back and back in checklist.node_names:
        return url_for("checklist.node", project_id=project_id, node_name=back)
    return url_for("checklist.show", project_id=project_id)


@bp.get("/projects/<int:project_id>/checklist/print")
def printable(project_id: int):
    project = project_or_404(project_id)
    plan = project.plan
    report = project.report
    return render_template("checklist/print.html", plan=plan, report=report, printed_at=utcnow(),
                           sign_off=review.sign_off(project), failover=failover_report(intended_state(plan)),
                           **_context(project, project.checklist))


@bp.get("/projects/<int:project_id>/checklist/scripts")
def script_list(project_id: int):
    project = project_or_404(project_id)
    checklist = project.checklist
    stages = scripts.stages_of(checklist)
    steps = [item for stage in stages if stage.runnable for item in stage.items]
    return render_template("checklist/scripts.html", project=project, checklist=checklist, stages=stages,
                           phase_titles={phase.number: phase.title for phase in checklist.phases},
                           needs_password=any(f"%{scripts.PASSWORD_VARIABLE}%" in command
                                              for item in steps for command in item.commands),
                           from_media=any(item.from_media for item in steps),
                           has_powershell=any(stage.has_powershell for stage in stages))


@bp.get("/projects/<int:project_id>/checklist/scripts/<int:phase>/<int:number>.<any(cmd, ps1):kind>")
def script(project_id: int, phase: int, number: int, kind: str):
    project = project_or_404(project_id)
    checklist = project.checklist
    found = scripts.find_stage(checklist, phase, number)
    if found is None or not found.runnable or (kind == "ps1" and not found.has_powershell):
        abort(404)
    write = scripts.batch if kind == "cmd" else scripts.powershell
    return _download(write(found, checklist, project.name, project.revision), project.name,
                     f"-{found.filename}.{kind}")


@bp.get("/projects/<int:project_id>/checklist/scripts/nodes/<path:node_name>.cmd")
def node_script(project_id: int, node_name: str):
    """Every script of one node in one file, for the person at its console."""
    project = project_or_404(project_id)
    checklist = project.checklist
    stages = [s for s in scripts.stages_at(checklist, scripts.Place(NODE, node_name)) if s.runnable]
    if node_name not in checklist.node_names or not stages:
        abort(404)
    body = scripts.combined(stages, checklist, project.name, project.revision, node_name)
    return _download(body, project.name, f"-{stages[0].place.slug}.cmd")


def _download(body: str, plan_name: str, suffix: str) -> Response:
    return Response(body.encode("utf-8"), mimetype="text/plain", headers=attachment(plan_name, suffix))


@bp.get("/projects/<int:project_id>/checklist.md")
def markdown(project_id: int):
    project = project_or_404(project_id)
    checklist = project.checklist
    report = project.report
    text = render_markdown(
        checklist, plan_name=project.name, revision=project.revision, generated_at=utcnow(),
        marks=ticks.marks_for(checklist, ticks.ticks_of(project)), findings=report.errors + report.warnings,
        rule_url=lambda rule: url_for("rules.show_rule", rule_id=rule, _external=True),
        sign_off=review.sign_off(project))
    return Response(text, mimetype="text/markdown", headers=attachment(project.name, "-checklist.md"))
