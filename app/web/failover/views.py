"""The Failover page of a project: the verdicts, a scenario chosen with a GET form (it changes
nothing, so viewers may use it, and it needs no script), the diagram of that scenario, and the
table of every single and double node failure."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from markupsafe import Markup

from app.domain.cluster import intended_state
from app.domain.diagram import draw, scenario_of
from app.domain.failover import FailoverReport, Outcome, choose_nodes, failover_report
from app.domain.failover.text import (RELATED_RULE_IDS, RULE_IDS, limit_words, load_words, move_words, scenario_title, summary,
                                      verdict_words)
from app.domain.rules import load_catalog
from app.domain.words import join_words
from app.web.access import project_or_404

bp = Blueprint("failover", __name__)

MAX_NAMES = 64          # names read from ?fail=; more than any cluster has nodes
SHOWN_NAME_LENGTH = 40  # how much of an unknown name the message repeats


@bp.app_template_global()
def failover_words() -> dict:
    """The words the page and the printout share, for templates."""
    return {"title": scenario_title, "summary": summary, "move": move_words, "load": load_words,
            "verdict": verdict_words, "limits": limit_words}


@bp.get("/projects/<int:project_id>/failover")
def show(project_id: int):
    project = project_or_404(project_id)
    plan = project.plan
    state = intended_state(plan)
    asked = request.args.getlist("fail")[:MAX_NAMES]
    chosen, unknown = choose_nodes(state, asked)
    error = _problem(unknown, chosen, custom=request.args.get("scenario") == "custom" or bool(asked))
    report = failover_report(state, chosen if chosen and not error else None)
    shown = report.chosen or first_move(report)
    name = plan.name if isinstance(plan.name, str) and plan.name.strip() else project.name
    diagram = Markup(draw(state, name, scenario_of(shown))) if shown is not None else None
    ticked = chosen if error else (shown.failed if shown is not None else ())
    findings = [f for f in project.report.findings if f.rule in RULE_IDS + RELATED_RULE_IDS]
    return render_template("failover/show.html", project=project, report=report, shown=shown, diagram=diagram,
                           ticked=ticked, error=error, findings=findings, sources=_sources()), 422 if error else 200


def _problem(unknown: tuple[str, ...], chosen: tuple[str, ...], custom: bool) -> str | None:
    if unknown:
        names = [name if len(name) <= SHOWN_NAME_LENGTH else name[:SHOWN_NAME_LENGTH] + "…" for name in unknown]
        return (f"{join_words(names)} {'is' if len(names) == 1 else 'are'} not a node of this plan; tick the nodes "
                "that fail below.")
    if custom and not chosen:
        return "Tick one node or more to see what happens when they fail."
    return None


def first_move(report: FailoverReport) -> Outcome | None:
    """The scenario shown until one is chosen: the first single failure that moves a server."""
    return next((o for o in report.singles if any(p.moved or p.node is None for p in o.servers)),
                report.singles[0] if report.singles else None)


def _sources() -> list:
    """The sources of the failover rules, as the catalog names them, each once."""
    catalog = load_catalog()
    codes = dict.fromkeys(code for rule_id in RULE_IDS if catalog.get(rule_id) for code in catalog.get(rule_id).sources)
    return [catalog.sources[code] for code in codes if code != "M"]
