"""The review workflow end to end with the Flask test client: two users, comments, waivers, approval."""
from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.storage.models import Revision
from app.storage.models import Activity, Approval, Comment, Waiver
from tests.conftest import csrf_token
from tests.helpers import post_step, step_posts

from .conftest import example_document, post, project_state


def review_page(client, project_id) -> str:
    return client.get(f"/projects/{project_id}/steps/review").get_data(as_text=True)


def make_warning(app, as_user, project_id):
    """The owner marks the hardware as not certified: a warning (hardware-certified)."""
    owner = as_user("owner")
    cluster = dict(step_posts(example_document()))["cluster"]
    cluster["cluster__hardware_certified"] = "no"
    token = csrf_token(owner, f"/projects/{project_id}/steps/cluster")
    assert post_step(owner, project_id, "cluster", cluster, token, goto="").status_code == 302


def test_full_review_cycle(app, as_user, team):
    owner, reviewer = as_user("owner"), as_user("reviewer")
    make_warning(app, as_user, team)

    # The owner submits; the reviewer comments on a step and requests changes.
    assert post(owner, f"/projects/{team}/review/submit", project_id=team).status_code == 302
    assert project_state(app, team).review_state == "in-review"
    response = post(reviewer, f"/projects/{team}/comments",
                    {"target": "step:cluster", "body": "Is the SAN really not on the HCL?"}, project_id=team)
    assert response.status_code == 302
    post(reviewer, f"/projects/{team}/review/decide", {"decision": "changes-requested", "note": "Check the SAN"},
         project_id=team)
    assert project_state(app, team).review_state == "changes-requested"
    assert "Is the SAN really not on the HCL?" in owner.get(f"/projects/{team}/steps/cluster").get_data(as_text=True)

    # The owner answers and resubmits; the reviewer waives the warning and approves.
    with app.app_context():
        comment_id = db.session.scalar(db.select(Comment.id))
    post(owner, f"/projects/{team}/comments/{comment_id}/reply", {"body": "It is certified as a whole solution only."},
         project_id=team)
    post(owner, f"/projects/{team}/review/submit", project_id=team)
    response = post(reviewer, f"/projects/{team}/waivers",
                    {"rule": "hardware-certified", "subject": "cluster.hardware_certified",
                     "reason": "Vendor-supported configuration"}, project_id=team)
    assert response.status_code == 302
    post(reviewer, f"/projects/{team}/review/decide", {"decision": "approved"}, project_id=team)
    state = project_state(app, team)
    assert state.review_state == "approved" and state.approved_revision == state.revision
    with app.app_context():
        approval = db.session.scalar(db.select(Approval).where(Approval.decision == "approved"))
        assert approval.user.username == "reviewer" and approval.revision == state.revision
    page = review_page(owner, team)
    assert "Waived by reviewer" in page and "Vendor-supported configuration" in page

    # The owner's next edit returns the plan to draft and shows exactly what changed.
    nodes = dict(step_posts(example_document()))["nodes"]
    nodes["nodes-1-public_ip"] = "10.0.0.13"
    token = csrf_token(owner, f"/projects/{team}/steps/nodes")
    post_step(owner, team, "nodes", nodes, token, goto="")
    state = project_state(app, team)
    assert state.review_state == "draft"
    page = review_page(owner, team)
    assert "Changed since approval" in page
    assert "<strong>Node EXNODE2</strong> – Public IP address: 10.0.0.12 → 10.0.0.13" in page


def test_submitting_needs_a_plan_without_errors(app, as_user, team):
    owner = as_user("owner")
    document = example_document()
    cluster = dict(step_posts(document))["cluster"]
    cluster["cluster__name"] = "EXCLUS1-TOO-LONG-NAME"
    post_step(owner, team, "cluster", cluster, csrf_token(owner, f"/projects/{team}/steps/cluster"), goto="")
    response = post(owner, f"/projects/{team}/review/submit", project_id=team)
    assert response.status_code == 302
    assert project_state(app, team).review_state == "draft"
    assert "fix them before asking for review" in review_page(owner, team)


