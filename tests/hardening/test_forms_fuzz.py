"""Property-based attacks on every form: random, malformed and oversized values, missing and unknown
fields, bogus row indexes and actions. Never a 5xx or a traceback, and never a partial write.

Each test builds its app once (the fixtures are per test function) and reuses one project across
the examples; the wizard tests put the example plan back before each example.
"""
from __future__ import annotations

import html
import itertools
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.storage.models import ROLES, Membership, Project, User
from app.storage.models import ChecklistTick
from app.domain.plan import load_plan
from app.domain.plan.model import MISSING
from app.storage.models import Approval, Comment, Waiver
from app.web.wizard.steps import STEPS, STEPS_BY_NAME
from tests.conftest import PASSWORD, csrf_token, user_client
from tests.helpers import step_posts

from .common import (EXAMPLE, FUZZ, OWNER, REVIEWER, WARNING_RULE, WARNING_SUBJECT, XSS, assert_sane, count,
                     ensure_user, example, import_example, reset_document, scalars, seed, snapshot, stored,
                     value_at, values, watch_errors)

BASE_POSTS = dict(step_posts(EXAMPLE))
WIZARD_STEPS = list(BASE_POSTS)


def test_the_example_covers_every_form_step():
    assert WIZARD_STEPS == [step.name for step in STEPS if not step.is_review]


def _every_field_name() -> list[str]:
    """Field names of every question of every step, whatever the versions (2007-only ones too)."""
    names = []
    for step in STEPS:
        if step.rows:
            for index in (0, 1, 2, 5):
                names.append(f"{step.rows.key}-{index}-origin")
                for question in step.rows.questions:
                    names.append(f"{step.rows.key}-{index}-{question.field_name}")
                    if question.none_label:
                        names.append(f"{step.rows.key}-{index}-{question.field_name}__none")
        for group in step.groups:
            for question in group.questions:
                names.append(question.field_name)
                if question.none_label:
                    names.append(question.field_name + "__none")
                if question.kind == "order":
                    names += [f"{question.field_name}-{index}" for index in (0, 1, 2, 7)]
    return names


BOGUS_NAMES = [
    "nodes-999-name", "nodes--1-name", "nodes-abc-name", "nodes-²-name", "nodes-٣-name", "nodes-①-name",
    "nodes-" + "9" * 5000 + "-name", "nodes-99999999999999999999-name", "nodes-0", "nodes", "nodes-0-",
    "nodes-0-origin-x", "nodes-0-nodes-0-name", "disks-999-letter", "virtual_servers-²-name",
    "virtual_servers-999999-disks", "setup__node_order-²", "setup__node_order-999", "setup__node_order",
    "setup__node_order-" + "1" * 5000, "exchange__version__none", "exchange", "format", "document", "__proto__",
    "", "-", "--", "csrf_token2", "base_revision", "goto", "action", "nodes-0-csrf_token", "name\x00",
    "\r", "\n", "a\rb", "\\", '"', "nodes-0-name\r\n",
]
FIELD_NAMES = _every_field_name() + BOGUS_NAMES
ACTIONS = ["add", "remove-0", "remove-1", "remove-999", "remove--1", "remove-", "remove-abc", "remove-²",
           "remove-٣", "remove-" + "9" * 5000, "remove-99999999999999999999", "remove", "add-1", "ADD"]
GOTOS = ["", "next", "back", "review", "basics", "nodes", "nowhere", "../admin"] + [s.name for s in STEPS]
REVISIONS = ["0", "1", "2", "-1", "abc", "²", "٣", "9" * 5000, "99999999999999999999", "1.5", " 1"]
ORIGINS = ["0", "1", "2", "999", "-1", "²", "٣", "", "abc", "9" * 5000]


