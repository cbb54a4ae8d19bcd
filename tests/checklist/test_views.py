"""Checklist pages through the Flask test client: ticks, per-node view, print, Markdown, links."""
from __future__ import annotations

import re

import pytest

from app.storage.models import ChecklistTick
from app.extensions import db
from app.storage import projects as service
from tests.conftest import csrf_token

from .plans import DELETE, build, four_node_2003_on_windows2000, import_project

FORESTPREP = "p1.forest.forestprep"
NETWORK = "p2.node.EXNODE1.configure-network"


@pytest.fixture
def project_id(app):
    with app.app_context():
        return import_project(build("ex2003-win2003")).id


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def tick(client, project_id: int, item_id: str, action: str = "tick", back: str = ""):
    url = f"/projects/{project_id}/checklist"
    token = csrf_token(client, url)
    return client.post(f"{url}/ticks", data={"csrf_token": token, "item_id": item_id, "action": action,
                                             "back": back})


def stored_ticks(app, project_id: int) -> dict[str, ChecklistTick]:
    with app.app_context():
        query = db.select(ChecklistTick).where(ChecklistTick.project_id == project_id)
        return {t.item_id: t for t in db.session.scalars(query)}


def edit(app, project_id: int, change) -> None:
    with app.app_context():
        project = service.get_project(project_id)
        document = project.document
        change(document)
        service.save_document(project, document, "nodes", "test edit")
        db.session.commit()


def progress_text(html: str) -> str:
    return re.search(r"(\d+) of (\d+) done", html).group(0)


# ---------------------------------------------------------------- the checklist page

def test_checklist_page_lists_phases_items_and_progress(client, project_id):
    html = page(client, f"/projects/{project_id}/checklist")
    for number in range(1, 6):
        assert f"Phase {number}:" in html
    assert "Run ForestPrep once in the forest contoso.com" in html
    assert "setup /forestprep" in html
    assert progress_text(html).startswith("0 of ")
    assert 'href="/rules/ad-forestprep-rights"' in html
    assert "<svg" in html and 'role="img"' in html
    assert f'href="/projects/{project_id}/checklist/nodes/EXNODE1"' in html


def test_pages_have_no_inline_scripts_or_styles(client, project_id):
    for url in ("checklist", "checklist/print", "checklist/nodes/EXNODE2"):
        html = page(client, f"/projects/{project_id}/{url}")
        assert "<script" not in html and " style=" not in html and "<style" not in html


def test_unknown_project_is_404(client):
    for url in ("/projects/999/checklist", "/projects/999/checklist/print", "/projects/999/checklist.md",
                "/projects/999/checklist/nodes/EXNODE1"):
        assert client.get(url).status_code == 404


# ---------------------------------------------------------------- ticking

def test_tick_and_untick(app, client, project_id):
    response = tick(client, project_id, FORESTPREP)
    assert response.status_code == 303
    assert re.search(rf"/projects/{project_id}/checklist#item-[0-9a-f]{{12}}$", response.headers["Location"])
    saved = stored_ticks(app, project_id)[FORESTPREP]
    assert saved.ticked_by == "alice" and saved.ticked_at is not None
    assert "Run ForestPrep" in saved.item_text and len(saved.item_text_hash) == 64
    html = page(client, f"/projects/{project_id}/checklist")
    assert progress_text(html).startswith("1 of ")
    assert 'aria-pressed="true"' in html and "Ticked " in html

    assert tick(client, project_id, FORESTPREP, "untick").status_code == 303
    assert FORESTPREP not in stored_ticks(app, project_id)
    assert progress_text(page(client, f"/projects/{project_id}/checklist")).startswith("0 of ")


def test_ticking_twice_keeps_one_tick(app, client, project_id):
    tick(client, project_id, FORESTPREP)
    tick(client, project_id, FORESTPREP)
    assert list(stored_ticks(app, project_id)) == [FORESTPREP]


