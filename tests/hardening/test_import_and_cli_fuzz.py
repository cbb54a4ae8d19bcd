"""Random plan documents — valid plans with fragments swapped, deleted or replaced by garbage, and
plain garbage — fed to the loader, the import form and `flask plan check`.

The loader either returns a plan or raises PlanFormatError; the import stores exactly the documents
the loader accepts and nothing else; every page of an imported plan renders; `plan check` exits 0, 1
or 2, and with 2 prints one line on standard error, never a traceback.
"""
from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.domain.diagram import render_svg
from app.domain.runbook.generate import build_checklist
from app.domain.runbook.markdown import render_markdown
from app.storage.models import Project
from app.domain.plan import Plan, PlanFormatError, dump_plan, load_plan, loads_plan
from app.domain.rules import check
from tests.conftest import csrf_token
from tests.domain.plans import BASES

from .common import CONTROL_CHARS, FUZZ, TRICKY, XSS, assert_sane, count, watch_errors

BASE_DOCUMENTS = {name: make() for name, make in BASES.items()}


# ---------------------------------------------------------------- documents

def _paths(node, trail=()):
    """Every (container, key) of a JSON value, containers before their contents."""
    out = []
    if isinstance(node, dict):
        for key in list(node):
            out.append((node, key))
            out += _paths(node[key], trail + (key,))
    elif isinstance(node, list):
        for index in range(len(node)):
            out.append((node, index))
            out += _paths(node[index], trail + (index,))
    return out


def _fragments() -> list:
    """Every value found anywhere in the valid bases: transplanted elsewhere they are well-formed but
    inconsistent (a 2007 node in a 2000 plan, a disk list in place of the nodes...)."""
    found = []
    for document in BASE_DOCUMENTS.values():
        found += [copy.deepcopy(container[key]) for container, key in _paths(document)]
    return found


FRAGMENTS = _fragments()


def _fragments_by_key() -> dict:
    found: dict = {}
    for document in BASE_DOCUMENTS.values():
        for container, key in _paths(document):
            found.setdefault(key if isinstance(key, str) else "[]", []).append(copy.deepcopy(container[key]))
    return found


FRAGMENTS_BY_KEY = _fragments_by_key()
# Keys whose values the format takes as any text: there a plan stays valid whatever is typed.
FREE_TEXT = {"name", "label", "group", "domain", "forest_root_domain", "hardware_model", "service_account",
             "description", "node_order", "preferred_owners"}
KEYS = sorted({key for document in BASE_DOCUMENTS.values() for container, key in _paths(document)
               if isinstance(key, str)})

text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(TRICKY + XSS + ["", " ", "EXNODE1", "EXNODE1 ", "exnode1", "R:", "Q:", "10.0.0.60"]),
    st.text(alphabet=st.sampled_from(CONTROL_CHARS), max_size=5),
    st.text(alphabet=st.characters(categories=["Cs", "Co", "Cn", "Zs", "Mn"]), min_size=1, max_size=5),
    st.builds(lambda piece, n: piece * n, st.sampled_from(["N", "<", "é"]), st.integers(100, 20_000)),
)
leaves = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                   st.integers(-3, 200), st.floats(allow_nan=False, allow_infinity=False), text)
garbage = st.recursive(
    leaves,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children,
                                               max_size=4)),
    max_leaves=12)


@st.composite
def mutated_plans(draw) -> dict:
    document = copy.deepcopy(BASE_DOCUMENTS[draw(st.sampled_from(sorted(BASE_DOCUMENTS)))])
    for _ in range(draw(st.integers(0, 5))):
        paths = _paths(document)
        if not paths:
            break
        container, key = draw(st.sampled_from(paths))
        operation = draw(st.sampled_from(["delete", "garbage", "fragment", "fragment", "text", "text", "null",
                                          "unknown-key", "copy-row", "empty", "many-rows"]))
        value = container[key]
        if operation == "delete":
            del container[key]
        elif operation == "garbage":
            container[key] = draw(garbage)
        elif operation == "fragment":
            container[key] = copy.deepcopy(draw(st.sampled_from(FRAGMENTS)))
        elif operation == "text" and isinstance(value, str):
            container[key] = draw(text)
        elif operation == "null":
            container[key] = None
        elif operation == "unknown-key" and isinstance(value, dict):
            value[draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)))] = draw(garbage)
        elif operation == "copy-row" and isinstance(value, list) and value:
            value.append(copy.deepcopy(draw(st.sampled_from(value))))
        elif operation == "empty" and isinstance(value, (list, dict)):
            value.clear()
        elif operation == "many-rows" and isinstance(value, list) and value:
            value.extend(copy.deepcopy(value[0]) for _ in range(draw(st.integers(1, 9))))
    return document


