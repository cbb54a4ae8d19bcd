"""The real cluster against the plan: exact matches, every kind of difference, and what is not compared.

The differences are made the way they happen: a line of the real output edited (a node paused, an
address mistyped), or the built cluster changed before its capture is written (an adapter given
a gateway). Each case names every difference it must give, so none may come with noise.
"""
from __future__ import annotations

import dataclasses

import pytest

from app.domain.asbuilt import CaptureRefused, verify, verify_text
from app.domain.asbuilt.report import capture_changes, items_concerned, proven_items, render_text
from app.domain.cluster.state import Resource
from app.domain.runbook import build_checklist
from tests.asbuilt import fixtures as fx
from tests.asbuilt.writer import render_capture
from tests.domain.plans import build

TWO = "2003-two-node"


def base_text(name: str = "2003-two-node.txt") -> str:
    return fx.read(name).decode("cp437").replace("\r\n", "\n")


def edited(*replacements: tuple[str, str], text: str | None = None) -> str:
    text = text if text is not None else base_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def found(result) -> set[tuple[str, str, str]]:
    return {(d.code, d.severity, d.subject) for d in result.comparison.differences}


# ---------------------------------------------------------------- exact matches

@pytest.mark.parametrize("name", ["2003-two-node.txt", "2003-two-node-utf16.txt", "2003-two-node-lf.txt",
                                  "2003-two-node-ansi.txt", "2003-two-node-long-names.txt", "2003-four-node.txt",
                                  "2007-ccr-2008.txt"])
def test_a_cluster_built_as_planned_matches_and_proves_every_item(name):
    plan = fx.plan_of(fx.plan_name_of(name))
    result = verify(plan, fx.read(name))
    assert result.comparison.differences == () and result.comparison.not_compared == ()
    assert result.comparison.matches
    checklist = build_checklist(plan)
    with_evidence = [item.id for item in checklist.items if item.evidence]
    assert [item.id for item in proven_items(checklist, result.comparison)] == with_evidence
    assert len(with_evidence) >= 3


def test_the_four_node_cluster_with_three_virtual_servers():
    result = verify(fx.plan_of("2003-four-node"), fx.read("2003-four-node.txt"))
    homes = {g.name: g.owner for g in result.found.groups}
    assert homes == {"Cluster Group": "EXNODE1", "EXVS1 Group": "EXNODE1", "EXVS2 Group": "EXNODE2",
                     "EXVS3 Group": "EXNODE3"}
    assert len(result.found.resources) == 33  # Cluster Group 4, EXVS1 11, EXVS2 and EXVS3 9 each (one disk, no MTA)


def test_windows_2008_names_and_its_empty_available_storage_group_are_no_difference():
    result = verify(fx.plan_of("2007-ccr-2008"), fx.read("2007-ccr-2008.txt"))
    names = {r.name for r in result.found.resources}
    assert "File Share Witness (\\\\EXHUB1\\FSW_EXCLUS1)" in names and "Network Name (EXCMS1)" in names
    assert result.found.group("Available Storage") is not None
    assert result.found.nodes[0].service_pack == 1  # the first release, as systeminfo says it (KB 949607)


# ---------------------------------------------------------------- differences, by editing the real output

NODE2_LINE = "EXNODE2              2 Up"
NN_DEPENDENCY = ("Listing resource dependencies for 'EXVS1 Network Name':\n\n"
                 "Resource             Group                Node            Status\n"
                 "-------------------- -------------------- --------------- ------\n"
                 "EXVS1 IP Address     EXVS1 Group          EXNODE1         Online\n")
OWNERS = "Listing preferred owners for group 'EXVS1 Group':\n\nPreferred Owner Nodes\n---------------------\n"
SA_DEPENDENCIES_END = "Disk S:              EXVS1 Group          EXNODE1         Online\n\n#### cluster res \"Exchange Information"

