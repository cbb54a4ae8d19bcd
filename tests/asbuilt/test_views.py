"""The As built page and the Nodes prefill through HTTP: upload, paste, refusals, roles, ticks, history."""
from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.models import Activity, AsBuiltCapture, ChecklistTick, Project
from app.storage.memberships import add_member
from tests.asbuilt import fixtures as fx
from tests.asbuilt.writer import ipconfig, systeminfo
from tests.conftest import csrf_token, user_client


@pytest.fixture
def project_id(app, client):
    """The two-node plan, owned by alice (the `client`)."""
    with app.app_context():
        return service.import_project(json.dumps(fx.plan_document("2003-two-node")).encode(),
                                      owner=find_user("alice")).id


def page_url(project_id: int) -> str:
    return f"/projects/{project_id}/as-built"


def upload(client, project_id: int, *files: tuple[bytes, str], text: str = "", token: str | None = None):
    token = token or csrf_token(client, page_url(project_id))
    data = {"csrf_token": token, "capture_text": text,
            "capture_files": [(io.BytesIO(raw), name) for raw, name in files]}
    return client.post(page_url(project_id), data=data, content_type="multipart/form-data")


def stored(app, model=AsBuiltCapture):
    with app.app_context():
        return db.session.scalars(db.select(model)).all()


def body(response) -> str:
    return response.get_data(as_text=True)


def test_the_page_tells_how_to_collect_and_states_the_limit(client, project_id):
    html = body(client.get(page_url(project_id)))
    assert "Download collect.cmd" in html and "asbuilt-EXCLUS1.txt" in html
    assert "(echo #### ipconfig /all &amp; ipconfig /all &amp; echo #### systeminfo &amp; systeminfo)" in html
    assert "At most 5.0 MB in all" in html and "No capture yet." in html


def test_the_collection_script_downloads_with_crlf(client, project_id):
    response = client.get(f"{page_url(project_id)}/collect.cmd")
    assert response.status_code == 200 and "collect.cmd" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"@echo off\r\n") and b'cluster group "EXVS1 Group" /listowners\r\n' \
        not in response.data.replace(b'>> "%OUT%" echo #### ', b"")[:0]
    assert b'cluster res "EXVS1 Network Name" /listdep >> "%OUT%" 2>&1\r\n' in response.data


def test_an_upload_is_compared_stored_and_shown_grouped(app, client, project_id):
    response = upload(client, project_id, (fx.read("2003-two-node-differences.txt"), "asbuilt-EXCLUS1.txt"))
    assert response.status_code == 303 and "capture=" in response.headers["Location"]
    [capture] = stored(app)
    assert (capture.source, capture.filename, capture.revision) == ("upload", "asbuilt-EXCLUS1.txt", 1)
    assert (capture.errors, capture.warnings, capture.infos, capture.not_compared) == (2, 5, 1, 1)
    assert capture.created_by_id is not None and capture.encoding == "ASCII"
    html = body(client.get(response.headers["Location"]))
    assert html.index("Errors (2)") < html.index("Warnings (5)") < html.index("Notes (1)") < html.index("Not compared (1)")
    assert 'Breaks the plan rule <a href="/rules/evs-kerberos"><code>evs-kerberos</code></a>' in html
    assert "EXVS1 Network Name does not depend on EXVS1 IP Address." in html
    assert "Checklist: In EXVS1 Group, create the Network Name resource EXVS1" in html
    assert "The cluster differs from the plan." in html
    assert "Compared capture" in "".join(a.summary.capitalize() for a in stored(app, Activity))