def test_tick_without_csrf_token_is_refused(app, client, project_id):
    response = client.post(f"/projects/{project_id}/checklist/ticks", data={"item_id": FORESTPREP, "action": "tick"})
    assert response.status_code == 400
    assert stored_ticks(app, project_id) == {}


@pytest.mark.parametrize("item_id, action", [("p9.nothing.here", "tick"), ("", "tick"), (FORESTPREP, "explode"),
                                              ("x" * 5000, "untick")])
def test_bad_item_gives_a_clear_message(app, client, project_id, item_id, action):
    response = tick(client, project_id, item_id, action)
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is not on this plan&#39;s checklist" in html or "is not on this plan's checklist" in html
    assert stored_ticks(app, project_id) == {}


def test_tick_on_unknown_project_is_404(client, project_id):
    token = csrf_token(client, f"/projects/{project_id}/checklist")
    response = client.post("/projects/999/checklist/ticks",
                           data={"csrf_token": token, "item_id": FORESTPREP, "action": "tick"})
    assert response.status_code == 404


def test_ticks_survive_edits_that_keep_the_item(app, client, project_id):
    tick(client, project_id, FORESTPREP)
    tick(client, project_id, NETWORK)
    edit(app, project_id, lambda d: d["nodes"][1].update(hardware_model="ProLiant DL380 G4"))
    html = page(client, f"/projects/{project_id}/checklist")
    assert progress_text(html).startswith("2 of ")
    assert "Changed since ticked" not in html


def test_changed_item_is_marked_and_can_be_confirmed(app, client, project_id):
    tick(client, project_id, NETWORK)
    tick(client, project_id, FORESTPREP)
    edit(app, project_id, lambda d: d["nodes"][0].update(public_ip="10.0.0.21"))
    html = page(client, f"/projects/{project_id}/checklist")
    assert html.count("Changed since ticked") == 1
    assert "10.0.0.11" in html.split("Changed since ticked")[1][:600]  # what it said when ticked
    assert "1 changed since ticked" in html
    assert "1 changed since ticked" in page(client, "/projects")

    tick(client, project_id, NETWORK)  # "Confirm it is done as it reads now"
    html = page(client, f"/projects/{project_id}/checklist")
    assert "Changed since ticked" not in html
    assert "10.0.0.21" in stored_ticks(app, project_id)[NETWORK].item_text


def test_ticks_of_items_the_plan_no_longer_has_are_not_counted(app, client, project_id):
    tick(client, project_id, FORESTPREP)
    edit(app, project_id, lambda d: d["active_directory"].update(forestprep_done=True))
    html = page(client, f"/projects/{project_id}/checklist")
    assert progress_text(html).startswith("0 of ")
    assert "Run ForestPrep" not in html


def test_deleting_the_project_deletes_its_ticks(app, client, project_id):
    tick(client, project_id, FORESTPREP)
    with app.app_context():
        service.delete_project(service.get_project(project_id))
        assert db.session.scalars(db.select(ChecklistTick)).all() == []


# ---------------------------------------------------------------- per-node view

def test_node_view_lists_only_that_nodes_work(client, app):
    with app.app_context():
        project_id = import_project(four_node_2003_on_windows2000()).id
    html = page(client, f"/projects/{project_id}/checklist/nodes/EXNODE1")
    assert "At the console of EXNODE1" in html
    titles = re.findall(r'class="item-title"[^>]*>([^<]+)<', html)
    assert titles and all("EXNODE1" in title or title.startswith("Move every cluster group off EXNODE1")
                          for title in titles)
    assert "comclust.exe" in html and "install Exchange 2003" in html
    assert "ForestPrep" not in html and "EXVS1 Group" not in html
    assert client.get(f"/projects/{project_id}/checklist/nodes/NOPE").status_code == 404


