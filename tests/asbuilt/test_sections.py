"""Cutting a capture into sections and knowing each section's command."""
from __future__ import annotations

import pytest

from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.sections import classify, split_sections


@pytest.mark.parametrize("command, expected", [
    ("cluster /ver", (kinds.VERSION, None)),
    ("cluster /version", (kinds.VERSION, None)),
    ("cluster node", (kinds.NODES, None)),
    ("CLUSTER.EXE NODE /STATUS", (kinds.NODES, None)),
    ("cluster /cluster:EXCLUS1 group", (kinds.GROUPS, None)),
    ("cluster EXCLUS1 res", (kinds.RESOURCES, None)),
    ("cluster resource /properties", (kinds.RESOURCE_PROPERTIES, None)),
    ("cluster res /prop", (kinds.RESOURCE_PROPERTIES, None)),
    ("cluster res /priv", (kinds.PRIVATE_PROPERTIES, None)),
    ("cluster res /privproperties", (kinds.PRIVATE_PROPERTIES, None)),
    ('cluster res "EXVS1 IP Address" /priv', (kinds.PRIVATE_PROPERTIES, "EXVS1 IP Address")),
    ('cluster group "EXVS1 Group" /listowners', (kinds.OWNERS, "EXVS1 Group")),
    ('cluster res "EXVS1 Network Name" /listdep', (kinds.DEPENDENCIES, "EXVS1 Network Name")),
    ('cluster resource "Disk R:" /listdependencies', (kinds.DEPENDENCIES, "Disk R:")),
    ("cluster network", (kinds.NETWORKS, None)),
    ("cluster net /prop", (kinds.NETWORK_PROPERTIES, None)),
    ("cluster netint", (kinds.INTERFACES, None)),
    ("cluster netinterface /status", (kinds.INTERFACES, None)),
    ("ipconfig /all", (kinds.IPCONFIG, None)),
    ("C:\\WINDOWS\\system32\\ipconfig.exe /ALL", (kinds.IPCONFIG, None)),
    ("systeminfo", (kinds.SYSTEMINFO, None)),
    ("systeminfo /s EXNODE2", (kinds.SYSTEMINFO, "EXNODE2")),
])
def test_commands_are_read_the_way_cluster_exe_reads_them(command, expected):
    assert classify(command) == expected


@pytest.mark.parametrize("command", ["ipconfig", "cluster res /online", "cluster res /pr", "dir c:\\", "",
                                     "cluster group /moveto:EXNODE2", 'cluster group "X" /listdep'])
def test_commands_not_read_here(command):
    assert classify(command) == (None, None)


def test_sections_start_at_their_markers_and_know_their_line_numbers():
    text = "#### cluster node\nA\nB\n####   cluster group  \nC\n#### dir\nD\n"
    found = split_sections(text)
    assert [(s.command, s.kind, s.first_line, s.lines) for s in found] == [
        ("cluster node", kinds.NODES, 2, ("A", "B")),
        ("cluster group", kinds.GROUPS, 5, ("C",)),
        ("dir", None, 7, ("D", "")),
    ]


def test_a_paste_without_markers_is_cut_where_each_output_begins():
    text = ("Some words first\n"
            "Listing status for all available nodes:\n\nNode ...\n"
            "Listing preferred owners for group 'EXVS1 Group':\n\nPreferred Owner Nodes\n"
            "Windows IP Configuration\n\n   Host Name . . . : EXNODE1\n"
            "Host Name:                 EXNODE1\nOS Name:  x\n")
    found = split_sections(text)
    assert [(s.kind, s.target, s.first_line, s.marked) for s in found] == [
        (None, None, 1, False), (kinds.NODES, None, 2, False), (kinds.OWNERS, "EXVS1 Group", 5, False),
        (kinds.IPCONFIG, None, 8, False), (kinds.SYSTEMINFO, None, 11, False)]
    assert found[2].command == 'cluster group "EXVS1 Group" /listowners'


def test_an_indented_line_never_starts_a_section():
    found = split_sections("#### ipconfig /all\nWindows IP Configuration\n\n   Host Name:  EXNODE1\n")
    assert len(found) == 1


def test_console_prompts_are_markers_and_name_their_command():
    text = ("C:\\Documents and Settings\\Administrator>cluster node  \nListing status for all available nodes:\n"
            "C:\\>cluster res \"EXVS1 IP Address\" /listowners\nListing possible owners for resource 'EXVS1 IP Address':\n"
            "C:\\WINDOWS>\n")
    found = split_sections(text)
    assert [(s.command, s.kind, s.target) for s in found] == [
        ("cluster node", kinds.NODES, None),
        ('cluster res "EXVS1 IP Address" /listowners', kinds.POSSIBLE_OWNERS, "EXVS1 IP Address"),
        ("", None, None)]
    assert found[1].first_line == 4


def test_tabs_are_expanded_to_eight_columns():
    [section] = split_sections("#### cluster group\nCluster Group\t     EXNODE1\t     Online\n")
    assert section.lines[0] == "Cluster Group        EXNODE1         Online"


def test_the_quorum_and_possible_owner_commands():
    assert classify("cluster /quorum") == (kinds.QUORUM, None)
    assert classify("cluster EXCLUS1 /quorumresource") == (kinds.QUORUM, None)
    assert classify('cluster res "Disk R:" /listowners') == (kinds.POSSIBLE_OWNERS, "Disk R:")
