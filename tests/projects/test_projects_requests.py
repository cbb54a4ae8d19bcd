"""Request tests for the project list and project-level actions."""
from __future__ import annotations

import io
import json

import pytest

from app.extensions import db
from app.storage.models import Project
from tests.conftest import csrf_token


def create(client, name="Contoso mail cluster", exchange="2003", windows="2003"):
    token = csrf_token(client, "/projects/new")
    return client.post("/projects/new", data={"csrf_token": token, "name": name, "description": "Main site",
                                               "exchange_version": exchange, "windows_version": windows})


def projects(app) -> list[Project]:
    with app.app_context():
        return list(db.session.scalars(db.select(Project).order_by(Project.id)))


def test_create_lists_the_project_with_versions_and_progress(app, client):
    response = create(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/steps/basics")
    html = client.get("/projects").get_data(as_text=True)
    assert "Contoso mail cluster" in html
    assert "Exchange 2003 on Windows 2003" in html
    assert "0 of 8 steps" in html


@pytest.mark.parametrize("data, message", [
    ({"name": ""}, "Give the plan a name."),
    ({"name": "x" * 10_000}, "200 characters or fewer"),
    ({"name": "ok", "exchange_version": "5.5"}, "Choose one of the listed options."),
])
def test_create_refuses_bad_input_at_the_field(app, client, data, message):
    token = csrf_token(client, "/projects/new")
    form = {"csrf_token": token, "name": "ok", "exchange_version": "2003", "windows_version": "2003"} | data
    response = client.post("/projects/new", data=form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert projects(app) == []


def test_rename(app, client):
    create(client)
    token = csrf_token(client, "/projects/1/rename")
    assert 'value="Contoso mail cluster"' in client.get("/projects/1/rename").get_data(as_text=True)
    response = client.post("/projects/1/rename", data={"csrf_token": token, "name": "Fabrikam"})
    assert response.status_code == 302
    assert projects(app)[0].name == "Fabrikam"
    assert projects(app)[0].document["name"] == "Fabrikam"


def test_duplicate_copies_the_plan(app, client):
    create(client)
    token = csrf_token(client, "/projects")
    client.post("/projects/1/duplicate", data={"csrf_token": token})
    first, second = projects(app)
    assert second.name == "Copy of Contoso mail cluster"
    assert second.document["exchange"] == first.document["exchange"]


def test_delete_asks_first_then_deletes(app, client):
    create(client)
    page = client.get("/projects/1/delete").get_data(as_text=True)
    assert "Delete Contoso mail cluster?" in page
    assert len(projects(app)) == 1
    token = csrf_token(client, "/projects/1/delete")
    client.post("/projects/1/delete", data={"csrf_token": token})
    assert projects(app) == []
    assert client.get("/projects/1/steps/basics").status_code == 404


def test_export_then_import_gives_the_same_plan(app, client, example_document):
    token = csrf_token(client, "/projects")
    upload = {"csrf_token": token, "plan_file": (io.BytesIO(json.dumps(example_document).encode()), "plan.json")}
    response = client.post("/projects/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 302
    exported = client.get("/projects/1/export")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(exported.data) == example_document


@pytest.mark.parametrize("content, message", [
    (b"not json at all", "is not valid JSON"),
    (b'{"format": "exchange-cluster-plan/1", "nodes": [{}, {"public_ip": "10.0.0.300"}]}',
     'nodes[1].public_ip: &#34;10.0.0.300&#34; is not an IPv4 address'),
    (b'{"format": "something-else/9"}', "format"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
])
def test_import_refuses_invalid_files_and_stores_nothing(app, client, content, message):
    token = csrf_token(client, "/projects")
    upload = {"csrf_token": token, "plan_file": (io.BytesIO(content), "bad.json")}
    response = client.post("/projects/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert projects(app) == []


def test_import_without_a_file_says_so(client):
    token = csrf_token(client, "/projects")
    response = client.post("/projects/import", data={"csrf_token": token}, content_type="multipart/form-data")
    assert "Choose a plan file to import." in response.get_data(as_text=True)


def test_rules_pages_are_listed_and_explained(client):
    html = client.get("/rules").get_data(as_text=True)
    assert "nodes-not-domain-controllers" in html and "dns-dynamic-updates" in html
    rule = client.get("/rules/dns-dynamic-updates").get_data(as_text=True)
    assert "Warning" in rule and "Exchange 2007" in rule and "TechNet" in rule
    assert client.get("/rules/no-such-rule").status_code == 404


def test_home_redirects_to_the_project_list(client):
    assert client.get("/").headers["Location"].endswith("/projects")


HIDDEN = "Contoso\u202egpj.exe"


def test_import_refuses_a_plan_name_with_invisible_characters(app, client, example_document):
    token = csrf_token(client, "/projects")
    document = dict(example_document, name=HIDDEN)
    upload = {"csrf_token": token, "plan_file": (io.BytesIO(json.dumps(document).encode()), "plan.json")}
    response = client.post("/projects/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "name: " in response.get_data(as_text=True) and "U+202E" in response.get_data(as_text=True)
    assert projects(app) == []


def test_new_and_rename_refuse_invisible_characters_at_the_field(app, client):
    response = create(client, name=HIDDEN)
    assert response.status_code == 422 and "Remove the invisible characters from the name" in \
        response.get_data(as_text=True)
    assert projects(app) == []
    create(client)
    token = csrf_token(client, "/projects/1/rename")
    response = client.post("/projects/1/rename", data={"csrf_token": token, "name": HIDDEN})
    assert response.status_code == 422 and "U+202E" in response.get_data(as_text=True)
    assert projects(app)[0].name == "Contoso mail cluster"
