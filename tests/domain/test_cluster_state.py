"""The intended cluster state: groups, resources, properties, dependencies and owners of a plan."""
from __future__ import annotations

import dataclasses

import pytest

from app.domain.cluster import intended_state
from app.domain.cluster.state import (IP_ADDRESS, MSDTC, NETWORK_NAME, PHYSICAL_DISK, SYSTEM_ATTENDANT,
                                      BY_COMCLUST, BY_EXCHANGE)
from app.domain.plan import load_plan
from tests.characterization.snapshot import stored_documents
from tests.domain.plans import BASES, DELETE, add_nodes, add_virtual_servers, build


def state_of(base, *changes):
    return intended_state(load_plan(build(base, *changes)))


def test_two_node_2003_on_windows_2003():
    state = state_of("ex2003-win2003")
    assert [g.name for g in state.groups] == ["Cluster Group", "EXVS1 Group"]
    assert state.quorum.resource == "Disk Q:" and state.quorum.disk == "Q:"
    ip = state.resource("EXVS1 IP Address")
    assert ip.type == IP_ADDRESS and ip.group == "EXVS1 Group"
    assert dict(ip.properties) == {"Address": "10.0.0.60", "SubnetMask": "255.255.255.0", "Network": "Public",
                                   "EnableNetBIOS": 1}
    name = state.resource("EXVS1 Network Name")
    assert name.type == NETWORK_NAME and name.depends_on == ("EXVS1 IP Address",)
    assert name.property("Name") == "EXVS1" and name.property("RequireKerberos") == 1
    assert name.property("RequireDNS") == 1
    sa = state.resource("EXVS1 System Attendant")
    assert sa.type == SYSTEM_ATTENDANT and sa.depends_on == ("EXVS1 Network Name", "Disk R:", "Disk S:")
    assert [r.identity for r in state.of_type("EXVS1 Group", PHYSICAL_DISK)] == ["R:", "S:"]
    dtc = state.of_type("Cluster Group", MSDTC)[0]
    assert dtc.depends_on == ("Cluster Name", "Disk Q:")
    group = state.group("EXVS1 Group")
    assert group.preferred_owners == ("EXNODE1", "EXNODE2") and group.possible_owners == ("EXNODE1", "EXNODE2")
    assert group.home == "EXNODE1"
    smtp = next(r for r in state.resources_of("EXVS1 Group") if r.type == "SMTP Server Instance")
    assert smtp.depends_on == ("EXVS1 System Attendant",) and smtp.made_by == BY_EXCHANGE


def test_exchange_2000_protocols_hang_on_the_information_store_and_msdtc_comes_from_comclust():
    state = state_of("ex2000-win2000")
    smtp = next(r for r in state.resources_of("EXVS1 Group") if r.type == "SMTP Server Instance")
    assert smtp.depends_on == ("Exchange Information Store Instance (EXVS1)",)
    assert {r.type for r in state.resources_of("EXVS1 Group")} >= {
        "Microsoft Exchange IMAP4 Server Instance", "Microsoft Exchange POP3 Server Instance"}
    assert state.of_type("Cluster Group", MSDTC)[0].made_by == BY_COMCLUST
    # Windows 2000 has neither the Kerberos nor the DNS setting on a Network Name.
    assert state.resource("EXVS1 Network Name").properties == (("Name", "EXVS1"),)


def test_only_the_first_virtual_server_gets_the_mta():
    state = state_of("ex2003-win2003", add_nodes(2), add_virtual_servers(2))
    mtas = [r.group for r in state.resources if r.type == "Microsoft Exchange Message Transfer Agent"]
    assert mtas == ["EXVS1 Group"]


def test_imap4_added_by_hand_on_2003_only_where_wanted():
    state = state_of("ex2003-win2003", {"virtual_servers[0].protocols.imap4": True})
    imap = [r for r in state.resources_of("EXVS1 Group") if r.type == "Microsoft Exchange IMAP4 Server Instance"]
    assert len(imap) == 1 and imap[0].made_by == "admin" and imap[0].depends_on == ("EXVS1 System Attendant",)
    assert not [r for r in state.resources if "POP3" in r.type]


