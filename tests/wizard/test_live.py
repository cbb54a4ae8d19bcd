"""The live step page's requests (app/web/wizard/live.py): answers checked as they are given, rows
added and removed on the page, and nothing saved until Save."""
from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.domain.plan import PlanFormatError, load_plan, paths
from app.domain.plan.missing import MISSING
from app.extensions import db
from app.storage.models import Project
from app.web.wizard.live import asked_keys
from app.web.wizard.steps import STEPS
from tests.conftest import csrf_token, user_client
from tests.hardening.common import FUZZ, assert_sane, import_example, stored, watch_errors
from tests.hardening.test_forms_fuzz import WIZARD_STEPS, wizard_posts

from .plans import exchange2007_ccr, exchange2007_scc
from .test_page_cache import add_member
from .test_render import controls_of, import_document, page_form

HTMX = {"HX-Request": "true"}


def state(app, project_id) -> tuple[int, dict, dict]:
    with app.app_context():
        project = db.session.get(Project, project_id)
        return project.revision, project.document, project.drafts


def step_url(project_id, step) -> str:
    return f"/projects/{project_id}/steps/{step}"


def opened(client, project_id, step):
    """The step's form as its page posts it, and the page."""
    html = client.get(step_url(project_id, step)).get_data(as_text=True)
    return page_form(html), html


def checked(client, project_id, step, posted, **headers):
    response = client.post(step_url(project_id, step) + "/check", data=posted, headers=headers or HTMX)
    assert response.status_code == 200, response.get_data(as_text=True)[:1500]
    return response.get_data(as_text=True)


def step_body(html: str) -> str:
    start = html.index('<div id="step-body"')
    return html[start:html.index('<div id="live-status"', start)]


def field(html: str, field_id: str) -> str:
    """One question's block: its control, messages and findings."""
    start = html.index(f'id="field-{field_id}"')
    end = html.find('id="field-', start + 1)
    return html[start:end if end != -1 else None]


def reposted(html: str, posted, **fields: str):
    """What the checked step body posts, with the page's token and revision and `fields`."""
    out = page_form(html) if 'class="wizard-form"' in html else controls_of(html).submitted()
    for name in ("csrf_token", "base_revision"):
        out[name] = posted[name]
    for name, value in fields.items():
        out[name] = value
    return out


def options(html: str, name: str) -> list[str]:
    select = next(c for c in controls_of(html).controls if c[0] == "select" and c[1] == name)
    return [value for value, _selected, _label in select[3] if value]


@pytest.fixture
def project_id(client, example_document):
    return import_document(client, example_document)


def test_leaving_a_field_checks_the_answers_without_saving(app, client, project_id):
    before = state(app, project_id)
    posted, _ = opened(client, project_id, "cluster")
    posted["cluster__hardware_certified"] = "no"
    posted["cluster__ip"] = "10.0.0.300"
    html = checked(client, project_id, "cluster", posted)
    body = step_body(html)
    assert "Rule hardware-certified" in field(body, "cluster__hardware_certified")  # the rule's finding
    assert "is not an IPv4 address" in field(body, "cluster__ip") and 'value="10.0.0.300"' in body
    assert "nothing is saved until you press Save" in body
    assert state(app, project_id) == before  # no revision, no draft, the plan as it was


def test_the_step_bar_still_shows_what_is_saved(client, project_id):
    posted, _ = opened(client, project_id, "cluster")
    posted["cluster__hardware_certified"] = "no"
    html = checked(client, project_id, "cluster", posted)
    bar = html[html.index('class="step-bar"'):html.index("</nav>", html.index('class="step-bar"'))]
    assert "state-warnings" not in bar and "state-errors" not in bar


def test_windows_2000_narrows_the_editions(client, project_id):
    posted, page = opened(client, project_id, "basics")
    assert options(page, "windows__edition") == ["standard", "enterprise", "datacenter"]
    posted["windows__version"] = "2000"
    posted["windows__edition"] = ""
    assert options(step_body(checked(client, project_id, "basics", posted)), "windows__edition") == \
        ["standard", "advanced", "datacenter"]


def test_a_chosen_edition_that_no_longer_exists_is_explained(client, project_id):
    posted, _ = opened(client, project_id, "basics")
    posted["windows__version"] = "2000"  # the edition stays "enterprise", which Windows 2000 has not
    body = step_body(checked(client, project_id, "basics", posted))
    assert "is not an edition of Windows 2000" in field(body, "windows__edition")


def test_exchange_2007_asks_for_the_cluster_type_and_2003_does_not(app, client, project_id):
    posted, page = opened(client, project_id, "basics")
    assert 'id="exchange__cluster_type"' not in page
    posted = reposted(page, posted, exchange__version="2007", exchange__service_pack="1", windows__architecture="x64")
    body = step_body(checked(client, project_id, "basics", posted))
    assert options(body, "exchange__cluster_type") == ["scc", "ccr"]
    assert "Exchange 2007 cluster type: not answered yet" in body
    # Saved with the question the check showed, the answer is kept.
    posted = reposted(body, posted, goto="", exchange__cluster_type="ccr")
    assert client.post(step_url(project_id, "basics"), data=posted).status_code == 302
    assert state(app, project_id)[1]["exchange"]["cluster_type"] == "ccr"


