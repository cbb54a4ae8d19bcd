"""The form part of a step page, kept per worker while nothing it shows has changed.

That part (questions, findings, step bar, project navigation) is most of a step page's work and
a function of: the project row's plan text, drafts, name, revision and review state; the step;
and whether the user may edit. `form_key` holds exactly those, so a save, a draft, a rename or a
review decision by anyone makes a new key. The signed-in user's name, flashed messages and the
step's comments are outside that part and rendered on every request. The CSRF token, which
differs per session, is rendered as a placeholder and filled in per request.

Pages that show a draft's messages, refused answers or a conflict are not kept: they are rare,
and they depend on what was posted.
"""
from __future__ import annotations

from typing import Callable

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.cache import LruCache

# Escaped text never holds "<", so no answer can contain the placeholder.
CSRF_PLACEHOLDER = "<csrf-token-for-this-session>"

STEP_FORMS: LruCache[str] = LruCache(64)


def form_key(project, step_name: str, can_edit: bool) -> tuple:
    return (project.id, project.plan_json, project.drafts_json, project.name, project.revision,
            project.review_state, project.approved_revision, step_name, can_edit)


def step_form(key: tuple | None, render: Callable[[str], str]) -> Markup:
    """The form for `key` (rendered by `render(placeholder)` when not kept), with this session's
    CSRF token. `key=None` renders without keeping."""
    placeholder = Markup(CSRF_PLACEHOLDER)  # written as it is, so escaped text can never match it
    html = render(placeholder) if key is None else STEP_FORMS.get(key, lambda: render(placeholder))
    return Markup(html.replace(CSRF_PLACEHOLDER, generate_csrf()))
