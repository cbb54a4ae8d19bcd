"""Two people (or two tabs) editing the same step: a save keeps only what this person changed, and
a conflict is shown only when both changed the same answer differently."""
from __future__ import annotations

import copy
import re

import pytest

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.models import Project
from tests.conftest import EXAMPLE_PLAN, csrf_token
from tests.helpers import step_posts


@pytest.fixture
def project_id(app, client) -> int:
    with app.app_context():
        return service.import_project(EXAMPLE_PLAN.read_bytes(), owner=find_user("alice")).id


def document(app, project_id) -> dict:
    with app.app_context():
        return db.session.get(Project, project_id).document


def revision(app, project_id) -> int:
    with app.app_context():
        return db.session.get(Project, project_id).revision


def page_form(app, project_id, step):
    """What the step's page posts when nothing is changed (each row naming the row it shows, as the
    page's hidden "origin" fields do), and the revision it was built from."""
    data = copy.deepcopy(dict(step_posts(document(app, project_id)))[step])
    for key in [k for k in data if k.endswith("-origin")]:
        data[key] = key.split("-")[1]
    return data, str(revision(app, project_id))


def save(client, project_id, step, data, base_revision):
    data = copy.deepcopy(data)
    data["csrf_token"] = csrf_token(client, f"/projects/{project_id}/steps/{step}")
    data["base_revision"] = base_revision
    data["goto"] = ""
    return client.post(f"/projects/{project_id}/steps/{step}", data=data)


def two_tabs(app, client, project_id, step: str, theirs: dict, mine: dict):
    """Both tabs open the step; the second saves `theirs`, then the first saves `mine`. Returns the
    first tab's form as posted and the answer to its save."""
    first_tab, base = page_form(app, project_id, step)
    second_tab = copy.deepcopy(first_tab)
    for name, value in theirs.items():
        second_tab[name] = value  # (a MultiDict's update would add a second value)
    assert save(client, project_id, step, second_tab, base).status_code == 302
    for name, value in mine.items():
        first_tab[name] = value
    return first_tab, save(client, project_id, step, first_tab, base)


def test_a_save_from_an_older_page_keeps_the_other_persons_change_to_another_field(app, client, project_id):
    _, response = two_tabs(app, client, project_id, "cluster", {"cluster__ip": "10.0.0.51"},
                           {"cluster__name": "EXCLUS2"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    saved = document(app, project_id)["cluster"]
    assert (saved["name"], saved["ip"]) == ("EXCLUS2", "10.0.0.51")


def test_the_same_change_made_twice_is_no_conflict(app, client, project_id):
    _, response = two_tabs(app, client, project_id, "cluster", {"cluster__name": "EXCLUS3"},
                           {"cluster__name": "EXCLUS3"})
    assert response.status_code == 302
    assert document(app, project_id)["cluster"]["name"] == "EXCLUS3"


def test_both_changing_one_answer_differently_is_a_conflict_on_that_answer_only(app, client, project_id):
    first_tab, response = two_tabs(app, client, project_id, "cluster",
                                   {"cluster__name": "EXCLUSB", "cluster__ip": "10.0.0.52"},
                                   {"cluster__name": "EXCLUSA"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    conflict = re.search(r'<section class="conflict".*?</section>', page, re.S).group(0)
    assert "Cluster name" in conflict and "EXCLUSA" in conflict and "EXCLUSB" in conflict
    assert "Cluster IP address" not in conflict  # only the second person changed it
    assert document(app, project_id)["cluster"]["name"] == "EXCLUSB"  # nothing saved
    # The form holds this person's answer where both changed it, and the other's everywhere else ...
    assert re.search(r'id="cluster__name"[^>]*value="EXCLUSA"', page)
    assert re.search(r'id="cluster__ip"[^>]*value="10.0.0.52"', page)
    newer = re.search(r'name="base_revision" type="hidden" value="(\d+)"', page).group(1)
    assert newer == str(revision(app, project_id))
    # ... so saving it again keeps "yours" without reverting what the other person changed.
    again = dict(first_tab)
    again["cluster__ip"] = "10.0.0.52"
    assert save(client, project_id, "cluster", again, newer).status_code == 302
    saved = document(app, project_id)["cluster"]
    assert (saved["name"], saved["ip"]) == ("EXCLUSA", "10.0.0.52")


def test_rows_merge_field_by_field(app, client, project_id):
    _, response = two_tabs(app, client, project_id, "nodes", {"nodes-1-public_ip": "10.0.0.22"},
                           {"nodes-0-hardware_model": "ProLiant DL580 G5"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    nodes = document(app, project_id)["nodes"]
    assert nodes[0]["hardware_model"] == "ProLiant DL580 G5" and nodes[1]["public_ip"] == "10.0.0.22"


def test_a_node_added_meanwhile_is_kept_and_my_change_to_another_node_applies(app, client, project_id):
    first_tab, base = page_form(app, project_id, "nodes")
    grown = copy.deepcopy(document(app, project_id))
    third = copy.deepcopy(grown["nodes"][0])
    third.update(name="EXNODE3", public_ip="10.0.0.13", private_ip="192.168.10.13")
    grown["nodes"].append(third)
    second_tab = dict(step_posts(grown))["nodes"]
    for index in (0, 1):  # the third row is new: no origin
        second_tab[f"nodes-{index}-origin"] = str(index)
    assert save(client, project_id, "nodes", second_tab, base).status_code == 302
    first_tab["nodes-1-hardware_model"] = "ProLiant DL580 G5"
    response = save(client, project_id, "nodes", first_tab, base)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    nodes = document(app, project_id)["nodes"]
    assert [node["name"] for node in nodes] == ["EXNODE1", "EXNODE2", "EXNODE3"]
    assert nodes[1]["hardware_model"] == "ProLiant DL580 G5"


def test_changing_a_node_someone_removed_meanwhile_is_a_conflict(app, client, project_id):
    grown = copy.deepcopy(document(app, project_id))
    third = copy.deepcopy(grown["nodes"][0])
    third.update(name="EXNODE3", public_ip="10.0.0.13", private_ip="192.168.10.13")
    grown["nodes"].append(third)
    with app.app_context():
        project = db.session.get(Project, project_id)
        service.save_document(project, grown, "nodes")
        db.session.commit()
    first_tab, base = page_form(app, project_id, "nodes")
    second_tab = copy.deepcopy(first_tab)
    for key in [k for k in second_tab if k.startswith("nodes-2-")]:
        del second_tab[key]
    assert save(client, project_id, "nodes", second_tab, base).status_code == 302
    first_tab["nodes-2-hardware_model"] = "ProLiant DL580 G5"
    response = save(client, project_id, "nodes", first_tab, base)
    assert response.status_code == 409
    assert "EXNODE3" in re.search(r'<section class="conflict".*?</section>', response.get_data(as_text=True),
                                  re.S).group(0)
    assert [node["name"] for node in document(app, project_id)["nodes"]] == ["EXNODE1", "EXNODE2"]
