"""Public pages explaining the stored rules: /rules and /rules/<id>."""
from __future__ import annotations

import re

from flask import Blueprint, abort, render_template
from markupsafe import Markup, escape

from app.domain.rules.catalog import STEPS, load_catalog

bp = Blueprint("rules", __name__)

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@bp.app_template_filter("template_words")
def template_words(text: str) -> Markup:
    """A message template for reading: `{first_node}` becomes an italic "first node", the value a
    finding puts there, instead of raw format syntax."""
    parts = _PLACEHOLDER.split(text or "")
    return Markup("").join(escape(part) if index % 2 == 0 else
                           Markup("<var>{}</var>").format(part.replace("_", " "))
                           for index, part in enumerate(parts))


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
