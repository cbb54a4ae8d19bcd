"""Template filters and globals shared by every page."""
from __future__ import annotations

from datetime import datetime

from flask import g
from flask_login import current_user

from app.storage.memberships import can
from app.storage.review import describe_target as describe
from app.storage.workflow import STATES, changed_since_approval
from app.web.wizard.steps import STEPS_BY_NAME

SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}


def register_template_helpers(app) -> None:
    @app.template_filter("when")
    def when(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""

    @app.template_global()
    def step_title(name: str, plan=None) -> str:
        step = STEPS_BY_NAME.get(name)
        if step is None:
            return name
        return step.title_for(plan) if plan is not None else step.title

    @app.template_global()
    def severity_label(severity: str) -> str:
        return SEVERITY_LABELS.get(severity, severity)

    @app.template_global()
    def user_can(project, capability: str) -> bool:
        """Whether the signed-in user may do `capability` in the project (cached per request)."""
        cache = g.setdefault("capabilities", {})
        key = (project.id, capability)
        if key not in cache:
            cache[key] = can(project, current_user, capability)
        return cache[key]

    @app.template_global()
    def describe_target(kind: str, ref: str) -> str:
        return describe(kind, ref)

    @app.template_global()
    def review_state_label(state: str) -> str:
        return STATES.get(state, state)

    @app.template_global()
    def project_changed_since_approval(project) -> bool:
        return changed_since_approval(project)