@st.composite
def odd_valid_plans(draw) -> dict:
    """Mostly still loadable, but odd: any text in free-text answers, sections taken from plans of other
    versions, rows copied, emptied or removed, answers left out."""
    document = copy.deepcopy(BASE_DOCUMENTS[draw(st.sampled_from(sorted(BASE_DOCUMENTS)))])
    for _ in range(draw(st.integers(1, 6))):
        paths = [(container, key) for container, key in _paths(document) if key != "format"]
        if not paths:
            break
        container, key = draw(st.sampled_from(paths))
        value = container[key]
        operation = draw(st.sampled_from(["delete", "text", "text", "text", "same-key", "same-key", "copy-row",
                                          "drop-row", "many-rows"]))
        if operation == "delete":
            del container[key]
        elif operation == "text":
            texts = [(c, k) for c, k in paths if isinstance(c[k], str) and
                     (k in FREE_TEXT or isinstance(k, int) and c is not document)]
            if texts:
                target, name = draw(st.sampled_from(texts))
                target[name] = draw(text)
        elif operation == "same-key":
            container[key] = copy.deepcopy(draw(st.sampled_from(
                FRAGMENTS_BY_KEY.get(key if isinstance(key, str) else "[]", [value]))))
        elif operation == "copy-row" and isinstance(value, list) and value:
            value.append(copy.deepcopy(draw(st.sampled_from(value))))
        elif operation == "drop-row" and isinstance(value, list) and value:
            del value[draw(st.integers(0, len(value) - 1))]
        elif operation == "many-rows" and isinstance(value, list) and value:
            value.extend(copy.deepcopy(value[-1]) for _ in range(draw(st.integers(1, 9))))
    return document


@st.composite
def plan_files(draw) -> bytes:
    """What a plan file may hold: a mutated plan, plain garbage, or bytes that are not JSON at all."""
    kind = draw(st.sampled_from(["odd", "odd", "odd", "plan", "plan", "garbage", "bytes"]))
    if kind == "odd":
        document = draw(odd_valid_plans())
    elif kind == "plan":
        document = draw(mutated_plans())
    elif kind == "garbage":
        document = draw(garbage)
        if isinstance(document, dict) and draw(st.booleans()):
            document["format"] = "exchange-cluster-plan/1"
    else:
        return draw(st.one_of(
            st.binary(max_size=300),
            st.sampled_from([b"", b"\xef\xbb\xbf{}", b"[" * 100_000, b'{"format": NaN}', b"\xff\xfe{\x00}\x00",
                             b'{"format": "exchange-cluster-plan/1", "name": 1' + b"0" * 5000 + b"}",
                             b'{"format": "exchange-cluster-plan/1", "name": "\\ud800"}',
                             b'{"format": "exchange-cluster-plan/1", "name": "a", "name": 1}',
                             b'{"format": "exchange-cluster-plan/1", "cluster": {"a\\u0000b": 1}}'])))
    raw = json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    corruption = draw(st.sampled_from(["none"] * 7 + ["bom", "truncate", "latin-1"]))
    if corruption == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif corruption == "truncate" and raw:
        raw = raw[:draw(st.integers(0, len(raw) - 1))]
    elif corruption == "latin-1":
        raw = raw.replace(b"a", b"\xe9", 1)
    return raw


def loaded(raw: bytes) -> Plan | PlanFormatError:
    try:
        return loads_plan(raw)
    except PlanFormatError as error:
        return error


# ---------------------------------------------------------------- the loader

@FUZZ
@given(raw=plan_files())
def test_loader_accepts_a_plan_or_names_the_problem(raw):
    outcome = loaded(raw)   # any other exception fails the test
    if isinstance(outcome, PlanFormatError):
        assert "\n" not in str(outcome) and str(outcome).strip(), repr(str(outcome))
        return
    document = dump_plan(outcome)
    assert dump_plan(load_plan(json.loads(json.dumps(document)))) == document   # stable round trip
    report = check(outcome)
    checklist = build_checklist(outcome)
    ElementTree.fromstring(render_svg(outcome))
    render_markdown(checklist, plan_name=str(outcome.name), revision=1, generated_at=datetime(2024, 1, 1),
                    findings=report.errors + report.warnings)
    for name in checklist.node_names:
        checklist.for_node(name)