def optional(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def wizard_posts(draw, step: str) -> MultiDict:
    """The step's real form post with each field kept, dropped or replaced, plus junk fields."""
    base = BASE_POSTS[step]
    data = MultiDict()
    for name in dict.fromkeys(base.keys()):
        fate = draw(st.sampled_from(["keep", "keep", "drop", "replace", "replace"]))
        if fate == "keep":
            for value in base.getlist(name):
                data.add(name, value)
        elif fate == "replace":
            value = draw(st.sampled_from(ORIGINS) if name.endswith("-origin") else values())
            for item in (value if isinstance(value, list) else [value]):
                data.add(name, item)
    for name, value in draw(st.lists(st.tuples(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20)),
                                               values()), max_size=6)):
        for item in (value if isinstance(value, list) else [value]):
            data.add(name, item)
    action = draw(optional(st.one_of(st.sampled_from(ACTIONS), st.text(max_size=12))))
    if action is not None:
        data.add("action", action)
    goto = draw(optional(st.one_of(st.sampled_from(GOTOS), st.text(max_size=12))))
    if goto is not None:
        data.add("goto", goto)
    revision = draw(optional(st.one_of(st.sampled_from(REVISIONS), st.text(max_size=6))))
    if revision is not None:
        data.add("base_revision", revision)
    return data


FIELD_DIV = re.compile(r'<div class="field field-\w+[^"]*" data-path="([^"]*)"')


def refused_paths(page: str) -> list[str]:
    """Plan paths of the fields a 422 page marks with an error message."""
    refused = []
    chunks = re.split(r'(?=<div class="field field-)', page)
    for chunk in chunks:
        match = FIELD_DIV.match(chunk)
        if match and 'class="error-message"' in chunk:
            refused.append(html.unescape(match.group(1)))
    return refused


def _earlier_values(before: dict, step, path: str) -> list:
    """What the field held before: at the same path, or for a row, in any row (rows may move)."""
    found = [value_at(before, path)]
    if step.rows:
        key = path.split("].", 1)[1] if "]." in path else ""
        rows = before.get(step.rows.key) if isinstance(before.get(step.rows.key), list) else []
        found += [value_at(row, key) for row in rows]
    return found


@pytest.mark.parametrize("step_name", WIZARD_STEPS)
def test_wizard_step_survives_hostile_posts(app, client, step_name):
    step = STEPS_BY_NAME[step_name]
    errors = watch_errors(app)
    project_id = import_example(app)
    url = f"/projects/{project_id}/steps/{step_name}"
    token = csrf_token(client, url)

    @FUZZ
    @given(data=wizard_posts(step_name), keep_revision=st.booleans(), multipart=st.booleans())
    def attack(data, keep_revision, multipart):
        reset_document(app, project_id, example())
        before = stored(app, project_id)
        data = MultiDict(data)
        data["csrf_token"] = token
        if keep_revision and "base_revision" not in data:
            data["base_revision"] = str(before.revision)
        response = client.post(url, data=data, content_type="multipart/form-data" if multipart else None)
        page = assert_sane(response, f"POST {step_name}", errors)
        event(f"HTTP {response.status_code}")
        # 400: a NUL character somewhere (refused as a whole), 409: the base revision names an older
        # version of this step, 413: too large, 200: a row added or removed (shown, not saved).
        assert response.status_code in (200, 302, 400, 409, 413, 422), response.status_code
        assert response.status_code != 200 or data.get("action")
        after = stored(app, project_id)
        load_plan(after.document)  # the stored document is always a valid plan
        if response.status_code in (200, 400, 409, 413):
            assert after.document == before.document and after.revision == before.revision
        elif response.status_code == 302:
            assert step_name not in after.drafts
            assert urlsplit(response.headers["Location"]).path.startswith(f"/projects/{project_id}/steps/")
        else:
            assert step_name in after.drafts, "refused answers must be kept as a draft"
            refused = refused_paths(page)
            assert refused, "a 422 page names the refused answers"
            for path in refused:
                value = value_at(after.document, path)
                assert value is MISSING or value in _earlier_values(before.document, step, path), \
                    f"{path} was refused but is now {value!r}"
        # The page (with its draft) still renders, and so does the review.
        assert_sane(client.get(url), f"GET {step_name} after the post", errors)

    attack()
    assert_sane(client.get(f"/projects/{project_id}/steps/review"), "review", errors)


