"""The plan's limits where people meet them: import, `plan check`, the wizard's rows and fields,
and a plan stored before the limits existed."""
from __future__ import annotations

import copy
import io
import json
import re

import pytest
from werkzeug.datastructures import MultiDict

from app.domain.plan import model
from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.models import Project
from tests.conftest import csrf_token
from tests.helpers import post_step, step_posts
from tests.largest_plan import largest_document


def import_document(client, document: dict):
    token = csrf_token(client, "/projects")
    return client.post("/projects/import", data={
        "csrf_token": token, "plan_file": (io.BytesIO(json.dumps(document).encode()), "plan.json")},
        content_type="multipart/form-data")


def stored_ids(app) -> list[int]:
    with app.app_context():
        return db.session.scalars(db.select(Project.id)).all()


def test_an_import_with_3000_nodes_is_refused_naming_the_path_and_the_limit(app, client):
    document = largest_document(long_texts=False)
    document["nodes"] = [copy.deepcopy(document["nodes"][0]) for _ in range(3000)]
    response = import_document(client, document)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "nodes: holds 3,000 entries; a plan may hold at most 16" in page
    assert stored_ids(app) == []


def test_the_largest_plan_imports(app, client):
    response = import_document(client, largest_document())
    assert response.status_code == 302


def test_plan_check_refuses_too_many_nodes_in_one_line(app, tmp_path):
    document = largest_document(long_texts=False)
    document["nodes"].append(copy.deepcopy(document["nodes"][0]))
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document))
    result = app.test_cli_runner().invoke(args=["plan", "check", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "nodes: holds 17 entries; a plan may hold at most 16" in lines[0]


@pytest.fixture
def full_project(app, client) -> int:
    assert import_document(client, largest_document(long_texts=False)).status_code == 302
    return stored_ids(app)[0]


def test_adding_a_row_beyond_the_limit_is_refused_with_a_clear_message(app, client, full_project):
    with app.app_context():
        document = db.session.get(Project, full_project).document
    nodes = dict(step_posts(document))["nodes"]
    nodes["action"] = "add"
    token = csrf_token(client, f"/projects/{full_project}/steps/nodes")
    for live in (False, True):  # the whole page without JavaScript; the form part for htmx
        response = client.post(f"/projects/{full_project}/steps/nodes/check", data={**nodes, "csrf_token": token},
                               headers={"HX-Request": "true"} if live else {})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "A plan holds at most 16 nodes" in page and "no node was added" in page
        assert page.count('name="nodes-16-name"') == 0  # no 17th row is offered
    with app.app_context():
        assert len(db.session.get(Project, full_project).document["nodes"]) == model.MAX_NODES


def test_rows_posted_beyond_the_limit_are_not_read_and_nothing_is_lost(app, client, full_project):
    with app.app_context():
        document = db.session.get(Project, full_project).document
    posted = dict(step_posts(document))["storage"]
    for extra in range(200):  # a crafted post: far more rows than any page offers
        posted[f"disks-{100 + extra}-letter"] = "Z:"
    token = csrf_token(client, f"/projects/{full_project}/steps/storage")
    response = post_step(client, full_project, "storage", posted, token, goto="")
    assert response.status_code in (302, 422)
    with app.app_context():
        saved = db.session.get(Project, full_project).document["disks"]
    assert [disk["letter"] for disk in saved] == [disk["letter"] for disk in document["disks"]]


def test_the_wizards_text_fields_stop_where_the_format_does(app, client, full_project):
    page = client.get(f"/projects/{full_project}/steps/cluster").get_data(as_text=True)
    assert re.search(r'<input [^>]*id="cluster__name"[^>]*maxlength="255"', page)
    basics = client.get(f"/projects/{full_project}/steps/basics").get_data(as_text=True)
    assert re.search(rf'<input [^>]*id="name"[^>]*maxlength="{model.MAX_PLAN_NAME}"', basics)
    new = client.get("/projects/new").get_data(as_text=True)
    assert re.search(rf'<textarea [^>]*maxlength="{model.MAX_DESCRIPTION}"', new)


def test_more_dns_servers_than_allowed_are_refused_at_the_field(app, client, full_project):
    token = csrf_token(client, f"/projects/{full_project}/steps/active-directory")
    with app.app_context():
        document = db.session.get(Project, full_project).document
    posted = dict(step_posts(document))["active-directory"]
    posted["active_directory__dns_servers"] = ", ".join(f"10.0.5.{n}" for n in range(1, 11))
    response = post_step(client, full_project, "active-directory", posted, token, goto="")
    assert response.status_code == 422
    assert "List at most 8 addresses here; this holds 10." in response.get_data(as_text=True)


def test_a_plan_stored_before_the_limits_is_listed_and_explained_not_a_server_error(app, client):
    with app.app_context():
        project = service.create_project("Old giant", owner=find_user("alice"))
        document = largest_document(long_texts=False)
        document["nodes"] = [copy.deepcopy(document["nodes"][0]) for _ in range(40)]
        project.plan_json = json.dumps(document)  # as an earlier version could have stored it
        db.session.commit()
        project_id = project.id
    listing = client.get("/projects")
    assert listing.status_code == 200 and "This plan cannot be opened" in listing.get_data(as_text=True)
    page = client.get(f"/projects/{project_id}/steps/nodes")
    assert page.status_code == 409 and "holds 40 entries" in page.get_data(as_text=True)
    assert client.get(f"/projects/{project_id}/delete").status_code == 200


def test_the_setup_page_offers_each_node_once_not_once_per_place(app, client, full_project):
    """A choice list per place in the setup order repeated every node in every place: a page that
    grew with the square of the nodes (2,500 nodes made 238 MB)."""
    page = client.get(f"/projects/{full_project}/steps/setup").get_data(as_text=True)
    assert page.count('<option value="EXNODE7"') == 1
    assert page.count('name="setup__node_order-') == model.MAX_NODES


def test_the_setup_order_accepts_a_name_typed_in_any_case(app, client, full_project):
    with app.app_context():
        document = db.session.get(Project, full_project).document
    posted = dict(step_posts(document))["setup"]
    order = [posted.getlist(f"setup__node_order-{n}")[0] for n in range(model.MAX_NODES)]
    order[0], order[1] = order[1].lower(), order[0]
    for number, name in enumerate(order):
        posted[f"setup__node_order-{number}"] = name
    token = csrf_token(client, f"/projects/{full_project}/steps/setup")
    assert post_step(client, full_project, "setup", posted, token, goto="").status_code == 302
    with app.app_context():
        saved = db.session.get(Project, full_project).document["setup"]["node_order"]
    assert saved[:2] == ["EXNODE2", "EXNODE1"]
