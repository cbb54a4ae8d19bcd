"""An administrator checks a four-node Exchange 2003 design for node failures: imports the plan,
opens the Failover page from Review, picks a pair of failed nodes (JavaScript off: the form is a
plain GET), and reads where each virtual server goes, on a wide screen and a phone-sized one.
The accessibility check (axe) needs JavaScript, so it runs in the second journey."""
from __future__ import annotations

import json

import pytest

from tests.checklist.plans import four_node_2003_on_windows2000

from .test_wizard_journey import assert_accessible, register

pytestmark = pytest.mark.browser


@pytest.fixture
def four_node_file(tmp_path):
    path = tmp_path / "four-node.json"
    path.write_text(json.dumps(four_node_2003_on_windows2000()), encoding="utf-8")
    return str(path)


def test_an_administrator_picks_a_pair_of_failed_nodes_with_javascript_off(browser, live_server, four_node_file):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    register(page, live_server.url, "fiona")
    page.get_by_label("Plan file (JSON)").set_input_files(four_node_file)
    page.get_by_role("button", name="Import").click()
    page.goto(page.url.split("/steps/")[0] + "/steps/review")

    page.get_by_role("link", name="Failover what-if").click()
    assert page.get_by_role("heading", name="Failover what-if").is_visible()
    assert page.get_by_role("heading", name="Survives any single node failure: yes").is_visible()
    assert page.get_by_role("heading", name="Scenario: EXNODE3 fails").is_visible()  # shown until one is chosen

    # EXNODE1 and EXNODE2 fail together: EXVS1 takes the passive node, EXVS2 has nowhere left to go.
    page.get_by_label("EXNODE3", exact=True).uncheck()
    page.get_by_label("EXNODE1", exact=True).check()
    page.get_by_label("EXNODE2", exact=True).check()
    page.get_by_role("button", name="Show what happens").click()
    assert "fail=EXNODE1" in page.url and "fail=EXNODE2" in page.url
    assert page.get_by_role("heading", name="Scenario: EXNODE1 and EXNODE2 fail").is_visible()
    assert page.get_by_text("EXVS2 offline.").is_visible()
    rows = page.locator("table.moves tr")
    assert "EXNODE4 (moved)" in rows.filter(has_text="EXVS1 Group").inner_text()
    assert "Offline" in rows.filter(has_text="EXVS2 Group").inner_text()
    diagram = page.locator(".diagram svg")
    assert "What if these nodes fail: EXNODE1, EXNODE2" in diagram.text_content()
    assert diagram.locator('path[stroke-dasharray="7 4"][marker-end]').count() == 1  # EXVS1's move
    assert page.get_by_label("EXNODE1", exact=True).is_checked() and page.get_by_label("EXNODE2", exact=True).is_checked()

    # A row of the table shows another scenario; the current one is marked.
    page.get_by_role("link", name="EXNODE3 and EXNODE4 fail").click()
    assert page.get_by_role("heading", name="Scenario: EXNODE3 and EXNODE4 fail").is_visible()
    assert page.locator('a[aria-current="true"]').inner_text() == "EXNODE3 and EXNODE4 fail"

    # Nothing ticked is said next to the form.
    for name in ("EXNODE3", "EXNODE4"):
        page.get_by_label(name, exact=True).uncheck()
    page.get_by_role("button", name="Show what happens").click()
    assert page.get_by_role("alert").inner_text() == "Tick one node or more to see what happens when they fail."
    context.close()


def test_the_page_is_accessible_and_reads_on_a_phone(browser, live_server, four_node_file):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    register(page, live_server.url, "phil")
    page.get_by_label("Plan file (JSON)").set_input_files(four_node_file)
    page.get_by_role("button", name="Import").click()
    failover = page.url.split("/steps/")[0] + "/failover"
    page.goto(failover + "?fail=EXNODE1&fail=EXNODE2")
    assert_accessible(page)
    page.goto(failover + "?fail=EXNODE9")
    assert page.get_by_role("alert").inner_text().startswith("EXNODE9 is not a node of this plan")
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(failover + "?fail=EXNODE1")
    assert page.get_by_role("heading", name="Scenario: EXNODE1 fails").is_visible()
    main = page.locator("main")
    overflow = main.evaluate("m => [...m.querySelectorAll('*')].filter(e => !e.closest('.table-scroll, .diagram')"
                             " && e.getBoundingClientRect().right > window.innerWidth + 1).length")
    assert overflow == 0, "only the tables and the diagram may scroll sideways"
    # The scenario's tables stack into cards; each value keeps its column's name.
    row = page.locator("table.moves tr", has_text="EXVS1 Group")
    assert row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") == '"With every node up: "'
    svg_width = page.locator(".diagram svg").evaluate("svg => svg.getBoundingClientRect().width")
    assert svg_width > 700, "the diagram keeps a legible size and scrolls"
    context.close()
