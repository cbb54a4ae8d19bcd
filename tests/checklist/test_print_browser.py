"""The printout in real headless Chromium: printed to PDF on A4 and Letter, then read back."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from app.storage import ticks
from app.domain.runbook.generate import build_checklist

from .plans import four_node_2003_on_windows2000, import_project

pytestmark = pytest.mark.browser

PAPER_POINTS = {"A4": (595, 842), "Letter": (612, 792)}
# Printable width in CSS pixels: the paper less print.css's 14 mm side margins.
PRINTABLE_WIDTH = {"A4": round((210 - 28) / 25.4 * 96), "Letter": round((215.9 - 28) / 25.4 * 96)}
TICKED = ("p1.forest.forestprep", "p2.node.EXNODE3.configure-network")


@pytest.fixture
def printed_project(live_server, owner_account):
    with live_server.app.app_context():
        project = import_project(four_node_2003_on_windows2000())
        checklist = build_checklist(project.plan)
        for item_id in TICKED:
            ticks.tick(project, checklist.get(item_id), "")
        return project.id, len(checklist.phases)


def print_to_pdf(chromium, url: str, paper: str) -> bytes:
    def work(browser):
        page = browser.new_page()
        try:
            page.goto(url)
            return page.pdf(format=paper)
        finally:
            page.close()
    return chromium.run(work)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, with the typographic ligatures (ﬀ, ﬁ) Chromium embeds spelled out."""
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printout_pages(live_server, chromium, printed_project, paper):
    project_id, phase_count = printed_project
    pdf = print_to_pdf(chromium, f"{live_server.url}/projects/{project_id}/checklist/print", paper)
    reader = PdfReader(io.BytesIO(pdf))
    texts = page_texts(pdf)

    assert len(texts) > phase_count - 1
    width, height = PAPER_POINTS[paper]
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - width) < 2 and abs(float(page.mediabox.height) - height) < 2
    assert all(text.strip() for text in texts), "no blank pages"

    first = texts[0]
    assert "Four-node Exchange 2003" in first and "Revision" in first and "Printed" in first
    assert "Open errors and warnings" in first and "Warning" in first.replace("WARNING", "Warning")
    assert "Phase 1:" not in first

    starts = [next(i for i, text in enumerate(texts) if f"Phase {n}:" in text) for n in range(1, phase_count + 1)]
    assert starts == sorted(set(starts)), "each phase starts on a page of its own"
    for index in starts:
        assert re.search(r"^\s*Phase \d+:", texts[index], re.M)

    everything = "\n".join(texts)
    assert everything.count("signed off") == phase_count
    assert "setup /forestprep" in everything and "comclust.exe" in everything
    assert "Ticked " in everything
    assert re.search(r"Page 1 of \d+", first)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printout_fits_the_paper_width(live_server, chromium, printed_project, paper):
    project_id, _ = printed_project

    def work(browser):
        page = browser.new_page(viewport={"width": PRINTABLE_WIDTH[paper], "height": 1000})
        try:
            page.emulate_media(media="print")
            page.goto(f"{live_server.url}/projects/{project_id}/checklist/print")
            return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        finally:
            page.close()

    scroll_width, client_width = chromium.run(work)
    assert scroll_width <= client_width


def test_ticking_with_the_keyboard_and_javascript_off(live_server, chromium, printed_project):
    project_id, _ = printed_project

    def work(browser):
        context = browser.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(f"{live_server.url}/projects/{project_id}/checklist")
            before = page.locator(".checklist-progress label").inner_text()
            button = page.locator("button.tick-box[aria-pressed='false']").first
            button.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return before, page.locator(".checklist-progress label").inner_text(), page.url
        finally:
            context.close()

    before, after, url = chromium.run(work)
    assert before.startswith(f"{len(TICKED)} of ")
    assert after.startswith(f"{len(TICKED) + 1} of ")
    assert f"/projects/{project_id}/checklist" in url


def test_every_printed_page_names_the_plan_its_revision_and_draft(live_server, chromium, printed_project):
    project_id, _ = printed_project
    texts = page_texts(print_to_pdf(chromium, f"{live_server.url}/projects/{project_id}/checklist/print", "A4"))
    for number, text in enumerate(texts, start=1):
        assert "Four-node Exchange 2003 · revision 1 · DRAFT" in text, f"page {number}"
        assert text.count("DRAFT") >= 2, f"page {number} has no DRAFT mark"


def test_the_scripts_download_from_the_checklist(live_server, chromium, printed_project):
    project_id, _ = printed_project

    def work(browser):
        context = browser.new_context(accept_downloads=True)
        try:
            page = context.new_page()
            page.goto(f"{live_server.url}/projects/{project_id}/checklist")
            page.get_by_role("link", name="Scripts").click()
            with page.expect_download() as download:
                page.get_by_role("link", name="phase2-01-EXNODE3.cmd").click()
            path = download.value.path()
            return download.value.suggested_filename, open(path, "rb").read()
        finally:
            context.close()

    name, body = chromium.run(work)
    assert name.endswith("phase2-01-EXNODE3.cmd")
    assert body.startswith(b"@echo off\r\n") and b"REM ---- p2.node.EXNODE3.configure-network" in body