def test_errors_cannot_be_waived(app, as_user, team):
    owner, reviewer = as_user("owner"), as_user("reviewer")
    nodes = dict(step_posts(example_document()))["nodes"]
    nodes["nodes-0-domain_controller"] = "yes"
    post_step(owner, team, "nodes", nodes, csrf_token(owner, f"/projects/{team}/steps/nodes"), goto="")
    response = post(reviewer, f"/projects/{team}/waivers",
                    {"rule": "nodes-not-domain-controllers", "subject": "nodes[0].domain_controller",
                     "reason": "Trust me"}, project_id=team)
    assert response.status_code == 422
    assert "Only warnings can be waived" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Waiver.id))) == 0


def test_waiver_needs_a_reason_and_can_be_withdrawn(app, as_user, team):
    make_warning(app, as_user, team)
    reviewer = as_user("reviewer")
    response = post(reviewer, f"/projects/{team}/waivers",
                    {"rule": "hardware-certified", "subject": "cluster.hardware_certified", "reason": ""},
                    project_id=team)
    assert response.status_code == 422 and "Say why this warning is acceptable." in response.get_data(as_text=True)
    post(reviewer, f"/projects/{team}/waivers", {"rule": "hardware-certified", "subject": "cluster.hardware_certified",
                                                 "reason": "Accepted"}, project_id=team)
    with app.app_context():
        waiver_id = db.session.scalar(db.select(Waiver.id))
    post(reviewer, f"/projects/{team}/waivers/{waiver_id}/withdraw", project_id=team)
    with app.app_context():
        waiver = db.session.get(Waiver, waiver_id)
        assert waiver.withdrawn_at is not None and waiver.withdrawn_by.username == "reviewer"


def test_empty_comment_is_refused_and_text_kept(app, as_user, team):
    reviewer = as_user("reviewer")
    response = post(reviewer, f"/projects/{team}/comments", {"target": "plan:", "body": "   "}, project_id=team)
    assert response.status_code == 422 and "Write something first." in response.get_data(as_text=True)
    response = post(reviewer, f"/projects/{team}/comments", {"target": "nonsense:x", "body": "Hello there"},
                    project_id=team)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose one of the listed options." in html and "Hello there" in html


def test_comments_on_a_finding_resolve_and_reopen(app, as_user, team):
    make_warning(app, as_user, team)
    reviewer, owner = as_user("reviewer"), as_user("owner")
    post(reviewer, f"/projects/{team}/comments",
         {"target": "finding:hardware-certified@cluster.hardware_certified", "body": "Why?"}, project_id=team)
    with app.app_context():
        comment_id = db.session.scalar(db.select(Comment.id))
    post(owner, f"/projects/{team}/comments/{comment_id}/resolve", {"resolved": "1"}, project_id=team)
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.resolved and comment.resolved_by.username == "owner"
        assert comment.target_kind == "finding"
    assert "finding hardware-certified at cluster.hardware_certified" in review_page(owner, team)


def test_history_compare_and_restore(app, as_user, team):
    owner = as_user("owner")
    data = MultiDict({"name": "Renamed plan"})
    basics = dict(step_posts(example_document()))["basics"]
    basics["name"] = "Renamed plan"
    post_step(owner, team, "basics", basics, csrf_token(owner, f"/projects/{team}/steps/basics"), goto="")
    history = owner.get(f"/projects/{team}/history").get_data(as_text=True)
    assert "Revision 2" in history or ">2<" in history
    compare = owner.get(f"/projects/{team}/history/compare?a=1&b=2").get_data(as_text=True)
    assert "Plan name: Contoso mail cluster → Renamed plan" in compare
    token = csrf_token(owner, f"/projects/{team}/history")
    owner.post(f"/projects/{team}/history/1/restore", data={"csrf_token": token})
    state = project_state(app, team)
    assert state.revision == 3 and state.document["name"] == "Contoso mail cluster"
    with app.app_context():
        revision = db.session.scalar(db.select(Revision).where(Revision.number == 3))
        assert revision.summary == "Restored revision 1" and revision.author.username == "owner"
    assert data  # the form data itself is unchanged by posting