# ---------------------------------------------------------------- the import form and the pages

def test_import_stores_exactly_the_valid_documents(app, client):
    errors = watch_errors(app)
    token = csrf_token(client, "/projects")

    @FUZZ
    @given(raw=plan_files())
    def attack(raw):
        outcome = loaded(raw)
        before = count(app, Project)
        data = MultiDict({"csrf_token": token})
        data.add("plan_file", (BytesIO(raw), "plan.json"))
        response = client.post("/projects/import", data=data, content_type="multipart/form-data")
        body = assert_sane(response, "POST /projects/import", errors)
        if isinstance(outcome, PlanFormatError):
            assert response.status_code == 422, response.status_code
            assert "Not imported" in body
            assert count(app, Project) == before, "an invalid file stores nothing"
            return
        assert response.status_code == 302, body[:2000]
        assert count(app, Project) == before + 1
        project_id = int(response.headers["Location"].split("/projects/")[1].split("/")[0])
        with app.app_context():
            from app.extensions import db
            project = db.session.get(Project, project_id)
            # As loaded; only the name may be told apart from an existing plan's, and a description
            # moves to the project.
            def unnamed(document):
                return {key: value for key, value in document.items() if key not in ("name", "description")}
            assert unnamed(project.document) == unnamed(dump_plan(outcome))
        # Every page of a plan that loads must render, however odd the plan.
        base = f"/projects/{project_id}"
        pages = [f"{base}/steps/{step}" for step in ("basics", "active-directory", "cluster", "nodes", "storage",
                                                     "virtual-servers", "setup", "review")]
        pages += [f"{base}/checklist", f"{base}/checklist/print", f"{base}/checklist.md", f"{base}/export",
                  f"{base}/history", f"{base}/activity", f"{base}/members", "/projects"]
        pages += [f"{base}/checklist/nodes/{name}" for name in build_checklist(outcome).node_names[:2]]
        for page in pages:
            assert_sane(client.get(page), f"GET {page}", errors)

    attack()


# ---------------------------------------------------------------- flask plan check

def run_check(app, args, stdin=None):
    result = app.test_cli_runner().invoke(args=["plan", "check", *args], input=stdin)
    return result


def assert_check_outcome(result, outcome, as_json: bool) -> None:
    shown = f"exit {result.exit_code}\nstdout: {result.stdout[:1000]}\nstderr: {result.stderr[:1000]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{shown}\n{result.exc_info and ''.join(__import__('traceback').format_exception(*result.exc_info))}"
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.exit_code in (0, 1, 2), shown
    if isinstance(outcome, PlanFormatError):
        assert result.exit_code == 2, shown
        assert result.stdout == "", shown
        assert len(result.stderr.splitlines()) == 1 and result.stderr.endswith("\n"), shown
        assert result.stderr.startswith("error: "), shown
    else:
        assert result.exit_code in (0, 1), shown
        assert result.stderr == "", shown
        if as_json:
            data = json.loads(result.stdout)
            assert data["ready"] == (result.exit_code == 0)


@pytest.fixture
def cli_app():
    from app import create_app
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_plan_check_exits_0_1_or_2(cli_app, tmp_path):
    path = tmp_path / "plan.json"

    @FUZZ
    @given(raw=plan_files(), as_json=st.booleans(), from_stdin=st.booleans())
    def attack(raw, as_json, from_stdin):
        outcome = loaded(raw)
        args = ["--json"] if as_json else []
        if from_stdin:
            result = run_check(cli_app, ["-", *args], stdin=raw)
        else:
            path.write_bytes(raw)
            result = run_check(cli_app, [str(path), *args])
        assert_check_outcome(result, outcome, as_json)

    attack()


def test_plan_check_odd_file_names(cli_app, tmp_path):
    """File names are echoed in the one-line error: they must not break it."""
    for name in ["bad\nname.json", "é.json", "<script>.json", "a b.json", "-", "--json"]:
        if name in ("-", "--json"):
            result = run_check(cli_app, ["--", str(tmp_path / name)])
        else:
            path = tmp_path / name
            path.write_bytes(b"not json")
            result = run_check(cli_app, [str(path)])
        assert result.exit_code == 2, (name, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, (name, result.stderr)
