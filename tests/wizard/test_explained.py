"""Every question says why it is asked and where that comes from, once, and the page shows it."""
from __future__ import annotations

import re

import pytest

from app.domain.rules import load_catalog
from app.web.wizard.steps import EXPLAINED, STEPS, explanation
from tests.conftest import csrf_token

QUESTIONS = [q for step in STEPS for q in (step.rows.questions if step.rows else
                                           [q for group in step.groups for q in group.questions])]
OWN_QUESTIONS = {"name", "description"}  # about the plan itself: no outside source


def path_of(question) -> str:
    return f"{question.row}[].{question.key}" if question.row else question.key


@pytest.mark.parametrize("question", QUESTIONS, ids=path_of)
def test_every_question_has_a_short_reason_with_sources(question):
    why = explanation(question)
    assert why is not None, f"{path_of(question)} has no entry in steps.EXPLAINED"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", why.text.strip()) if s]
    assert 1 <= len(sentences) <= 3, why.text
    if path_of(question) not in OWN_QUESTIONS:
        assert why.sources, f"{path_of(question)} names no source"
    for code in why.sources:
        assert code in load_catalog().sources, f"{path_of(question)}: source {code} is not in the catalog"


def test_the_table_has_no_entry_without_a_question():
    assert set(EXPLAINED) == {path_of(q) for q in QUESTIONS}


def new_project(client, exchange="2003", windows="2003") -> str:
    token = csrf_token(client, "/projects/new")
    response = client.post("/projects/new", data={"csrf_token": token, "name": "Why plan",
                                                  "exchange_version": exchange, "windows_version": windows})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/steps/", 1)[0]


def test_a_step_shows_each_reason_closed_with_its_linked_source(client):
    base = new_project(client)
    html = client.get(f"{base}/steps/cluster").get_data(as_text=True)
    block = html[html.index('id="field-cluster__public_gateway"'):]
    block = block[:block.index("</details>")]
    assert '<details class="why"><summary>Why?<span class="visually-hidden"> About Default gateway of the public network' in block
    assert "no gateway and no DNS servers" in block
    assert '<a href="https://support.microsoft.com/kb/258750" rel="noopener">KB 258750</a>' in block
    assert "<details class=\"why\" open" not in html  # closed until asked for


def test_forestprep_rights_explain_the_schema_master(client):
    base = new_project(client)
    html = client.get(f"{base}/steps/active-directory").get_data(as_text=True)
    block = html[html.index('id="field-active_directory__forestprep_account_schema_admin"'):]
    block = block[:block.index("</details>")]
    assert "Schema Admins" in block and "schema master" in block
    assert 'href="https://support.microsoft.com/kb/326136"' in block


def test_row_questions_explain_themselves_in_every_row(client, app):
    base = new_project(client)
    html = client.get(f"{base}/steps/nodes").get_data(as_text=True)
    assert html.count("About Drive for Exchange binaries") == 2  # both new rows