EDITS = {
    "node down": ([(NODE2_LINE, "EXNODE2              2 Down")], {("node-down", "error", "nodes[1]")}),
    "node paused": ([(NODE2_LINE, "EXNODE2              2 Paused")], {("node-paused", "warning", "nodes[1]")}),
    "node joining": ([(NODE2_LINE, "EXNODE2              2 Joining")], {("node-not-up", "warning", "nodes[1]")}),
    "node not joined": ([(NODE2_LINE + "\n", "")], {("node-missing", "error", "nodes[1]")}),
    "node not planned": ([(NODE2_LINE, NODE2_LINE + "\nEXNODE3              3 Up")],
                         {("node-unplanned", "info", "nodes")}),
    "group offline": ([("\nEXVS1 Group          EXNODE1         Online", "\nEXVS1 Group          EXNODE1         Offline")],
                      {("group-offline", "warning", "virtual_servers[0]")}),
    "group failed": ([("\nEXVS1 Group          EXNODE1         Online", "\nEXVS1 Group          EXNODE1         Failed")],
                     {("group-failed", "error", "virtual_servers[0]")}),
    "group on its second node": ([("\nEXVS1 Group          EXNODE1         Online",
                                   "\nEXVS1 Group          EXNODE2         Online")],
                                 {("group-owner", "warning", "virtual_servers[0]")}),
    "group named otherwise": ([("EXVS1 Group", "Exchange EXVS1")], {("group-name", "warning", "virtual_servers[0].group")}),
    "resource failed": ([("Disk R:              EXVS1 Group          EXNODE1         Online\nDisk S:",
                          "Disk R:              EXVS1 Group          EXNODE1         Failed\nDisk S:")],
                        {("resource-failed", "error", "virtual_servers[0].disks[0]")}),
    "resource offline": ([("MSDTC                Cluster Group        EXNODE1         Online",
                           "MSDTC                Cluster Group        EXNODE1         Offline")],
                         {("resource-offline", "warning", "cluster.msdtc")}),
    "address": ([("S  EXVS1 IP Address     Address                        10.0.0.60",
                  "S  EXVS1 IP Address     Address                        10.0.0.61")],
                {("property", "error", "virtual_servers[0].ip")}),
    "mask": ([("S  EXVS1 IP Address     SubnetMask                     255.255.255.0",
               "S  EXVS1 IP Address     SubnetMask                     255.255.0.0")],
             {("property", "error", "virtual_servers[0].ip")}),
    "network": ([("S  EXVS1 IP Address     Network                        Public",
                  "S  EXVS1 IP Address     Network                        Private")],
                {("property", "error", "virtual_servers[0].ip")}),
    "network name": ([("S  EXVS1 Network Name   Name                           EXVS1",
                       "S  EXVS1 Network Name   Name                           EXVS9")],
                     {("property", "error", "virtual_servers[0].name")}),
    "kerberos": ([("D  EXVS1 Network Name   RequireKerberos                1 (0x1)",
                   "D  EXVS1 Network Name   RequireKerberos                0 (0x0)")],
                 {("property", "error", "virtual_servers[0].name")}),  # breaks evs-kerberos, an error
    "dns": ([("D  EXVS1 Network Name   RequireDNS                     1 (0x1)",
              "D  EXVS1 Network Name   RequireDNS                     0 (0x0)")],
            {("property", "warning", "virtual_servers[0].name")}),
    "wrong type": ([("SR MSDTC                Type                           Distributed Transaction Coordinator",
                     "SR MSDTC                Type                           Generic Service")],
                   {("resource-type", "error", "cluster.msdtc")}),
    "wrong group": ([("Disk S:              EXVS1 Group          EXNODE1         Online\nEXVS1 System",
                      "Disk S:              Cluster Group        EXNODE1         Online\nEXVS1 System")],
                    {("resource-group", "error", "virtual_servers[0].disks[1]")}),
    "disk letter": ([("Disk S:", "Disk T:")], {("disk-letter", "error", "virtual_servers[0].disks[1]")}),
    "resource missing": ([("SMTP Virtual Server Instance 1 (EXVS1) EXVS1 Group          EXNODE1         Online\n", "")],
                         {("resource-missing", "error", "virtual_servers[0]")}),
    "dependency missing": ([(NN_DEPENDENCY, NN_DEPENDENCY.split("EXVS1 IP Address     ")[0])],
                           {("dependency-missing", "error", "virtual_servers[0].name")}),
    "dependency not planned": ([(SA_DEPENDENCIES_END, SA_DEPENDENCIES_END.replace(
        "\n\n#### ", "\nDisk Q:              Cluster Group        EXNODE1         Online\n\n#### "))],
        {("dependency-unplanned", "info", "virtual_servers[0]")}),
    "owners in another order": ([(OWNERS + "EXNODE1\nEXNODE2\n", OWNERS + "EXNODE2\nEXNODE1\n")],
                                {("owners-order", "warning", "virtual_servers[0].preferred_owners")}),
    "owners not the planned ones": ([(OWNERS + "EXNODE1\nEXNODE2\n", OWNERS + "EXNODE1\n")],
                                    {("owners-differ", "warning", "virtual_servers[0].preferred_owners")}),
    "node address": ([("   IP Address . . . . . . . . . . . . : 10.0.0.12",
                       "   IP Address . . . . . . . . . . . . : 10.0.0.22")],
                     {("adapter-address", "error", "nodes[1].public_ip")}),
    "cluster name": ([("Cluster Name:     EXCLUS1", "Cluster Name:     EXCLUS2")], {("cluster-name", "error", "cluster.name")}),
    "cluster windows": ([("Cluster Version:  5.2", "Cluster Version:  6.0")],
                        {("cluster-windows", "error", "windows.version")}),
    "network role": ([("D  Private              Role                           1 (0x1)",
                       "D  Private              Role                           3 (0x3)")],
                     {("network-role", "warning", "cluster.private_network")}),
    "network down": ([("\nPrivate                                  Up\n", "\nPrivate                                  Partitioned\n")],
                     {("network-down", "warning", "cluster.private_network")}),
    "network missing": ([("\nPrivate                                  Up\n", "\n")], {("network-missing", "error", "cluster.private_network")}),
    "network not planned": ([("\nPrivate                                  Up\n", "\nPrivate                                  Up\nBackup LAN                               Up\n")],
                            {("network-unplanned", "info", "cluster")}),
    "interface missing": ([("EXNODE2                    Private                    Up\n", "")], {("interface-missing", "error", "nodes[1]")}),
    "interface down": ([("EXNODE2                    Private                    Up", "EXNODE2                    Private                    Unreachable")],
                       {("interface-down", "warning", "nodes[1]")}),
}