def test_ticking_from_the_node_view_returns_there(app, client, project_id):
    token = csrf_token(client, f"/projects/{project_id}/checklist/nodes/EXNODE1")
    response = client.post(f"/projects/{project_id}/checklist/ticks",
                           data={"csrf_token": token, "item_id": NETWORK, "action": "tick", "back": "EXNODE1"})
    assert "/checklist/nodes/EXNODE1#item-" in response.headers["Location"]
    assert progress_text(page(client, f"/projects/{project_id}/checklist/nodes/EXNODE1")).startswith("1 of ")


def test_node_names_with_odd_characters_work(app, client):
    with app.app_context():
        project_id = import_project(build("ex2003-win2003", {"nodes[0].name": "EX/NODE <1>",
                                                             "setup.node_order": ["EX/NODE <1>", "EXNODE2"]})).id
    html = page(client, f"/projects/{project_id}/checklist")
    assert "EX/NODE &lt;1&gt;" in html and "<1>" not in html
    href = re.search(r'href="(/projects/\d+/checklist/nodes/EX[^"]+)"', html).group(1)
    assert "At the console of EX/NODE &lt;1&gt;" in page(client, href.replace("&lt;", "<").replace("&gt;", ">"))


# ---------------------------------------------------------------- print, Markdown, links elsewhere

def test_print_view(app, client, project_id):
    tick(client, project_id, FORESTPREP)
    edit(app, project_id, lambda d: d["windows"].update(version="2000", edition="advanced", service_pack=4))
    html = page(client, f"/projects/{project_id}/checklist/print")
    assert "Contoso mail cluster" in html and "Revision" in html and "Printed" in html
    assert 'href="/static/print.css"' in html and "style.css" not in html
    assert "site-header" not in html and "<nav" not in html
    findings_at = html.index("Open errors and warnings")
    assert findings_at < html.index("Phase 1:")
    assert "Warning" in html[findings_at:html.index("Phase 1:")]
    assert html.count('class="phase"') == 5 and html.count("signed off") == 5
    assert html.count(">Name<") == 5 and html.count(">Signature<") == 5
    assert 'aria-label="done"' in html and "✓" in html
    assert "<svg" in html


def test_markdown_download(client, project_id):
    tick(client, project_id, FORESTPREP)
    response = client.get(f"/projects/{project_id}/checklist.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Contoso-mail-cluster-checklist.md"; '
        "filename*=UTF-8''Contoso%20mail%20cluster-checklist.md")
    text = response.get_data(as_text=True)
    assert text.startswith("# Checklist: Contoso mail cluster")
    assert "- [x] **Run ForestPrep" in text and "- [ ] **Run DomainPrep" in text
    assert "(http://localhost/rules/ad-forestprep-rights)" in text


def test_review_page_shows_the_diagram_and_a_checklist_link(client, project_id):
    html = page(client, f"/projects/{project_id}/steps/review")
    assert f'href="/projects/{project_id}/checklist"' in html
    assert "<svg" in html and "EXNODE1" in html


def test_project_list_shows_checklist_progress_and_link(client, project_id):
    tick(client, project_id, FORESTPREP)
    html = page(client, "/projects")
    assert re.search(r"1 of \d+ done", html)
    assert f'href="/projects/{project_id}/checklist"' in html


def test_unanswered_values_are_marked_on_screen_and_paper(app, client):
    with app.app_context():
        project_id = import_project(build("ex2003-win2003", {"cluster.ip": DELETE})).id
    marked = '<mark class="missing">[cluster IP not answered]</mark>'
    assert marked in page(client, f"/projects/{project_id}/checklist")
    assert marked in page(client, f"/projects/{project_id}/checklist/print")


def test_an_empty_plan_has_a_checklist(app, client):
    with app.app_context():
        from app.storage.accounts import find_user
        project_id = service.create_project("Nothing yet", owner=find_user("alice")).id
    html = page(client, f"/projects/{project_id}/checklist")
    assert "[Exchange version not answered]" in html and "No nodes planned yet" in html
    assert client.get(f"/projects/{project_id}/checklist.md").status_code == 200
    assert client.get(f"/projects/{project_id}/checklist/print").status_code == 200