def test_several_files_are_read_together_each_in_its_own_encoding(app, client, project_id):
    text = fx.read("2003-two-node.txt").decode("cp437")
    cluster, first_node = text.split("#### ipconfig /all", 1)[0], "#### ipconfig /all" + text.split("#### ipconfig /all")[1]
    second = "#### ipconfig /all" + text.split("#### ipconfig /all")[2]
    response = upload(client, project_id, (cluster.encode("cp437"), "asbuilt-EXCLUS1.txt"),
                      (first_node.encode("cp1252"), "EXNODE1-asbuilt.txt"),
                      (b"\xff\xfe" + second.encode("utf-16-le"), "EXNODE2-asbuilt.txt"))
    assert response.status_code == 303
    [capture] = stored(app)
    assert (capture.errors, capture.warnings, capture.infos, capture.not_compared) == (0, 0, 0, 0)
    assert "UTF-16LE" in capture.encoding and capture.filename.count(",") == 2
    html = body(client.get(response.headers["Location"]))
    assert "The cluster matches the plan." in html


def test_pasted_text_works_and_a_file_wins_over_it(app, client, project_id):
    pasted = fx.read("2003-two-node.txt").decode("cp437")
    assert upload(client, project_id, text=pasted).status_code == 303
    assert upload(client, project_id, (fx.read("2003-two-node-differences.txt"), "c.txt"), text=pasted).status_code == 303
    first, second = sorted(stored(app), key=lambda c: c.id)
    assert (first.source, first.encoding, first.errors) == ("paste", "pasted text", 0)
    assert (second.source, second.errors) == ("upload", 2)


@pytest.mark.parametrize("name, status, words", [
    ("capture.zip", 422, "not a text file"),
    ("2003-two-node-truncated.txt", 422, "this row ends before its property name"),
    ("2003-two-node-german.txt", 422, "Status für alle verfügbaren Knoten wird aufgelistet:"),
    ("2003-another-cluster.txt", 422, "the cluster SALESCL with the servers SALES1, SALES2"),
])
def test_files_that_cannot_be_used_get_a_clear_message_and_store_nothing(app, client, project_id, name, status, words):
    response = upload(client, project_id, (fx.read(name), name))
    assert response.status_code == status
    html = body(response)
    assert words in html and 'role="alert"' in html and "Traceback" not in html
    assert stored(app) == []


def test_a_problem_names_the_file_and_its_line(client, project_id):
    html = body(upload(client, project_id, (fx.read("2003-two-node.txt"), "first.txt"),
                       (fx.read("2003-two-node-truncated.txt"), "second.txt")))
    assert "second.txt, line 252" in html and "The line reads: <code>S  EXVS1 IP Address</code>" in html


def test_what_was_pasted_is_kept_when_it_is_refused(client, project_id):
    pasted = "Listing status for all available nodes:\n\nKnoten  Status\n---- ----\n"
    response = upload(client, project_id, text=pasted)
    assert response.status_code == 422
    assert "Listing status for all available nodes:\n\nKnoten  Status" in body(response)


def test_nothing_chosen_and_nothing_pasted(app, client, project_id):
    response = upload(client, project_id)
    assert response.status_code == 422 and "Choose the file collect.cmd wrote" in body(response)
    assert stored(app) == []


def test_fifty_megabytes_are_refused_on_their_length_with_the_page_not_an_error_page(app, client, project_id):
    response = upload(client, project_id, (b"A" * (50 * 1024 * 1024), "huge.txt"))
    html = body(response)
    assert response.status_code == 413
    assert "What was sent is 50.0 MB; a capture may be at most 5.0 MB. Nothing was read or stored." in html
    assert "<h1>As built</h1>" in html and stored(app) == []


def test_a_file_just_over_the_limit_that_fits_the_request_is_refused_after_reading(app, client, project_id):
    response = upload(client, project_id, (b"A" * (5 * 1024 * 1024 + 10), "big.txt"))
    assert response.status_code == 413 and "The file is just over 5.0 MB; a capture may be at most 5.0 MB" in body(response)
    assert stored(app) == []


def test_pasted_text_larger_than_werkzeugs_default_field_size_is_accepted(app, client, project_id):
    pasted = fx.read("2003-four-node.txt").decode("cp437") * 9  # about 600 KB; the plan is the two-node one
    assert len(pasted.encode()) > 500 * 1024
    response = upload(client, project_id, text=pasted)
    assert response.status_code == 303


