"""The Failover page through HTTP: who may read it, the scenario chosen with a GET form, bad
input, plans that are not ready, and where it is linked from (Review, navigation, print view)."""
from __future__ import annotations

import json
import re

import pytest

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.memberships import add_member
from app.storage.models import Project
from tests.checklist.plans import four_node_2003_on_windows2000
from tests.conftest import csrf_token, make_user, user_client
from tests.domain.plans import DELETE, add_virtual_servers, build
from tests.helpers import post_step, step_posts


def stored(app, document: dict, owner: str = "alice") -> int:
    with app.app_context():
        return service.import_project(json.dumps(document).encode(), owner=find_user(owner)).id


@pytest.fixture
def four_node(app, client):
    return stored(app, four_node_2003_on_windows2000())


def page(client, project_id: int, query: str = ""):
    return client.get(f"/projects/{project_id}/failover{query}")


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]))


def ticked(response) -> list[str]:
    return re.findall(r'name="fail" value="([^"]+)" checked', response.get_data(as_text=True))


# ---------------------------------------------------------------- the page

def test_the_page_gives_the_verdicts_and_every_single_and_double_failure(client, four_node):
    response = page(client, four_node)
    assert response.status_code == 200
    text = text_of(response)
    assert "Survives any single node failure: yes" in text and "Always survives: any 1 failed node" in text
    assert "Each node runs one virtual server at a time" in text and "KB 329208" in text
    rows = re.findall(r'<tr class="result-(ok|lost)[^"]*">\s*<th scope="row">(.*?)</th>',
                      response.get_data(as_text=True), re.S)
    titles = [re.sub(r"<[^>]+>|\s+", " ", title).strip() for _, title in rows]
    assert titles[:5] == ["None (every node up)", "EXNODE3 fails", "EXNODE1 fails", "EXNODE4 fails", "EXNODE2 fails"]
    assert len(titles) == 1 + 4 + 6
    assert [result for result, _ in rows] == ["ok"] * 5 + ["lost"] * 6


def test_until_one_is_chosen_the_first_failure_that_moves_a_server_is_drawn(client, four_node):
    response = page(client, four_node)
    text = text_of(response)
    assert "Scenario: EXNODE3 fails" in text  # the first node in setup order runs EXVS3
    assert "Shown until you choose" in text
    assert ticked(response) == ["EXNODE3"]
    assert "What if these nodes fail: EXNODE3" in text  # the diagram draws the scenario


def test_a_chosen_pair_is_drawn_with_each_move_and_the_load_per_node(client, four_node):
    response = page(client, four_node, "?scenario=custom&fail=EXNODE1&fail=exnode2")
    assert response.status_code == 200
    html, text = response.get_data(as_text=True), text_of(response)
    assert "Scenario: EXNODE1 and EXNODE2 fail" in text and "EXVS2 offline." in text
    assert ticked(response) == ["EXNODE1", "EXNODE2"]
    assert "EXNODE3 already runs a server, so it goes on to EXNODE4." in text
    assert "Every surviving node it may run on already runs a server (EXNODE3 runs EXVS3; EXNODE4 runs EXVS1)" in text
    assert "Moved from EXNODE1" in text and "OFFLINE: no node left to run these" in text
    arrows = re.findall(r'<path [^>]*stroke-dasharray="7 4" marker-end', html)
    assert len(arrows) == 1  # EXVS1, from EXNODE1 to EXNODE4
    assert 'aria-current="true">EXNODE1 and EXNODE2 fail</a>' in html
    assert "2 of 4" in text  # EXNODE4 carries EXVS1's two storage groups


def test_nodes_may_come_comma_separated(client, four_node):
    assert ticked(page(client, four_node, "?fail=EXNODE4,EXNODE2")) == ["EXNODE4", "EXNODE2"]


def test_every_node_failed_leaves_nothing_online(client, four_node):
    query = "?" + "&".join(f"fail=EXNODE{n}" for n in range(1, 5))
    assert "Nothing online: every node is down" in text_of(page(client, four_node, query))


