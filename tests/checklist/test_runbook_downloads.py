"""The runbook's scripts as downloads, and the review carried by the print view and the Markdown."""
from __future__ import annotations

import re

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


def test_the_scripts_page_lists_the_scripts_in_order_with_where_each_runs(client, project_id):
    html = client.get(f"/projects/{project_id}/checklist/scripts").get_data(as_text=True)
    files = re.findall(r'class="stage-file">(phase\d-\d\d-[^<]+)<', html)
    assert files[:6] == ["phase1-01-forest.cmd", "phase1-02-domain.cmd", "phase2-01-EXNODE1.cmd",
                         "phase2-02-EXNODE1.cmd", "phase2-03-EXNODE2.cmd", "phase2-04-EXNODE2.cmd"]
    assert files == sorted(files)  # numbered in the runbook's order
    assert "phase2-05-storage</span> · by hand, no script" in html
    assert "– run on a node of the cluster EXCLUS1 (any node that is in it)" in html
    assert "– run on a computer of the domain contoso.com" in html
    assert "steps for the forest and the domain" not in html
    assert ".ps1" not in html.replace("The .ps1 files", "")  # Exchange 2003 has no Exchange Management Shell steps


def test_a_script_downloads_as_a_crlf_batch_file(client, project_id):
    response = client.get(f"/projects/{project_id}/checklist/scripts/2/1.cmd")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert '-phase2-01-EXNODE1.cmd"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.data
    assert body.startswith(b"@echo off\r\n") and b"netsh interface ip set address" in body


def test_unknown_scripts_by_hand_parts_and_ps1_for_exchange_2003_are_not_found(client, project_id):
    assert client.get(f"/projects/{project_id}/checklist/scripts/2/99.cmd").status_code == 404
    assert client.get(f"/projects/{project_id}/checklist/scripts/9/1.cmd").status_code == 404
    assert client.get(f"/projects/{project_id}/checklist/scripts/2/5.cmd").status_code == 404  # storage: by hand
    assert client.get(f"/projects/{project_id}/checklist/scripts/4/1.ps1").status_code == 404
    assert client.get(f"/projects/{project_id}/checklist/scripts/nodes/NOSUCH.cmd").status_code == 404


def test_each_node_page_lists_its_scripts_and_offers_them_in_one_file(client, project_id):
    html = client.get(f"/projects/{project_id}/checklist/nodes/EXNODE2").get_data(as_text=True)
    files = re.findall(r'class="stage-file">(phase\d-\d\d-[^<]+)<', html)
    assert files == ["phase2-03-EXNODE2.cmd", "phase2-04-EXNODE2.cmd", "phase2-07-EXNODE2.cmd",
                     "phase2-10-EXNODE2.cmd", "phase3-02-EXNODE2.cmd", "phase5-06-EXNODE2.cmd"]
    response = client.get(f"/projects/{project_id}/checklist/scripts/nodes/EXNODE2.cmd")
    assert response.status_code == 200 and '-EXNODE2.cmd"' in response.headers["Content-Disposition"]
    assert b":section_6\r\n" in response.data and b"goto section_%%S" in response.data


def test_exchange_2007_offers_a_powershell_script(app, client):
    with app.app_context():
        project_id = import_project(build("ex2007-ccr-win2008", GATEWAY,
                                          {"cluster.quorum.witness_folder": "C:\\FSW"})).id
    html = client.get(f"/projects/{project_id}/checklist/scripts").get_data(as_text=True)
    assert "phase5-02-cluster.ps1" in html and "phase2-08-EXHUB1.cmd" in html
    assert "run on EXHUB1, the server that holds the file share witness" in html
    ps1 = client.get(f"/projects/{project_id}/checklist/scripts/5/2.ps1")
    assert ps1.status_code == 200 and b"Move-ClusteredMailboxServer" in ps1.data
    assert client.get(f"/projects/{project_id}/checklist/scripts/5/1.ps1").status_code == 404  # cluster.exe only


def test_other_users_cannot_download_scripts(app, client, project_id):
    from tests.conftest import user_client
    stranger = user_client(app, "mallory")
    assert stranger.get(f"/projects/{project_id}/checklist/scripts/2/1.cmd").status_code == 404
    assert stranger.get(f"/projects/{project_id}/checklist/scripts/nodes/EXNODE1.cmd").status_code == 404


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