def test_wizard_control_posts_save(app, client):
    """Control: the unmodified posts of the example still save cleanly (the fuzz posts are the only difference)."""
    project_id = import_example(app)
    token = csrf_token(client, f"/projects/{project_id}/steps/basics")
    for step_name, data in BASE_POSTS.items():
        data = MultiDict(data)
        data["csrf_token"] = token
        response = client.post(f"/projects/{project_id}/steps/{step_name}", data=data)
        assert response.status_code == 302, step_name


# ---------------------------------------------------------------- projects: create, rename, import

def junk_fields():
    return st.lists(st.tuples(st.one_of(st.sampled_from(["id", "owner", "plan_json", "revision", "name",
                                                          "csrf_token", "submit"]), st.text(max_size=10)),
                              scalars()), max_size=3)


def add_junk(data: MultiDict, junk) -> MultiDict:
    for name, value in junk:
        if name != "csrf_token":
            data.add(name, value)
    return data


def field(draw, valid: list, missing_allowed: bool = True):
    """Mostly a sensible value (so the later checks of a form are reached too), else anything or nothing."""
    fate = draw(st.sampled_from(["valid", "valid", "valid", "hostile", "missing", "nul"]))
    if fate == "missing" and missing_allowed:
        return None
    if fate == "nul":   # a NUL inside an otherwise fine value: PostgreSQL cannot store it
        value = str(draw(st.sampled_from(valid)))
        return value[:1] + "\x00" + value[1:]
    return draw(st.sampled_from(valid) if fate == "valid" else values())


def put(data: MultiDict, name: str, value) -> None:
    if value is None:
        return
    for item in (value if isinstance(value, list) else [value]):
        data.add(name, item)


def test_new_project_form(app, client):
    errors = watch_errors(app)
    token = csrf_token(client, "/projects/new")

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        data = MultiDict({"csrf_token": token})
        name = field(draw, ["Contoso", " padded ", "x" * 200, "x" * 201] + XSS)
        put(data, "name", name)
        put(data, "description", field(draw, ["", "notes", "d" * 2000, "d" * 2001]))
        put(data, "exchange_version", field(draw, ["2000", "2003", "2007"]))
        put(data, "windows_version", field(draw, ["2000", "2003", "2008"]))
        add_junk(data, draw(junk_fields()))
        before = count(app, Project)
        response = client.post("/projects/new", data=data)
        assert_sane(response, "POST /projects/new", errors)
        after = count(app, Project)
        if response.status_code == 302:
            assert after == before + 1
            with app.app_context():
                project = db.session.scalars(db.select(Project).order_by(Project.id.desc())).first()
                load_plan(project.document)
                assert project.name == data.get("name").strip()
                assert project.document["name"] == project.name
                assert len(project.description) <= 2000
        else:
            assert response.status_code in (400, 413, 422), response.status_code
            assert after == before

    attack()


def test_rename_form(app, client):
    errors = watch_errors(app)
    project_id = import_example(app)
    url = f"/projects/{project_id}/rename"
    token = csrf_token(client, url)

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        data = MultiDict({"csrf_token": token})
        put(data, "name", field(draw, ["Renamed", "  spaced  ", "n" * 200, "n" * 201, " "] + XSS))
        add_junk(data, draw(junk_fields()))
        before = stored(app, project_id)
        response = client.post(url, data=data)
        assert_sane(response, "POST rename", errors)
        after = stored(app, project_id)
        load_plan(after.document)
        if response.status_code == 302:
            assert after.name == data.get("name").strip() == after.document["name"]
        else:
            assert response.status_code in (400, 413, 422), response.status_code
            assert (after.name, after.document, after.revision) == (before.name, before.document, before.revision)

    attack()


