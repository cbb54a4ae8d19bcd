"""`flask --app app plan runbook FILE [--format text|markdown|json|cmd] [--node NAME]`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from tests.domain.plans import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def flask_app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def runbook(flask_app, *args: str):
    return flask_app.test_cli_runner().invoke(args=["plan", "runbook", *args])


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(build("ex2003-win2003", {"cluster.public_gateway": "10.0.0.1"})), encoding="utf-8")
    return str(path)


def test_text_is_the_default(flask_app, plan_file):
    result = runbook(flask_app, plan_file)
    assert result.exit_code == 0
    assert result.stdout.startswith("Runbook: Contoso mail cluster\n")
    assert "== Phase 4: Virtual servers" in result.stdout
    assert 'cluster /cluster:EXCLUS1 group "EXVS1 Group" /create' in result.stdout


def test_markdown_and_json(flask_app, plan_file):
    markdown = runbook(flask_app, plan_file, "--format", "markdown")
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# Checklist: Contoso mail cluster (DRAFT)")
    data = json.loads(runbook(flask_app, plan_file, "--format", "json").stdout)
    assert [phase["number"] for phase in data["phases"]] == [1, 2, 3, 4, 5]
    create = next(i for p in data["phases"] for i in p["items"] if i["id"] == "p4.vs.EXVS1.create-group")
    assert create["commands"] == ['cluster /cluster:EXCLUS1 group "EXVS1 Group" /create']


def test_node_limits_the_runbook_to_that_node(flask_app, plan_file):
    data = json.loads(runbook(flask_app, plan_file, "--format", "json", "--node", "EXNODE2").stdout)
    targets = {i["target"] for p in data["phases"] for i in p["items"]}
    assert targets == {"EXNODE2"}


def test_cmd_writes_a_batch_file_with_crlf(flask_app, plan_file):
    result = runbook(flask_app, plan_file, "--format", "cmd", "--node", "EXNODE1")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"@echo off\r\n")
    assert b"netsh interface ip set address name=Public" in result.stdout_bytes


@pytest.mark.parametrize("args,message", [
    (["--node", "NOSUCH"], "NOSUCH is not a node of this plan"),
])
def test_an_unknown_node_is_one_line_with_exit_2(flask_app, plan_file, args, message):
    result = runbook(flask_app, plan_file, *args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_a_bad_file_is_one_line_with_exit_2_in_a_real_process(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "plan", "runbook", str(bad)],
                          cwd=ROOT, env=env, capture_output=True, timeout=60)
    stderr = done.stderr.decode()
    assert done.returncode == 2 and "not valid JSON" in stderr and stderr.count("\n") == 1
    assert "Traceback" not in stderr
    missing = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "plan", "runbook",
                              str(tmp_path / "none.json"), "--format", "cmd"], cwd=ROOT, env=env,
                             capture_output=True, timeout=60)
    assert missing.returncode == 2 and "cannot read the file" in missing.stderr.decode()
