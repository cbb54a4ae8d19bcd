"""`flask --app app plan runbook FILE [--format text|markdown|json|cmd|ps1] [--node NAME] [--place PLACE]
[--phase N] [--script NAME] [--output DIR]`."""
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
    assert create["commands"] == ['cluster /cluster:EXCLUS1 group "EXVS1 Group" /stat >nul 2>&1 || '
                                  'cluster /cluster:EXCLUS1 group "EXVS1 Group" /create']


def test_node_limits_the_runbook_to_that_node(flask_app, plan_file):
    data = json.loads(runbook(flask_app, plan_file, "--format", "json", "--node", "EXNODE2").stdout)
    targets = {i["target"] for p in data["phases"] for i in p["items"]}
    assert targets == {"EXNODE2"}


def test_node_names_are_matched_whatever_their_case(flask_app, plan_file):
    data = json.loads(runbook(flask_app, plan_file, "--format", "json", "--node", "exnode2").stdout)
    assert {i["target"] for p in data["phases"] for i in p["items"]} == {"EXNODE2"}


def test_cmd_for_a_node_writes_all_its_scripts_in_one_batch_file(flask_app, plan_file):
    result = runbook(flask_app, plan_file, "--format", "cmd", "--node", "exnode1")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode()
    assert text.startswith("@echo off\r\n") and "netsh interface ip set address name=Public" in text
    assert "every script of EXNODE1 (phase2-01-EXNODE1, phase2-02-EXNODE1, phase2-06-EXNODE1" in text
    assert ":section_2\r\n" in text and "cluster /cluster:EXCLUS1 /create" in text


def test_one_script_as_the_page_offers_it(app_files):
    flask_app, plan_file, _ = app_files
    result = runbook(flask_app, plan_file, "--format", "cmd", "--script", "phase2-08-exnode1")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode()
    assert "phase2-08-EXNODE1, on EXNODE1." in text and "cluster /cluster:EXCLUS1 /create" in text
    assert ":section_" not in text


def test_the_witness_servers_script_and_the_powershell_ones(app_files):
    flask_app, _, ccr_file = app_files
    witness = runbook(flask_app, ccr_file, "--format", "cmd", "--place", "witness")
    assert witness.exit_code == 0 and b"net share FSW_EXCLUS1" in witness.stdout_bytes
    ps1 = runbook(flask_app, ccr_file, "--format", "ps1", "--script", "phase5-02-cluster")
    assert ps1.exit_code == 0 and ps1.stdout_bytes.startswith(b"# ")
    assert b"Move-ClusteredMailboxServer -Identity 'EXCMS1'" in ps1.stdout_bytes
    every = runbook(flask_app, ccr_file, "--format", "ps1", "--place", "cluster")
    assert every.exit_code == 0 and b"Get-StorageGroupCopyStatus" in every.stdout_bytes


def test_output_writes_every_script_as_the_page_names_it(app_files, tmp_path):
    flask_app, plan_file, _ = app_files
    result = runbook(flask_app, plan_file, "--format", "cmd", "--output", str(tmp_path / "scripts"))
    assert result.exit_code == 0
    written = sorted(path.name for path in (tmp_path / "scripts").iterdir())
    assert written[:3] == ["phase1-01-forest.cmd", "phase1-02-domain.cmd", "phase2-01-EXNODE1.cmd"]
    assert "phase2-05-storage.cmd" not in written  # by hand
    assert result.stdout.count("\n") == len(written)


@pytest.fixture
def app_files(flask_app, plan_file, tmp_path):
    ccr = tmp_path / "ccr.json"
    ccr.write_text(json.dumps(build("ex2007-ccr-win2008", {"cluster.quorum.witness_folder": "C:\\FSW_EXCLUS1"})),
                   encoding="utf-8")
    return flask_app, plan_file, str(ccr)


@pytest.mark.parametrize("args,message", [
    (["--node", "NOSUCH"], "NOSUCH is not a node of this plan"),
    (["--format", "cmd"], "choose a script with --script NAME, --node NAME or --place PLACE"),
    (["--format", "cmd", "--script", "phase9-01-nowhere"], "no cmd script matches (scripts: phase1-01-forest"),
    (["--format", "ps1", "--node", "EXNODE1"], "no ps1 script matches"),
    (["--place", "cluster"], "--place, --phase, --script and --output go with --format cmd or ps1"),
])
def test_bad_choices_are_one_line_with_exit_2(flask_app, plan_file, args, message):
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