def test_four_nodes_three_servers_home_on_their_first_free_preferred_owner():
    state = state_of("ex2003-win2003", add_nodes(2), add_virtual_servers(2))
    homes = {g.server: g.home for g in state.server_groups}
    assert homes == {"EXVS1": "EXNODE1", "EXVS2": "EXNODE2", "EXVS3": "EXNODE3"}
    assert "EXNODE4" not in homes.values()


def test_exchange_2007_cms_group_is_named_after_the_server_and_setup_makes_everything():
    state = state_of("ex2007-scc-win2008")
    group = state.group("EXCMS1")
    assert group is not None and group.made_by == BY_EXCHANGE
    assert {r.made_by for r in state.resources_of("EXCMS1") if r.type != PHYSICAL_DISK} == {BY_EXCHANGE}
    assert state.quorum.type == "node-disk-majority" and state.quorum.disk == "Q:"
    assert not state.of_type("Cluster Group", MSDTC)


def test_ccr_has_a_witness_and_no_disks():
    state = state_of("ex2007-ccr-win2008")
    assert state.quorum.witness == "\\\\EXHUB1\\FSW_EXCLUS1"
    assert state.resource("File Share Witness").property("SharePath") == "\\\\EXHUB1\\FSW_EXCLUS1"
    assert not [r for r in state.resources if r.type == PHYSICAL_DISK]
    mns = state_of("ex2007-ccr-win2003").resource("Majority Node Set")
    assert mns.property("MNSFileShare") == "\\\\EXHUB1\\FSW_EXCLUS1"


def test_a_disk_listed_twice_is_one_resource_and_spare_disks_stay_in_their_own_group():
    state = state_of("ex2003-win2003", {"virtual_servers[0].disks": ["R:", "Q:"],
                                        "disks[2].purpose": "other"})
    assert [r.group for r in state.resources if r.identity == "Q:"] == ["Cluster Group"]
    assert state.of_type("EXVS1 Group", PHYSICAL_DISK)[0].identity == "R:"
    spare = state_of("ex2003-win2003", {"virtual_servers[0].disks": ["R:"]})
    assert [r.group for r in spare.resources if r.identity == "S:"] == ["Disk Group 1"]


def test_unknown_preferred_owners_are_left_out_and_names_follow_the_nodes_spelling():
    state = state_of("ex2003-win2003", {"virtual_servers[0].preferred_owners": ["exnode2", "NOSUCH"]})
    assert state.group("EXVS1 Group").preferred_owners == ("EXNODE2",)
    assert state.group("EXVS1 Group").home == "EXNODE2"


def test_no_private_network_means_one_network():
    state = state_of("ex2003-win2003", {"cluster.private_network": None})
    assert [n.name for n in state.networks] == ["Public"]


def test_unanswered_values_are_none_and_names_fall_back_to_positions():
    state = state_of("ex2003-win2003", {"virtual_servers[0].name": DELETE, "cluster.ip": DELETE,
                                        "virtual_servers[0].group": DELETE})
    assert state.ip is None and state.resource("Cluster IP Address").property("Address") is None
    assert state.server_groups[0].name == "virtual server 1 Group"
    assert state.resource("virtual server 1 Network Name").property("Name") is None


def test_states_are_immutable_values_that_compare_equal():
    a, b = state_of("ex2003-win2003"), state_of("ex2003-win2003")
    assert a == b and hash(a.groups) == hash(b.groups)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "X"  # type: ignore[misc]


@pytest.mark.parametrize("document", [doc for _, doc in stored_documents()][::7])
def test_total_for_every_known_plan(document):
    state = intended_state(load_plan(document))
    names = [r.name for r in state.resources]
    servers = [g.server for g in state.server_groups if g.server]
    duplicated_servers = len({s.casefold() for s in servers}) < len(servers)
    assert len(names) == len(set(names)) or duplicated_servers
    groups = {g.name for g in state.groups}
    for resource in state.resources:
        assert resource.group in groups
        for dependency in resource.depends_on:
            assert state.resource(dependency).group == resource.group
