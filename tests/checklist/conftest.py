"""Browser support for the checklist tests.

`live_server` comes from tests/browser. Chromium is driven from a thread of its own: a second
sync Playwright cannot run in the thread where tests/browser's session-wide one lives, and both
directories run in the same pytest session.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, live_server  # noqa: F401  (re-exported fixture)


class ChromiumWorker:
    """Runs callables taking a Playwright Browser, always on the same worker thread."""

    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checklist-chromium")
        self._playwright = self._browser = None
        self._executor.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def run(self, work):
        return self._executor.submit(work, self._browser).result()

    def close(self) -> None:
        def stop():
            self._browser.close()
            self._playwright.stop()
        self._executor.submit(stop).result()
        self._executor.shutdown()


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; the test command installs it (apt-get install chromium)")
    worker = ChromiumWorker()
    yield worker
    worker.close()
