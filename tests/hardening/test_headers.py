"""Security headers on every response, no inline script or style in any page, and a request size limit
that answers 413 with the friendly error page.

The pages come from crawling the app as a signed-in owner and reviewer and as a visitor: every GET
route of the URL map (filled with a seeded project's ids) and every same-site link found on the way,
plus the error pages (400, 403, 404, 405, 413, 422).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from flask import url_for

from app.storage.models import Project
from tests.conftest import csrf_token, user_client

from .common import OWNER, REVIEWER, count, seed

MAX_PAGES = 160
FOUR_MB = 4 * 1024 * 1024


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = [word.lower() for word in words[1:]]
    return out


def header_problems(response) -> list[str]:
    problems = []
    if response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.mimetype != "text/html":
        return problems
    policy = response.headers.get("Content-Security-Policy")
    if not policy:
        return problems + ["no Content-Security-Policy"]
    found = directives(policy)
    scripts = found.get("script-src", found.get("default-src"))
    if scripts is None:
        problems.append("CSP limits no script source")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(scripts):
        problems.append(f"CSP script-src allows {scripts}")
    if found.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is {found.get('frame-ancestors')}, not 'none'")
    if found.get("object-src", found.get("default-src")) not in (["'none'"], ["'self'"]):
        problems.append("CSP allows plugins (object-src)")
    return problems


class _Inline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if re.fullmatch(r"on\w+", name, flags=re.I):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name.lower() == "style":
                self.problems.append(f"style= on <{tag}>")
            if value and name.lower() in ("href", "src", "action", "formaction") and \
                    value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in <{tag} {name}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def page_problems(body: str) -> tuple[list[str], list[str]]:
    parser = _Inline()
    parser.feed(body)
    # Belt and braces: an event handler the parser might not see as an attribute (broken markup).
    problems = parser.problems + [f"on...= in the markup: {m.group(0)!r}" for m in
                                  re.finditer(r"<[^>]*\son\w+\s*=", body, flags=re.I)]
    return problems, parser.links


def get_routes(app, ids: dict) -> list[str]:
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            values = {name: ids[name] for name in rule.arguments}
            urls.append(url_for(rule.endpoint, **values))
    return urls


def crawl(browser, start: list[str]) -> dict[str, object]:
    """GET every start URL and every same-site link found on the way (bounded)."""
    seen: dict[str, object] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or "/logout" in url:
            continue
        response = browser.get(url)
        seen[url] = response
        if response.mimetype == "text/html":
            _, links = page_problems(response.get_data(as_text=True))
            for link in links:
                target, _ = urldefrag(urljoin(url, link))
                parts = urlsplit(target)
                if parts.netloc in ("", "localhost") and parts.path.startswith("/") and \
                        not parts.path.endswith("/delete"):
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.fixture
def crawled(app):
    ids = seed(app)
    owner, reviewer, visitor = user_client(app, OWNER), user_client(app, REVIEWER), app.test_client()
    token = csrf_token(owner, "/projects")
    base = f"/projects/{ids['project_id']}"
    responses = {}
    for who, browser in (("owner", owner), ("reviewer", reviewer), ("visitor", visitor)):
        for url, response in crawl(browser, get_routes(app, ids) + ["/login", "/register", "/nope"]).items():
            responses[f"{who} GET {url}"] = response
    # Error pages and refused forms.
    responses["404"] = owner.get("/projects/999999")
    responses["404 rule"] = owner.get("/rules/no-such-rule")
    responses["405"] = owner.put(f"{base}/checklist")
    responses["400 csrf"] = owner.post(f"{base}/comments", data={"body": "x"})
    responses["403"] = reviewer.get(f"{base}/rename")
    responses["422 step"] = owner.post(f"{base}/steps/cluster", data={"csrf_token": token, "cluster__ip": "x"})
    responses["422 comment"] = owner.post(f"{base}/comments", data={"csrf_token": token, "body": ""})
    responses["401 login"] = app.test_client().post("/login", data={
        "csrf_token": csrf_token(visitor, "/login"), "username": "x", "password": "y"})
    responses["413"] = owner.post(f"{base}/comments", data={"csrf_token": token, "body": "x" * (FOUR_MB + 1)})
    responses["health"] = visitor.get("/health")
    responses["static"] = visitor.get("/static/style.css")
    return responses


def test_the_crawl_reaches_every_kind_of_page(crawled):
    paths = " ".join(crawled)
    for fragment in ("/steps/basics", "/steps/review", "/checklist/print", "/checklist/nodes/", "/history/compare",
                     "/activity", "/members", "/rules/", "/login", "/register", "/projects/new", "/rename",
                     "checklist.md", "/export"):
        assert fragment in paths, fragment
    assert sum(response.mimetype == "text/html" for response in crawled.values()) >= 40


def test_every_response_has_the_security_headers(crawled):
    problems = [f"{what} (HTTP {response.status_code}): {problem}"
                for what, response in crawled.items() for problem in header_problems(response)]
    assert not problems, "\n".join(problems)


def test_no_page_has_inline_script_event_handlers_or_style_attributes(crawled):
    problems = []
    for what, response in crawled.items():
        if response.mimetype == "text/html":
            found, _ = page_problems(response.get_data(as_text=True))
            problems += [f"{what}: {problem}" for problem in found]
    assert not problems, "\n".join(problems[:50])


def test_no_5xx_anywhere_in_the_crawl(crawled):
    bad = {what: response.status_code for what, response in crawled.items() if response.status_code >= 500}
    assert not bad


def test_pages_with_plans_are_not_cached(crawled):
    for what, response in crawled.items():
        if response.mimetype == "text/html" and "/projects/" in what:
            assert "no-store" in response.headers.get("Cache-Control", ""), what


# ---------------------------------------------------------------- request size

def friendly_413(response) -> None:
    assert response.status_code == 413, response.status_code
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "too large" in body and "Traceback" not in body
    assert '<link rel="stylesheet"' in body   # the app's own error page, not a bare server message
    assert not header_problems(response)


def test_max_content_length_is_four_megabytes(app):
    assert app.config["MAX_CONTENT_LENGTH"] == FOUR_MB


@pytest.mark.parametrize("form", ["urlencoded", "multipart"])
def test_an_oversized_request_gets_the_friendly_413_page(app, client, form):
    ids = seed(app)
    token = csrf_token(client, "/projects")
    base = f"/projects/{ids['project_id']}"
    before_projects, before = count(app, Project), client.get(f"{base}/export").data
    big = "x" * (FOUR_MB + 1)
    targets = [f"{base}/steps/cluster", f"{base}/comments", "/projects/new", f"{base}/rename", "/projects/import"]
    for url in targets:
        if form == "multipart":
            data = {"csrf_token": token, "plan_file": (BytesIO(big.encode()), "plan.json"), "name": "x"}
            response = client.post(url, data=data, content_type="multipart/form-data")
        else:
            response = client.post(url, data={"csrf_token": token, "name": big, "body": big, "cluster__name": big})
        friendly_413(response)
    anonymous = app.test_client()
    friendly_413(anonymous.post("/login", data={"csrf_token": csrf_token(anonymous, "/login"), "username": big}))
    # A raw body that is not a form at all, and one that only claims to be small.
    friendly_413(client.post(f"{base}/steps/cluster", data=b"x" * (FOUR_MB + 1), content_type="application/json"))
    assert count(app, Project) == before_projects
    assert client.get(f"{base}/export").data == before   # nothing was saved


def test_a_request_just_under_the_limit_is_handled_normally(app, client):
    ids = seed(app)
    token = csrf_token(client, "/projects")
    response = client.post(f"/projects/{ids['project_id']}/comments",
                           data={"csrf_token": token, "target": "plan:", "body": "x" * (FOUR_MB - 4096)})
    assert response.status_code == 422   # read and refused by the form (too long a comment), not by size
