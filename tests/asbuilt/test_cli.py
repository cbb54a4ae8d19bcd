"""`flask plan verify PLAN CAPTURE [--json]`: exit 0 when the cluster matches, 1 when it differs,
2 (one line on standard error) when a file cannot be read, is not a plan, or is no usable capture."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from tests.asbuilt import fixtures as fx
from tests.asbuilt.writer import render_capture

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = fx.FIXTURES


@pytest.fixture(scope="module")
def runner():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).test_cli_runner()


@pytest.fixture
def plans(tmp_path):
    paths = {}
    for name in fx.PLANS:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(fx.plan_document(name)), encoding="utf-8")
        paths[name] = str(path)
    return paths


def verify(runner, *args, stdin: bytes | None = None):
    result = runner.invoke(args=["plan", "verify", *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("capture, plan", [("2003-two-node.txt", "2003-two-node"),
                                           ("2003-two-node-utf16.txt", "2003-two-node"),
                                           ("2003-four-node.txt", "2003-four-node"),
                                           ("2007-ccr-2008.txt", "2007-ccr-2008")])
def test_a_matching_cluster_exits_0(runner, plans, capture, plan):
    result = verify(runner, plans[plan], str(FIXTURES / capture))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("(0 error(s), 0 warning(s), 0 note(s), 0 not compared).")


def test_a_partial_capture_is_incomplete_never_a_match(runner, plans, tmp_path):
    partial = tmp_path / "partial.txt"
    partial.write_bytes(fx.read("2003-two-node-partial.txt"))
    result = verify(runner, plans["2003-two-node"], str(partial))
    last = result.stdout.strip().splitlines()[-1]
    assert result.exit_code == 1
    assert last.startswith("INCOMPLETE: no difference in what could be compared; 4 parts could not be compared (")
    data = json.loads(verify(runner, plans["2003-two-node"], str(partial), "--json").stdout)
    assert data["verdict"] == "incomplete" and data["matches"] is False and data["complete"] is False


NODES_ONLY = ("#### cluster node\r\nListing status for all available nodes:\r\n\r\nNode           Node ID Status\r\n"
              "-------------- ------- ---------------------\r\nEXNODE1              1 Up\r\n"
              "EXNODE2              2 Up\r\n")


def test_a_capture_of_the_nodes_alone_is_incomplete(runner, plans, tmp_path):
    """The trial's case: nothing differs in the one section there is, and almost nothing was compared."""
    capture = tmp_path / "nodes.txt"
    capture.write_bytes(NODES_ONLY.encode("ascii"))
    result = verify(runner, plans["2003-two-node"], str(capture), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["verdict"] == "incomplete"
    assert data["matches"] is False and data["complete"] is False and data["differences"] == []
    assert len([n for n in data["not_compared"] if n["required"]]) >= 8
    text = verify(runner, plans["2003-two-node"], str(capture))
    assert text.exit_code == 1 and "MATCHES" not in text.stdout


def test_a_cluster_that_differs_exits_1_with_the_differences(runner, plans):
    result = verify(runner, plans["2003-two-node"], str(FIXTURES / "2003-two-node-differences.txt"))
    assert result.exit_code == 1
    assert "ERROR   dependency-missing at virtual_servers[0].name" in result.stdout
    assert result.stdout.strip().endswith("DIFFERS: 2 error(s), 5 warning(s), 1 note(s), 1 not compared.")


def test_json_output(runner, plans):
    result = verify(runner, plans["2003-four-node"], str(FIXTURES / "2003-four-node-differences.txt"), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["matches"] is False and data["verdict"] == "differs" and data["encoding"] == "ASCII"
    assert {d["code"] for d in data["differences"] if d["severity"] == "error"} == {
        "node-down", "property", "resource-missing", "resource-group", "resource-failed"}
    assert set(data["differences"][0]) == {"code", "severity", "subject", "message", "expected", "found", "evidence",
                                           "rule"}


def test_notes_alone_still_match_and_exit_0(runner, plans, tmp_path):
    """What the cluster has beyond the plan is a note: the cluster still matches."""
    capture = tmp_path / "capture.txt"
    capture.write_text(render_capture(fx.with_backup_group(fx.built("2003-two-node"))), encoding="ascii")
    result = verify(runner, plans["2003-two-node"], str(capture))
    assert result.exit_code == 0 and "== Notes (1)" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("MATCHES:")


def test_a_capture_without_the_sections_beyond_the_spec_still_matches(runner, plans, tmp_path):
    """cluster /quorum, cluster network /prop and the possible owners are extra checks: said, not required."""
    capture = tmp_path / "capture.txt"
    capture.write_text(render_capture(fx.built("2003-two-node"), omit=[
        "cluster /quorum", "cluster network /prop", *(f'cluster res "{r.name}" /listowners'
                                                     for r in fx.built("2003-two-node").resources)]), encoding="ascii")
    result = verify(runner, plans["2003-two-node"], str(capture))
    assert result.exit_code == 0, result.stdout
    assert "== Further checks not made (3)" in result.stdout and "The quorum resource" in result.stdout


def test_the_capture_may_come_from_standard_input(runner, plans):
    result = verify(runner, plans["2003-two-node"], "-", stdin=fx.read("2003-two-node.txt"))
    assert result.exit_code == 0


@pytest.mark.parametrize("capture, words", [
    ("capture.zip", "not a text file"),
    ("2003-two-node-truncated.txt", "cluster res /priv (line 252): this row ends before its property name"),
    ("2003-two-node-german.txt", "cluster node (line 8): the first line is not"),
    ("2003-another-cluster.txt", "This capture is of the cluster SALESCL"),
])
def test_captures_that_cannot_be_used_exit_2_with_one_line(runner, plans, capture, words):
    result = verify(runner, plans["2003-two-node"], str(FIXTURES / capture))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and words in result.stderr and result.stderr.startswith("error: ")


def test_unreadable_files_and_a_plan_that_is_not_one(runner, plans, tmp_path):
    missing = verify(runner, plans["2003-two-node"], str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "cannot read the file" in missing.stderr
    not_a_plan = tmp_path / "plan.json"
    not_a_plan.write_text("{}")
    result = verify(runner, str(not_a_plan), str(FIXTURES / "2003-two-node.txt"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    both = verify(runner, "-", "-")
    assert both.exit_code == 2 and "only one of PLAN and CAPTURE" in both.stderr
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"A" * (6 * 1024 * 1024))
    result = verify(runner, plans["2003-two-node"], str(huge))
    assert result.exit_code == 2 and "larger than 5.0 MB, the most that is read" in result.stderr


def test_as_a_real_process(plans):
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "plan", "verify", plans["2003-two-node"],
                           str(FIXTURES / "2003-two-node-differences.txt")], cwd=ROOT, env=env, capture_output=True,
                          timeout=60)
    assert done.returncode == 1 and b"Traceback" not in done.stdout + done.stderr


def test_skipped_sections_are_listed(runner, plans, tmp_path):
    capture = tmp_path / "capture.txt"
    capture.write_bytes(fx.read("2003-two-node.txt") + b"#### dir\r\n Volume in drive C has no label.\r\n")
    result = verify(runner, plans["2003-two-node"], str(capture))
    assert result.exit_code == 0 and "== Reading the capture (1)" in result.stdout and "“dir” is not" in result.stdout
