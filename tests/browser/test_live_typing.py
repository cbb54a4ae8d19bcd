"""A check that comes back while someone is about to type over a field must not garble the field:
the selection they made stays, so what they type replaces it (a trial typed over a selected value
just as the check of the previous field was swapped in, and its text landed before the old one)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_wizard_journey import register


def test_typing_over_a_selected_value_while_a_check_is_swapped_in_replaces_it(page, live_server):
    register(page, live_server.url, "alice")
    page.get_by_role("link", name="New plan", exact=True).click()
    page.get_by_label("Plan name").fill("Typing")
    page.get_by_role("button", name="Create plan").click()
    page.goto(page.url.rsplit("/steps/", 1)[0] + "/steps/cluster")
    address = page.locator("#cluster__ip")
    name = page.locator("#cluster__name")

    held = []
    page.route("**/check", lambda route: held.append(route))
    address.fill("10.0.0.99")
    name.click()                      # leaving the address asks for its check, held back here
    page.wait_for_timeout(200)
    assert held, "the check was not asked for"
    address.click()
    page.keyboard.press("Control+A")  # the person selects the old value ...
    page.evaluate("window.swapped = false; document.body.addEventListener('htmx:afterSettle', "
                  "function () { window.swapped = true; }, { once: true })")
    for route in held:
        route.continue_()             # ... the check comes back and is swapped in around them ...
    for _ in range(100):              # (the page's CSP forbids wait_for_function's eval)
        if page.evaluate("window.swapped"):
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.swapped"), "the check never came back"
    page.keyboard.type("10.0.0.60")   # ... and what they type replaces the selection
    assert address.input_value() == "10.0.0.60"
    page.unroute("**/check")