def test_viewers_read_captures_but_cannot_upload_or_tick(app, client, project_id):
    upload(client, project_id, (fx.read("2003-two-node.txt"), "c.txt"))
    viewer = user_client(app, "victor")
    with app.app_context():
        add_member(db.session.get(Project, project_id), find_user("victor"), "viewer")
        db.session.commit()
    html = body(viewer.get(page_url(project_id)))
    assert "The cluster matches the plan." in html and "its owner and editors upload them" in html
    assert "Tick the chosen items" not in html and "The plan's owner and editors can tick them." in html
    token = csrf_token(viewer, "/projects")
    assert upload(viewer, project_id, (fx.read("2003-two-node.txt"), "c.txt"), token=token).status_code == 403
    [capture] = stored(app)
    response = viewer.post(f"{page_url(project_id)}/ticks", data={"csrf_token": token, "capture_id": capture.id,
                                                                  "item_id": "p2.node.EXNODE2.join-cluster"})
    assert response.status_code == 403 and stored(app, ChecklistTick) == []


def test_strangers_see_nothing(app, client, project_id):
    stranger = user_client(app, "mallory")
    assert stranger.get(page_url(project_id)).status_code == 404
    assert stranger.get(f"{page_url(project_id)}/collect.cmd").status_code == 404


def test_proven_items_are_offered_and_ticked_in_one_action_never_silently(app, client, project_id):
    location = upload(client, project_id, (fx.read("2003-two-node-differences.txt"), "c.txt")).headers["Location"]
    assert stored(app, ChecklistTick) == []
    html = body(client.get(location))
    offered = re.findall(r'name="item_id" value="([^"]+)" checked', html)
    assert "p4.vs.EXVS1.ip-address" in offered and "p4.vs.EXVS1.network-name" not in offered
    [capture] = stored(app)
    token = csrf_token(client, page_url(project_id))
    chosen = [i for i in offered if i != "p2.cluster.create-msdtc"] + ["p4.vs.EXVS1.network-name"]
    response = client.post(f"{page_url(project_id)}/ticks",
                           data={"csrf_token": token, "capture_id": capture.id, "item_id": chosen})
    assert response.status_code == 303
    ticked = {t.item_id for t in stored(app, ChecklistTick)}
    assert ticked == set(offered) - {"p2.cluster.create-msdtc"}  # the unproven one was not ticked
    flashed = body(client.get(response.headers["Location"]))
    assert f"Ticked {len(ticked)} checklist item(s) proven by capture {capture.id}." in flashed
    assert "1 chosen item(s) were not ticked" in flashed
    assert 'value="p2.cluster.create-msdtc" checked' in flashed and "Already ticked:" in flashed


def test_ticking_without_a_choice_or_for_another_projects_capture(app, client, project_id):
    upload(client, project_id, (fx.read("2003-two-node.txt"), "c.txt"))
    [capture] = stored(app)
    token = csrf_token(client, page_url(project_id))
    response = client.post(f"{page_url(project_id)}/ticks", data={"csrf_token": token, "capture_id": capture.id})
    assert "choose at least one item" in body(client.get(response.headers["Location"]))
    response = client.post(f"{page_url(project_id)}/ticks", data={"csrf_token": token, "capture_id": "99999"})
    assert "That capture is not in this project" in body(client.get(response.headers["Location"]))
    assert stored(app, ChecklistTick) == []


def test_the_history_and_what_changed_between_two_captures(app, client, project_id):
    upload(client, project_id, (fx.read("2003-two-node-differences.txt"), "before.txt"))
    upload(client, project_id, (fx.read("2003-two-node.txt"), "after.txt"))
    earlier, later = sorted(c.id for c in stored(app))
    html = body(client.get(page_url(project_id), query_string={"a": earlier, "b": later}))
    assert f"From capture {earlier} to capture {later}" in html and "Fixed since (8)" in html
    assert f"Changes since capture {earlier}" in html
    assert "The cluster matches the plan." in html  # the latest is shown
    older = body(client.get(page_url(project_id), query_string={"capture": earlier}))
    assert "The cluster differs from the plan." in older


