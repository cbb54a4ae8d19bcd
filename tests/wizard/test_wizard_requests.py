"""Request tests for the wizard: saving each step, drafts, navigation and the step bar."""
from __future__ import annotations

import json
import re

import pytest
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.storage.models import Project
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.memberships import add_member
from tests.conftest import csrf_token, deep, user_client
from tests.helpers import post_step, step_posts

from .plans import exchange2007_scc


@pytest.fixture
def project_id(app, client):
    token = csrf_token(client, "/projects/new")
    response = client.post("/projects/new", data={
        "csrf_token": token, "name": "Contoso mail cluster", "exchange_version": "2003", "windows_version": "2003"})
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalars(db.select(Project.id)).one()


@pytest.fixture
def token(client, project_id):
    return csrf_token(client, f"/projects/{project_id}/steps/basics")


def saved_document(app, project_id) -> dict:
    with app.app_context():
        return db.session.get(Project, project_id).document


def assert_subset(saved, expected, path="plan"):
    if isinstance(saved, dict):
        for key, value in saved.items():
            assert key in expected, f"{path}.{key} was saved but is not in the expected plan"
            assert_subset(value, expected[key], f"{path}.{key}")
    elif isinstance(saved, list):
        assert len(saved) == len(expected), path
        for index, (a, b) in enumerate(zip(saved, expected)):
            assert_subset(a, b, f"{path}[{index}]")
    else:
        assert saved == expected, path


def walk(client, project_id, token, document):
    for step, data in step_posts(document):
        response = post_step(client, project_id, step, data, token)
        assert response.status_code == 302, (step, response.get_data(as_text=True)[:2000])


def test_walking_every_step_reproduces_the_example_and_is_ready(app, client, project_id, token, example_document):
    walk(client, project_id, token, example_document)
    document = saved_document(app, project_id)
    # Everything the pages asked is saved exactly; keys that do not apply to 2003 were not asked.
    assert_subset(document, example_document)
    assert len(document["nodes"]) == 2 and document["setup"] == example_document["setup"]
    review = client.get(f"/projects/{project_id}/steps/review").get_data(as_text=True)
    assert "Rule check: no errors, every question answered" in review
    exported = json.loads(client.get(f"/projects/{project_id}/export").data)
    assert exported["format"] == "exchange-cluster-plan/1"


def test_exchange_2007_scc_plan_reaches_ready_through_the_pages(app, client, project_id, token):
    document = exchange2007_scc()
    walk(client, project_id, token, document)
    review = client.get(f"/projects/{project_id}/steps/review").get_data(as_text=True)
    assert "Rule check: no errors, every question answered" in review
    assert "sa-resources-automatic" in review
    cluster_page = client.get(f"/projects/{project_id}/steps/cluster").get_data(as_text=True)
    assert "<legend>MSDTC</legend>" not in cluster_page  # no MSDTC for Exchange 2007


@pytest.mark.parametrize("step", ["basics", "active-directory", "cluster", "nodes", "storage",
                                  "virtual-servers", "setup", "review"])
def test_every_step_page_renders(client, project_id, step):
    response = client.get(f"/projects/{project_id}/steps/{step}")
    assert response.status_code == 200
    assert 'aria-label="Steps of the plan"' in response.get_data(as_text=True)


def test_unknown_step_and_project_are_404(client, project_id):
    assert client.get(f"/projects/{project_id}/steps/nonsense").status_code == 404
    assert client.get("/projects/9999/steps/basics").status_code == 404


def test_a_rule_breaking_answer_is_saved_and_shown_at_its_field(app, client, project_id, token, example_document):
    walk(client, project_id, token, example_document)
    nodes = dict(step_posts(saved_document(app, project_id)))["nodes"]
    nodes["nodes-1-domain_controller"] = "yes"
    response = post_step(client, project_id, "nodes", nodes, token, goto="")
    assert response.status_code == 302
    assert saved_document(app, project_id)["nodes"][1]["domain_controller"] is True
    html = client.get(f"/projects/{project_id}/steps/nodes").get_data(as_text=True)
    field = html[html.index('data-path="nodes[1].domain_controller"'):]
    field = field[:field.index("</div>", field.index("findings"))]
    assert "nodes-not-domain-controllers" in field and "EXNODE2" in field
    # The rule is filed under Active Directory, but the finding is shown once: on the step whose
    # field it names.
    ad_page = client.get(f"/projects/{project_id}/steps/active-directory").get_data(as_text=True)
    assert "EXNODE2 is planned as a domain controller" not in ad_page