@pytest.mark.parametrize("case", list(EDITS))
def test_each_kind_of_difference_in_the_real_output(case):
    replacements, expected = EDITS[case]
    result = verify_text(fx.plan_of(TWO), edited(*replacements))
    assert found(result) == expected
    assert not result.comparison.not_compared
    for difference in result.comparison.differences:
        assert difference.message and (difference.expected or difference.found)


def built_differently(change) -> str:
    return render_capture(change(fx.built(TWO)))


STATE_CHANGES = {
    "private adapter with a gateway and DNS": (lambda s: fx.private_gateway(s, "EXNODE2"),
                                               {("private-gateway", "warning", "nodes[1].private_ip"),
                                                ("private-dns", "warning", "nodes[1].private_ip")}),
    "public adapter on DHCP": (lambda s: fx.changed_node(s, "EXNODE2", adapters=(
        dataclasses.replace(s.nodes[1].adapters[0], dhcp=True), s.nodes[1].adapters[1])),
        {("adapter-dhcp", "warning", "nodes[1].public_ip")}),
    "node address mask": (lambda s: fx.changed_node(s, "EXNODE2", adapters=(
        dataclasses.replace(s.nodes[1].adapters[0], masks=("255.255.0.0",)), s.nodes[1].adapters[1])),
        {("adapter-mask", "error", "nodes[1].public_ip")}),
    "service pack": (lambda s: fx.changed_node(s, "EXNODE2", service_pack=1),
                     {("node-service-pack", "warning", "windows.service_pack")}),
    "architecture": (lambda s: fx.changed_node(s, "EXNODE2", architecture="x64"),
                     {("node-architecture", "error", "windows.architecture")}),
    "edition": (lambda s: fx.changed_node(s, "EXNODE2", edition="standard"),  # breaks windows-edition-clusterable
                {("node-edition", "error", "windows.edition")}),
    "domain": (lambda s: fx.changed_node(s, "EXNODE2", domain="sales.contoso.com"),
               {("node-domain", "error", "nodes[1].domain")}),
    "domain controller": (lambda s: fx.changed_node(s, "EXNODE2", domain_controller=True),
                          {("node-domain-controller", "error", "nodes[1].domain_controller")}),
    "hardware model": (lambda s: fx.changed_node(s, "EXNODE2", model="ProLiant DL385 G1"),
                       {("node-model", "info", "nodes[1].hardware_model")}),
    "windows release": (lambda s: fx.changed_node(s, "EXNODE2", windows="2008"),
                        {("node-windows", "error", "windows.version")}),
    "group missing": (lambda s: dataclasses.replace(s, groups=s.groups[:1], resources=tuple(
        r for r in s.resources if r.group == "Cluster Group")), {("group-missing", "error", "virtual_servers[0]")}),
    "group not planned": (fx.with_backup_group, {("group-unplanned", "info", "virtual_servers")}),
    "resource not planned": (lambda s: dataclasses.replace(s, resources=(*s.resources, Resource(
        "EXVS1 Backup Agent", "Generic Service", "EXVS1 Group", (("ServiceName", "BackupAgent"),),
        status="Online", owner="EXNODE1"))), {("resource-unplanned", "info", "virtual_servers")}),
    "renamed resources": (fx.long_names, set()),
}