def test_a_capture_is_compared_again_with_the_plan_as_it_is_now(app, client, project_id):
    location = upload(client, project_id, (fx.read("2003-two-node.txt"), "c.txt")).headers["Location"]
    with app.app_context():
        project = db.session.get(Project, project_id)
        document = project.document
        document["virtual_servers"][0]["ip"] = "10.0.0.70"
        service.save_document(project, document, "virtual-servers")
        db.session.commit()
    html = body(client.get(location))
    assert "compared with revision 2, the plan as it is now" in html
    assert "The address of EXVS1 IP Address is 10.0.0.60, not 10.0.0.70." in html


@pytest.mark.parametrize("query", [{"capture": "x"}, {"capture": "9" * 30}, {"capture": "-3"}, {"a": "1", "b": "²"},
                                   {"capture": "123456"}])
def test_odd_query_strings_fall_back_to_the_latest(client, project_id, query):
    response = client.get(page_url(project_id), query_string=query)
    assert response.status_code == 200


# ---------------------------------------------------------------- the Nodes prefill

def server_output(index: int, addresses: dict[str, str] | None = None, **changes) -> str:
    """One node's ipconfig /all and systeminfo; `addresses` replaces addresses in the output."""
    node = dataclasses.replace(fx.built("2003-two-node").nodes[index], **changes)
    text = "\n".join([*ipconfig(node, "2003"), *systeminfo(node, "2003")])
    for old, new in (addresses or {}).items():
        text = text.replace(old, new)
    return text


def prefill_url(project_id: int) -> str:
    return f"/projects/{project_id}/nodes/prefill"


def test_the_nodes_step_links_to_the_prefill_for_editors_only(app, client, project_id):
    assert "Fill a node from a server" in body(client.get(f"/projects/{project_id}/steps/nodes"))
    viewer = user_client(app, "victor")
    with app.app_context():
        add_member(db.session.get(Project, project_id), find_user("victor"), "viewer")
        db.session.commit()
    assert "Fill a node from a server" not in body(viewer.get(f"/projects/{project_id}/steps/nodes"))
    assert viewer.get(prefill_url(project_id)).status_code == 403


def test_the_preview_shows_each_change_and_saves_nothing_until_confirmed(app, client, project_id):
    token = csrf_token(client, prefill_url(project_id))
    text = server_output(1, {"10.0.0.12": "10.0.0.22"}, model="ProLiant DL380 G5")
    response = client.post(prefill_url(project_id), data={"csrf_token": token, "server_text": text, "row": "match"})
    html = body(response)
    assert response.status_code == 200 and "Fill node 2 from EXNODE2" in html
    assert "Apply 2 changes to the plan" in html
    changed_rows = re.findall(r'<tr class="changes">\s*<th scope="row">([^<]+)<', html)
    assert [r.strip() for r in changed_rows] == ["Hardware model", "Public IP address"]
    with app.app_context():
        assert db.session.get(Project, project_id).revision == 1
    confirm = re.search(r'name="base_revision" value="(\d+)"', html).group(1)
    response = client.post(f"{prefill_url(project_id)}/apply", data={
        "csrf_token": token, "server_text": text, "row": "match", "base_revision": confirm})
    assert response.status_code == 303 and response.headers["Location"].endswith("/steps/nodes#nodes-row-1")
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert project.revision == 2
        assert project.document["nodes"][1]["public_ip"] == "10.0.0.22"
        assert project.document["nodes"][1]["hardware_model"] == "ProLiant DL380 G5"
        assert project.revisions[-1].summary == "Filled node 2 from EXNODE2's ipconfig /all and systeminfo"


