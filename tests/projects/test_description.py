"""The description typed on New plan is an answer of the plan: asked again on Basics, shown in
the project list, exported, and compared in the history like any other."""
from __future__ import annotations

import json

from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.storage.models import Project
from tests.conftest import csrf_token
from tests.helpers import post_step


def create(client, description="Main site, change 4711"):
    token = csrf_token(client, "/projects/new")
    response = client.post("/projects/new", data={"csrf_token": token, "name": "Contoso", "description": description,
                                                  "exchange_version": "2003", "windows_version": "2003"})
    return int(response.headers["Location"].split("/projects/")[1].split("/")[0]), token


def stored(app, project_id) -> Project:
    with app.app_context():
        return db.session.get(Project, project_id)


def basics(text: str) -> MultiDict:
    return MultiDict({"name": "Contoso", "description": text, "exchange__version": "2003",
                      "windows__version": "2003"})


def test_the_description_is_asked_on_basics_and_can_be_changed(app, client):
    project_id, token = create(client)
    html = client.get(f"/projects/{project_id}/steps/basics").get_data(as_text=True)
    assert 'name="description" rows="3">Main site, change 4711</textarea>' in html
    response = post_step(client, project_id, "basics", basics("Second site\nChange 4712"), token, goto="")
    assert response.status_code == 302
    project = stored(app, project_id)
    assert project.document["description"] == project.description == "Second site\nChange 4712"
    assert "Second site" in client.get("/projects").get_data(as_text=True)
    exported = json.loads(client.get(f"/projects/{project_id}/export").get_data(as_text=True))
    assert exported["description"] == "Second site\nChange 4712"
    compare = client.get(f"/projects/{project_id}/history/compare?a=1&b=2").get_data(as_text=True)
    assert "Description: Main site, change 4711 → Second site" in compare


def test_clearing_the_description_clears_it_everywhere(app, client):
    project_id, token = create(client)
    post_step(client, project_id, "basics", basics(""), token, goto="")
    project = stored(app, project_id)
    assert "description" not in project.document and project.description == ""


def test_a_description_too_long_is_kept_with_a_message(app, client):
    project_id, token = create(client)
    response = post_step(client, project_id, "basics", basics("d" * 2001), token, goto="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This is 2,001 characters long; keep it to 2,000 or fewer." in html
    assert "d" * 2001 in html
    again = client.get(f"/projects/{project_id}/steps/basics").get_data(as_text=True)
    assert "d" * 2001 in again  # kept as a draft of the step, as every answer that could not be read


def test_an_imported_description_stays_with_the_plan(app, client):
    project_id, _ = create(client)
    exported = client.get(f"/projects/{project_id}/export").get_data()
    token = csrf_token(client, "/projects")
    response = client.post("/projects/import", data={"csrf_token": token, "plan_file": (__import__("io").BytesIO(exported), "p.json")},
                           content_type="multipart/form-data")
    imported = int(response.headers["Location"].split("/projects/")[1].split("/")[0])
    project = stored(app, imported)
    assert project.description == project.document["description"] == "Main site, change 4711"
