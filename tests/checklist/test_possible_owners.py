"""Possible owners in the runbook: a server the plan keeps off some nodes loses them on each of its
resources, and the failover test moves it only among the nodes it may run on."""
from __future__ import annotations

import pytest

from app.domain.runbook import build_checklist
from app.domain.runbook.scripts import batch, stages_of
from tests.domain.plans import add_nodes, build

from .plans import plan_of

NARROWED = {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE2"]}


def runbook(base, *changes):
    return build_checklist(plan_of(build(base, *changes)))


def commands(item) -> list[str]:
    return item.command.splitlines()


@pytest.mark.parametrize("base, server", [("ex2003-win2003", "EXVS1"), ("ex2007-scc-win2003", "EXCMS1")])
def test_each_resource_loses_the_nodes_it_may_not_run_on(base, server):
    checklist = runbook(base, add_nodes(2), NARROWED)
    item = checklist.get(f"p4.vs.{server}.possible-owners")
    assert item is not None
    assert item.title == f"Keep {server} off EXNODE3, EXNODE4: its possible owners are EXNODE1, EXNODE2"
    lines = commands(item)
    assert (f'cluster /cluster:EXCLUS1 res "{server} IP Address" /listowners | findstr /I /R /C:"^EXNODE3 *$" >nul '
            f'&& cluster /cluster:EXCLUS1 res "{server} IP Address" /removeowner:EXNODE3') in lines
    assert any(line.endswith('res "Disk R:" /removeowner:EXNODE4') for line in lines)
    assert not any("EXNODE1" in line or "EXNODE2" in line for line in lines)
    assert set(item.rule_ids) == {"evs-possible-owners", "failover-single-node"}


def test_the_classic_family_removes_them_after_every_resource_exists():
    checklist = runbook("ex2003-win2003", add_nodes(2), NARROWED)
    order = [item.id for item in checklist.items]
    assert order.index("p4.vs.EXVS1.system-attendant-online") < order.index("p4.vs.EXVS1.possible-owners")
    lines = commands(checklist.get("p4.vs.EXVS1.possible-owners"))
    assert any(line.endswith('res "Exchange Information Store Instance (EXVS1)" /removeowner:EXNODE3') for line in lines)
    assert "with only EXNODE1, EXNODE2 as possible owners" in checklist.get("p4.vs.EXVS1.system-attendant").detail


def test_the_failover_test_moves_only_among_the_possible_owners():
    moves = commands(runbook("ex2003-win2003", add_nodes(2), NARROWED).get("p5.vs.EXVS1.move-group"))
    assert moves == ['cluster /cluster:EXCLUS1 group "EXVS1 Group" /moveto:EXNODE2 /wait',
                     'cluster /cluster:EXCLUS1 group "EXVS1 Group" /moveto:EXNODE1 /wait']


@pytest.mark.parametrize("changes", [{}, {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE2", "EXNODE3",
                                                                                 "EXNODE4"]}])
def test_every_node_allowed_needs_no_step(changes):
    checklist = runbook("ex2003-win2003", add_nodes(2), changes)
    assert checklist.get("p4.vs.EXVS1.possible-owners") is None
    assert "every node as a possible owner" in checklist.get("p4.vs.EXVS1.system-attendant").detail


def test_a_node_already_taken_off_is_not_an_error_when_the_script_runs_again():
    """findstr's "not listed" (1) lets a second run go on; cluster.exe's own failures are 50xx codes."""
    checklist = runbook("ex2003-win2003", add_nodes(2), NARROWED)
    stage = next(s for s in stages_of(checklist) if any(i.id == "p4.vs.EXVS1.possible-owners" for i in s.items))
    text = batch(stage, checklist, "plan", 1)
    line = next(line for line in text.splitlines() if '/removeowner:EXNODE3' in line and "Disk R:" in line)
    assert line.startswith('cluster /cluster:EXCLUS1 res "Disk R:" /listowners | findstr /I /R /C:"^EXNODE3 *$" >nul && ')
    after = text.splitlines()[text.splitlines().index(line) + 1:][:2]
    assert after[0] == 'set "RC=%errorlevel%"'
    assert after[1].startswith('if not "%RC%"=="0" if not "%RC%"=="1" goto failed_')
