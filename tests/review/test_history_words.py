"""The history's comparison page says in words what changed, grouped by step, never as JSON."""
from __future__ import annotations

import json

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from tests.conftest import EXAMPLE_PLAN


def saved(app, project_id: int, document: dict, step: str) -> None:
    with app.app_context():
        project = service.get_project(project_id)
        service.save_document(project, document, step, user=find_user("owner"))
        db.session.commit()


def test_compare_reads_a_new_section_and_a_fixed_duplicate_letter_in_words(app, as_user, team):
    whole = json.loads(EXAMPLE_PLAN.read_text())
    before = json.loads(EXAMPLE_PLAN.read_text())
    del before["cluster"]
    before["disks"].append(dict(before["disks"][1], label="More", filesystem="fat32", empty=False))
    saved(app, team, before, "storage")                       # revision 2
    after = json.loads(EXAMPLE_PLAN.read_text())
    after["disks"].append(dict(whole["disks"][1], letter="U:", label="More"))
    saved(app, team, after, "storage")                        # revision 3
    html = as_user("viewer").get(f"/projects/{team}/history/compare?a=2&b=3").get_data(as_text=True)
    assert '<h2 id="changes-cluster">Cluster service</h2>' in html
    assert "Cluster name: not answered → EXCLUS1" in html
    assert '<h2 id="changes-storage">Shared storage</h2>' in html
    for line in ("Drive letter: R: → U:", "File system: FAT32 → NTFS", "Empty before Exchange setup: no → yes"):
        assert f"<strong>Disk U:</strong> – {line}" in html
    assert "added" not in html.split('id="changes-storage"')[1].split("</section>")[0]
    assert "{&#34;" not in html and '{"' not in html  # no JSON


def test_an_added_node_lists_its_answers(app, as_user, team):
    document = json.loads(EXAMPLE_PLAN.read_text())
    document["nodes"].append(dict(document["nodes"][1], name="EXNODE3", public_ip="10.0.0.13",
                                  private_ip="192.168.10.13"))
    saved(app, team, document, "nodes")
    html = as_user("viewer").get(f"/projects/{team}/history/compare?a=1&b=2").get_data(as_text=True)
    assert "<strong>Node EXNODE3</strong> – added" in html
    assert "<li>Public IP address: 10.0.0.13</li>" in html
    assert "<li>Windows components installed and running › NNTP service: yes</li>" in html
