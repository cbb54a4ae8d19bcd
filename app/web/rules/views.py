"""Public pages explaining the stored rules: /rules and /rules/<id>."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from app.domain.rules.catalog import STEPS, load_catalog

bp = Blueprint("rules", __name__)


@bp.get("/rules")
def list_rules():
    catalog = load_catalog()
    rules = sorted(catalog.rules, key=lambda r: (STEPS.index(r.step), r.id))
    return render_template("rules/list.html", rules=rules, steps=STEPS, sources=catalog.sources)


@bp.get("/rules/<rule_id>")
def show_rule(rule_id: str):
    catalog = load_catalog()
    rule = catalog.get(rule_id)
    if rule is None:
        abort(404)
    return render_template("rules/detail.html", rule=rule, sources=catalog.sources)
