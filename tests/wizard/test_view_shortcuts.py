"""Shortcuts the step views take for speed give the same answers as the long way round."""
from __future__ import annotations

import copy

import pytest

from app.storage.models import Project
from app.domain.plan import load_plan
from app.web.wizard.binding import bind, field_paths, initial_data
from app.web.wizard.steps import STEPS
from app.web.wizard.views import _make_form

from .plans import exchange2007_scc


def grown(document: dict) -> dict:
    """The example with a third node, so rows beyond the first two are covered."""
    document = copy.deepcopy(document)
    node = copy.deepcopy(document["nodes"][0])
    node.update(name="EXNODE3", public_ip="10.0.0.13", private_ip="192.168.10.13")
    document["nodes"].append(node)
    document["setup"]["node_order"].append("EXNODE3")
    return document


@pytest.mark.parametrize("which", ["example", "grown", "2007", "empty"])
@pytest.mark.parametrize("step", [s for s in STEPS if not s.is_review], ids=lambda s: s.name)
def test_field_paths_are_the_paths_bind_gives(app, example_document, which, step):
    document = {"example": example_document, "grown": grown(example_document),
                "2007": exchange2007_scc(),
                "empty": {"format": example_document["format"], "name": "Empty"}}[which]
    plan = load_plan(document)
    with app.test_request_context("/"):
        data = initial_data(step, plan, document)
        form = _make_form(step, plan, data=data)
        assert field_paths(step, plan, data) == bind(step, plan, document, form).paths


def test_the_loaded_plan_follows_the_stored_text(example_document):
    project = Project(name="p")
    project.document = example_document
    first = project.plan
    assert project.plan is first  # loaded once while the text is unchanged
    changed = copy.deepcopy(example_document)
    changed["cluster"]["name"] = "EXCLUS9"
    project.document = changed
    assert project.plan.cluster.name == "EXCLUS9"
    assert project.plan is not first