@pytest.mark.parametrize("case", list(STATE_CHANGES))
def test_each_kind_of_difference_in_a_cluster_built_otherwise(case):
    change, expected = STATE_CHANGES[case]
    result = verify_text(fx.plan_of(TWO), built_differently(change))
    assert found(result) == expected


def test_another_edition_is_named_as_the_product():
    change, _ = STATE_CHANGES["edition"]
    result = verify_text(fx.plan_of(TWO), built_differently(change))
    message = next(d.message for d in result.comparison.differences if d.code == "node-edition")
    assert message == "EXNODE2 runs Windows Server 2003, Standard Edition."


def test_disks_are_matched_by_their_letter_and_addresses_within_their_group():
    """Two disks swapped between groups are each in the wrong group; two addresses typed into each
    other's resources are each the wrong address."""
    plan = fx.plan_of("2003-four-node")
    disks = fx.changed_resource(fx.changed_resource(fx.built("2003-four-node"), "Disk T:", group="EXVS3 Group"),
                                "Disk U:", group="EXVS2 Group")
    assert found(verify_text(plan, render_capture(disks))) == {
        ("resource-group", "error", "virtual_servers[1].disks[0]"),
        ("resource-group", "error", "virtual_servers[2].disks[0]")}
    state = fx.changed_property(fx.built("2003-four-node"), "EXVS2 IP Address", "Address", "10.0.0.62")
    state = fx.changed_property(state, "EXVS3 IP Address", "Address", "10.0.0.61")
    result = verify_text(plan, render_capture(state))
    assert found(result) == {("property", "error", "virtual_servers[1].ip"),
                             ("property", "error", "virtual_servers[2].ip")}