def test_the_form_is_a_get_form_without_script(client, four_node):
    html = page(client, four_node).get_data(as_text=True)
    form = re.search(r'<form method="get" action="/projects/\d+/failover#shown"', html)
    assert form and "<script" not in html


@pytest.mark.parametrize("query, message", [
    ("?fail=EXNODE9", "EXNODE9 is not a node of this plan"),
    ("?fail=EXNODE1&fail=nope&fail=other", "nope and other are not a node of this plan"),
    ("?scenario=custom", "Tick one node or more"),
    ("?fail=%3Cscript%3Ealert(1)%3C/script%3E", "&lt;script&gt;alert(1)&lt;/script&gt; is not a node"),
    ("?fail=" + "X" * 5000, "XXXXXXXX…"),
])
def test_bad_input_is_said_next_to_the_form_and_is_never_a_500(client, four_node, query, message):
    response = page(client, four_node, query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'id="fail-error" role="alert"' in html
    assert "<script>alert" not in html
    assert "Survives any single node failure: yes" in text_of(response)  # the rest of the page still answers


def test_what_was_ticked_is_kept_when_another_name_is_wrong(client, four_node):
    assert ticked(page(client, four_node, "?fail=EXNODE1&fail=EXNODE9")) == ["EXNODE1"]


def test_many_names_do_not_hurt(client, four_node):
    query = "?" + "&".join(f"fail=N{n}" for n in range(500))
    assert page(client, four_node, query).status_code == 422


# ---------------------------------------------------------------- plans that are not ready

def test_a_new_empty_plan_says_there_is_nothing_to_fail(app, client):
    token = csrf_token(client, "/projects/new")
    client.post("/projects/new", data={"csrf_token": token, "name": "Empty", "exchange_version": "2003",
                                       "windows_version": "2003"})
    with app.app_context():
        project_id = db.session.scalars(db.select(Project.id)).one()
    response = page(client, project_id, "?fail=EXNODE1")
    assert response.status_code == 422
    text = text_of(response)
    assert "Survives any single node failure: cannot tell" in text and "No nodes are planned yet" in text
    assert page(client, project_id).status_code == 200


@pytest.mark.parametrize("changes", [
    {"nodes[1].name": DELETE, "virtual_servers[0].preferred_owners": DELETE},
    {"cluster.quorum": {"type": "majority-node-set", "file_share_witness": None}, "exchange.version": DELETE},
    {"virtual_servers[0].possible_owners": ["EXNODE9"], "virtual_servers[0].storage_groups": DELETE},
    {"virtual_servers": []},
])
def test_unanswered_nodes_owners_and_versions_still_give_a_page(app, client, changes):
    project_id = stored(app, build("ex2003-win2003", changes))
    for query in ("", "?fail=EXNODE1", "?fail=node%202"):
        assert page(client, project_id, query).status_code in (200, 422)


def test_active_active_load_against_the_guidance(app, client):
    project_id = stored(app, build("ex2003-win2003", add_virtual_servers(1), {
        "virtual_servers[0].concurrent_users": 1800, "virtual_servers[1].concurrent_users": 2200,
        "virtual_servers[0].mailboxes": 2500, "virtual_servers[1].mailboxes": 3000}))
    text = text_of(page(client, project_id, "?fail=EXNODE1"))
    assert "4,000: over the guidance of 3,800" in text and "5,500" in text
    assert "1,900 concurrent users and about 40% CPU per node" in text and "TechNet aa996872" in text
    assert "Findings about failover" in text and "Rule failover-active-active-users" in text


# ---------------------------------------------------------------- who may read it

def test_a_viewer_may_read_it_and_an_outsider_may_not(app, client, four_node):
    for name in ("vera", "olga"):
        make_user(app, name)
    with app.app_context():
        add_member(db.session.get(Project, four_node), find_user("vera"), "viewer")
        db.session.commit()
    assert page(user_client(app, "vera"), four_node, "?fail=EXNODE1").status_code == 200
    assert page(user_client(app, "olga"), four_node).status_code == 404


def test_signing_in_is_needed(app, four_node):
    response = app.test_client().get(f"/projects/{four_node}/failover")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# ---------------------------------------------------------------- where it is linked from

def test_review_navigation_and_print_view_lead_to_it(client, four_node):
    review = client.get(f"/projects/{four_node}/steps/review").get_data(as_text=True)
    assert f'href="/projects/{four_node}/failover">Failover what-if</a>' in review
    assert f'<a href="/projects/{four_node}/failover">Failover</a>' in review  # the project navigation
    printout = client.get(f"/projects/{four_node}/checklist/print").get_data(as_text=True)
    assert 'class="failover-table"' in printout
    text = re.sub(r"<[^>]+>|\s+", " ", printout)
    assert "Survives any single node failure: yes" in text and "EXNODE1 and EXNODE2 fail" in text


def test_leaving_a_step_for_the_failover_page_saves_it_on_the_way(app, client, four_node):
    token = csrf_token(client, f"/projects/{four_node}/steps/setup")
    data = dict(step_posts(four_node_2003_on_windows2000()))["setup"]
    response = post_step(client, four_node, "setup", data, token, goto="@failover")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/projects/{four_node}/failover")


# ---------------------------------------------------------------- the new answers in the wizard

def _servers_post(app, project_id):
    with app.app_context():
        document = db.session.get(Project, project_id).document
    return dict(step_posts(document))["virtual-servers"]


def _saved_server(app, project_id) -> dict:
    with app.app_context():
        return db.session.get(Project, project_id).document["virtual_servers"][0]


def test_the_virtual_servers_step_saves_possible_owners_mailboxes_and_users(app, client, four_node):
    token = csrf_token(client, f"/projects/{four_node}/steps/virtual-servers")
    data = _servers_post(app, four_node)
    data.setlist("virtual_servers-0-possible_owners", ["EXNODE1", "EXNODE4"])
    data["virtual_servers-0-mailboxes"] = "2500"
    data["virtual_servers-0-concurrent_users"] = "1700"
    assert post_step(client, four_node, "virtual-servers", data, token, goto="").status_code == 302
    server = _saved_server(app, four_node)
    assert server["possible_owners"] == ["EXNODE1", "EXNODE4"]
    assert (server["mailboxes"], server["concurrent_users"]) == (2500, 1700)
    html = client.get(f"/projects/{four_node}/steps/virtual-servers").get_data(as_text=True)
    assert re.search(r'checked id="virtual_servers-0-possible_owners-\d" name="virtual_servers-0-possible_owners" '
                     r'type="checkbox" value="EXNODE4"', html)


@pytest.mark.parametrize("ticks", [[], ["EXNODE3", "EXNODE1", "EXNODE4", "EXNODE2"]])
def test_no_tick_or_every_tick_leaves_every_node_a_possible_owner(app, client, four_node, ticks):
    token = csrf_token(client, f"/projects/{four_node}/steps/virtual-servers")
    data = _servers_post(app, four_node)
    data.setlist("virtual_servers-0-possible_owners", ticks)
    assert post_step(client, four_node, "virtual-servers", data, token, goto="").status_code == 302
    assert "possible_owners" not in _saved_server(app, four_node)


def test_a_bad_count_is_kept_with_its_message(app, client, four_node):
    token = csrf_token(client, f"/projects/{four_node}/steps/virtual-servers")
    data = _servers_post(app, four_node)
    data["virtual_servers-0-concurrent_users"] = "lots"
    data["virtual_servers-0-mailboxes"] = "-5"
    response = post_step(client, four_node, "virtual-servers", data, token, goto="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "is not a whole number; enter a number from 0 to 100000" in html and "-5 is too small here" in html
    assert 'value="lots"' in html


def test_the_sources_read_as_text_with_their_knowledge_base_links(client, four_node):
    html = page(client, four_node).get_data(as_text=True)
    sources = html[html.index('id="sources-title"'):]
    assert "Source(" not in sources and "urls=" not in sources
    assert '<a href="https://support.microsoft.com/kb/329208"' in sources
