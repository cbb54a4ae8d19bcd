"""A new user starts from a template, reads why a question is asked, and compares two revisions,
in a real browser (with JavaScript on, and the Why? notes working without it)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_wizard_journey import assert_accessible, register

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to keep screenshots of the pages for a look


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_plan_from_a_template_explained_and_compared(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    register(page, live_server.url, "alice")
    page.get_by_role("link", name="New plan", exact=True).click()
    page.get_by_label("Plan name").fill("Contoso four-node cluster")
    page.get_by_label("Four nodes, three active and one passive").check()
    assert_accessible(page)
    shot(page, "new-plan")
    page.get_by_role("button", name="Create plan").click()

    assert page.get_by_role("heading", name="Example values to replace").is_visible()
    assert page.get_by_text("As it stands the plan checks clean").is_visible()
    assert page.get_by_role("row", name="Node 4 – Public IP address 192.0.2.14").is_visible()
    assert_accessible(page)
    shot(page, "placeholders")

    # Why is the quorum asked? Closed until asked for; it opens by keyboard or click alike.
    page.goto(page.url.split("/placeholders")[0] + "/steps/cluster")
    why = page.locator("#field-cluster__quorum__type details.why")
    assert not why.get_by_text("three must be running").is_visible()
    why.locator("summary").click()
    assert why.get_by_text("four nodes alone need three").is_visible()
    assert why.get_by_role("link", name="TechNet cc783705").get_attribute("href") == \
        "https://technet.microsoft.com/library/cc783705"
    page.locator("#field-cluster__public_gateway details.why summary").click()
    assert page.get_by_text("The private (heartbeat) adapter has no gateway").is_visible()
    assert_accessible(page)
    why.scroll_into_view_if_needed()
    shot(page, "why-expanded")

    # Replace an example value, then compare the two revisions.
    page.get_by_label("Cluster name").fill("MAILCLUS")
    page.get_by_role("link", name="History").click()  # a tab: the typed name is saved on the way (wizard.js)
    page.get_by_role("button", name="Show differences").click()
    assert page.get_by_role("heading", name="Cluster service").is_visible()
    assert page.get_by_text("Cluster name: EXCLUS1 → MAILCLUS").is_visible()
    assert_accessible(page)
    shot(page, "history-compare")

    # Review: the team's review state first, then the rule check by that name.
    page.get_by_role("link", name="Review").click()
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings.index("Team review: Draft") < headings.index("Rule check: no errors, every question answered")
    shot(page, "review")
    context.close()


def test_why_notes_open_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    register(page, live_server.url, "bob")
    page.get_by_role("link", name="New plan", exact=True).click()
    page.get_by_label("Plan name").fill("No script")
    page.get_by_role("button", name="Create plan").click()
    page.goto(page.url.replace("/steps/basics", "/steps/active-directory"))
    why = page.locator("#field-active_directory__forestprep_account_schema_admin details.why")
    why.locator("summary").click()
    assert why.get_by_text("Only members of Schema Admins may change the schema").is_visible()
    context.close()