def test_a_witness_shown_again_by_the_quorum_type_keeps_its_saved_answer(app, client, example_document):
    document = copy.deepcopy(example_document)
    document["windows"]["version"] = "2008"
    document["cluster"]["quorum"] = {"type": "node-majority", "file_share_witness": "\\\\HUB1\\FSW"}
    for key in ("service_account", "service_account_local_admin"):
        document["cluster"].pop(key)
    project_id = import_document(client, document)
    posted, page = opened(client, project_id, "cluster")
    assert 'id="cluster__quorum__file_share_witness"' not in page  # not asked for a node majority
    posted["cluster__quorum__type"] = "node-fsw-majority"
    body = step_body(checked(client, project_id, "cluster", posted))
    assert 'value="\\\\HUB1\\FSW"' in field(body, "cluster__quorum__file_share_witness")


def test_a_row_is_added_and_removed_without_a_revision(app, client, project_id):
    before = state(app, project_id)
    posted, _ = opened(client, project_id, "nodes")
    posted["action"] = "add"
    body = step_body(checked(client, project_id, "nodes", posted))
    assert body.count('class="row-card"') == 3 and "Node added below" in body
    body = step_body(checked(client, project_id, "nodes", reposted(body, posted, action="remove-0")))
    assert body.count('class="row-card"') == 2 and 'value="EXNODE1"' not in body and "Node 1 removed" in body
    assert state(app, project_id) == before


def test_a_new_row_is_unanswered_not_wrong(client, project_id):
    posted, _ = opened(client, project_id, "nodes")
    posted["action"] = "add"
    body = step_body(checked(client, project_id, "nodes", posted))
    new_row = body[body.index('id="nodes-row-2"'):]
    assert 'class="findings"' not in body  # nothing is flagged: "Node 3 lacks .NET Framework" was
    assert "has-error" not in new_row and "has-warning" not in new_row
    assert "Node 3 – Node name: not answered yet" in body
    assert "Node 3 – .NET Framework: not answered yet" in body


def test_none_of_the_prerequisites_is_an_answer_the_rules_judge(client, project_id):
    posted, _ = opened(client, project_id, "nodes")
    posted.setlist("nodes-1-prerequisites", [])
    body = step_body(checked(client, project_id, "nodes", posted))
    assert "EXNODE2 lacks" not in body and "Node 2: EXNODE2 – .NET Framework: not answered yet" in body
    posted["nodes-1-prerequisites__none"] = "y"
    assert "EXNODE2 lacks .NET Framework" in step_body(checked(client, project_id, "nodes", posted))
    posted["nodes-1-prerequisites"] = "dotnet"
    assert "not both" in field(step_body(checked(client, project_id, "nodes", posted)), "nodes-1-prerequisites")


def test_a_new_virtual_server_starts_with_the_usual_answers(client, project_id):
    posted, _ = opened(client, project_id, "virtual-servers")
    posted["action"] = "add"
    body = step_body(checked(client, project_id, "virtual-servers", posted))
    new_row = controls_of(body[body.index('id="virtual_servers-row-1"'):]).submitted()
    assert new_row.getlist("virtual_servers-1-components") == [
        "system-attendant", "information-store", "routing", "smtp", "http", "ms-search", "mta"]
    assert new_row["virtual_servers-1-protocols__none"] == "y"  # neither IMAP4 nor POP3
    assert new_row["virtual_servers-1-kerberos"] == "yes"  # Exchange 2003 on Windows 2003 needs it
    assert new_row["virtual_servers-1-role"] == "back-end"
    assert "virtual_servers-1-disks" not in new_row and "virtual_servers-1-preferred_owners" not in new_row
    assert "Virtual server 2 – Disks: not answered yet" in body
    assert "evs-has-disk" not in body


def test_the_virtual_server_form_is_grouped(client, project_id):
    html = client.get(step_url(project_id, "virtual-servers")).get_data(as_text=True)
    row = html[html.index('id="virtual_servers-row-0"'):html.index('id="rows-end"')]
    legends = re.findall(r"<legend>([^<]+)</legend>", row)
    assert legends == ["Virtual server 1: EXVS1", "Name and address", "Disks and storage groups", "Disks",
                       "Role and Network Name", "Protocol resources to add", "Exchange components", "Run in the cluster",
                       "Not supported in a cluster", "Preferred owners", "Possible owners",
                       "Load, for the Failover page (optional)"]