def test_a_save_made_meanwhile_shows_the_preview_again_and_saves_nothing(app, client, project_id):
    token = csrf_token(client, prefill_url(project_id))
    text = server_output(1, {"10.0.0.12": "10.0.0.22"})
    with app.app_context():
        project = db.session.get(Project, project_id)
        document = project.document
        document["nodes"][1]["hardware_model"] = "Other"
        service.save_document(project, document, "nodes")
        db.session.commit()
    response = client.post(f"{prefill_url(project_id)}/apply", data={
        "csrf_token": token, "server_text": text, "row": "1", "base_revision": "1"})
    assert response.status_code == 409 and "nothing was saved" in body(response)
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert project.revision == 2 and project.document["nodes"][1]["public_ip"] == "10.0.0.12"


def test_prefill_refusals_keep_what_was_pasted(app, client, project_id):
    token = csrf_token(client, prefill_url(project_id))
    both = server_output(0) + "\n" + server_output(1)
    response = client.post(prefill_url(project_id), data={"csrf_token": token, "server_text": both, "row": "match"})
    assert response.status_code == 422 and "2 servers" in body(response) and "EXNODE2" in body(response)
    german = "Windows-IP-Konfiguration\n\n   Hostname  . . . . : EXNODE1\n"
    response = client.post(prefill_url(project_id), data={"csrf_token": token, "server_text": german, "row": "match"})
    assert response.status_code == 422 and "Windows-IP-Konfiguration" in body(response)
    response = client.post(prefill_url(project_id), data={"csrf_token": token, "server_text": "", "row": "new"})
    assert response.status_code == 422 and "Paste the output" in body(response)
    with app.app_context():
        assert db.session.get(Project, project_id).revision == 1


def test_a_new_node_row_from_a_server(app, client, project_id):
    token = csrf_token(client, prefill_url(project_id))
    text = server_output(1, {"10.0.0.12": "10.0.0.13", "192.168.10.12": "192.168.10.13"}, name="EXNODE3")
    preview = body(client.post(prefill_url(project_id), data={"csrf_token": token, "server_text": text, "row": "new"}))
    assert "Fill a new node from EXNODE3" in preview
    response = client.post(f"{prefill_url(project_id)}/apply", data={
        "csrf_token": token, "server_text": text, "row": "new", "base_revision": "1"})
    assert response.status_code == 303
    with app.app_context():
        nodes = db.session.get(Project, project_id).document["nodes"]
        assert [n["name"] for n in nodes] == ["EXNODE1", "EXNODE2", "EXNODE3"] and nodes[2]["private_ip"] == "192.168.10.13"


def test_a_draft_on_the_nodes_step_is_never_overwritten(app, client, project_id):
    with app.app_context():
        project = db.session.get(Project, project_id)
        service.set_draft(project, "nodes", {"nodes": [{"name": "typed but invalid"}]})
        db.session.commit()
    token = csrf_token(client, prefill_url(project_id))
    response = client.post(prefill_url(project_id), data={"csrf_token": token, "server_text": server_output(1),
                                                          "row": "match"})
    assert response.status_code == 409 and "Correct and save them on the Nodes step first" in body(response)