@st.composite
def import_uploads(draw):
    """Malformed shapes of the import form: no file, text instead of a file, odd names, several files."""
    from io import BytesIO
    import json
    shape = draw(st.sampled_from(["file", "text", "none", "empty-name", "two-files", "empty-file"]))
    valid = json.dumps(EXAMPLE).encode()
    content = draw(st.one_of(st.just(valid), st.just(valid), st.binary(max_size=200),
                             scalars().map(lambda s: s.encode("utf-8", "replace")),
                             st.builds(lambda cut: valid[:cut], st.integers(0, len(valid) - 1))))
    filename = draw(st.one_of(st.sampled_from(["plan.json", "../../etc/passwd", "a\x00b.json", "<x>.json", "",
                                               "plan.exe", "é" * 300]), st.text(max_size=20)))
    data = MultiDict()
    if shape == "file":
        data.add("plan_file", (BytesIO(content), filename or "x"))
    elif shape == "text":
        data.add("plan_file", content.decode("utf-8", "replace"))
    elif shape == "empty-name":
        data.add("plan_file", (BytesIO(content), ""))
    elif shape == "two-files":
        data.add("plan_file", (BytesIO(content), "one.json"))
        data.add("plan_file", (BytesIO(json.dumps(EXAMPLE).encode()), "two.json"))
    elif shape == "empty-file":
        data.add("plan_file", (BytesIO(b""), "empty.json"))
    return data


def test_import_form_shapes(app, client):
    errors = watch_errors(app)
    token = csrf_token(client, "/projects")

    @FUZZ
    @given(upload=import_uploads(), junk=junk_fields())
    def attack(upload, junk):
        data = add_junk(MultiDict(upload), junk)
        data["csrf_token"] = token
        before = count(app, Project)
        response = client.post("/projects/import", data=data, content_type="multipart/form-data")
        assert_sane(response, "POST import", errors)
        after = count(app, Project)
        if response.status_code == 302:
            assert after == before + 1
        else:
            assert response.status_code in (400, 413, 422), response.status_code
            assert after == before, "an invalid file stores nothing"

    attack()


# ---------------------------------------------------------------- review: comments, waivers, decisions, members

@pytest.fixture
def seeded(app):
    return seed(app)


def test_comment_forms(app, client, seeded):
    errors = watch_errors(app)
    project_id, comment_id = seeded["project_id"], seeded["comment_id"]
    token = csrf_token(client, f"/projects/{project_id}/steps/review")
    targets = ["plan:", "step:basics", "step:nodes", f"finding:{WARNING_RULE}@{WARNING_SUBJECT}", "item:x",
               "step:", "finding:", "plan", ":", "bogus:1"]
    returns = [f"/projects/{project_id}/steps/basics", "//evil.example", "/projects//evil.example",
               "/projects/\\evil.example", "https://evil.example/", "/projects/\t/evil.example",
               "javascript:alert(1)", "/projects/1/../../logout"]

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        kind = draw(st.sampled_from(["comment", "reply", "resolve"]))
        data = MultiDict({"csrf_token": token})
        put(data, "body", field(draw, ["Looks good", " padded ", "b" * 5000, "b" * 5001, "   "] + XSS))
        if kind == "comment":
            put(data, "target", field(draw, targets))
            put(data, "return_to", field(draw, returns))
            url = f"/projects/{project_id}/comments"
        elif kind == "reply":
            url = f"/projects/{project_id}/comments/{comment_id}/reply"
        else:
            put(data, "resolved", field(draw, ["0", "1", "yes"]))
            url = f"/projects/{project_id}/comments/{comment_id}/resolve"
        add_junk(data, draw(junk_fields()))
        before = count(app, Comment)
        response = client.post(url, data=data)
        assert_sane(response, f"POST {kind}", errors)
        after = count(app, Comment)
        if response.status_code in (302, 303):
            assert_local_redirect(response)
            if kind != "resolve":
                assert after == before + 1
                with app.app_context():
                    newest = db.session.scalars(db.select(Comment).order_by(Comment.id.desc())).first()
                    assert newest.body == data.get("body").strip() and 0 < len(newest.body) <= 5000
        else:
            assert response.status_code in (400, 413, 422), response.status_code
            assert after == before

    attack()


