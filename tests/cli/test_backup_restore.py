"""`flask backup` and `flask restore`: a backup restores; a damaged one is refused whole, in one
line, before anything in the database is deleted."""
from __future__ import annotations

import copy
import gzip
import json

import pytest

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.models import Comment, Project, Revision
from tests.conftest import EXAMPLE_PLAN, make_user


@pytest.fixture
def backup(app, tmp_path) -> dict:
    """A backup of a database with a user, a project of two revisions and a comment."""
    make_user(app, "alice")
    with app.app_context():
        project = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=find_user("alice"))
        document = project.document
        document["cluster"]["name"] = "EXCLUS2"
        service.save_document(project, document, "cluster")
        db.session.add(Comment(project_id=project.id, author_id=find_user("alice").id, body="Looks fine"))
        db.session.commit()
    path = tmp_path / "backup.json.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def restore(app, tmp_path, data) -> tuple[int, str]:
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    result = app.test_cli_runner().invoke(args=["restore", str(path), "--yes"])
    return result.exit_code, result.output


def database_untouched(app) -> bool:
    with app.app_context():
        project = db.session.scalar(db.select(Project))
        return (project is not None and project.revision == 2 and project.plan.cluster.name == "EXCLUS2"
                and db.session.scalar(db.select(db.func.count()).select_from(Revision)) == 2)


def test_a_backup_restores(app, tmp_path, backup):
    code, output = restore(app, tmp_path, backup)
    assert code == 0, output
    assert database_untouched(app)


def damage(backup: dict, change) -> dict:
    damaged = copy.deepcopy(backup)
    change(damaged)
    return damaged


def row(table: str, index: int = 0):
    return lambda data: data["tables"][table][index]


CASES = {
    "plan text that is not a plan": (lambda d: row("project")(d).update(plan_json='{"format": "something else"}'),
                                     "tables.project[0].plan_json"),
    "plan text that is not JSON": (lambda d: row("revision", 1)(d).update(plan_json="{not json"),
                                   "tables.revision[1].plan_json"),
    "a revision counter below the stored revisions": (lambda d: row("project")(d).update(revision=1),
                                                      "tables.project[0].revision"),
    "a revision that is not a whole number": (lambda d: row("project")(d).update(revision="2"),
                                              "tables.project[0].revision"),
    "a revision number that is a float": (lambda d: row("revision")(d).update(number=1.0),
                                          "tables.revision[0].number"),
    "another schema revision": (lambda d: d.update(schema_revision="0003_accounts_review"), "schema_revision"),
    "a bad date": (lambda d: row("project")(d).update(created_at="last Tuesday"), "tables.project[0].created_at"),
    "a list for tables": (lambda d: d.update(tables=[]), "tables"),
    "rows that are not a list": (lambda d: d["tables"].update(project={"id": 1}), "tables.project"),
    "a row that is not an object": (lambda d: d["tables"]["comment"].append("hello"), "tables.comment[1]"),
    "an unknown table": (lambda d: d["tables"].update(secrets=[]), "tables.secrets"),
    "an unknown column": (lambda d: row("project")(d).update(owner="me"), "tables.project[0].owner"),
    "a missing required value": (lambda d: row("project")(d).pop("plan_json"), "tables.project[0].plan_json"),
    "a text that is too long": (lambda d: row("user_account")(d).update(username="u" * 81),
                                "tables.user_account[0].username"),
    "a boolean that is a number": (lambda d: row("user_account")(d).update(is_admin=1),
                                   "tables.user_account[0].is_admin"),
    "a reference to nothing": (lambda d: row("comment")(d).update(project_id=99), "tables.comment[0].project_id"),
    "the same id twice": (lambda d: d["tables"]["revision"].append(dict(d["tables"]["revision"][0])),
                          "tables.revision[2].id"),
    "an unknown review state": (lambda d: row("project")(d).update(review_state="published"),
                                "tables.project[0].review_state"),
    "drafts that are not an object": (lambda d: row("project")(d).update(drafts_json="[1]"),
                                      "tables.project[0].drafts_json"),
    "a step's draft that is not an object": (lambda d: row("project")(d).update(drafts_json='{"basics": 5}'),
                                             "tables.project[0].drafts_json"),
    "a number too large for the database": (lambda d: row("comment")(d).update(revision=2 ** 63),
                                            "tables.comment[0].revision"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_backup_is_refused_in_one_line_and_nothing_is_deleted(app, tmp_path, backup, case):
    change, where = CASES[case]
    code, output = restore(app, tmp_path, damage(backup, change))
    assert code == 2, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    assert "Traceback" not in output
    assert where in lines[0], lines[0]
    assert "nothing was changed" in lines[0]
    assert database_untouched(app)


@pytest.mark.parametrize("text", ["[]", '"a string"', "{", '{"format": "exchange-cluster-planner-backup/1"}'])
def test_a_file_that_is_not_a_backup_is_refused_in_one_line(app, tmp_path, backup, text):
    code, output = restore(app, tmp_path, text)
    assert code == 2 and len(output.strip().splitlines()) == 1 and "Traceback" not in output
    assert database_untouched(app)
