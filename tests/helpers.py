"""Test helpers: turn a plan document into the form posts a user would make."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.domain.plan import load_plan
from app.web.wizard.binding import initial_data
from app.web.wizard.steps import applicable_steps


def flatten(data: dict, prefix: str = "") -> MultiDict:
    """WTForms-style names for nested form data: rows-0-field, order-1, checkbox lists repeated."""
    out = MultiDict()
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, row in enumerate(value):
                for sub_name, sub_value in flatten(row, f"{name}-{index}-").items(multi=True):
                    out.add(sub_name, sub_value)
        elif isinstance(value, list) and key.endswith("node_order"):
            for index, item in enumerate(value):
                out.add(f"{name}-{index}", item)
        elif isinstance(value, list):
            for item in value:
                out.add(name, item)
        elif isinstance(value, bool):
            if value:
                out.add(name, "y")
        elif value is not None:
            out.add(name, str(value))
    return out


def step_posts(document: dict) -> list[tuple[str, MultiDict]]:
    """For each applicable form step, what posting that step's answers sends.

    Steps are posted in order, so later steps see the answers of earlier ones
    (as a user walking the wizard would).
    """
    plan = load_plan(document)
    posts = []
    for step in applicable_steps(plan):
        if step.is_review:
            continue
        data = initial_data(step, plan, document)
        if step.rows:
            for row in data[step.rows.key]:
                row["origin"] = ""
        posts.append((step.name, flatten(data)))
    return posts


def post_step(client, project_id: int, step: str, data: MultiDict, token: str, goto: str = "next"):
    data = MultiDict(data)
    data["csrf_token"] = token
    data["goto"] = goto
    return client.post(f"/projects/{project_id}/steps/{step}", data=data)
