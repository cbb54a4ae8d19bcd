"""collect.cmd: what it runs, how it quotes names, and that its markers read back as their sections."""
from __future__ import annotations

import re

from app.domain.asbuilt.collect import NO_NAMES, FoundNames, collect_script, commands, node_command
from app.domain.asbuilt.sections import classify
from app.domain.cluster import intended_state
from app.domain.plan import load_plan
from tests.asbuilt import fixtures as fx
from tests.domain.plans import build


def markers(script: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r'^>> "%OUT%" echo #### (.*)$', script.replace("\r\n", "\n"),
                                            re.MULTILINE)]


def test_the_script_has_crlf_line_ends_and_only_reads():
    script = collect_script(fx.plan_of("2003-four-node"), "Contoso mail cluster", 7)
    assert "\r\n" in script and "\n" not in script.replace("\r\n", "")
    assert script.startswith("@echo off\r\nrem collect.cmd for Contoso mail cluster, revision 7")
    assert "asbuilt-EXCLUS1.txt" in script
    for verb in ("/online", "/offline", "/moveto", "/create", "/delete", "/rename", "/addowner", "/prop ", "/priv "):
        assert not any(verb in line and "=" in line for line in script.splitlines())


def test_it_lists_owners_of_every_planned_group_and_dependencies_of_every_planned_resource():
    plan = fx.plan_of("2003-four-node")
    state = intended_state(plan)
    ran = markers(collect_script(plan))
    for group in state.groups:
        assert f'cluster group "{group.name}" /listowners' in ran
    for resource in state.resources:
        assert f'cluster res "{resource.name}" /listdep' in ran
    assert ran[:6] == ["cluster /ver", "cluster node", "cluster group", "cluster res", "cluster res /prop",
                       "cluster res /priv"]
    assert ran[-2:] == ["ipconfig /all", "systeminfo"]


def test_every_marker_reads_back_as_the_section_it_names():
    for marker in markers(collect_script(fx.plan_of("2007-ccr-2008"))):
        kind, target = classify(marker)
        assert kind is not None, marker
        if "/list" in marker:
            assert target and target in marker


def test_each_command_runs_right_after_its_marker():
    lines = collect_script(fx.plan_of("2003-two-node")).split("\r\n")
    for index, line in enumerate(lines):
        if line.startswith('>> "%OUT%" echo #### '):
            command = line.removeprefix('>> "%OUT%" echo #### ')
            assert lines[index + 1] == f'{command} >> "%OUT%" 2>&1'


def test_percent_signs_are_doubled_and_names_with_quotes_are_left_out_and_said():
    plan = load_plan(build("ex2003-win2003", {"virtual_servers[0].group": "EXVS1 100% Group",
                                              "virtual_servers[0].name": 'EX"VS1'}))
    run, skipped = commands(intended_state(plan))
    assert 'cluster group "EXVS1 100%% Group" /listowners' in run
    assert 'EX"VS1 IP Address' in skipped
    script = collect_script(plan)
    assert "rem Left out (cmd.exe cannot pass this name to cluster.exe): EXVS1 IP Address" in script


def test_windows_2000_nodes_have_no_systeminfo_to_run():
    plan = load_plan(build("ex2000-win2000"))
    assert "systeminfo" not in collect_script(plan)
    assert node_command(intended_state(plan)) == \
        '(echo #### ipconfig /all & ipconfig /all) > "%COMPUTERNAME%-asbuilt.txt" 2>&1'
    assert "systeminfo" in node_command(intended_state(fx.plan_of("2003-two-node")))


def test_it_also_asks_for_the_quorum_the_network_subnets_and_the_possible_owners_where_failover_is_planned():
    plan = fx.plan_of("2003-two-node")
    state = intended_state(plan)
    ran = markers(collect_script(plan))
    assert "cluster /quorum" in ran and "cluster network /prop" in ran
    asked = {m.split('"')[1] for m in ran if m.endswith("/listowners") and m.startswith("cluster res ")}
    assert asked == {r.name for r in state.resources if r.group == "EXVS1 Group"}


def test_names_an_earlier_capture_found_replace_the_planned_ones():
    plan = fx.plan_of("2003-two-node")
    names = FoundNames(7, groups=(("EXVS1 Group", "Exchange EXVS1"),),
                       resources=(("EXVS1 Network Name", "EXVS1 Name"), ("Disk R:", 'Disk "R"')))
    script = collect_script(plan, "Plan", 2, names)
    ran = markers(script)
    assert 'cluster group "Exchange EXVS1" /listowners' in ran and 'cluster res "EXVS1 Name" /listdep' in ran
    assert not any("EXVS1 Network Name" in m for m in ran)
    assert "rem   group EXVS1 Group is named Exchange EXVS1" in script
    # A found name cmd.exe cannot pass is left out and said, like a planned one.
    assert "rem Left out (cmd.exe cannot pass this name to cluster.exe): Disk R" in script
    assert collect_script(plan, "Plan", 2, NO_NAMES) == collect_script(plan, "Plan", 2)