@pytest.mark.parametrize("field, value, message", [
    ("cluster__ip", "ten.zero.zero.fifty", "is not an IPv4 address"),
    ("cluster__public_network", "10.0.0.1/24", "has host bits set"),
    ("cluster__name", "X" * 10_000, "keep it to 255 or fewer"),
    ("cluster__quorum__type", "quantum", "not one of the choices"),
    ("cluster__hardware_certified", "maybe", "Answer yes or no"),
])
def test_garbage_is_refused_at_the_field_and_kept(app, client, project_id, token, field, value, message):
    data = MultiDict({"cluster__name": "EXCLUS1", "cluster__ip": "10.0.0.50", field: value})
    response = post_step(client, project_id, "cluster", data, token)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    # Leaving and coming back shows the same typed text and message (the draft).
    again = client.get(f"/projects/{project_id}/steps/cluster").get_data(as_text=True)
    assert message in again
    if len(value) < 100 and not field.endswith(("type", "certified")):  # a select cannot show a foreign value
        assert value in again
    # Valid answers on the same page were saved all the same.
    assert saved_document(app, project_id)["cluster"]["name" if field != "cluster__name" else "ip"]


def test_negative_count_and_unknown_choice_in_rows(app, client, project_id, token, example_document):
    walk(client, project_id, token, example_document)
    servers = dict(step_posts(saved_document(app, project_id)))["virtual-servers"]
    servers["virtual_servers-0-storage_groups"] = "-3"
    servers.add("virtual_servers-0-components", "exchange-9000")
    response = post_step(client, project_id, "virtual-servers", servers, token)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "-3 is too small here; enter a number from 0 to 100." in html
    assert "is not one of the choices offered here" in html
    assert 'value="-3"' in html


def test_missing_fields_mean_not_answered(app, client, project_id, token):
    response = post_step(client, project_id, "cluster", MultiDict(), token)
    assert response.status_code == 302
    html = client.get(f"/projects/{project_id}/steps/cluster").get_data(as_text=True)
    assert "not answered yet" in html


def test_edition_must_match_windows_version(app, client, project_id, token):
    data = MultiDict({"name": "P", "windows__version": "2003", "windows__edition": "advanced"})
    response = post_step(client, project_id, "basics", data, token)
    assert response.status_code == 422
    assert "is not an edition of Windows 2003" in response.get_data(as_text=True)
    assert "edition" not in saved_document(app, project_id).get("windows", {})


def test_draft_is_cleared_once_the_step_is_corrected(app, client, project_id, token):
    post_step(client, project_id, "cluster", MultiDict({"cluster__ip": "bad"}), token)
    with app.app_context():
        assert "cluster" in db.session.get(Project, project_id).drafts
    post_step(client, project_id, "cluster", MultiDict({"cluster__ip": "10.0.0.50"}), token)
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert "cluster" not in project.drafts
        assert project.document["cluster"]["ip"] == "10.0.0.50"


def test_a_value_that_cannot_be_read_leaves_the_saved_answer_as_it_was(app, client, project_id, token):
    """"Could not be saved as typed" means what it says: the plan keeps the saved answer (what
    was typed waits in the draft), and History shows no change to it."""
    post_step(client, project_id, "cluster", MultiDict({"cluster__ip": "10.0.0.50"}), token)
    response = post_step(client, project_id, "cluster", MultiDict({"cluster__ip": "10.0.0.500"}), token)
    assert response.status_code == 422
    assert 'value="10.0.0.500"' in response.get_data(as_text=True)
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert project.document["cluster"]["ip"] == "10.0.0.50"
        assert "cluster" in project.drafts


@pytest.mark.parametrize("goto, target", [("next", "active-directory"), ("back", "basics"),
                                          ("setup", "setup"), ("", "basics")])
