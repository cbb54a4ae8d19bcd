"""`flask --app app plan failover FILE [--fail NODE[,NODE...]] [--json]`: exit 0 when every server
comes back after any single node failure, 1 when not, 2 on bad input with one line."""
from __future__ import annotations

import json

import pytest

from app import create_app
from tests.checklist.plans import four_node_2003_on_windows2000
from tests.domain.plans import add_nodes, build


@pytest.fixture(scope="module")
def flask_app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def failover(flask_app, *args: str):
    return flask_app.test_cli_runner().invoke(args=["plan", "failover", *args])


def write(tmp_path, document, name="plan.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document, encoding="utf-8")
    return str(path)


def test_every_single_failure_survived_exits_0_with_the_scenarios(flask_app, tmp_path):
    result = failover(flask_app, write(tmp_path, four_node_2003_on_windows2000()))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Failover what-if: Four-node Exchange 2003\n")
    assert "Survives any single node failure: yes" in out and "Always survives: any 1 failed node" in out
    assert "EXNODE1 fails             Every server online (EXVS1: EXNODE1 → EXNODE4)" in out
    assert "EXNODE1 and EXNODE2 fail  EXVS2 offline (EXVS1: EXNODE1 → EXNODE4)" in out


def test_a_server_left_offline_exits_1(flask_app, tmp_path):
    plan = build("ex2003-win2003", add_nodes(1), {"virtual_servers[0].possible_owners": ["EXNODE1"]})
    result = failover(flask_app, write(tmp_path, plan))
    assert result.exit_code == 1
    assert "Survives any single node failure: no" in result.stdout
    line = next(line for line in result.stdout.splitlines() if line.startswith("  EXNODE1 fails "))
    assert line.split() == ["EXNODE1", "fails", "EXVS1", "offline"]


def test_fail_shows_that_scenario_in_detail(flask_app, tmp_path):
    result = failover(flask_app, write(tmp_path, four_node_2003_on_windows2000()), "--fail", "exnode2,EXNODE1")
    assert result.exit_code == 0  # the exit status still answers the single-failure question
    details = result.stdout.split("== EXNODE1 and EXNODE2 fail: EXVS2 offline\n", 1)[1]
    assert "EXVS1          EXNODE1 → EXNODE4: EXNODE3 already runs a server, so it goes on to EXNODE4." in details
    assert "EXVS2          offline: Every surviving node it may run on already runs a server" in details
    assert "    EXNODE1  FAILED" in details and "    EXNODE4  runs EXVS1; storage groups 2 of 4" in details


def test_fail_may_be_repeated(flask_app, tmp_path):
    data = json.loads(failover(flask_app, write(tmp_path, four_node_2003_on_windows2000()), "--json",
                               "--fail", "EXNODE3", "--fail", "EXNODE4").stdout)
    assert data["chosen"]["failed"] == ["EXNODE3", "EXNODE4"]
    assert data["chosen"]["all_online"] is False


def test_json(flask_app, tmp_path):
    result = failover(flask_app, write(tmp_path, build("ex2003-win2003")), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["survives_any_single_failure"] is True and data["always_survives"] == 1
    assert [s["failed"] for s in data["scenarios"]] == [["EXNODE1"], ["EXNODE2"]]
    moved = next(g for g in data["scenarios"][0]["groups"] if g["name"] == "EXVS1")
    assert (moved["home"], moved["node"], moved["status"]) == ("EXNODE1", "EXNODE2", "online")
    assert data["chosen"] is None and data["limits"]["storage_groups_per_node"] == 4


@pytest.mark.parametrize("fail, message", [
    ("EXNODE9", "error: --fail: EXNODE9 is not a node of this plan (nodes: EXNODE1, EXNODE2)"),
    ("EXNODE1,EXNODE8,EXNODE9", "error: --fail: EXNODE8, EXNODE9 are not a node of this plan"),
    (" , ", "error: --fail names no node (nodes: EXNODE1, EXNODE2)"),
    ("EX\nNODE9", 'error: --fail: "EX\\nNODE9" is not a node of this plan'),
])
def test_unknown_nodes_exit_2_with_one_line(flask_app, tmp_path, fail, message):
    result = failover(flask_app, write(tmp_path, build("ex2003-win2003")), "--fail", fail)
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize("content", ["not json", '{"format": "something-else"}', '{"format": "exchange-cluster-plan/1", "nodes": 3}'])
def test_unusable_files_exit_2_with_one_line(flask_app, tmp_path, content):
    result = failover(flask_app, write(tmp_path, content))
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_a_missing_file_exits_2(flask_app, tmp_path):
    result = failover(flask_app, str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2 and "cannot read the file" in result.stderr


def test_an_empty_plan_cannot_be_judged_and_exits_1(flask_app, tmp_path):
    result = failover(flask_app, write(tmp_path, {"format": "exchange-cluster-plan/1"}))
    assert result.exit_code == 1
    assert "Survives any single node failure: cannot tell" in result.stdout
    assert "No nodes are planned yet" in result.stdout
