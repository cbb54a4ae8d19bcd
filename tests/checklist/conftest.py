"""Browser support for the checklist tests: a signed-in Chromium on the shared Playwright."""
from __future__ import annotations

import pytest

from tests.browser.conftest import live_server  # noqa: F401  (re-exported fixture)
from tests.conftest import PASSWORD

OWNER = "alice"


class SignedInBrowser:
    """Hands out contexts and pages that carry the owner's session cookie."""

    def __init__(self, browser, storage_state):
        self._browser, self._state = browser, storage_state

    def new_context(self, **options):
        return self._browser.new_context(storage_state=self._state, **options)

    def new_page(self, **options):
        return self.new_context(**options).new_page()


class Runner:
    def __init__(self, browser):
        self._browser = browser

    def run(self, work):
        return work(self._browser)


@pytest.fixture
def owner_account(live_server):
    from app.storage.accounts import create_user, find_user
    with live_server.app.app_context():
        return find_user(OWNER) or create_user(OWNER, PASSWORD)


@pytest.fixture
def chromium(browser, live_server, owner_account):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("User name").fill(OWNER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    state = context.storage_state()
    context.close()
    return Runner(SignedInBrowser(browser, state))