def test_the_stored_variants_give_their_differences():
    two = verify(fx.plan_of(TWO), fx.read("2003-two-node-differences.txt")).comparison
    assert {d.code for d in two.differences} == {"dependency-missing", "node-paused", "node-service-pack",
                                                 "private-gateway", "private-dns", "owners-order", "property",
                                                 "group-unplanned"}
    four = verify(fx.plan_of("2003-four-node"), fx.read("2003-four-node-differences.txt")).comparison
    assert {(d.code, d.subject) for d in four.errors} == {
        ("node-down", "nodes[2]"), ("property", "virtual_servers[1].ip"), ("resource-missing", "virtual_servers[1]"),
        ("resource-group", "virtual_servers[2].disks[0]"), ("resource-failed", "virtual_servers[2]")}
    ccr = verify(fx.plan_of("2007-ccr-2008"), fx.read("2007-ccr-2008-differences.txt")).comparison
    assert {(d.code, d.severity) for d in ccr.differences} == {
        ("node-architecture", "error"), ("node-domain-controller", "error"), ("property", "error"),
        ("group-owner", "warning")}


def test_windows_2008_service_packs_as_systeminfo_reports_them():
    plan_sp2 = fx.load_plan(build("ex2007-ccr-win2008", {"windows.service_pack": 2}))
    result = verify(plan_sp2, fx.read("2007-ccr-2008.txt"))
    assert {(d.code, d.expected, d.found) for d in result.comparison.differences} == {
        ("node-service-pack", "Service Pack 2", "the first release of Windows Server 2008 (Service Pack 1)")}


# ---------------------------------------------------------------- what is not compared

MISSING = {
    "cluster res /priv": "Addresses, masks, networks",
    'cluster group "EXVS1 Group" /listowners': "The preferred owners of EXVS1 Group",
    'cluster res "EXVS1 System Attendant" /listdep': "What EXVS1 System Attendant depends on",
    "cluster node": "Which planned nodes are in the cluster",
    "cluster res /prop": "without their types they cannot be matched",
    "cluster res": "The resources of every group",
    "cluster /ver": "The cluster's name and Windows release",
    "cluster network": "The cluster networks",
    "cluster network /prop": "The roles and subnets of the cluster networks",
    "cluster netint": "Each node's interface",
}


@pytest.mark.parametrize("omitted", list(MISSING))
def test_a_missing_section_is_not_compared_and_never_counted_as_a_match(omitted):
    plan = fx.plan_of(TWO)
    result = verify_text(plan, render_capture(fx.built(TWO), omit=[omitted]))
    comparison = result.comparison
    assert comparison.differences == ()
    assert any(MISSING[omitted] in n.what for n in comparison.not_compared), comparison.not_compared
    assert any(omitted.split(" /")[0] in (n.command or "") for n in comparison.not_compared)
    checklist = build_checklist(plan)
    unproven = [item for item in checklist.items if item.evidence and item not in proven_items(checklist, comparison)]
    if omitted not in ("cluster /ver", "cluster network", "cluster network /prop", "cluster netint"):
        assert unproven, "a part not compared cannot prove an item"


def test_a_node_without_its_ipconfig_and_systeminfo():
    result = verify_text(fx.plan_of(TWO), render_capture(fx.built(TWO), hosts=["EXNODE1"]))
    assert result.comparison.differences == ()
    assert {(n.subject, n.command) for n in result.comparison.not_compared} == {
        ("nodes[1]", "systeminfo (on EXNODE2)"), ("nodes[1]", "ipconfig /all (on EXNODE2)")}


def test_windows_2000_has_no_systeminfo_so_its_facts_are_not_compared():
    plan = fx.load_plan(build("ex2000-win2000"))
    state = fx.as_built(fx.intended_state(plan))
    result = verify_text(plan, render_capture(state, windows="2000"))
    assert result.comparison.differences == ()
    assert [n.reason for n in result.comparison.not_compared] == [
        "Windows 2000 has no systeminfo command; check them on the node by hand"] * 2