def test_navigation_saves_then_moves(app, client, project_id, token, goto, target):
    response = post_step(client, project_id, "basics", MultiDict({"name": "Renamed plan"}), token, goto=goto)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/steps/{target}")
    assert saved_document(app, project_id)["name"] == "Renamed plan"


def test_opening_a_project_resumes_at_the_step_an_editor_saved_last(app, client, project_id, token):
    post_step(client, project_id, "cluster", MultiDict({"cluster__name": "EXCLUS1"}), token, goto="")
    assert client.get(f"/projects/{project_id}").headers["Location"].endswith("/steps/cluster")


def test_reading_a_step_does_not_move_where_the_plan_resumes(app, client, project_id, token):
    """The resume point is the plan's, shared by everyone: a reader looking around must not move it."""
    post_step(client, project_id, "cluster", MultiDict({"cluster__name": "EXCLUS1"}), token, goto="")
    reader = user_client(app, "rita")
    with app.app_context():
        add_member(db.session.get(Project, project_id), find_user("rita"), "viewer")
        db.session.commit()
    for step in ("virtual-servers", "review", "setup"):
        assert reader.get(f"/projects/{project_id}/steps/{step}").status_code == 200
        assert client.get(f"/projects/{project_id}/steps/{step}").status_code == 200  # the owner only looks too
    with app.app_context():
        assert db.session.get(Project, project_id).current_step == "cluster"
    assert reader.get(f"/projects/{project_id}").headers["Location"].endswith("/steps/cluster")


def test_rows_are_added_and_removed_on_the_page_and_saved_with_it(app, client, project_id, token, example_document):
    walk(client, project_id, token, example_document)
    revisions = saved_revision(app, project_id)
    nodes = saved_nodes_post(app, project_id)
    nodes["action"] = "add"
    added = post_step(client, project_id, "nodes", nodes, token, goto="")
    assert added.status_code == 200 and 'id="nodes-row-2"' in added.get_data(as_text=True)
    nodes["action"] = "remove-0"
    removed = post_step(client, project_id, "nodes", nodes, token, goto="")
    assert 'id="nodes-row-1"' not in removed.get_data(as_text=True)
    assert saved_revision(app, project_id) == revisions  # neither click saved anything
    del nodes["action"]
    assert post_step(client, project_id, "nodes", renumbered(nodes), token, goto="").status_code == 302
    assert [n.get("name") for n in saved_document(app, project_id)["nodes"]] == ["EXNODE2"]
    assert saved_revision(app, project_id) == revisions + 1


def saved_revision(app, project_id) -> int:
    with app.app_context():
        return db.session.get(Project, project_id).revision


def renumbered(post: MultiDict) -> MultiDict:
    """A nodes post without row 0, its rows numbered from 0 as the page shows them."""
    out = MultiDict()
    for key, value in post.items(multi=True):
        match = re.fullmatch(r"nodes-(\d+)-(.*)", key)
        if match and match.group(1) == "0":
            continue
        out.add(f"nodes-{int(match.group(1)) - 1}-{match.group(2)}" if match else key, value)
    return out


def step_states(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="step-link" href="[^"]*" data-goto="([a-z-]+)"[^>]*>\s*'
                           r'<span class="step-number">\d+</span>\s*<span class="step-title">[^<]*</span>\s*'
                           r'<span class="step-state">([^<]*)</span>', html))


def test_step_bar_shows_each_state(app, client, project_id, token, example_document):
    states = step_states(client.get(f"/projects/{project_id}/steps/basics").get_data(as_text=True))
    assert states["basics"] == "Incomplete"
    assert states["cluster"] == "Not started"
    walk(client, project_id, token, example_document)
    states = step_states(client.get(f"/projects/{project_id}/steps/basics").get_data(as_text=True))
    assert states.pop("review") == "Rule check passed"
    assert set(states.values()) == {"Complete"}
    document = deep(example_document)
    document["cluster"]["hardware_certified"] = False
    document["nodes"][0]["domain_controller"] = True
    with app.app_context():
        service.save_document(db.session.get(Project, project_id), document, "cluster")
        db.session.commit()
    states = step_states(client.get(f"/projects/{project_id}/steps/basics").get_data(as_text=True))
    # Each finding counts on the step that asks its field: the hardware answer is on Cluster
    # service, the domain controller answer on Nodes (though their rules are filed elsewhere).
    assert states["cluster"] == "Warnings"
    assert states["nodes"] == "Errors"
    assert states["basics"] == "Complete" and states["active-directory"] == "Complete"