def assert_local_redirect(response) -> None:
    """A redirect must stay on this site, also as browsers read it (they drop tabs and newlines and
    treat a backslash like a slash)."""
    location = response.headers["Location"]
    seen_by_browser = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    parts = urlsplit(seen_by_browser)
    assert not parts.scheme and not parts.netloc, f"redirect leaves the site: {location!r}"
    assert seen_by_browser.startswith("/") and not seen_by_browser.startswith("//"), location


def test_waiver_and_decision_forms(app, seeded):
    errors = watch_errors(app)
    project_id = seeded["project_id"]
    reviewer = user_client(app, REVIEWER)
    token = csrf_token(reviewer, f"/projects/{project_id}/steps/review")
    review_url = f"/projects/{project_id}/steps/review"

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        kind = draw(st.sampled_from(["waive", "withdraw", "decide"]))
        data = MultiDict({"csrf_token": token})
        with app.app_context():
            project = db.session.get(Project, project_id)
            project.review_state = "in-review"
            revision = project.revision
            if draw(st.booleans()):
                for waiver in db.session.scalars(db.select(Waiver)):
                    waiver.withdrawn_at, waiver.withdrawn_by_id = None, None
            db.session.commit()
        if kind == "waive":
            if draw(st.booleans()):
                data.add("rule", WARNING_RULE)
                data.add("subject", WARNING_SUBJECT)
            else:
                put(data, "rule", field(draw, [WARNING_RULE, "quorum-disk", "nope"]))
                put(data, "subject", field(draw, [WARNING_SUBJECT, "cluster.name", ""]))
            put(data, "reason", field(draw, ["Accepted", "r" * 5000, "r" * 5001, " "] + XSS))
            url = f"/projects/{project_id}/waivers"
        elif kind == "withdraw":
            waiver_id = draw(st.sampled_from([seeded["waiver_id"], 0, 999999, 2 ** 31]))
            url = f"/projects/{project_id}/waivers/{waiver_id}/withdraw"
        else:
            put(data, "revision", field(draw, [str(revision), str(revision + 1), "0", "x", "1" * 12]))
            put(data, "decision", field(draw, ["approved", "changes-requested", "rejected"]))
            put(data, "note", field(draw, ["", "fine", "n" * 5000, "n" * 5001] + XSS))
            url = f"/projects/{project_id}/review/decide"
        add_junk(data, draw(junk_fields()))
        waivers, approvals = count(app, Waiver), count(app, Approval)
        response = reviewer.post(url, data=data)
        assert_sane(response, f"POST {kind}", errors)
        state = stored(app, project_id).review_state
        if kind == "waive":
            if response.status_code == 302:
                assert count(app, Waiver) == waivers + 1
            else:
                assert count(app, Waiver) == waivers
        elif kind == "decide":
            if response.status_code == 302:
                assert count(app, Approval) == approvals + 1 and state == data.get("decision")
                assert data.get("revision") == str(revision)  # only a decision on the revision shown
            else:
                assert response.status_code in (400, 409, 413, 422), response.status_code
                assert count(app, Approval) == approvals and state == "in-review"
        assert_sane(reviewer.get(review_url), "review page", errors)

    attack()


def _memberships(app, project_id) -> set:
    with app.app_context():
        return {(m.user_id, m.role) for m in db.session.scalars(
            db.select(Membership).where(Membership.project_id == project_id))}


