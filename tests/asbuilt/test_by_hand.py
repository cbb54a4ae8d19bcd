"""Captures typed by hand, not made by writer.py: real shapes the writer does not produce.

tests/asbuilt/fixtures/by-hand/ holds them (see its README): a Windows 2000 / Exchange 2000 cluster
(no systeminfo), a Windows 2008 single copy cluster with the names Windows and Exchange give
("Cluster Disk 2", "Cluster Network 1", "Network Name (EXCMS1)"), the spec's own example snippets
and nothing else, and a console session pasted with its prompts, banner, trailing spaces, tabs,
missing blank lines and cluster.exe's errors for names it does not know.
"""
from __future__ import annotations

import pytest

from app.domain.asbuilt import read_capture, verify, verify_text
from app.domain.asbuilt.collect import FoundNames, collect_script
from app.domain.asbuilt.report import proven_items, render_text
from app.domain.plan import load_plan
from app.domain.runbook import build_checklist
from tests.asbuilt import fixtures as fx
from tests.domain.plans import build

BY_HAND = fx.FIXTURES / "by-hand"


def read(name: str) -> bytes:
    return (BY_HAND / name).read_bytes()


def codes(comparison) -> set[tuple[str, str, str]]:
    return {(d.code, d.severity, d.subject) for d in comparison.differences}


# ---------------------------------------------------------------- Windows 2000, Exchange 2000

def test_a_windows_2000_cluster_without_systeminfo_matches_and_says_what_to_check_by_hand():
    plan = load_plan(build("ex2000-win2000"))
    result = verify(plan, read("2000-two-node.txt"))
    comparison = result.comparison
    assert comparison.differences == () and comparison.verdict == "matches" and comparison.complete
    by_hand = [n for n in comparison.further if "by hand" in n.reason]
    assert [n.subject for n in by_hand] == ["nodes[0]", "nodes[1]"]
    # The Windows 2000 shapes: no blank line in cluster /ver, 8-space ipconfig labels, DNS on two lines.
    assert result.found.name == "EXCLUS1" and result.found.windows == "2000"
    node1 = result.found.nodes[0]
    assert (node1.public_ip, node1.private_ip) == ("10.0.0.11", "192.168.10.11")
    assert node1.adapters[1].dns_servers == ("10.0.0.2", "10.0.0.3")
    assert result.found.quorum.resource == "Disk Q:" and result.found.quorum.disk == "Q:"
    checklist = build_checklist(plan)
    proven = {item.id for item in proven_items(checklist, comparison)}
    assert any(item.endswith("set-quorum") for item in proven)


# ---------------------------------------------------------------- Windows 2008, Exchange 2007 SCC

@pytest.fixture(scope="module")
def scc_plan():
    return load_plan(build("ex2007-scc-win2008"))


def test_windows_2008_names_are_matched_by_what_they_are(scc_plan):
    result = verify(scc_plan, read("2008-scc-cluster-disks.txt"))
    comparison = result.comparison
    # "Cluster Network 1/2" found by their subnets; the IP Address resources name "Cluster Network 1".
    assert not [d for d in comparison.differences if d.code.startswith(("network", "interface", "property"))]
    # The quorum disk's letter comes from cluster /quorum, Cluster Disk 3's from its DiskPath.
    disks = {r.name: r.identity for r in result.found.resources if r.type == "Physical Disk"}
    assert disks == {"Cluster Disk 1": "Q:", "Cluster Disk 2": None, "Cluster Disk 3": "S:"}
    # Service Pack 1 is the first release (the plan says none): no difference. The Cluster Group runs
    # on EXNODE2, which is no difference either: it has no planned home.
    assert not [d for d in comparison.differences if d.code in ("node-service-pack", "group-owner")]
    assert {d.code for d in comparison.differences} == {"dependency-unplanned"}


def test_a_windows_2008_disk_without_its_letter_is_not_compared_and_the_capture_is_incomplete(scc_plan):
    comparison = verify(scc_plan, read("2008-scc-cluster-disks.txt")).comparison
    assert comparison.verdict == "incomplete" and not comparison.matches
    letter = next(n for n in comparison.missing if "drive letter" in n.what)
    assert "Cluster Disk 2" in letter.what and 'cluster res "Cluster Disk 2" /rename:"Disk R:"' in letter.reason
    # Renamed as the result says: cluster.exe pads the new name to its column like the old one.
    text = read("2008-scc-cluster-disks.txt").decode("cp437").replace("Cluster Disk 2 ", "Disk R:        ")
    renamed = verify_text(scc_plan, text).comparison
    assert not any("drive letter" in n.what for n in renamed.not_compared)


def test_sections_for_names_the_cluster_does_not_have_are_not_compared_naming_both_names(scc_plan):
    result = verify(scc_plan, read("2008-scc-cluster-disks.txt"))
    failures = {f.target for f in result.capture.failures}
    assert failures == {"Disk Q:", "EXCMS1 IP Address", "EXCMS1 Network Name", "Disk R:", "Disk S:"}
    assert all(f.not_found for f in result.capture.failures)
    dependency = next(n for n in result.comparison.missing if n.what == "What Network Name (EXCMS1) depends on")
    assert "the cluster has no resource named “EXCMS1 Network Name”" in dependency.reason
    assert "it is named “Network Name (EXCMS1)” in this cluster" in dependency.reason
    assert dependency.command == 'cluster res "Network Name (EXCMS1)" /listdep'


