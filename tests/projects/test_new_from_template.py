"""New plan offers the templates; a plan made from one is clean and lists what to replace."""
from __future__ import annotations

import pytest

from app.domain.plan.starters import STARTERS
from app.extensions import db
from app.storage import projects as service
from app.storage.models import Project, Revision
from tests.conftest import csrf_token


def create(client, start: str, name="Contoso mail cluster", description=""):
    token = csrf_token(client, "/projects/new")
    return client.post("/projects/new", data={"csrf_token": token, "name": name, "description": description,
                                              "start": start, "exchange_version": "2000", "windows_version": "2000"})


def test_new_plan_offers_an_empty_plan_and_each_template(client):
    html = client.get("/projects/new").get_data(as_text=True)
    assert '<input type="radio" id="start-empty" name="start" value="" checked' in html
    for starter in STARTERS:
        assert f'<label for="start-{starter.key}">{starter.title}</label>' in html
    assert "Four nodes, three active and one passive" in html and "Exchange 2007 CCR on Windows Server 2008" in html


@pytest.mark.parametrize("starter", STARTERS, ids=lambda s: s.key)
def test_a_plan_made_from_a_template_is_clean_and_lists_its_examples(app, client, starter):
    response = create(client, starter.key, description="Main site")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"/placeholders?template={starter.key}" in location
    with app.app_context():
        project = db.session.scalars(db.select(Project)).one()
        assert project.name == project.document["name"] == "Contoso mail cluster"
        assert project.description == project.document["description"] == "Main site"
        assert project.report.ready and not project.report.warnings
        first = db.session.scalars(db.select(Revision)).one()
        assert first.summary == f"Created from the template {starter.title}"
        versions = (project.plan.exchange.version, project.plan.windows.version)
    assert versions != ("2000", "2000")  # the template's versions, not the form's
    html = client.get(location).get_data(as_text=True)
    assert "As it stands the plan checks clean" in html
    assert "<th scope=\"row\">Cluster name</th><td><code>EXCLUS1</code></td>" in html
    assert "<th scope=\"row\">Node 1 – Public IP address</th><td><code>192.0.2.11</code></td>" in html
    review = client.get(location.split("/placeholders")[0] + "/steps/review").get_data(as_text=True)
    assert "0 errors" in review or "no error" in review


def test_replaced_examples_leave_the_list(app, client):
    response = create(client, "exchange2003-two-node")
    location = response.headers["Location"]
    with app.app_context():
        project = db.session.scalars(db.select(Project)).one()
        document = project.document
        document["cluster"]["name"] = "MAILCLUS"
        service.save_document(project, document, "cluster")
        db.session.commit()
    html = client.get(location).get_data(as_text=True)
    assert "<code>EXCLUS1</code>" not in html and "<code>192.0.2.50</code>" in html


def test_an_unknown_template_is_refused_at_the_field_and_creates_nothing(app, client):
    response = create(client, "exchange5.5")
    assert response.status_code == 422
    assert "Choose one of the listed options." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Project)).first() is None


def test_the_placeholder_page_of_an_unknown_template_is_not_found(client):
    response = create(client, "")
    base = response.headers["Location"].split("/steps/")[0]
    assert client.get(f"{base}/placeholders?template=nope").status_code == 404
