"""A decision is about the revision the reviewer saw; editing a plan in review says what it does to
the review; the note of "changes requested" reaches the editors; replies stay in their thread."""
from __future__ import annotations

import re

from app.extensions import db
from app.storage.models import Activity, Approval, Comment
from tests.conftest import csrf_token
from tests.helpers import post_step, step_posts

from .conftest import example_document, post, project_state


def review_page(client, project_id) -> str:
    return client.get(f"/projects/{project_id}/steps/review").get_data(as_text=True)


def shown_revision(html: str) -> str:
    """The revision the decision form posts, as the page carries it."""
    form = re.search(r'<form method="post" action="/projects/\d+/review/decide".*?</form>', html, re.S).group(0)
    return re.search(r'name="revision" type="hidden" value="(\d+)"', form).group(1)


def submit(client, project_id):
    assert post(client, f"/projects/{project_id}/review/submit", project_id=project_id).status_code == 302


def save_cluster_name(client, project_id, name: str):
    cluster = dict(step_posts(example_document()))["cluster"]
    cluster["cluster__name"] = name
    token = csrf_token(client, f"/projects/{project_id}/steps/cluster")
    return post_step(client, project_id, "cluster", cluster, token, goto="")


def decide(client, project_id, decision: str, revision: str, note: str = ""):
    token = csrf_token(client, f"/projects/{project_id}/steps/review")
    return client.post(f"/projects/{project_id}/review/decide", data={
        "csrf_token": token, "decision": decision, "revision": revision, "note": note})


def test_the_decision_form_carries_the_revision_it_shows(app, as_user, team):
    submit(as_user("owner"), team)
    page = review_page(as_user("reviewer"), team)
    assert shown_revision(page) == str(project_state(app, team).revision)
    assert f"Record decision on revision {project_state(app, team).revision}" in page


def test_an_approval_of_a_revision_that_was_replaced_is_refused_and_shows_what_changed(app, as_user, team):
    owner, reviewer = as_user("owner"), as_user("reviewer")
    submit(owner, team)
    seen = shown_revision(review_page(reviewer, team))         # the reviewer opens revision 1 ...
    assert save_cluster_name(owner, team, "EXCLUS7").status_code == 302   # ... the editor saves revision 2
    submit(owner, team)                                          # ... and submits it again
    response = decide(reviewer, team, "approved", seen)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f"it was about revision {seen}" in page
    assert "Cluster name: EXCLUS1 → EXCLUS7" in page
    state = project_state(app, team)
    assert state.review_state == "in-review" and state.approved_revision is None
    with app.app_context():
        assert db.session.scalar(db.select(Approval)) is None
    assert shown_revision(page) == str(state.revision)  # deciding again is about what is shown now
    assert decide(reviewer, team, "approved", shown_revision(page)).status_code == 302
    assert project_state(app, team).approved_revision == state.revision


def test_a_decision_without_a_revision_is_refused(app, as_user, team):
    submit(as_user("owner"), team)
    token = csrf_token(as_user("reviewer"), f"/projects/{team}/steps/review")
    response = as_user("reviewer").post(f"/projects/{team}/review/decide",
                                        data={"csrf_token": token, "decision": "approved"})
    assert response.status_code == 422
    assert project_state(app, team).review_state == "in-review"


def test_editing_a_plan_in_review_warns_first_and_records_the_withdrawal(app, as_user, team):
    owner = as_user("owner")
    submit(owner, team)
    step = owner.get(f"/projects/{team}/steps/cluster").get_data(as_text=True)
    assert "Saving a change withdraws it from review" in step
    save_cluster_name(owner, team, "EXCLUS8")
    assert project_state(app, team).review_state == "draft"
    with app.app_context():
        summaries = db.session.scalars(db.select(Activity.summary).where(Activity.kind == "review")).all()
    assert any(summary.startswith("review withdrawn") for summary in summaries), summaries
    assert "review withdrawn" in owner.get(f"/projects/{team}/activity").get_data(as_text=True)


def test_saving_without_a_change_withdraws_nothing(app, as_user, team):
    owner = as_user("owner")
    submit(owner, team)
    save_cluster_name(owner, team, "EXCLUS1")  # the name it already has
    assert project_state(app, team).review_state == "in-review"


def test_the_owner_sees_the_note_of_changes_requested_on_review(app, as_user, team):
    owner, reviewer = as_user("owner"), as_user("reviewer")
    submit(owner, team)
    decide(reviewer, team, "changes-requested", shown_revision(review_page(reviewer, team)),
           note="Put the logs on their own LUN.")
    page = review_page(owner, team)
    assert "Changes requested" in page and "Put the logs on their own LUN." in page
    assert "by reviewer on revision" in page


def test_a_reply_to_a_reply_is_shown_in_its_thread(app, as_user, team):
    owner, reviewer = as_user("owner"), as_user("reviewer")
    assert post(reviewer, f"/projects/{team}/comments", {"target": "plan:", "body": "First remark"},
                project_id=team).status_code == 302
    with app.app_context():
        first = db.session.scalar(db.select(Comment.id))
    post(owner, f"/projects/{team}/comments/{first}/reply", {"body": "An answer"}, project_id=team)
    with app.app_context():
        answer = db.session.scalar(db.select(Comment.id).where(Comment.parent_id == first))
    response = post(reviewer, f"/projects/{team}/comments/{answer}/reply", {"body": "An answer to the answer"},
                    project_id=team)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#comment-{first}")
    thread = re.search(rf'<article class="comment[^"]*" id="comment-{first}">.*?</article>',
                       review_page(owner, team), re.S).group(0)
    assert "An answer" in thread and "An answer to the answer" in thread


def test_no_decision_is_chosen_in_advance_so_a_note_never_approves_by_default(app, as_user, team):
    submit(as_user("owner"), team)
    reviewer = as_user("reviewer")
    page = review_page(reviewer, team)
    assert '<option selected value="">Choose approve or request changes</option>' in page
    response = decide(reviewer, team, "", shown_revision(page), note="Please add a second storage group.")
    assert response.status_code == 422
    refused = response.get_data(as_text=True)
    assert "Choose whether to approve this revision or request changes." in refused
    assert "Please add a second storage group." in refused  # the note is kept
    state = project_state(app, team)
    assert state.review_state == "in-review" and state.approved_revision is None