def test_compare_with_unknown_revisions_says_so(as_user, team):
    response = as_user("viewer").get(f"/projects/{team}/history/compare?a=1&b=99")
    assert response.status_code == 422
    assert "Choose two revisions of this plan." in response.get_data(as_text=True)


def test_no_lost_update_between_two_editors(app, as_user, team):
    owner, editor = as_user("owner"), as_user("editor")
    # Both open the cluster step at the same revision.
    owner_page = owner.get(f"/projects/{team}/steps/cluster").get_data(as_text=True)
    editor_page = editor.get(f"/projects/{team}/steps/cluster").get_data(as_text=True)
    base = re.search(r'name="base_revision" type="hidden" value="(\d+)"', owner_page).group(1)
    assert base in editor_page
    cluster = dict(step_posts(example_document()))["cluster"]
    cluster["base_revision"] = base
    first = MultiDict(cluster)
    first["cluster__ip"] = "10.0.0.51"
    assert post_step(owner, team, "cluster", first, csrf_token(owner, "/projects"), goto="").status_code == 302
    second = MultiDict(cluster)
    second["cluster__ip"] = "10.0.0.52"
    response = post_step(editor, team, "cluster", second, csrf_token(editor, "/projects"), goto="")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Cluster IP address: 10.0.0.50 → 10.0.0.51" in html   # what changed meanwhile
    assert 'value="10.0.0.52"' in html                      # what the editor typed is kept
    assert project_state(app, team).document["cluster"]["ip"] == "10.0.0.51"
    # Saving again, now knowingly, replaces it.
    new_base = re.search(r'name="base_revision" type="hidden" value="(\d+)"', html).group(1)
    second["base_revision"] = new_base
    assert post_step(editor, team, "cluster", second, csrf_token(editor, "/projects"), goto="").status_code == 302
    assert project_state(app, team).document["cluster"]["ip"] == "10.0.0.52"


def test_edits_to_different_steps_at_once_both_survive(app, as_user, team):
    owner, editor = as_user("owner"), as_user("editor")
    page = owner.get(f"/projects/{team}/steps/cluster").get_data(as_text=True)
    base = re.search(r'name="base_revision" type="hidden" value="(\d+)"', page).group(1)
    posts = dict(step_posts(example_document()))
    cluster, setup = MultiDict(posts["cluster"]), MultiDict(posts["setup"])
    cluster["base_revision"] = setup["base_revision"] = base
    cluster["cluster__name"] = "EXCLUS9"
    setup["setup__mode"] = "unattended"
    assert post_step(owner, team, "cluster", cluster, csrf_token(owner, "/projects"), goto="").status_code == 302
    assert post_step(editor, team, "setup", setup, csrf_token(editor, "/projects"), goto="").status_code == 302
    document = project_state(app, team).document
    assert document["cluster"]["name"] == "EXCLUS9" and document["setup"]["mode"] == "unattended"


def test_activity_records_who_did_what(app, as_user, team):
    make_warning(app, as_user, team)
    post(as_user("reviewer"), f"/projects/{team}/comments", {"target": "plan:", "body": "Looks fine"},
         project_id=team)
    page = as_user("viewer").get(f"/projects/{team}/activity").get_data(as_text=True)
    assert "commented on the plan" in page and "Saved Cluster service" in page
    with app.app_context():
        kinds = set(db.session.scalars(db.select(Activity.kind)))
    assert {"project", "edit", "comment"} <= kinds


def test_a_warning_is_listed_once_on_review_with_its_waiver_form(app, as_user, team):
    """hardware-certified is filed under Basics but names a Cluster service answer: Review lists
    it once, under Cluster service, and offers to waive it there."""
    make_warning(app, as_user, team)
    html = as_user("reviewer").get(f"/projects/{team}/steps/review").get_data(as_text=True)
    assert html.count('name="subject" type="hidden" value="cluster.hardware_certified"') == 1
    cluster = html[html.index('id="review-cluster"'):html.index('id="review-nodes"')]
    assert "hardware-certified" in cluster and "Waive this warning" in cluster
    basics = html[html.index('id="review-basics"'):html.index('id="review-active-directory"')]
    assert "hardware-certified" not in basics