def test_storage_step_is_left_out_for_ccr(app, client, project_id, token):
    from .plans import exchange2007_ccr
    walk(client, project_id, token, exchange2007_ccr())
    html = client.get(f"/projects/{project_id}/steps/basics").get_data(as_text=True)
    assert 'value="storage"' not in html
    assert "Rule check: no errors, every question answered" in client.get(f"/projects/{project_id}/steps/review").get_data(as_text=True)


def test_quorum_choices_follow_the_windows_version(app, client, project_id, token):
    html = client.get(f"/projects/{project_id}/steps/cluster").get_data(as_text=True)
    assert "Majority Node Set" in html and "Node and File Share Majority" not in html


def test_post_without_csrf_token_is_refused(app, client, project_id):
    response = client.post(f"/projects/{project_id}/steps/basics", data={"name": "Sneaky"})
    assert response.status_code == 400
    assert saved_document(app, project_id)["name"] == "Contoso mail cluster"


def test_every_save_makes_a_revision(app, client, project_id, token):
    post_step(client, project_id, "basics", MultiDict({"name": "One"}), token)
    post_step(client, project_id, "basics", MultiDict({"name": "One"}), token)  # no change, no revision
    post_step(client, project_id, "basics", MultiDict({"name": "Two"}), token)
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert [r.number for r in project.revisions] == [1, 2, 3]


@pytest.mark.parametrize("goto, target", [("@checklist", "/checklist"), ("@history", "/history"),
                                          ("@members", "/members"), ("@projects", "/projects")])
def test_leaving_for_another_project_page_saves_first(app, client, project_id, token, goto, target):
    response = post_step(client, project_id, "basics", MultiDict({"name": "Typed then left"}), token, goto=goto)
    assert response.status_code == 302 and response.headers["Location"].endswith(target)
    assert saved_document(app, project_id)["name"] == "Typed then left"


def test_renaming_a_node_carries_to_preferred_owners_and_setup_order(app, client, project_id, token,
                                                                     example_document):
    walk(client, project_id, token, example_document)
    nodes = saved_nodes_post(app, project_id)
    nodes["nodes-1-name"] = "EXNODE9"
    assert post_step(client, project_id, "nodes", nodes, token, goto="").status_code == 302
    document = saved_document(app, project_id)
    assert document["virtual_servers"][0]["preferred_owners"] == ["EXNODE1", "EXNODE9"]
    assert document["setup"]["node_order"] == ["EXNODE1", "EXNODE9"]


def test_renaming_a_virtual_server_carries_to_its_storage_groups(app, client, project_id, token, example_document):
    walk(client, project_id, token, example_document)
    old_name = saved_document(app, project_id)["virtual_servers"][0]["name"]
    assert any(group["server"] == old_name for group in saved_document(app, project_id)["storage_groups"])
    servers = saved_rows_post(app, project_id, "virtual-servers", "virtual_servers")
    servers["virtual_servers-0-name"] = "FABVS1"
    assert post_step(client, project_id, "virtual-servers", servers, token, goto="").status_code == 302
    groups = saved_document(app, project_id)["storage_groups"]
    assert {group["server"] for group in groups} >= {"FABVS1"} and old_name not in {g["server"] for g in groups}


def saved_rows_post(app, project_id, step: str = "nodes", key: str = "nodes") -> MultiDict:
    """A step of rows as its page would post the saved plan, each row naming the row it edits."""
    document = saved_document(app, project_id)
    rows = dict(step_posts(document))[step]
    for index in range(len(document[key])):
        rows[f"{key}-{index}-origin"] = str(index)
    return rows