def test_member_forms(app, client, seeded):
    errors = watch_errors(app)
    project_id = seeded["project_id"]
    url = f"/projects/{project_id}/members"
    token = csrf_token(client, url)

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        data = MultiDict({"csrf_token": token})
        remove = draw(st.booleans())
        if remove:
            target = draw(st.sampled_from([seeded["membership_id"], 0, 999999, 2 ** 40]))
            post_url = f"{url}/{target}/remove"
        else:
            put(data, "username", field(draw, [REVIEWER, " rita ", "RITA", OWNER, "eddie", "nobody", "u" * 81]))
            put(data, "role", field(draw, list(ROLES) + ["admin", ""]))
            post_url = url
        add_junk(data, draw(junk_fields()))
        before = _memberships(app, project_id)
        response = client.post(post_url, data=data)
        assert_sane(response, "POST members", errors)
        after = _memberships(app, project_id)
        if response.status_code != 302:
            assert response.status_code in (400, 404, 413, 422), response.status_code
            assert after == before
        elif not remove:
            assert len(after) >= len(before) and all(role != "owner" for _, role in after - before)
        if remove and seeded["membership_id"] != target:
            assert after == before

    attack()


def test_checklist_tick_form(app, client, seeded):
    errors = watch_errors(app)
    project_id = seeded["project_id"]
    token = csrf_token(client, f"/projects/{project_id}/checklist")
    url = f"/projects/{project_id}/checklist/ticks"

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        data = MultiDict({"csrf_token": token})
        put(data, "item_id", field(draw, seeded["item_ids"] + ["p9.nothing", ""]))
        put(data, "action", field(draw, ["tick", "untick", "toggle"]))
        put(data, "back", field(draw, ["", "EXNODE1", "EXNODE2", "//evil.example", "../x"]))
        add_junk(data, draw(junk_fields()))
        before = count(app, ChecklistTick)
        response = client.post(url, data=data)
        assert_sane(response, "POST tick", errors)
        after = count(app, ChecklistTick)
        assert abs(after - before) <= 1
        if response.status_code == 303:
            assert_local_redirect(response)
            if data.get("item_id") not in seeded["item_ids"] or data.get("action") not in ("tick", "untick"):
                assert after == before
        else:
            assert response.status_code in (400, 413), response.status_code
            assert after == before

    attack()
    assert_sane(client.get(f"/projects/{project_id}/checklist"), "checklist", errors)


# ---------------------------------------------------------------- accounts: sign in, register, sign out

def test_login_form(app):
    errors = watch_errors(app)
    ensure_user(app, OWNER)

    examples = itertools.count(1)

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        # Each example from its own address: sign-in is throttled per address (the throttle has tests of its own).
        number = next(examples)
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        data = MultiDict({"csrf_token": csrf_token(browser, "/login")})
        put(data, "username", field(draw, [OWNER, "ALICE", " alice ", "nobody", "u" * 81]))
        put(data, "password", field(draw, [PASSWORD, PASSWORD + " ", "p" * 201]))
        put(data, "next", field(draw, ["/projects/1", "//evil.example", "/\\evil.example", "/\t/evil.example",
                                       "https://evil.example", "/%2F%2Fevil.example", "\\\\evil.example",
                                       "/ /evil.example", "/\\/evil.example", "javascript:alert(1)"]))
        add_junk(data, draw(junk_fields()))
        response = browser.post("/login", data=data)
        assert_sane(response, "POST /login", errors)
        if response.status_code == 302:
            assert data.get("password") == PASSWORD and (data.get("username") or "").strip().lower() == OWNER
            assert_local_redirect(response)
        else:  # 429: many examples together reach the overall limit of failed sign-ins
            assert response.status_code in (400, 401, 413, 429), response.status_code

    attack()


def test_open_redirect_after_sign_in_is_refused(app):
    """Browsers read "/\\evil.example" as "//evil.example": another site."""
    ensure_user(app, OWNER)
    for target in ["/\\evil.example", "/\t/evil.example", "//evil.example", "/\\\\evil.example", "/\n/evil.example"]:
        browser = app.test_client()
        data = {"csrf_token": csrf_token(browser, "/login"), "username": OWNER, "password": PASSWORD,
                "next": target}
        response = browser.post("/login", data=data)
        assert response.status_code == 302
        assert_local_redirect(response)


