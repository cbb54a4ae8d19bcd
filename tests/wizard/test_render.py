"""The step pages' fields are written without WTForms (app/web/wizard/render.py) but must post exactly
what WTForms' own widgets would, so that saving a page a user did not change changes nothing."""
from __future__ import annotations

import copy
import io
import json
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.storage.models import Project
from app.domain.plan import load_plan
from app.web.wizard.binding import initial_data
from app.web.wizard.render import FieldContext, question_html
from app.web.wizard.steps import STEPS
from app.web.wizard.views import _make_form
from tests.conftest import csrf_token

from .plans import exchange2007_scc
from .test_view_shortcuts import grown

FORM_STEPS = [s for s in STEPS if not s.is_review]


class Controls(HTMLParser):
    """The form controls of some HTML: what a browser would submit, and what it would show."""

    def __init__(self):
        super().__init__()
        self.controls: list[tuple] = []
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.controls.append(("input", attrs.get("type"), attrs.get("name"), attrs.get("id"),
                                  attrs.get("value"), "checked" in attrs))
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "id": attrs.get("id"), "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "label": ""}
        elif tag == "label":
            self.controls.append(("label", attrs.get("for")))

    def handle_data(self, data):
        if self._option is not None:
            self._option["label"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._select["options"].append(tuple(self._option.values()))
            self._option = None
        elif tag == "select" and self._select is not None:
            self.controls.append(("select", self._select["name"], self._select["id"],
                                  tuple(self._select["options"])))
            self._select = None

    def submitted(self) -> MultiDict:
        """What a browser posts for these controls, buttons aside."""
        out = MultiDict()
        for control in self.controls:
            if control[0] == "input" and control[1] in ("text", "hidden", None):
                out.add(control[2], control[4] or "")
            elif control[0] == "input" and control[1] == "checkbox" and control[5]:
                out.add(control[2], control[4] or "on")
            elif control[0] == "select":
                options = control[3]
                chosen = [o for o in options if o[1]] or options[:1]
                if chosen:
                    out.add(control[1], chosen[0][0])
        return out


def controls_of(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


def documents(example_document) -> dict[str, dict]:
    return {"example": example_document, "grown": grown(example_document), "2007": exchange2007_scc(),
            "empty": {"format": example_document["format"], "name": "Empty"}}


def wtforms_html(form, step, plan) -> str:
    """The same fields rendered by WTForms' widgets, as the pages did before render.py."""
    parts = []

    def render(container, question):
        field = container[question.field_name]
        if question.kind == "order":
            parts.extend(f'<label for="{entry.id}"></label>{entry()}' for entry in field.entries)
        elif question.kind in ("multi", "flags"):
            parts.append(str(field()) if field.choices else "")
        else:
            parts.append(f'<label for="{field.id}"></label>{field()}')
        if question.none_label:
            none_field = container[question.field_name + "__none"]
            parts.append(f"{none_field()}{none_field.label()}")

    if step.rows:
        for entry in form[step.rows.key].entries:
            parts.append(str(entry.form["origin"]()))
            for question in step.rows.questions:
                if question.applies(plan):
                    render(entry.form, question)
    else:
        for question in step.questions(plan):
            render(form, question)
    return "".join(parts)


def direct_html(step, plan, data) -> str:
    context = FieldContext(plan=plan, errors={}, findings=[], findings_html=lambda here, list_id: Markup(""))
    if step.rows:
        return "".join(context.row(step, index, row) for index, row in enumerate(data[step.rows.key]))
    return "".join(question_html(context, q, q.field_name, q.key, data) for q in step.questions(plan))


def without_help_labels(controls: list[tuple]) -> list[tuple]:
    return [c for c in controls if c[0] != "label"]


@pytest.mark.parametrize("which", ["example", "grown", "2007", "empty"])
@pytest.mark.parametrize("step", FORM_STEPS, ids=lambda s: s.name)
def test_fields_are_the_controls_wtforms_would_render(app, example_document, which, step):
    document = documents(example_document)[which]
    plan = load_plan(document)
    data = initial_data(step, plan, document)
    with app.test_request_context("/"):
        expected = controls_of(wtforms_html(_make_form(step, plan, data=data), step, plan))
    actual = controls_of(direct_html(step, plan, data))
    assert without_help_labels(actual.controls) == without_help_labels(expected.controls)
    assert actual.submitted() == expected.submitted()
    # Every control has a label pointing at it.
    labelled = {c[1] for c in actual.controls if c[0] == "label"}
    ids = {c[3] for c in actual.controls if c[0] == "input" and c[1] != "hidden"} | \
          {c[2] for c in actual.controls if c[0] == "select"}
    assert ids <= labelled


def test_hostile_values_are_escaped(app, example_document):
    document = copy.deepcopy(example_document)
    document["nodes"][0]["hardware_model"] = '"><script>alert(1)</script>'
    plan = load_plan(document)
    step = next(s for s in STEPS if s.name == "nodes")
    html = direct_html(step, plan, initial_data(step, plan, document))
    assert "<script>" not in html
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def import_document(client, document) -> int:
    token = csrf_token(client, "/projects")
    response = client.post("/projects/import", content_type="multipart/form-data", data={
        "csrf_token": token, "plan_file": (io.BytesIO(json.dumps(document).encode()), "plan.json")})
    return int(re.search(r"/projects/(\d+)/", response.headers["Location"]).group(1))


def page_form(html: str) -> MultiDict:
    """What submitting the step's form as it stands posts."""
    start = html.index('<form method="post" class="wizard-form"')
    return controls_of(html[start:html.index("</form>", start)]).submitted()


@pytest.mark.parametrize("which", ["example", "2007"])
def test_posting_every_page_back_unchanged_changes_nothing(app, client, example_document, which):
    """As a browser would: open each step, submit its form as it stands, and compare the plan."""
    project_id = import_document(client, documents(example_document)[which])
    with app.app_context():
        before = db.session.get(Project, project_id).document
    for step in FORM_STEPS:
        page = client.get(f"/projects/{project_id}/steps/{step.name}")
        assert page.status_code == 200
        posted = page_form(page.get_data(as_text=True))
        posted["goto"] = ""
        response = client.post(f"/projects/{project_id}/steps/{step.name}", data=posted)
        assert response.status_code == 302, (step.name, response.get_data(as_text=True)[:1500])
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert project.document == before
        assert project.drafts == {}


def test_an_error_after_a_removed_row_is_shown_at_the_renumbered_row(client, example_document):
    project_id = import_document(client, example_document)
    url = f"/projects/{project_id}/steps/nodes"
    posted = page_form(client.get(url).get_data(as_text=True))
    posted["nodes-1-public_ip"] = "10.0.0.300"
    posted["action"] = "remove-0"
    response = client.post(url, data=posted)
    assert response.status_code == 200  # shown again, not saved: removing a row saves nothing
    html = response.get_data(as_text=True)
    assert 'id="nodes-1-public_ip"' not in html  # one row is left, shown as the first
    error = re.search(r'<p class="error-message" id="nodes-0-public_ip-error">(.*?)</p>', html)
    assert error and "IPv4" in error.group(1)
    assert 'aria-describedby="nodes-0-public_ip-hint nodes-0-public_ip-error" aria-invalid="true"' in html \
        or 'aria-describedby="nodes-0-public_ip-error" aria-invalid="true"' in html
    assert 'value="10.0.0.300"' in html  # what was typed is kept


def test_unanswered_questions_are_listed_in_words_and_link_to_their_field(client, example_document):
    document = copy.deepcopy(example_document)
    del document["nodes"][1]["domain"]
    del document["nodes"][0]["prerequisites"]["www"]
    project_id = import_document(client, document)
    html = client.get(f"/projects/{project_id}/steps/nodes").get_data(as_text=True)
    summary = html[html.index('<details class="incomplete"'):html.index("</details>")]
    assert '<a href="#field-nodes-1-domain">Node 2: EXNODE2 – Domain: not answered yet</a>' in summary
    assert 'href="#field-nodes-0-prerequisites">Node 1: EXNODE1 – ' in summary  # a flag: its checkbox list
    assert "nodes[1]" not in summary  # plan paths are for the JSON, not for people
    for anchor in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{anchor}"' in html


def test_2007_rows_are_clustered_mailbox_servers(client):
    project_id = import_document(client, exchange2007_scc())
    html = client.get(f"/projects/{project_id}/steps/virtual-servers").get_data(as_text=True)
    assert "<legend>Clustered mailbox server 1: " in html and "Add a clustered mailbox server" in html