def saved_nodes_post(app, project_id) -> MultiDict:
    return saved_rows_post(app, project_id)


def basics_after_setting_node_2_to_exchange_2000(app, client, project_id, token, example_document) -> MultiDict:
    """Walks the example, sets node 2 apart on Exchange 2000, and returns the Basics post as saved."""
    walk(client, project_id, token, example_document)
    nodes = saved_nodes_post(app, project_id)
    nodes["nodes-1-exchange_version"] = "2000"
    assert post_step(client, project_id, "nodes", nodes, token, goto="").status_code == 302
    return dict(step_posts(saved_document(app, project_id)))["basics"]


def answer(post: MultiDict, **fields: str) -> None:
    """Replace answers in a step's post (MultiDict.update would add them beside the old ones)."""
    for name, value in fields.items():
        post[name] = value


def test_nodes_follow_a_change_of_the_plans_exchange_version(app, client, project_id, token, example_document):
    basics = basics_after_setting_node_2_to_exchange_2000(app, client, project_id, token, example_document)
    answer(basics, exchange__version="2000", exchange__service_pack="3", windows__version="2000",
           windows__edition="advanced", windows__service_pack="4")
    response = post_step(client, project_id, "basics", basics, token, goto="")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    versions = [node["exchange_version"] for node in saved_document(app, project_id)["nodes"]]
    assert versions == ["2000", "2000"]  # node 1 followed; node 2 already said 2000
    answer(basics, exchange__version="2003", exchange__service_pack="2", windows__version="2003",
           windows__edition="enterprise", windows__service_pack="2")
    assert post_step(client, project_id, "basics", basics, token, goto="").status_code == 302
    assert [node["exchange_version"] for node in saved_document(app, project_id)["nodes"]] == ["2003", "2003"]


def test_a_node_set_to_another_version_keeps_it(app, client, project_id, token, example_document):
    basics = basics_after_setting_node_2_to_exchange_2000(app, client, project_id, token, example_document)
    answer(basics, exchange__version="2007", exchange__cluster_type="scc", exchange__service_pack="1",
           windows__architecture="x64")
    response = post_step(client, project_id, "basics", basics, token, goto="")
    assert response.status_code in (302, 422), response.status_code
    versions = [node["exchange_version"] for node in saved_document(app, project_id)["nodes"]]
    assert versions[0] == "2007" and versions[1] == "2000"


def test_saving_the_virtual_servers_keeps_the_order_of_the_preferred_owners(app, client, project_id, token,
                                                                          example_document):
    """Checkboxes cannot show an order: the saved order stays, newly ticked owners come last."""
    document = deep(example_document)
    document["virtual_servers"][0]["preferred_owners"] = ["EXNODE2", "EXNODE1"]
    walk(client, project_id, token, document)
    with app.app_context():
        project = db.session.get(Project, project_id)
        saved = project.document
        saved["virtual_servers"][0]["preferred_owners"] = ["EXNODE2", "EXNODE1"]
        service.save_document(project, saved, "virtual-servers")
        db.session.commit()
    field = "virtual_servers-0-preferred_owners"
    servers = saved_rows_post(app, project_id, "virtual-servers", "virtual_servers")
    servers.setlist(field, ["EXNODE1", "EXNODE2"])  # a browser sends the ticked boxes in the page's order
    assert post_step(client, project_id, "virtual-servers", servers, token, goto="").status_code == 302
    assert saved_document(app, project_id)["virtual_servers"][0]["preferred_owners"] == ["EXNODE2", "EXNODE1"]

    servers.setlist(field, ["EXNODE1"])  # untick EXNODE2
    assert post_step(client, project_id, "virtual-servers", servers, token, goto="").status_code == 302
    assert saved_document(app, project_id)["virtual_servers"][0]["preferred_owners"] == ["EXNODE1"]

    servers.setlist(field, ["EXNODE1", "EXNODE2"])  # tick it again: it comes after the one kept
    assert post_step(client, project_id, "virtual-servers", servers, token, goto="").status_code == 302
    assert saved_document(app, project_id)["virtual_servers"][0]["preferred_owners"] == ["EXNODE1", "EXNODE2"]