def test_register_form(app):
    errors = watch_errors(app)

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        browser = app.test_client()
        data = MultiDict({"csrf_token": csrf_token(browser, "/register")})
        name = field(draw, ["newbie", "Newbie", "alice", "a", "x" * 80, "x" * 81, "bad name", "élan", ".dot",
                            "ok_name-1.2", " spaced ", "name\x00"] + XSS)
        if draw(st.booleans()):
            name = draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{1,12}", fullmatch=True))
        password = field(draw, ["long enough pw", "short", "p" * 200, "p" * 201])
        put(data, "username", name)
        put(data, "password", password)
        put(data, "confirm", password if draw(st.booleans()) else field(draw, ["long enough pw"]))
        add_junk(data, draw(junk_fields()))
        before = count(app, User)
        response = browser.post("/register", data=data)
        assert_sane(response, "POST /register", errors)
        after = count(app, User)
        if response.status_code == 302:
            assert after == before + 1
            with app.app_context():
                newest = db.session.scalars(db.select(User).order_by(User.id.desc())).first()
                assert newest.username == data.get("username").strip()
                assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,79}", newest.username)
        else:
            assert response.status_code in (400, 413, 422), response.status_code
            assert after == before

    attack()


# ---------------------------------------------------------------- every POST route: junk never breaks it

def _fill(rule, ids: dict, draw) -> dict | None:
    values_for = {
        "project_id": [ids["project_id"], ids["project_id"], 0, 999999, 2 ** 40, 10 ** 20],
        "comment_id": [ids["comment_id"], 0, 999999, 10 ** 20],
        "waiver_id": [ids["waiver_id"], 0, 999999, 10 ** 20],
        "membership_id": [ids["membership_id"], 0, 999999, 10 ** 20],
        "number": [1, 2, 0, 999999, 10 ** 20],
        "node_name": [ids["node_name"], "NOPE", "<x>", "a/b", "a\x00b", "²"],
        "step_name": ["basics", "nodes", "review", "nope", "a\x00b"],
        "rule_id": [ids["rule_id"], "nope", "a\x00b"],
        "phase": [2, 0, 9, 10 ** 20],
        "scope": ["cluster", ids["node_name"], "NOPE", "<x>", "a/b", "²"],
        "kind": ["cmd", "ps1"],
    }
    out = {}
    for argument in rule.arguments:
        if argument not in values_for:
            return None
        out[argument] = draw(st.sampled_from(values_for[argument]))
    return out


def test_every_post_route_survives_junk(app):
    """Whatever route is added later is attacked too: the list comes from the URL map."""
    from flask import url_for
    errors = watch_errors(app)
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)
    state = {"ids": seed(app)}
    owner, reviewer = user_client(app, OWNER), user_client(app, REVIEWER)
    tokens = {id(owner): csrf_token(owner, "/projects"), id(reviewer): csrf_token(reviewer, "/projects")}

    @FUZZ
    @given(st.data())
    def attack(data_strategy):
        draw = data_strategy.draw
        rule = draw(st.sampled_from(rules))
        if stored(app, state["ids"]["project_id"]) is None:   # deleted by an earlier example
            state["ids"] = seed(app)
        arguments = _fill(rule, state["ids"], draw)
        assert arguments is not None, f"no values for the arguments of {rule.rule}"
        with app.test_request_context():
            url = url_for(rule.endpoint, **arguments)
        client = draw(st.sampled_from([owner, reviewer]))
        data = MultiDict({"csrf_token": tokens[id(client)]})
        for name, value in draw(st.lists(st.tuples(st.one_of(st.sampled_from(FIELD_NAMES + [
                "body", "name", "reason", "decision", "note", "username", "role", "item_id", "action", "target",
                "resolved", "rule", "subject", "password", "confirm", "next", "back", "return_to"]),
                st.text(max_size=10)), values()), max_size=8)):
            put(data, name, value)
        if rule.endpoint == "accounts.logout":
            return  # signs the shared client out; covered by the CSRF test
        multipart = draw(st.booleans())
        response = client.post(url, data=data, content_type="multipart/form-data" if multipart else None)
        assert_sane(response, f"POST {url}", errors)
        document = stored(app, state["ids"]["project_id"])
        if document is not None:
            load_plan(document.document)

    attack()


