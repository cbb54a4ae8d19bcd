"""Shared helpers of the hostile-input tests: projects to attack, what a sane answer looks like,
and the hostile values themselves."""
from __future__ import annotations

import copy
import json
import logging
import os
import re
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.storage.memberships import add_member
from app.storage.accounts import find_user
from app.extensions import db
from app.storage.models import Project
from app.domain.plan.model import MISSING
from app.storage import projects as service
from tests.conftest import EXAMPLE_PLAN, make_user

EXAMPLE: dict = json.loads(EXAMPLE_PLAN.read_text())
TRACEBACK = "Traceback (most recent call last)"

# Bounded: the whole folder must stay quick on two cores. Examples share one app and project.
# HARDENING_EXAMPLES=500 digs deeper when hunting bugs locally.
FUZZ = settings(max_examples=int(os.environ.get("HARDENING_EXAMPLES", "40")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])


def example() -> dict:
    return copy.deepcopy(EXAMPLE)


# ---------------------------------------------------------------- server errors, made visible

class ErrorLog(logging.Handler):
    """Collects what the app logs while handling a request, so a 500 shows its cause in the failure."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(self.format(record))


def watch_errors(app) -> ErrorLog:
    handler = ErrorLog()
    handler.setFormatter(logging.Formatter("%(message)s"))
    app.logger.addHandler(handler)
    return handler


def assert_sane(response, what: str = "", errors: ErrorLog | None = None) -> str:
    """No 5xx and no traceback in the body; returns the body."""
    body = response.get_data(as_text=True)
    logged = "\n".join(errors.records[-1:]) if errors else ""
    assert response.status_code < 500, f"{what}: HTTP {response.status_code}\n{logged}\n{body[:1500]}"
    assert TRACEBACK not in body, f"{what}: traceback in the body\n{body[:3000]}"
    return body


# ---------------------------------------------------------------- projects

def import_example(app, owner: str = "alice", document: dict | None = None) -> int:
    raw = json.dumps(document if document is not None else EXAMPLE).encode()
    with app.app_context():
        return service.import_project(raw, owner=find_user(owner)).id


def ensure_user(app, name: str) -> None:
    with app.app_context():
        exists = find_user(name) is not None
    if not exists:
        make_user(app, name)


def give_role(app, project_id: int, name: str, role: str) -> None:
    ensure_user(app, name)
    with app.app_context():
        add_member(db.session.get(Project, project_id), find_user(name), role)
        db.session.commit()


def stored(app, project_id: int) -> Project | None:
    """The project as stored now, detached from any session."""
    with app.app_context():
        project = db.session.get(Project, project_id)
        if project is not None:
            db.session.expunge(project)
        return project


def reset_document(app, project_id: int, document: dict) -> None:
    with app.app_context():
        project = db.session.get(Project, project_id)
        project.document = document
        project.drafts = {}
        db.session.commit()


def count(app, model, **where) -> int:
    with app.app_context():
        query = db.select(db.func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.session.scalar(query)


# ---------------------------------------------------------------- plan paths

PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def value_at(document: Any, path: str) -> Any:
    node = document
    for name, index in PATH_PART.findall(path):
        if name:
            if not isinstance(node, dict) or name not in node:
                return MISSING
            node = node[name]
        else:
            if not isinstance(node, list) or int(index) >= len(node):
                return MISSING
            node = node[int(index)]
    return node


# ---------------------------------------------------------------- hostile values

CONTROL_CHARS = [chr(c) for c in range(32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u202e", "\u200b"]
XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>",
       "javascript:alert(1)", "{{7*7}}", "{% raw %}", "${7*7}", "]]>", "<!--", "&amp;", "&#x3C;"]
TRICKY = ["", " ", "\t", "yes", "no", "y", "on", "true", "false", "null", "None", "[]", "{}", "0", "-0", "-1",
          "+5", "1e9", "0x10", "NaN", "inf", "999999999", "9999999999999999999999", "1" * 5000, "²", "٣", "①",
          "10.0.0.300", "10.0.0.50", "10.0.0.0/24", "10.0.0.1/24", "10.0.0.0/255.255.255.0", "::1", "R:",
          "R:\n", "r", "RR:", "\\\\HUB1\\FSW", "\\\\a", "C:", "EXNODE1", "EXNODE2", "EXNODE3", "2000", "2003",
          "2007", "ccr", "scc", "advanced", "enterprise", "datacenter", "standard", "majority-node-set",
          "node-fsw-majority", "disk", "mailbox", "dotnet", "imap4", "back-end", "remove-0", "add",
          "nodes-999-name", "../../etc/passwd", "%00", "\x00", "\ud7ff", "\U0001f600" * 10, "ǅ", "ß" * 300]


def huge(min_size: int = 256, max_size: int = 300_000):
    return st.builds(lambda piece, n: piece * n, st.sampled_from(["A", "é", "<", "7", "\x00", "x y "]),
                     st.integers(min_size, max_size))


def scalars():
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(TRICKY + XSS),
        st.text(alphabet=st.sampled_from(CONTROL_CHARS), min_size=1, max_size=6),
        st.tuples(st.text(max_size=8), st.sampled_from(CONTROL_CHARS), st.text(max_size=8)).map("".join),
        st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
        st.floats().map(repr),
        st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
                max_size=20),
        huge(),
    )


def values():
    """What one form field may carry: one value, none, or several (a list where a scalar is expected)."""
    return st.one_of(scalars(), scalars(), st.lists(scalars(), max_size=4))


# ---------------------------------------------------------------- a project with one of everything

OWNER, REVIEWER, EDITOR = "alice", "rita", "eddie"
WARNING_RULE, WARNING_SUBJECT = "hardware-certified", "cluster.hardware_certified"


def warning_plan() -> dict:
    """The example with one warning (uncertified hardware), so a waiver can exist."""
    document = example()
    document["cluster"]["hardware_certified"] = False
    return document


def seed(app, document: dict | None = None) -> dict:
    """A project owned by alice with a reviewer and an editor, a comment with a reply, a waiver,
    a checklist tick and two revisions; returns the ids a URL may need."""
    from app.storage import ticks
    from app.domain.runbook.generate import build_checklist
    from app.storage import review as review
    for name in (OWNER, REVIEWER, EDITOR):
        ensure_user(app, name)
    project_id = import_example(app, OWNER, document or warning_plan())
    give_role(app, project_id, REVIEWER, "reviewer")
    give_role(app, project_id, EDITOR, "editor")
    with app.app_context():
        project = db.session.get(Project, project_id)
        owner, reviewer = find_user(OWNER), find_user(REVIEWER)
        changed = project.document
        changed["cluster"]["name"] = "EXCLUS2"
        service.save_document(project, changed, "cluster", user=owner)
        db.session.commit()
        comment = review.add_comment(project, owner, "plan", "", "A first comment")
        review.reply(project, reviewer, comment, "A reply")
        waiver = review.waive(project, reviewer, WARNING_RULE, WARNING_SUBJECT, "Accepted for the lab")
        checklist = build_checklist(project.plan)
        ticks.tick(project, checklist.items[0], OWNER)
        from app.storage.models import Membership
        membership = db.session.scalar(db.select(Membership).where(
            Membership.project_id == project_id, Membership.user_id == reviewer.id))
        return {"project_id": project_id, "comment_id": comment.id, "waiver_id": waiver.id,
                "membership_id": membership.id, "number": 1, "node_name": checklist.node_names[0],
                "step_name": "cluster", "rule_id": WARNING_RULE, "item_id": checklist.items[1].id,
                "phase": 2, "scope": "cluster", "kind": "cmd",
                "item_ids": [item.id for item in checklist.items]}


def snapshot(app) -> dict:
    """Every row of every table, to prove that a refused request changed nothing."""
    with app.app_context():
        out = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(db.select(table)).all()
            out[table.name] = sorted((tuple(map(repr, row)) for row in rows))
        return out
