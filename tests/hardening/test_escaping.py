"""Script in every text a user controls comes out as text: in every page, the printout, the Markdown
download and the SVG diagram.

A plan whose every free-text answer carries `<script>alert(1)</script>` and `"><img src=x
onerror=alert(1)>` (the format allows any string there) is imported, commented on, waived, decided,
renamed; then every page is parsed: no script or img element, no event handler attribute, never the
raw payload. Each answer is tagged, and every tag must show up (escaped) somewhere, so a field that
silently stopped being shown does not make the test pass.
"""
from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from flask import url_for

from app.domain.diagram import render_svg
from app.extensions import db
from app.storage.models import Project
from app.domain.plan import load_plan
from tests.conftest import csrf_token, user_client
from tests.domain.plans import BASES

from .common import OWNER, REVIEWER, assert_sane, give_role, import_example

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
PAYLOADS = (SCRIPT, BREAKOUT)
FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "foreignobject", "base", "meta-refresh"}


def evil(tag: str) -> str:
    return f"{tag}{SCRIPT}{BREAKOUT}"


# Keys whose answers are free text in the format (the other answers are addresses, choices, numbers).
FREE_TEXT = ("name", "description", "label", "group", "domain", "forest_root_domain", "hardware_model",
             "service_account")


def hostile(document: dict) -> tuple[dict, set[str]]:
    """The document with every free-text answer replaced by a tagged payload; returns the tags."""
    document = copy.deepcopy(document)
    tags: set[str] = set()

    def walk(node, trail: str):
        if isinstance(node, dict):
            for key, value in node.items():
                path = f"{trail}.{key}" if trail else key
                if key in FREE_TEXT and isinstance(value, str):
                    tag = re.sub(r"[^A-Z0-9]", "", path.upper())
                    node[key] = evil(tag)
                    tags.add(tag)
                else:
                    walk(value, path)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{trail}{index}")
    walk(document, "")
    document.setdefault("description", evil("DESCRIPTION"))
    tags.add("DESCRIPTION")
    names = [node["name"] for node in document.get("nodes", [])]
    document["setup"]["node_order"] = list(names)
    for server in document.get("virtual_servers", []):
        server["preferred_owners"] = list(names)
    document["cluster"]["hardware_certified"] = False   # a warning, so there is something to waive
    load_plan(document)
    return document, tags


# ---------------------------------------------------------------- what "escaped" means

class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag.lower() in FORBIDDEN_TAGS and not own_script(tag, dict(attrs)):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")


def own_script(tag: str, attrs: dict) -> bool:
    """The step pages load htmx and their glue from static/ (no inline script: the CSP forbids it)."""
    return tag.lower() == "script" and (attrs.get("src") or "").startswith("/static/")


def html_problems(body: str) -> list[str]:
    parser = _Elements()
    parser.feed(body)
    problems = parser.problems
    problems += [f"raw payload {payload!r}" for payload in PAYLOADS if payload in body]
    return problems


def svg_problems(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)   # must be well-formed XML
    problems = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1].lower()
        if local in FORBIDDEN_TAGS:
            problems.append(f"<{local}> in the SVG")
        problems += [f"{name}= in the SVG" for name in element.attrib if name.lower().startswith("on")]
    return problems


CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def markdown_problems(text: str) -> list[str]:
    """Outside code spans no HTML may start: `<` is always an entity there."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        outside = CODE_SPAN.sub("", line)
        if re.search(r"<[A-Za-z/!?]", outside):
            problems.append(f"line {number}: HTML outside a code span: {line[:160]!r}")
    return problems


def shown_tags(body: str, tags: set[str]) -> set[str]:
    text = html.unescape(body)
    return {tag for tag in tags if tag + SCRIPT in text or tag + "<script>" in text}


# ---------------------------------------------------------------- the hostile project

@pytest.fixture(params=["ex2003-win2003", "ex2007-ccr-win2008"])
def hostile_project(request, app, client):
    document, tags = hostile(BASES[request.param]())
    project_id = import_example(app, OWNER, document)
    give_role(app, project_id, REVIEWER, "reviewer")
    reviewer = user_client(app, REVIEWER)
    review_page = f"/projects/{project_id}/steps/review"
    owner_token, reviewer_token = csrf_token(client, review_page), csrf_token(reviewer, review_page)

    def post(who, token, url, **data):
        response = who.post(url, data={"csrf_token": token, **data})
        assert response.status_code in (302, 303), (url, response.status_code, response.get_data(as_text=True)[:500])
    base = f"/projects/{project_id}"
    post(client, owner_token, f"{base}/comments", target="plan:", body=evil("COMMENT"))
    post(client, owner_token, f"{base}/comments", target="step:nodes", body=evil("STEPCOMMENT"),
         return_to=f"{base}/steps/nodes")
    with app.app_context():
        from app.storage.models import Comment
        comment_id = db.session.scalars(db.select(Comment.id)).first()
    post(reviewer, reviewer_token, f"{base}/comments/{comment_id}/reply", body=evil("REPLY"))
    post(reviewer, reviewer_token, f"{base}/waivers", rule="hardware-certified",
         subject="cluster.hardware_certified", reason=evil("WAIVER"))
    with app.app_context():
        db.session.get(Project, project_id).review_state = "in-review"
        db.session.commit()
    with app.app_context():
        revision = db.session.get(Project, project_id).revision
    post(reviewer, reviewer_token, f"{base}/review/decide", decision="changes-requested", note=evil("NOTE"),
         revision=str(revision))
    post(client, owner_token, f"{base}/rename", name=evil("RENAMED"))
    tags |= {"COMMENT", "STEPCOMMENT", "REPLY", "WAIVER", "NOTE", "RENAMED"}
    with app.app_context():
        project = db.session.get(Project, project_id)
        nodes = [node.name for node in project.plan.node_list]
    return {"id": project_id, "tags": tags, "nodes": nodes, "reviewer": reviewer, "base": base}


def project_pages(app, project) -> list[str]:
    base = project["base"]
    with app.test_request_context():
        node_pages = [url_for("checklist.node", project_id=project["id"], node_name=name) for name in project["nodes"]]
    steps = ["basics", "active-directory", "cluster", "nodes", "storage", "virtual-servers", "setup", "review"]
    return ([f"{base}/steps/{step}" for step in steps] + node_pages +
            [f"{base}/checklist", f"{base}/checklist/print", f"{base}/history", f"{base}/history/compare?a=1&b=2",
             f"{base}/history/compare?a=2&b=1", f"{base}/activity", f"{base}/members", f"{base}/rename",
             f"{base}/delete", "/projects", "/rules", "/rules/hardware-certified",
             "/rules/" + quote(SCRIPT, safe=""), f"{base}/checklist/nodes/" + quote(evil("NOSUCHNODE"), safe="")])


def test_every_page_shows_the_payloads_as_text(app, client, hostile_project):
    errors, seen = [], set()
    for who, browser in (("owner", client), ("reviewer", hostile_project["reviewer"])):
        for page in project_pages(app, hostile_project):
            response = browser.get(page)
            body = assert_sane(response, f"GET {page}")
            assert response.status_code in (200, 403, 404), (page, response.status_code)
            errors += [f"{page} ({who}): {problem}" for problem in html_problems(body)]
            seen |= shown_tags(body, hostile_project["tags"])
    assert not errors, "\n".join(errors)
    assert seen == hostile_project["tags"], f"never shown: {sorted(hostile_project['tags'] - seen)}"


def test_per_node_checklists_exist_for_names_with_angle_brackets(app, client, hostile_project):
    for name in hostile_project["nodes"]:
        assert "<" in name and ">" in name
        with app.test_request_context():
            page = url_for("checklist.node", project_id=hostile_project["id"], node_name=name)
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.get_data(as_text=True)
        assert not html_problems(body)
        assert name not in body and name in html.unescape(body)


def test_the_diagram_is_well_formed_svg_without_script(app, client, hostile_project):
    with app.app_context():
        plan = db.session.get(Project, hostile_project["id"]).plan
    svg = render_svg(plan)
    assert not svg_problems(svg)
    assert SCRIPT not in svg and BREAKOUT not in svg
    found = 0
    for page in ("steps/review", "checklist", "checklist/print"):
        body = client.get(f"{hostile_project['base']}/{page}").get_data(as_text=True)
        for match in re.finditer(r"<svg\b.*?</svg>", body, flags=re.S):
            assert not svg_problems(match.group(0)), page
            found += 1
    assert found >= 3
    text = "".join(ElementTree.fromstring(svg).itertext())
    assert SCRIPT in text   # shown to the reader as the literal characters


def test_the_markdown_download_cannot_render_html(app, client, hostile_project):
    response = client.get(f"{hostile_project['base']}/checklist.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = response.get_data(as_text=True)
    problems = markdown_problems(text)
    assert not problems, "\n".join(problems)
    assert "&lt;script>" in text    # the names are there, a tag's start as an entity


def test_the_export_is_a_download_not_a_page(client, hostile_project):
    response = client.get(f"{hostile_project['base']}/export")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    header = response.headers["Content-Disposition"]
    assert header.count('"') == 2  # the quotes around the ASCII name, and none inside it
    real_name = header.split("filename*=UTF-8''", 1)[1]
    assert '"' not in real_name and " " not in real_name and ";" not in real_name  # percent-encoded


# ---------------------------------------------------------------- echoes of refused input

def test_refused_input_is_echoed_escaped(app, client):
    project_id = import_example(app)
    token = csrf_token(client, "/projects")
    short = "<script>x</script>"
    checks = []
    # A wizard answer that cannot be read: the 422 page and the draft shown afterwards.
    data = {"csrf_token": token, "cluster__name": evil("C"), "cluster__ip": short, "cluster__public_network": short,
            "cluster__quorum__type": BREAKOUT}
    checks.append(("wizard 422", client.post(f"/projects/{project_id}/steps/cluster", data=data)))
    checks.append(("wizard draft", client.get(f"/projects/{project_id}/steps/cluster")))
    rows = {"csrf_token": token, "nodes-0-name": evil("N"), "nodes-0-public_ip": short, "nodes-0-origin": "0",
            "nodes-1-name": BREAKOUT, "nodes-1-binaries_drive": short, "nodes-1-origin": "1"}
    checks.append(("nodes 422", client.post(f"/projects/{project_id}/steps/nodes", data=rows)))
    # Forms of the project and review pages.
    checks.append(("new project", client.post("/projects/new", data={"csrf_token": token, "name": "x" * 201 + SCRIPT,
                                                                     "exchange_version": BREAKOUT})))
    checks.append(("member", client.post(f"/projects/{project_id}/members", data={
        "csrf_token": token, "username": SCRIPT, "role": BREAKOUT})))
    from io import BytesIO
    bad = b'{"format": "exchange-cluster-plan/1", "<script>alert(1)</script>": 1}'
    checks.append(("import", client.post("/projects/import", content_type="multipart/form-data", data={
        "csrf_token": token, "plan_file": (BytesIO(bad), '"><img src=x onerror=alert(1)>.json')})))
    bad_value = b'{"format": "exchange-cluster-plan/1", "cluster": {"ip": "\\"><img src=x onerror=alert(1)>"}}'
    checks.append(("import value", client.post("/projects/import", content_type="multipart/form-data", data={
        "csrf_token": token, "plan_file": (BytesIO(bad_value), "plan.json")})))
    anonymous = app.test_client()
    login_token = csrf_token(anonymous, "/login")
    checks.append(("login", anonymous.post("/login", data={"csrf_token": login_token, "username": BREAKOUT,
                                                           "password": SCRIPT, "next": BREAKOUT})))
    checks.append(("register", anonymous.post("/register", data={"csrf_token": login_token, "username": SCRIPT,
                                                                 "password": "long enough", "confirm": "long enough"})))
    checks.append(("login next", anonymous.get("/login?next=" + quote(BREAKOUT))))
    problems = []
    for what, response in checks:
        body = assert_sane(response, what)
        problems += [f"{what}: {problem}" for problem in html_problems(body)]
    assert not problems, "\n".join(problems)


def test_user_names_cannot_carry_markup(app):
    from app.storage.accounts import AccountError, create_user
    with app.app_context():
        for name in (SCRIPT, BREAKOUT, "a<b", "a>b", 'a"b', "a'b", "a&b"):
            with pytest.raises(AccountError):
                create_user(name, "long enough password")