# ---------------------------------------------------------------- NUL characters: fine for SQLite, fatal for PostgreSQL

def test_a_nul_character_in_any_field_of_any_form_is_refused_whole(app):
    """PostgreSQL cannot store U+0000 in text; no form sends one, so a request holding one is refused
    (400) before anything reads it, and nothing changes."""
    ids = seed(app)
    owner, reviewer = user_client(app, OWNER), user_client(app, REVIEWER)
    tokens = {id(owner): csrf_token(owner, "/projects"), id(reviewer): csrf_token(reviewer, "/projects")}
    fields = ["name", "description", "body", "reason", "note", "username", "password", "target", "item_id",
              "cluster__name", "nodes-0-name", "nodes-0-hardware_model", "disks-0-label", "virtual_servers-0-group"]
    from flask import url_for
    before = snapshot(app)
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)
    for rule in rules:
        if rule.endpoint in ("accounts.logout", "projects.delete", "projects.duplicate", "review.submit",
                             "review.restore", "review.resolve", "review.withdraw", "review.remove_member"):
            continue   # forms without fields of their own
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
        for client in (owner, reviewer):
            for name in fields:
                data = {"csrf_token": tokens[id(client)], "target": "plan:", "decision": "approved", "role": "viewer",
                        "exchange_version": "2003", "windows_version": "2003", "action": "tick",
                        name: "with\x00nul"}
                response = client.post(url, data=data)
                assert response.status_code == 400, (url, name, response.status_code)
            assert client.post(url, data={"csrf_token": tokens[id(client)], "with\x00nul": "x"}).status_code == 400
    assert snapshot(app) == before
    anonymous = app.test_client()
    token = csrf_token(anonymous, "/login")
    for url in ("/login", "/register"):
        assert anonymous.post(url, data={"csrf_token": token, "username": "a\x00b", "password": "x" * 9,
                                         "confirm": "x" * 9}).status_code == 400
    assert snapshot(app) == before


def test_ids_too_large_for_the_database_are_simply_not_found(app, client):
    """An id in a URL beyond the database's integers (SQLite fails on those) is a 404, on every route."""
    from flask import url_for
    ids = seed(app)
    token = csrf_token(client, "/projects")
    checked = 0
    for rule in app.url_map.iter_rules():
        numeric = [name for name, converter in rule._converters.items()
                   if type(converter).__name__ == "IntegerConverter"]
        for name in numeric:
            for huge_id in (2 ** 31, 2 ** 63, 10 ** 30):
                values = {argument: ids[argument] for argument in rule.arguments}
                values[name] = huge_id
                with app.test_request_context():
                    url = url_for(rule.endpoint, **values)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    response = client.open(url, method=method, data={"csrf_token": token})
                    assert_sane(response, f"{method} {url}")
                    assert response.status_code == 404, (method, url, response.status_code)
                    checked += 1
    assert checked >= 60


# ---------------------------------------------------------------- query strings of GET pages

def test_query_strings_of_every_page(app, client):
    """GET forms (compare two revisions) and query parameters (next=, ?a=²) never break a page."""
    from flask import url_for
    errors = watch_errors(app)
    ids = seed(app)
    with app.test_request_context():
        pages = [url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
                 for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"]
    names = ["a", "b", "next", "page", "step", "q", "format"]

    @FUZZ
    @given(page=st.sampled_from(sorted(pages)), query=st.lists(st.tuples(st.sampled_from(names), scalars()),
                                                               max_size=3))
    def attack(page, query):
        response = client.get(page, query_string=[(name, value[:2000]) for name, value in query])
        assert_sane(response, f"GET {page}?{query!r:.200}", errors)

    attack()
    for a, b in (("²", "1"), ("1", "①"), ("9" * 30, "1"), ("-1", "1"), ("1", "2")):
        assert_sane(client.get(f"/projects/{ids['project_id']}/history/compare", query_string={"a": a, "b": b}),
                    f"compare {a} {b}", errors)