def test_collect_cmd_then_asks_for_the_names_this_capture_found(scc_plan):
    comparison = verify(scc_plan, read("2008-scc-cluster-disks.txt")).comparison
    names = FoundNames(4, comparison.group_names, comparison.resource_names)
    assert dict(names.resources) == {"EXCMS1 IP Address": "IPv4 Address 1 (EXCMS1)",
                                     "EXCMS1 Network Name": "Network Name (EXCMS1)", "Disk Q:": "Cluster Disk 1",
                                     "Disk R:": "Cluster Disk 2", "Disk S:": "Cluster Disk 3"}
    script = collect_script(scc_plan, "SCC", 3, names)
    assert "rem Names as capture 4 found them in the cluster" in script
    assert "rem   resource EXCMS1 Network Name is named Network Name (EXCMS1)" in script
    assert 'cluster res "Network Name (EXCMS1)" /listdep >> "%OUT%" 2>&1' in script
    assert 'cluster res "IPv4 Address 1 (EXCMS1)" /listowners >> "%OUT%" 2>&1' in script
    assert '"EXCMS1 Network Name" /listdep' not in script


# ---------------------------------------------------------------- the spec's snippets alone

def test_the_specs_own_example_snippets_are_read_as_they_stand():
    capture = read_capture(read("spec-snippets.txt"))
    assert capture.problems == () and capture.failures == ()
    assert [(n.name, n.node_id, n.status) for n in capture.nodes] == [("EXNODE1", 1, "Up"), ("EXNODE2", 2, "Up")]
    assert [(g.name, g.owner) for g in capture.groups] == [("Cluster Group", "EXNODE1"), ("EXVS1 Group", "EXNODE1")]
    assert [(r.name, r.group) for r in capture.resources] == [("Cluster IP Address", "Cluster Group"),
                                                              ("EXVS1 IP Address", "EXVS1 Group")]
    assert {(p.owner, p.name): p.value for p in capture.private_properties} == {
        ("EXVS1 IP Address", "Address"): "10.0.0.60", ("EXVS1 IP Address", "SubnetMask"): "255.255.255.0",
        ("EXVS1 IP Address", "Network"): "Public", ("EXVS1 IP Address", "EnableNetBIOS"): 1,
        ("EXVS1 Network Name", "Name"): "EXVS1", ("EXVS1 Network Name", "RequireKerberos"): 1}
    assert capture.owners == {"EXVS1 Group": ("EXNODE1", "EXNODE2")}
    assert capture.dependencies == {"EXVS1 Network Name": ("EXVS1 IP Address",)}


def test_the_specs_snippets_alone_are_an_incomplete_capture_never_a_match():
    comparison = verify(fx.plan_of("2003-two-node"), read("spec-snippets.txt")).comparison
    assert comparison.differences == () and comparison.verdict == "incomplete"
    assert render_text(comparison).splitlines()[-1].startswith("INCOMPLETE: no difference in what could be compared;")


# ---------------------------------------------------------------- a console session pasted

def test_a_pasted_console_session_is_read_with_its_prompts_tabs_and_errors():
    capture = read_capture(read("console-paste.txt"))
    assert capture.problems == ()
    commands = [s.command for s in capture.sections if s.kind]
    assert commands[:4] == ["cluster /ver", "cluster node", "cluster group", "cluster res"]
    assert [(g.name, g.owner, g.status) for g in capture.groups] == [("Cluster Group", "EXNODE1", "Online"),
                                                                     ("EXVS1 Group", "EXNODE1", "Online")]
    assert [n.status for n in capture.nodes] == ["Up", "Down"]
    assert {(f.target, f.not_found) for f in capture.failures} == {("EXVS1 NetworkName", True), ("EXVS1 Grp", True)}
    assert [n.line for n in capture.notes] == sorted(n.line for n in capture.notes)
    assert any("printed an error instead of its output" in n.message for n in capture.notes)
    assert capture.partial_tables == {"private_properties": frozenset({"exvs1 ip address", "exvs1 network name"})}


def test_a_pasted_console_session_is_compared_for_what_it_holds_and_no_more():
    comparison = verify(fx.plan_of("2003-two-node"), read("console-paste.txt")).comparison
    assert codes(comparison) == {("node-down", "error", "nodes[1]"), ("property", "error", "virtual_servers[0].name")}
    kerberos = next(d for d in comparison.differences if d.code == "property")
    assert kerberos.rule == "evs-kerberos"
    # /priv of two resources only: the others' settings are not compared, never reported as wrong.
    assert any(n.what == "The settings of Cluster IP Address" for n in comparison.missing)
    assert comparison.verdict == "differs"
