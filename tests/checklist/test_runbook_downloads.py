"""The runbook's scripts as downloads, and the review carried by the print view and the Markdown."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.storage import projects as service, review, workflow
from app.storage.accounts import create_user
from app.storage.memberships import add_member
from tests.conftest import PASSWORD

from .plans import build, import_project

GATEWAY = {"cluster.public_gateway": "10.0.0.1"}


@pytest.fixture
def project_id(app):
    with app.app_context():
        return import_project(build("ex2003-win2003", GATEWAY, {"cluster.hardware_certified": False})).id


def approve_with_a_waiver(app, project_id: int) -> None:
    """A reviewer waives the hardware warning and approves the current revision."""
    with app.app_context():
        project = service.get_project(project_id)
        reviewer = create_user("rita", PASSWORD)
        add_member(project, reviewer, "reviewer")
        owner = project.memberships[0].user
        db.session.commit()
        review.waive(project, reviewer, "hardware-certified", "cluster.hardware_certified",
                     "Certified by the vendor under another model name")
        workflow.submit(project, owner)
        workflow.decide(project, reviewer, "approved", "Go ahead", revision=project.revision)


def test_the_scripts_page_lists_each_phase_and_place(client, project_id):
    html = client.get(f"/projects/{project_id}/checklist/scripts").get_data(as_text=True)
    for name in ("phase2-cluster.cmd", "phase2-EXNODE1.cmd", "phase2-EXNODE2.cmd", "phase4-cluster.cmd"):
        assert name in html
    assert ".ps1" not in html  # Exchange 2003 has no Exchange Management Shell steps


def test_a_script_downloads_as_a_crlf_batch_file(client, project_id):
    response = client.get(f"/projects/{project_id}/checklist/scripts/2/EXNODE1.cmd")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert '-phase2-EXNODE1.cmd"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.data
    assert body.startswith(b"@echo off\r\n") and b"netsh interface ip set address" in body


def test_unknown_scripts_and_ps1_for_exchange_2003_are_not_found(client, project_id):
    assert client.get(f"/projects/{project_id}/checklist/scripts/2/NOSUCH.cmd").status_code == 404
    assert client.get(f"/projects/{project_id}/checklist/scripts/9/cluster.cmd").status_code == 404
    assert client.get(f"/projects/{project_id}/checklist/scripts/4/cluster.ps1").status_code == 404


def test_exchange_2007_offers_a_powershell_script(app, client):
    with app.app_context():
        project_id = import_project(build("ex2007-ccr-win2008", GATEWAY,
                                          {"cluster.quorum.witness_folder": "C:\\FSW"})).id
    html = client.get(f"/projects/{project_id}/checklist/scripts").get_data(as_text=True)
    assert "phase5-cluster.ps1" in html and "phase2-EXHUB1.cmd" in html
    ps1 = client.get(f"/projects/{project_id}/checklist/scripts/5/cluster.ps1")
    assert ps1.status_code == 200 and b"Move-ClusteredMailboxServer" in ps1.data


def test_other_users_cannot_download_scripts(app, client, project_id):
    from tests.conftest import user_client
    stranger = user_client(app, "mallory")
    assert stranger.get(f"/projects/{project_id}/checklist/scripts/2/EXNODE1.cmd").status_code == 404


def test_a_plan_in_draft_prints_draft_on_every_page_and_its_name_and_revision(client, project_id):
    html = client.get(f"/projects/{project_id}/checklist/print").get_data(as_text=True)
    assert '<div class="page-banner">Contoso mail cluster · revision 1 · DRAFT</div>' in html
    assert '<div class="draft-mark" aria-hidden="true">DRAFT</div>' in html
    assert "is not approved (draft)" in html


def test_an_approved_plan_prints_who_approved_and_the_waiver_beside_its_finding(app, client, project_id):
    approve_with_a_waiver(app, project_id)
    html = client.get(f"/projects/{project_id}/checklist/print").get_data(as_text=True)
    assert "revision 1 · APPROVED" in html and 'class="draft-mark"' not in html
    assert "rita approved revision 1" in html and "Go ahead" in html
    finding = html[html.index("hardware-certified"):]
    assert "Waived</strong> by rita" in finding[:600] and "Certified by the vendor" in finding[:600]
    markdown = client.get(f"/projects/{project_id}/checklist.md").get_data(as_text=True)
    assert markdown.startswith("# Checklist: Contoso mail cluster\n")
    assert "State: **Approved**" in markdown and "- rita approved revision 1" in markdown
    assert "**Waived** by rita" in markdown


def test_an_edit_after_approval_prints_draft_again(app, client, project_id):
    approve_with_a_waiver(app, project_id)
    with app.app_context():
        project = service.get_project(project_id)
        document = project.document
        document["cluster"]["name"] = "EXCLUS2"
        service.save_document(project, document, "cluster", "rename")
        db.session.commit()
    html = client.get(f"/projects/{project_id}/checklist/print").get_data(as_text=True)
    assert "revision 2 · DRAFT" in html and "rita approved revision 1" in html
    assert "(DRAFT)" in client.get(f"/projects/{project_id}/checklist.md").get_data(as_text=True).split("\n")[0]