def test_a_failed_command_is_named_as_the_reason():
    text = base_text().replace(
        OWNERS + "EXNODE1\nEXNODE2\n", "System error 5013 has occurred (0x00001395).\n"
                                       "The cluster group could not be found.\n")
    result = verify_text(fx.plan_of(TWO), text)
    [missing] = result.comparison.not_compared
    assert "could not be found" in missing.reason and missing.command.endswith("/listowners")


# ---------------------------------------------------------------- refused captures

@pytest.mark.parametrize("name, words", [
    ("2003-another-cluster.txt", "cluster SALESCL with the servers SALES1, SALES2"),
    ("2003-two-node-truncated.txt", "cannot be read"),
    ("2003-two-node-german.txt", "cannot be read"),
    ("capture.zip", "not a text file"),
])
def test_captures_that_are_refused_say_why(name, words):
    with pytest.raises(CaptureRefused, match=words) as refused:
        verify(fx.plan_of(TWO), fx.read(name))
    if "cannot be read" in words:
        assert refused.value.problems and all(p.line > 0 for p in refused.value.problems)


def test_a_capture_of_the_four_node_cluster_against_the_two_node_plan_is_this_cluster_grown():
    result = verify(fx.plan_of(TWO), fx.read("2003-four-node.txt"))
    assert ("node-unplanned", "info", "nodes") in found(result)
    assert ("group-unplanned", "info", "virtual_servers") in found(result)


# ---------------------------------------------------------------- checklist items, captures over time, text

def test_differences_point_at_their_checklist_items():
    plan = fx.plan_of(TWO)
    checklist = build_checklist(plan)
    result = verify(plan, fx.read("2003-two-node-differences.txt"))
    dependency = next(d for d in result.comparison.differences if d.code == "dependency-missing")
    assert [i.id for i in items_concerned(checklist, dependency.evidence)] == ["p4.vs.EXVS1.network-name"]
    proven = {i.id for i in proven_items(checklist, result.comparison)}
    assert "p4.vs.EXVS1.network-name" not in proven and "p4.vs.EXVS1.preferred-owners" not in proven
    assert {"p2.node.EXNODE1.create-cluster", "p4.vs.EXVS1.ip-address", "p4.vs.EXVS1.system-attendant"} <= proven


def test_what_changed_between_two_captures():
    plan = fx.plan_of(TWO)
    before = verify(plan, fx.read("2003-two-node-differences.txt")).comparison
    after_text = edited((NN_DEPENDENCY, NN_DEPENDENCY.split("EXVS1 IP Address     ")[0]),
                        ("S  EXVS1 IP Address     Address                        10.0.0.60",
                         "S  EXVS1 IP Address     Address                        10.0.0.61"))
    after = verify_text(plan, after_text).comparison
    changes = capture_changes(before, after)
    assert {d.code for d in changes.fixed} == {"node-paused", "node-service-pack", "private-gateway", "private-dns",
                                               "owners-order", "property", "group-unplanned"}
    assert [d.code for d in changes.new] == ["property"]
    assert [d.code for d in changes.unchanged] == ["dependency-missing"]
    assert capture_changes(after, after).any is False


def test_the_text_report_groups_by_severity_and_says_what_was_not_compared():
    text = render_text(verify(fx.plan_of(TWO), fx.read("2003-two-node-differences.txt")).comparison)
    assert text.index("== Errors (2)") < text.index("== Warnings (5)") < text.index("== Notes (1)") < \
        text.index("== Not compared (1)")
    assert "planned: on (1); found: off (0)\n          breaks the plan rule evs-kerberos" in text
    assert text.endswith("DIFFERS: 2 error(s), 5 warning(s), 1 note(s), 1 not compared.")
    exact = render_text(verify(fx.plan_of(TWO), fx.read("2003-two-node.txt")).comparison)
    assert exact.startswith("MATCHES")