def test_without_javascript_a_row_comes_back_on_the_whole_page_unsaved(app, client, project_id):
    before = state(app, project_id)
    posted, _ = opened(client, project_id, "storage")
    posted["base_revision"] = "1"
    posted["action"] = "add"
    response = client.post(step_url(project_id, "storage") + "/check", data=posted)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith("<!doctype html>")
    assert html.count('class="row-card"') == 4 and "Disk added below: nothing is saved" in html
    # The page holds answers that are not saved: leaving by the step bar or the tabs saves them.
    assert re.search(r'<button type="submit" name="goto" value="nodes" class="step-link"', html)
    assert '<button type="submit" name="goto" value="@checklist" class="nav-button">' in html
    assert 'name="base_revision" type="hidden" value="1"' in html
    assert state(app, project_id) == before


def test_a_saved_page_has_links_that_open_in_a_new_tab(client, project_id):
    html = client.get(step_url(project_id, "storage")).get_data(as_text=True)
    assert re.search(r'<a class="step-link" href="/projects/\d+/steps/nodes" data-goto="nodes">', html)
    assert re.search(r'<a href="/projects/\d+/checklist" data-goto="@checklist">Checklist</a>', html)
    assert 'name="goto" value="nodes"' not in html
    assert "With JavaScript off, these links do not save" in html  # in <noscript>


def test_enter_in_a_field_saves_and_stays_on_every_kind_of_page(client, project_id):
    """Enter submits a form with its first submit button: that must be Save, also where the step
    bar and tabs are save-and-go buttons."""
    saved = client.get(step_url(project_id, "storage")).get_data(as_text=True)
    posted, _ = opened(client, project_id, "storage")
    posted["action"] = "add"
    unsaved = client.post(step_url(project_id, "storage") + "/check", data=posted).get_data(as_text=True)
    for html in (saved, unsaved):
        form = html[html.index('<form method="post" class="wizard-form"'):]
        assert 'name="goto" value="" class="button button-secondary save-top"' in \
            re.search(r'<button type="submit"[^>]*>', form).group(0)


def test_checking_needs_the_csrf_token(app, client, project_id):
    posted, _ = opened(client, project_id, "cluster")
    del posted["csrf_token"]
    response = client.post(step_url(project_id, "cluster") + "/check", data=posted, headers=HTMX)
    assert response.status_code == 400


def test_only_editors_check_and_only_their_pages_are_live(app, client, project_id):
    vera = user_client(app, "vera")
    add_member(client, project_id, "vera", "viewer")
    posted, page = opened(vera, project_id, "cluster")
    assert "hx-post" not in page and "Remove node" not in page
    response = vera.post(step_url(project_id, "cluster") + "/check", data=posted, headers=HTMX)
    assert response.status_code == 403
    assert 'hx-post="/projects/' in client.get(step_url(project_id, "cluster")).get_data(as_text=True)


def test_review_has_nothing_to_check(client, project_id):
    posted, _ = opened(client, project_id, "cluster")
    assert client.post(step_url(project_id, "review") + "/check", data=posted).status_code == 404


def _changes_its_own_questions(step, document) -> bool:
    """Whether some value of one of the step's choice or yes/no answers changes what it asks."""
    baseline = asked_keys(step, load_plan(document))
    questions = step.rows.questions if step.rows else [q for g in step.groups for q in g.questions]
    prefix = f"{step.rows.key}[0]." if step.rows else ""
    if step.rows and not document.get(step.rows.key):
        return False
    for question in questions:
        spec = question.spec
        values = [value for value, _ in spec.options()] + ([True, False] if spec.kind == "bool" else [])
        for value in values + [None, MISSING]:
            changed = copy.deepcopy(document)
            paths.set(changed, prefix + question.key, value)
            try:
                plan = load_plan(changed)
            except PlanFormatError:
                continue
            if asked_keys(step, plan) != baseline:
                return True
    return False


def test_the_steps_whose_answers_change_their_questions_are_declared(example_document):
    """live.posted_form binds a post twice only on these steps, to keep a save quick."""
    windows_2000 = copy.deepcopy(example_document)
    windows_2000["windows"].update(version="2000", edition="advanced", service_pack=4)
    documents = [example_document, exchange2007_scc(), exchange2007_ccr(), windows_2000]
    found = {step.name for step in STEPS if not step.is_review
             and any(_changes_its_own_questions(step, document) for document in documents)}
    assert found == {step.name for step in STEPS if step.answers_change_questions}


@pytest.mark.parametrize("step_name", WIZARD_STEPS)
def test_checking_survives_hostile_posts_and_saves_nothing(app, client, step_name):
    errors = watch_errors(app)
    project_id = import_example(app)
    token = csrf_token(client, step_url(project_id, step_name))
    before = stored(app, project_id)

    @FUZZ
    @given(data=wizard_posts(step_name), htmx=st.booleans())
    def attack(data, htmx):
        data = MultiDict(data)
        data["csrf_token"] = token
        response = client.post(step_url(project_id, step_name) + "/check", data=data, headers=HTMX if htmx else {})
        assert_sane(response, f"check {step_name}", errors)
        assert response.status_code in (200, 400, 413), response.status_code  # 400: a NUL character
        after = stored(app, project_id)
        assert (after.document, after.revision, after.drafts) == (before.document, before.revision, before.drafts)

    attack()
