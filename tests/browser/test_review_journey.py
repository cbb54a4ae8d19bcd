"""Two people in two browsers review a plan; a third, not a member, cannot see it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import EXAMPLE_PLAN

from .test_wizard_journey import assert_accessible, choose, register

pytestmark = pytest.mark.browser


def save(page):
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("Saved: ")).to_be_visible()  # the page after the save, not the one it left


def test_owner_and_reviewer_take_a_plan_through_review(browser, live_server):
    url = live_server.url
    owner_context, reviewer_context, other_context = (browser.new_context() for _ in range(3))
    owner, reviewer, other = (c.new_page() for c in (owner_context, reviewer_context, other_context))
    register(owner, url, "olivia")
    register(reviewer, url, "rick")
    register(other, url, "mallory")

    # The owner imports a plan and leaves one warning in it.
    owner.get_by_label("Plan file (JSON)").set_input_files(str(EXAMPLE_PLAN))
    owner.get_by_role("button", name="Import").click()
    project_url = owner.url.split("/steps/")[0]
    owner.goto(project_url + "/steps/cluster")
    choose(owner, "The whole cluster solution is certified (Windows catalog / HCL)", "no")
    save(owner)

    # ... shares it with the reviewer and submits it.
    owner.get_by_role("link", name="Members").click()  # a tab: a plain link once the step is saved
    owner.get_by_label("User name").fill("rick")
    choose(owner, "Role", "reviewer")
    owner.get_by_role("button", name="Add").click()
    assert owner.get_by_role("cell", name="rick").is_visible()
    assert_accessible(owner)
    owner.get_by_role("link", name="Review", exact=True).click()
    owner.get_by_role("button", name="Submit revision").click()
    assert owner.get_by_role("heading", name="Team review: In review").is_visible()

    # The reviewer comments on a step and requests changes.
    reviewer.goto(url + "/projects")
    reviewer.get_by_role("link", name="Open Contoso mail cluster").click()
    reviewer.goto(project_url + "/steps/cluster")
    reviewer.get_by_label("Comment on cluster service").fill("Use a second DNS server for the heartbeat test?")
    reviewer.get_by_role("button", name="Add comment").click()
    assert reviewer.get_by_text("Use a second DNS server for the heartbeat test?").is_visible()
    reviewer.goto(project_url + "/steps/review")
    assert_accessible(reviewer)
    choose(reviewer, "Decision", "changes-requested")
    reviewer.get_by_label("Note to the team (optional)").fill("Add the second DNS server")
    reviewer.get_by_role("button", name="Record decision").click()
    assert reviewer.get_by_role("heading", name="Team review: Changes requested").is_visible()

    # The owner fixes it and resubmits.
    owner.goto(project_url + "/steps/active-directory")
    assert owner.get_by_text("Use a second DNS server").count() == 0  # comment belongs to the cluster step
    owner.get_by_label("DNS servers").fill("10.0.0.2, 10.0.0.3")
    save(owner)
    owner.goto(project_url + "/steps/review")
    owner.get_by_role("button", name="Submit revision").click()

    # The reviewer waives the remaining warning and approves.
    reviewer.goto(project_url + "/steps/review")
    reviewer.get_by_text("Waive this warning").click()
    reviewer.get_by_label("Reason for accepting hardware-certified").fill("Vendor-certified as a whole solution")
    reviewer.get_by_role("button", name="Waive", exact=True).click()
    assert reviewer.get_by_text("Waived by rick").first.is_visible()
    choose(reviewer, "Decision", "approved")
    reviewer.get_by_role("button", name="Record decision").click()
    assert reviewer.get_by_role("heading", name="Team review: Approved").is_visible()

    # The owner's next edit: back to draft, marked as changed since approval, with the exact difference.
    owner.goto(project_url + "/steps/nodes")
    owner.locator("#nodes-row-1").get_by_label("Public IP address").fill("10.0.0.13")
    save(owner)
    assert owner.get_by_role("link", name="Changed since approval").is_visible()
    owner.goto(project_url + "/steps/review")
    assert owner.get_by_role("heading", name="Team review: Draft").is_visible()
    assert owner.get_by_text("Public IP address: 10.0.0.12 → 10.0.0.13").first.is_visible()
    assert_accessible(owner)

    # Someone who is not a member sees nothing at all.
    response = other.goto(project_url + "/steps/basics")
    assert response.status == 404
    other.goto(url + "/projects")
    assert other.get_by_text("Contoso mail cluster").count() == 0
    for context in (owner_context, reviewer_context, other_context):
        context.close()