def test_a_group_taken_offline_is_one_difference_not_one_per_resource():
    state = fx.changed_group(fx.built(TWO), "EXVS1 Group", status="Offline")
    state = dataclasses.replace(state, resources=tuple(
        dataclasses.replace(r, status="Offline") if r.group == "EXVS1 Group" else r for r in state.resources))
    assert found(verify_text(fx.plan_of(TWO), render_capture(state))) == {
        ("group-offline", "warning", "virtual_servers[0]")}


def test_a_windows_2008_disk_named_without_its_letter_is_not_compared():
    plan = fx.load_plan(build("ex2007-scc-win2008"))
    state = fx.renamed(fx.as_built(fx.intended_state(plan)), {"Disk R:": "Cluster Disk 2"})
    result = verify_text(plan, render_capture(state, windows="2008"))
    assert result.comparison.differences == ()
    [missing] = result.comparison.not_compared
    assert "Cluster Disk 2" in missing.what and missing.command is None and missing.required
    assert 'cluster res "Cluster Disk 2" /rename:"Disk R:"' in missing.reason
    assert result.comparison.verdict == "incomplete" and not result.comparison.matches


# ---------------------------------------------------------------- what a capture may prove (trial findings)

def offered(plan, comparison) -> set[str]:
    return {item.id for item in proven_items(build_checklist(plan), comparison)}


def test_an_item_that_a_difference_concerns_is_never_proven():
    """A node found down is a node of the cluster, but "join the cluster" is not done."""
    plan = fx.plan_of(TWO)
    down = verify_text(plan, edited((NODE2_LINE, "EXNODE2              2 Down"))).comparison
    assert "node:EXNODE2" not in down.proven
    assert "p2.node.EXNODE2.join-cluster" not in offered(plan, down)
    assert "p2.node.EXNODE2.join-cluster" in offered(plan, verify(plan, fx.read("2003-two-node.txt")).comparison)
    contradicted = {d.evidence for d in down.differences if d.severity in ("error", "warning")}
    assert not contradicted & down.proven


def test_the_quorum_is_proven_only_by_cluster_quorum():
    plan = fx.plan_of(TWO)
    without = verify_text(plan, render_capture(fx.built(TWO), omit=["cluster /quorum"])).comparison
    assert "quorum:" not in without.proven and "p2.cluster.set-quorum" not in offered(plan, without)
    assert any(n.what == "The quorum resource" and not n.required for n in without.not_compared)
    assert "p2.cluster.set-quorum" in offered(plan, verify(plan, fx.read("2003-two-node.txt")).comparison)


QUORUM_ROW = "Disk Q:              Q:\\MSCS\\                                 4096"


@pytest.mark.parametrize("row, expected", [
    ("Disk R:              R:\\MSCS\\                                 4096", ("quorum-disk", "Q:", "R:")),
    ("EXVS1 IP Address     \\\\?\\GLOBALROOT\\                          4096",
     ("quorum-resource", "Physical Disk", "EXVS1 IP Address (IP Address)")),
    ("                                                              0",
     ("quorum-resource", "Physical Disk", "no quorum resource")),
])
def test_a_quorum_other_than_planned(row, expected):
    comparison = verify_text(fx.plan_of(TWO), edited((QUORUM_ROW, row))).comparison
    [quorum] = [d for d in comparison.differences if d.code.startswith("quorum")]
    assert (quorum.code, quorum.expected, quorum.found) == expected and quorum.severity == "error"
    assert quorum.evidence == "quorum:" and "quorum:" not in comparison.proven


