"""`flask --app app plan check FILE [--json]`, run as a real process and through Flask's CLI runner.

Exit codes (plan-format.md): 0 ready, 1 not ready, 2 unreadable or invalid, the last with one
clear line on standard error and no traceback.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import create_app
from app.domain.rules.engine import STEP_ORDER
from tests.domain.plans import BASES, DELETE, EXAMPLE_PATH, build

ROOT = Path(__file__).resolve().parents[2]
FINDING_KEYS = {"rule", "severity", "step", "subject", "message", "remediation"}


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    crashed: bool = False  # an exception other than a clean exit escaped the command


def run_process(args: list[str], stdin: bytes | None = None) -> Outcome:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "plan", "check", *args],
                          cwd=ROOT, env=env, input=stdin, capture_output=True, timeout=60)
    stdout, stderr = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    return Outcome(done.returncode, stdout, stderr, crashed="Traceback" in stdout + stderr)


@pytest.fixture(scope="module")
def flask_app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def run_runner(flask_app, args: list[str], stdin: bytes | None = None) -> Outcome:
    result = flask_app.test_cli_runner().invoke(args=["plan", "check", *args], input=stdin)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return Outcome(result.exit_code, result.stdout, result.stderr, crashed=crashed)


@pytest.fixture(params=["process", "cli-runner"])
def run(request, flask_app):
    if request.param == "process":
        return run_process
    return lambda args, stdin=None: run_runner(flask_app, args, stdin)


def write_plan(tmp_path: Path, doc: dict, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return str(path)


def clean(outcome: Outcome) -> None:
    assert not outcome.crashed, outcome.stderr
    assert "Traceback" not in outcome.stdout + outcome.stderr


# ---------------------------------------------------------------- ready plans

def test_example_is_ready(run):
    outcome = run([str(EXAMPLE_PATH)])
    clean(outcome)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    assert outcome.stderr == ""
    lines = outcome.stdout.strip().splitlines()
    assert lines[-1].startswith("READY"), lines
    assert not any(line.startswith("NOT READY") for line in lines)


def test_example_json(run):
    outcome = run([str(EXAMPLE_PATH), "--json"])
    clean(outcome)
    assert outcome.code == 0
    data = json.loads(outcome.stdout)
    assert set(data) == {"ready", "findings", "incomplete"}
    assert data == {"ready": True, "findings": [], "incomplete": []}


def test_info_and_warning_keep_the_plan_ready(run, tmp_path):
    doc = build("ex2003-win2000", {"virtual_servers[0].protocols.imap4": True})
    outcome = run([write_plan(tmp_path, doc), "--json"])
    clean(outcome)
    assert outcome.code == 0
    data = json.loads(outcome.stdout)
    assert data["ready"] is True
    assert {(f["rule"], f["severity"]) for f in data["findings"]} == {
        ("exchange2003-prefer-windows2003", "warning"), ("evs-imap-pop-manual", "info")}
    text = run([write_plan(tmp_path, doc)])
    assert text.code == 0
    assert "WARNING" in text.stdout and "exchange2003-prefer-windows2003" in text.stdout
    assert text.stdout.strip().splitlines()[-1].startswith("READY")


@pytest.mark.parametrize("base", list(BASES))
def test_every_clean_base_exits_0(base, tmp_path):
    # Through the CLI runner only: quick, and the process path is covered above.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    outcome = run_runner(app, [write_plan(tmp_path, BASES[base]())])
    clean(outcome)
    assert outcome.code == 0, outcome.stdout


# ---------------------------------------------------------------- plans that are not ready

ERROR_PLAN = {"setup.mode": "unattended", "nodes[1].public_ip": "10.0.1.12", "cluster.hardware_certified": False}


def test_plan_with_errors_exits_1(run, tmp_path):
    outcome = run([write_plan(tmp_path, build("ex2003-win2003", ERROR_PLAN))])
    clean(outcome)
    assert outcome.code == 1
    assert outcome.stderr == ""
    assert outcome.stdout.strip().splitlines()[-1].startswith("NOT READY")
    assert "ip-in-subnet" in outcome.stdout and "nodes[1].public_ip" in outcome.stdout
    assert "10.0.1.12" in outcome.stdout


def test_plan_with_errors_json(run, tmp_path):
    outcome = run([write_plan(tmp_path, build("ex2003-win2003", ERROR_PLAN)), "--json"])
    clean(outcome)
    assert outcome.code == 1
    data = json.loads(outcome.stdout)
    assert set(data) == {"ready", "findings", "incomplete"}
    assert data["ready"] is False
    assert data["findings"]
    for finding in data["findings"]:
        assert FINDING_KEYS <= set(finding), finding
        assert all(isinstance(finding[key], str) and finding[key] for key in FINDING_KEYS)
        assert finding["severity"] in ("error", "warning", "info")
    found = {(f["rule"], f["subject"], f["severity"]) for f in data["findings"]}
    assert {("setup-attended-only", "setup.mode", "error"),
            ("ip-in-subnet", "nodes[1].public_ip", "error"),
            ("hardware-certified", "cluster.hardware_certified", "warning")} <= found
    [ip] = [f for f in data["findings"] if f["rule"] == "ip-in-subnet"]
    assert ip["step"] == "cluster" and "10.0.1.12" in ip["message"]


def test_text_output_groups_findings_by_step(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    path = write_plan(tmp_path, build("ex2003-win2003", ERROR_PLAN))
    text = run_runner(app, [path]).stdout
    data = json.loads(run_runner(app, [path, "--json"]).stdout)
    headings = [line for line in text.splitlines() if line.startswith("== ")]
    steps = [heading.rsplit("[", 1)[1].rstrip("]") for heading in headings]
    assert steps == [step for step in STEP_ORDER if step in steps], "steps out of order"
    assert steps == sorted({f["step"] for f in data["findings"]}, key=STEP_ORDER.index)
    # Each finding is printed under its own step's heading.
    current = None
    for line in text.splitlines():
        if line.startswith("== "):
            current = line.rsplit("[", 1)[1].rstrip("]")
        for finding in data["findings"]:
            if f" {finding['rule']} at {finding['subject']}" in line:
                assert current == finding["step"], line


def test_incomplete_plan_exits_1(run, tmp_path):
    path = write_plan(tmp_path, build("ex2003-win2003", {"cluster.ip": DELETE}))
    outcome = run([path, "--json"])
    clean(outcome)
    assert outcome.code == 1
    data = json.loads(outcome.stdout)
    assert data["ready"] is False and data["findings"] == []
    [item] = data["incomplete"]
    assert set(item) == {"step", "subject", "message"}
    assert (item["step"], item["subject"]) == ("cluster", "cluster.ip")
    text = run([path])
    assert text.code == 1 and "cluster.ip" in text.stdout
    assert text.stdout.strip().splitlines()[-1].startswith("NOT READY")


def test_plan_from_standard_input(run):
    outcome = run(["-", "--json"], stdin=EXAMPLE_PATH.read_bytes())
    clean(outcome)
    assert outcome.code == 0 and json.loads(outcome.stdout)["ready"] is True


# ---------------------------------------------------------------- unreadable or invalid files

def _invalid_value(tmp_path: Path) -> str:
    return write_plan(tmp_path, build("ex2003-win2003", {"nodes[1].public_ip": "10.0.0.300"}))


def _file(content: bytes):
    def make(tmp_path: Path) -> str:
        path = tmp_path / "plan.json"
        path.write_bytes(content)
        return str(path)
    return make


INVALID_FILES = {
    "invalid-json": (_file(b'{"format": "exchange-cluster-plan/1",'), "not valid JSON"),
    "invalid-value": (_invalid_value, 'nodes[1].public_ip: "10.0.0.300" is not an IPv4 address'),
    "wrong-format": (_file(b'{"format": "something-else/1"}'), "format:"),
    "not-an-object": (_file(b"[]"), "JSON object"),
    "empty-file": (_file(b""), "not valid JSON"),
    "binary-garbage": (_file(bytes(range(256)) * 4), "not UTF-8"),
    "huge-integer": (_file(b'{"format": "exchange-cluster-plan/1", "name": 1' + b"0" * 5000 + b"}"),
                     "whole number of 5,001 digits"),
    "unknown-key-with-newline": (_file(b'{"format": "exchange-cluster-plan/1", "cluster": {"a\\nb": 1}}'),
                                 "not a known key"),
    "missing-file": (lambda tmp_path: str(tmp_path / "no-such-plan.json"), "cannot read"),
    "directory": (lambda tmp_path: str(tmp_path), "cannot read"),
}


def _check_exit_2(outcome: Outcome, path: str, fragment: str) -> None:
    clean(outcome)
    assert outcome.code == 2, (outcome.stdout, outcome.stderr)
    assert outcome.stdout == ""
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    assert fragment in lines[0]
    assert path in lines[0]


@pytest.mark.parametrize("kind", list(INVALID_FILES))
def test_unreadable_or_invalid_file_exits_2_with_one_line(run, tmp_path, kind):
    make, fragment = INVALID_FILES[kind]
    path = make(tmp_path)
    _check_exit_2(run([path]), path, fragment)


@pytest.mark.parametrize("kind", list(INVALID_FILES))
def test_unreadable_or_invalid_file_with_json_exits_2_with_one_line(flask_app, tmp_path, kind):
    make, fragment = INVALID_FILES[kind]
    path = make(tmp_path)
    _check_exit_2(run_runner(flask_app, [path, "--json"]), path, fragment)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_exits_2_with_one_line(run, tmp_path):
    path = tmp_path / "secret.json"
    path.write_text(EXAMPLE_PATH.read_text())
    path.chmod(0)
    try:
        outcome = run([str(path)])
    finally:
        path.chmod(0o600)
    clean(outcome)
    assert outcome.code == 2 and len(outcome.stderr.splitlines()) == 1


def test_invalid_plan_from_standard_input(run):
    outcome = run(["-"], stdin=b"not json")
    clean(outcome)
    assert outcome.code == 2 and len(outcome.stderr.splitlines()) == 1
