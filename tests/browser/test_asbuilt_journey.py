"""A new user compares the cluster the team built with the plan, in a real browser."""
from __future__ import annotations

import pytest

from tests.asbuilt import fixtures as fx
from tests.conftest import EXAMPLE_PLAN

from .test_wizard_journey import assert_accessible, register

pytestmark = pytest.mark.browser


def import_example(page):
    page.get_by_label("Plan file (JSON)").set_input_files(str(EXAMPLE_PLAN))
    page.get_by_role("button", name="Import").click()
    return page.url.split("/steps/")[0]


def test_upload_a_capture_see_the_differences_and_tick_what_it_proves(browser, live_server, tmp_path):
    page = browser.new_context().new_page()
    register(page, live_server.url, "ada")
    project_url = import_example(page)
    page.get_by_role("link", name="As built", exact=True).click()
    assert page.get_by_role("heading", name="As built", exact=True).is_visible()
    assert page.get_by_text("At most 5.0 MB in all").is_visible()
    assert_accessible(page)

    # A file of another kind first: a clear message next to the field, nothing stored.
    page.get_by_label("Capture files").set_input_files(str(fx.FIXTURES / "2003-two-node-truncated.txt"))
    page.get_by_role("button", name="Compare with the plan").click()
    alert = page.get_by_role("alert")
    assert "cannot be read" in alert.inner_text() and "2003-two-node-truncated.txt, line 252" in alert.inner_text()
    assert page.get_by_text("No capture yet.").is_visible()

    # 50 MB: refused on its length, with the page and its message (not an error page, not a reset).
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"A" * (50 * 1024 * 1024))
    page.get_by_label("Capture files").set_input_files(str(huge))
    page.get_by_role("button", name="Compare with the plan").click()
    assert "What was sent is 50.0 MB" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("heading", name="As built", exact=True).is_visible()

    # The capture of the built cluster, with differences.
    page.get_by_label("Capture files").set_input_files(str(fx.FIXTURES / "2003-two-node-differences.txt"))
    page.get_by_role("button", name="Compare with the plan").click()
    assert page.get_by_text("Capture 1 compared with revision 1").is_visible()
    assert page.get_by_text("The cluster differs from the plan.").is_visible()
    for heading in ("Errors (2)", "Warnings (5)", "Notes (1)", "Not compared (1)"):
        assert page.get_by_role("heading", name=heading).is_visible()
    error = page.locator(".difference.finding-error").first
    assert "EXVS1 Network Name does not depend on EXVS1 IP Address." in error.inner_text()
    assert error.get_by_role("link", name="Checklist: In EXVS1 Group, create the Network Name resource EXVS1").count() == 1
    kerberos = page.locator(".difference.finding-error", has_text="Kerberos requirement")
    assert kerberos.get_by_role("link", name="evs-kerberos").count() == 1  # an error, as the plan rule makes it
    assert_accessible(page)

    # Tick the proven items in one action; the unproven one is not offered.
    proven = page.locator("#proven")
    offered = proven.get_by_role("checkbox")
    count = offered.count()
    assert count >= 5 and proven.get_by_label("In EXVS1 Group, create the Network Name resource EXVS1").count() == 0
    proven.get_by_role("button", name="Tick the chosen items as done").click()
    assert page.get_by_text(f"Ticked {count} checklist item(s) proven by capture 1.").is_visible()
    assert page.get_by_text("Every item this capture proves is already ticked.").is_visible()

    page.get_by_role("link", name="Checklist", exact=True).click()
    assert page.get_by_text(f"{count} of ").first.is_visible()
    network_name = page.locator(".item", has_text="create the Network Name resource EXVS1")
    assert network_name.get_by_role("button", name="Mark done").is_visible()
    ip_item = page.locator(".item", has_text="create an IP Address resource for 10.0.0.60")
    assert "from capture 1 by ada." in ip_item.locator(".tick-note").inner_text()
    ip_item.get_by_role("link", name="capture 1").click()
    assert "capture 1" in page.locator("#result-title").inner_text()


def test_a_partial_capture_a_refused_one_and_two_captures_compared(browser, live_server):
    page = browser.new_context().new_page()
    register(page, live_server.url, "lin")
    import_example(page)
    page.get_by_role("link", name="As built", exact=True).click()
    page.get_by_label("Capture files").set_input_files(str(fx.FIXTURES / "2003-two-node-differences.txt"))
    page.get_by_role("button", name="Compare with the plan").click()

    # Parts left out: neither a match nor green.
    page.get_by_label("Capture files").set_input_files(str(fx.FIXTURES / "2003-two-node-partial.txt"))
    page.get_by_role("button", name="Compare with the plan").click()
    verdict = page.locator(".verdict")
    assert "Incomplete: no difference in what could be compared, but 4 parts could not be compared." in verdict.inner_text()
    assert "verdict-incomplete" in verdict.get_attribute("class")
    assert page.get_by_text("The cluster matches the plan").count() == 0
    assert_accessible(page)

    # A refused file: said at the top, and the result below is named as the earlier capture's.
    page.get_by_label("Capture files").set_input_files(str(fx.FIXTURES / "2003-two-node-german.txt"))
    page.get_by_role("button", name="Compare with the plan").click()
    notice = page.locator(".refused-notice")
    assert notice.is_visible() and notice.bounding_box()["y"] < 400
    assert "The result on this page is still that of capture 2, the latest stored one." in notice.inner_text()
    assert page.get_by_role("heading", name="3. Result: latest stored capture, capture 2").is_visible()

    # Two captures compared: the page opens on what changed.
    page.get_by_label("Earlier capture").select_option(label=page.locator("#compare-a option").nth(1).inner_text())
    page.get_by_label("Later capture").select_option(index=0)
    page.get_by_role("button", name="Show what changed").click()
    assert page.url.endswith("#changes")
    heading = page.get_by_role("heading", name="From capture 1 to capture 2")
    box = heading.bounding_box()
    assert -10 < box["y"] < page.viewport_size["height"]  # scrolled to it (its top may sit a hair above)
    assert page.get_by_role("heading", name="Not compared in the later capture, so neither fixed nor still there (5)").is_visible()


def test_fill_a_node_from_a_servers_output(browser, live_server):
    page = browser.new_context().new_page()
    register(page, live_server.url, "grace")
    project_url = import_example(page)
    page.goto(project_url + "/steps/nodes")
    page.get_by_role("link", name="Fill a node from a server's ipconfig /all and systeminfo").click()
    text = fx.read("2003-two-node.txt").decode("cp437").replace("\r\n", "\n")
    node2 = "#### ipconfig /all" + text.split("#### ipconfig /all")[2]
    page.get_by_label("Output of ipconfig /all and systeminfo on one server").fill(
        node2.replace("10.0.0.12", "10.0.0.22").replace("ProLiant DL380 G4", "ProLiant DL380 G5"))
    page.get_by_role("button", name="Show what would change").click()
    assert page.get_by_role("heading", name="Fill node 2 from EXNODE2").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Apply 2 changes to the plan").click()
    assert page.get_by_text("Filled node 2 from EXNODE2's ipconfig /all and systeminfo: 2 answer(s) changed").is_visible()
    row = page.locator("#nodes-row-1")
    assert row.get_by_label("Public IP address").input_value() == "10.0.0.22"
    assert row.get_by_label("Hardware model").input_value() == "ProLiant DL380 G5"