def test_groups_without_a_planned_home_go_wherever_the_cluster_moves_them():
    """The Cluster Group (and an MSDTC or storage group) has no preferred owners: no home to compare."""
    plan = fx.load_plan(build("ex2003-win2003", {"cluster.msdtc.group": "MSDTC Group"}))
    state = fx.as_built(fx.intended_state(plan))
    state = fx.changed_group(state, "Cluster Group", owner="EXNODE2")
    state = fx.changed_group(state, "MSDTC Group", owner="EXNODE2")
    assert verify_text(plan, render_capture(state)).comparison.differences == ()


def test_a_group_away_from_home_while_a_node_is_down_is_no_difference_of_its_own():
    state = fx.changed_node(fx.built(TWO), "EXNODE1", status="Down")
    state = fx.changed_group(state, "EXVS1 Group", owner="EXNODE2")
    assert found(verify_text(fx.plan_of(TWO), render_capture(state))) == {("node-down", "error", "nodes[0]")}


def test_windows_2008_networks_are_found_by_subnet_and_the_ip_resources_network_by_them():
    plan = fx.load_plan(build("ex2007-scc-win2008"))
    names = {"Public": "Cluster Network 1", "Private": "Cluster Network 2"}
    state = fx.as_built(fx.intended_state(plan))
    state = dataclasses.replace(
        state, networks=tuple(dataclasses.replace(n, name=names[n.name]) for n in state.networks),
        interfaces=tuple(dataclasses.replace(i, network=names[i.network]) for i in state.interfaces),
        resources=tuple(dataclasses.replace(r, properties=tuple((k, names.get(v, v) if k == "Network" else v)
                                                                for k, v in r.properties)) for r in state.resources))
    comparison = verify_text(plan, render_capture(state, windows="2008")).comparison
    assert comparison.differences == () and comparison.matches
    # The IP Address on the wrong cluster network is still said, in the cluster's own names.
    wrong = render_capture(fx.changed_property(state, "EXCMS1 IP Address", "Network", "Cluster Network 2"),
                           windows="2008")
    [difference] = verify_text(plan, wrong).comparison.differences
    assert (difference.expected, difference.found) == ("Cluster Network 1", "Cluster Network 2")
    # Without `cluster network /prop` the subnets are unknown: the networks are not compared, never missing.
    unknown = verify_text(plan, render_capture(state, windows="2008", omit=["cluster network /prop"])).comparison
    assert not [d for d in unknown.differences if d.code.startswith("network")]
    assert {n.subject for n in unknown.missing} >= {"cluster.public_network", "cluster.private_network"}


def test_a_resource_a_node_may_not_run():
    state = fx.changed_resource(fx.built(TWO), "Disk R:", possible_owners=("EXNODE1",))
    [difference] = verify_text(fx.plan_of(TWO), render_capture(state)).comparison.differences
    assert (difference.code, difference.severity, difference.found) == ("possible-owners", "warning", "EXNODE1")
    assert "EXNODE2 is not among the possible owners of Disk R:" in difference.message


def test_windows_2008_service_pack_1_is_its_first_release_for_a_plan_of_either_answer():
    for planned in (0, 1):
        plan = fx.load_plan(build("ex2007-ccr-win2008", {"windows.service_pack": planned}))
        assert verify(plan, fx.read("2007-ccr-2008.txt")).comparison.matches


def test_a_difference_the_later_capture_does_not_show_is_not_fixed():
    plan = fx.plan_of(TWO)
    before = verify(plan, fx.read("2003-two-node-differences.txt")).comparison
    later = verify_text(plan, render_capture(fx.built(TWO), omit=["cluster res /priv"], hosts=["EXNODE1"])).comparison
    changes = capture_changes(before, later)
    assert {d.code for d in changes.unseen} == {"property", "node-service-pack", "private-gateway", "private-dns"}
    assert "property" not in {d.code for d in changes.fixed}
    assert {d.code for d in changes.fixed} == {"node-paused", "dependency-missing", "owners-order", "group-unplanned"}
