"""Filling a node of the plan from one server's ipconfig /all and systeminfo."""
from __future__ import annotations

import dataclasses

import pytest

from app.domain.asbuilt import read_capture_text
from app.domain.asbuilt.prefill import PrefillRefused, propose, server_facts, shown_value
from app.domain.plan import load_plan
from tests.asbuilt import fixtures as fx
from tests.asbuilt.writer import ipconfig, systeminfo
from tests.domain.plans import DELETE, build


def server_text(node, windows="2003") -> str:
    return "\n".join(["#### ipconfig /all", *ipconfig(node, windows), "#### systeminfo", *systeminfo(node, windows)])


def facts_of(plan_name: str, index: int, windows: str = "2003", **changes):
    node = dataclasses.replace(fx.built(plan_name).nodes[index], **changes)
    return server_facts(read_capture_text(server_text(node, windows)), fx.plan_of(plan_name))


def test_what_the_two_commands_say_about_a_windows_2003_node():
    facts = facts_of("2003-two-node", 0)
    assert (facts.host, facts.domain, facts.domain_controller, facts.model) == (
        "EXNODE1", "contoso.com", False, "ProLiant DL380 G4")
    # EXNODE1 also holds the cluster's and EXVS1's addresses: they are not its own.
    assert (facts.public_ip, facts.private_ip) == ("10.0.0.11", "192.168.10.11")
    assert (facts.windows, facts.edition, facts.service_pack, facts.architecture) == ("2003", "enterprise", 2, "x86")
    assert facts.read_from == ("ipconfig /all", "systeminfo")


def test_windows_2008_first_release_is_read_once_as_the_comparison_reads_it():
    """systeminfo says "Service Pack 1" for Windows Server 2008's release (KB 949607): a plan's "none
    (release)" and "SP1" both name that build, so neither is offered a change; another answer is
    offered what the server reports."""
    facts = facts_of("2007-ccr-2008", 1, "2008")
    assert (facts.windows, facts.service_pack, facts.architecture) == ("2008", 0, "x64")
    assert "KB 949607" in facts.notes[0] and "names the same build and is kept" in facts.notes[0]
    node = fx.built("2007-ccr-2008").nodes[1]
    for planned, proposed in ((1, 1), (2, 1), (DELETE, 1)):
        document = build("ex2007-ccr-win2008", {"windows.service_pack": planned})
        facts = server_facts(read_capture_text(server_text(node, "2008")), load_plan(document))
        assert facts.service_pack == proposed and not facts.notes
        changed = {c.path for c in propose(document, facts).changes}
        assert ("windows.service_pack" in changed) == (planned not in (0, 1))


def test_without_planned_networks_the_adapter_with_a_gateway_is_the_public_one():
    document = build("ex2003-win2003")
    del document["cluster"]["public_network"], document["cluster"]["private_network"]
    node = fx.built("2003-two-node").nodes[1]
    facts = server_facts(read_capture_text(server_text(node)), load_plan(document))
    assert (facts.public_ip, facts.private_ip) == ("10.0.0.12", "192.168.10.12")


def test_a_row_is_chosen_by_name_then_the_first_without_one_then_a_new_row():
    document = build("ex2003-win2003")
    facts = facts_of("2003-two-node", 1)
    assert propose(document, facts).row == 1
    document["nodes"][0]["name"] = ""
    document["nodes"][1]["name"] = "OTHER"
    document["setup"]["node_order"] = ["OTHER"]
    chosen = propose(document, facts)
    assert chosen.row == 0 and not chosen.new_row
    document["nodes"][0]["name"] = "FIRST"
    added = propose(document, facts)
    assert added.new_row and added.row == 2 and added.document["nodes"][2]["name"] == "EXNODE2"


def test_the_proposal_lists_each_field_with_its_current_and_new_value():
    document = build("ex2003-win2003", {"nodes[1].public_ip": "10.0.0.99", "nodes[1].hardware_model": "DL380",
                                        "windows.service_pack": 1})
    proposal = propose(document, facts_of("2003-two-node", 1))
    changes = {(c.path, c.current, c.proposed) for c in proposal.changes}
    assert changes == {("nodes[1].public_ip", "10.0.0.99", "10.0.0.12"),
                       ("nodes[1].hardware_model", "DL380", "ProLiant DL380 G4"),
                       ("windows.service_pack", 1, 2)}
    assert {c.label for c in proposal.fields} >= {"Node name", "Public IP address", "Windows version"}
    assert proposal.document["nodes"][1]["public_ip"] == "10.0.0.12" and document["nodes"][1]["public_ip"] == "10.0.0.99"
    load_plan(proposal.document)


def test_choosing_a_row_renames_the_node_everywhere_it_is_named():
    document = build("ex2003-win2003")
    proposal = propose(document, facts_of("2003-two-node", 1, name="EXNODE9"), row=1)
    assert proposal.document["nodes"][1]["name"] == "EXNODE9"
    assert proposal.document["setup"]["node_order"] == ["EXNODE1", "EXNODE9"]
    assert proposal.document["virtual_servers"][0]["preferred_owners"] == ["EXNODE1", "EXNODE9"]


def test_text_of_two_servers_or_of_none_is_refused():
    built = fx.built("2003-two-node")
    both = server_text(built.nodes[0]) + "\n" + server_text(built.nodes[1])
    with pytest.raises(PrefillRefused, match="2 servers"):
        server_facts(read_capture_text(both), fx.plan_of("2003-two-node"))
    nodes_only = fx.read("2003-two-node.txt").decode("cp437").split("#### cluster group")[0]
    with pytest.raises(PrefillRefused, match="neither"):
        server_facts(read_capture_text(nodes_only), fx.plan_of("2003-two-node"))


def test_values_as_the_page_shows_them():
    assert shown_value("windows.version", "2003") == "Windows Server 2003"
    assert shown_value("windows.service_pack", 0) == "none (release)"
    assert shown_value("nodes[0].domain_controller", False) == "no"
    assert shown_value("nodes[0].name", None) == "not answered"