def test_the_prefill_needs_a_csrf_token(app, client, project_id):
    response = client.post(prefill_url(project_id), data={"server_text": server_output(1), "row": "match"})
    assert response.status_code == 400
    response = client.post(f"{prefill_url(project_id)}/apply", data={"server_text": server_output(1), "row": "match",
                                                                     "base_revision": "1"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Project, project_id).revision == 1


def test_skipped_sections_are_said_on_the_page(client, project_id):
    text = fx.read("2003-two-node.txt").decode("cp437") + "#### dir C:\\\r\n Volume in drive C has no label.\r\n"
    location = upload(client, project_id, (text.encode("cp437"), "c.txt")).headers["Location"]
    html = body(client.get(location))
    assert "1 thing skipped while reading the capture" in html and "“dir C:\\” is not a command" in html


# ---------------------------------------------------------------- verdicts, refusals, names, provenance

def test_a_partial_capture_is_shown_as_incomplete_not_as_a_match(app, client, project_id):
    location = upload(client, project_id, (fx.read("2003-two-node-partial.txt"), "c.txt")).headers["Location"]
    html = body(client.get(location))
    assert "The cluster matches the plan" not in html and "verdict-ready" not in html
    assert 'class="verdict verdict-incomplete"' in html
    assert "Incomplete: no difference in what could be compared, but 4 parts could not be compared." in html
    flashed = "no difference in what could be compared, but it is incomplete"
    assert flashed in html


def test_a_refused_capture_says_so_at_the_top_and_that_the_result_is_the_earlier_one(app, client, project_id):
    upload(client, project_id, (fx.read("2003-two-node.txt"), "good.txt"))
    [kept] = stored(app)
    response = upload(client, project_id, (fx.read("2003-two-node-german.txt"), "german.txt"))
    html = body(response)
    assert response.status_code == 422 and [c.id for c in stored(app)] == [kept.id]
    notice = html.index("The capture you sent was not stored")
    assert notice < html.index("1. Collect")
    assert f"The result on this page is still that of capture {kept.id}, the latest stored one." in html
    assert f"3. Result: latest stored capture, capture {kept.id}</h2>" in html
    empty = upload(client, project_id, (fx.read("capture.zip"), "capture.zip"))
    assert "The capture you sent was not stored" in body(empty)


def test_collect_cmd_asks_for_the_names_the_latest_capture_found(app, client, project_id):
    renamed = fx.renamed(fx.built("2003-two-node"), {"EXVS1 Network Name": "Network Name (EXVS1)",
                                                      "EXVS1 IP Address": "IP Address (EXVS1)"})
    text = fx.render_capture(renamed).replace('cluster res "Network Name (EXVS1)" /listdep',
                                              'cluster res "EXVS1 Network Name" /listdep')
    text = re.sub(r"Listing resource dependencies for 'Network Name \(EXVS1\)':\n(.*?)\n\n",
                  "System error 5007 has occurred (0x0000138f).\nThe cluster resource could not be found.\n\n",
                  text, flags=re.DOTALL)
    location = upload(client, project_id, (text.encode("ascii"), "c.txt")).headers["Location"]
    html = body(client.get(location))
    assert "the cluster has no resource named “EXVS1 Network Name”" in html
    assert "<q>EXVS1 Network Name</q> as <q>Network Name (EXVS1)</q>" in html
    script = client.get(f"{page_url(project_id)}/collect.cmd").data
    assert b'cluster res "Network Name (EXVS1)" /listdep >> "%OUT%" 2>&1\r\n' in script
    assert b'cluster res "EXVS1 Network Name" /listdep' not in script
    assert b"rem   resource EXVS1 Network Name is named Network Name (EXVS1)\r\n" in script


def test_ticks_from_a_capture_say_which_capture_proved_them(app, client, project_id):
    upload(client, project_id, (fx.read("2003-two-node.txt"), "c.txt"))
    [capture] = stored(app)
    token = csrf_token(client, page_url(project_id))
    client.post(f"{page_url(project_id)}/ticks", data={"csrf_token": token, "capture_id": capture.id,
                                                       "item_id": ["p2.node.EXNODE2.join-cluster"]})
    [tick] = stored(app, ChecklistTick)
    assert tick.capture_id == capture.id and tick.ticked_by == "alice"
    checklist = body(client.get(f"/projects/{project_id}/checklist"))
    assert re.search(rf'from\s+<a href="/projects/{project_id}/as-built\?capture={capture.id}#result">capture '
                     rf'{capture.id}</a> by alice\.', checklist)
    markdown = client.get(f"/projects/{project_id}/checklist.md").get_data(as_text=True)
    assert f"from as-built capture {capture.id} by alice" in markdown
