"""The failover what-if, worked by hand: where each server goes, on 2-, 3-, 4- and 8-node plans of
each family, and what the simulation says when the plan leaves something open."""
from __future__ import annotations

import itertools

import pytest

from app.domain.cluster import intended_state
from app.domain.failover import choose_nodes, failover_report, simulate
from app.domain.failover import scenarios
from app.domain.failover.simulate import (ALL_DOWN, BUSY, NO_OWNER, NO_QUORUM, NOT_PLACED, OFFLINE, ONLINE, PARTIAL,
                                          STORAGE_GROUPS)
from app.domain.plan import load_plan
from tests.checklist.plans import four_node_2003_on_windows2000
from tests.domain.plans import DELETE, add_nodes, add_virtual_servers, build, keep_nodes, steps

W3, X0, SCC3, SCC8, CCR8 = "ex2003-win2003", "ex2000-win2000", "ex2007-scc-win2003", "ex2007-scc-win2008", \
    "ex2007-ccr-win2008"


def state_of(document: dict):
    return intended_state(load_plan(document))


def where(outcome) -> dict[str, str | None]:
    """Server (or group) -> the node it runs on now (None: offline)."""
    return {p.label: p.node for p in outcome.placements}


def servers_where(outcome) -> dict[str, str | None]:
    return {p.label: p.node for p in outcome.servers}


def own_nodes_then(*passive: str):
    """Each server prefers its own node (EXVS1 EXNODE1, ...), then the passive nodes in this order."""
    def run(doc: dict) -> dict:
        for number, server in enumerate(doc["virtual_servers"], start=1):
            server["preferred_owners"] = [f"EXNODE{number}", *passive]
        return doc
    return run


# ---------------------------------------------------------------- two nodes

def test_two_node_active_passive_moves_to_the_other_node_and_back():
    state = state_of(build(W3))
    report = failover_report(state)
    first, second = report.singles
    assert where(first) == {"Cluster Group": "EXNODE2", "EXVS1": "EXNODE2"}
    assert where(second) == {"Cluster Group": "EXNODE1", "EXVS1": "EXNODE1"}
    assert first.placement("EXVS1 Group").moved and not second.placement("EXVS1 Group").moved
    assert report.pairs == ()  # pairs only from three nodes
    assert report.survives_single is True and report.always_survives == 1
    assert report.limits.one_server_per_node is False and report.limits.active_active is False


def test_all_nodes_failed_leaves_nothing_online():
    outcome = simulate(state_of(build(W3)), ["EXNODE1", "EXNODE2"])
    assert all(p.status == OFFLINE and p.reason == ALL_DOWN for p in outcome.placements)
    assert outcome.placement("Cluster Group").node is None
    assert not outcome.all_online


def test_two_node_active_active_shares_the_survivor_within_four_storage_groups():
    state = state_of(build(W3, add_virtual_servers(1, storage_groups=2)))  # EXVS1: 2, EXVS2: 2
    outcome = simulate(state, ["EXNODE1"])
    assert servers_where(outcome) == {"EXVS1": "EXNODE2", "EXVS2": "EXNODE2"}
    assert outcome.all_online
    survivor = next(n for n in outcome.nodes if n.node == "EXNODE2")
    assert survivor.servers == ("EXVS2", "EXVS1") and survivor.storage_groups == 4
    assert survivor.storage_group_limit == 4 and not survivor.over_storage_groups
    assert failover_report(state).limits.active_active is True


def test_two_node_active_active_over_four_storage_groups_mounts_only_what_fits():
    state = state_of(build(W3, add_virtual_servers(1, storage_groups=3)))  # EXVS1: 2, EXVS2: 3
    outcome = simulate(state, ["EXNODE1"])
    arrived = outcome.placement("EXVS1 Group")
    assert arrived.node == "EXNODE2" and arrived.status == PARTIAL and arrived.reason == STORAGE_GROUPS
    assert (arrived.storage_groups, arrived.mounted) == (2, 1)
    assert "Only 1 of its 2 storage groups can mount on EXNODE2" in arrived.detail
    assert outcome.placement("EXVS2 Group").status == ONLINE  # the server already there keeps its own
    assert not outcome.all_online
    assert failover_report(state).survives_single is False


def test_storage_groups_planned_on_their_own_step_count_too():
    groups = [{"server": "EXVS2", "name": f"SG{n}", "database": f"DB{n}", "log_folder": f"T:\\SG{n}",
               "database_folder": f"T:\\SG{n}"} for n in range(1, 4)]
    state = state_of(build(W3, add_virtual_servers(1), {"storage_groups": groups}))  # EXVS2: count 1, 3 listed
    assert state.group("EXVS2 Group").storage_groups == 3
    arrived = simulate(state, ["EXNODE2"]).placement("EXVS2 Group")
    assert (arrived.node, arrived.mounted) == ("EXNODE1", 2)  # EXVS1 holds 2 of the 4


def test_active_active_load_is_set_against_microsofts_guidance():
    state = state_of(build(W3, add_virtual_servers(1), {"virtual_servers[0].concurrent_users": 1500,
                                                        "virtual_servers[1].concurrent_users": 2400,
                                                        "virtual_servers[0].mailboxes": 2000,
                                                        "virtual_servers[1].mailboxes": 3000}))
    everyone = simulate(state)
    assert [(n.node, n.concurrent_users, n.users_guidance, n.over_guidance) for n in everyone.nodes] == [
        ("EXNODE1", 1500, 1900, False), ("EXNODE2", 2400, 1900, True)]
    survivor = simulate(state, ["EXNODE2"]).nodes[0]
    assert (survivor.concurrent_users, survivor.users_guidance, survivor.mailboxes) == (3900, 3800, 5000)
    assert survivor.over_guidance
    report = failover_report(state)
    assert (report.limits.users_per_node, report.limits.cpu_percent) == (1900, 40)


def test_active_passive_load_has_no_active_active_guidance():
    state = state_of(build(W3, {"virtual_servers[0].concurrent_users": 5000}))
    node = simulate(state, ["EXNODE1"]).nodes[1]
    assert node.concurrent_users == 5000 and node.users_guidance is None and not node.over_guidance


def test_two_node_majority_node_set_stops_with_one_node():
    state = state_of(build(W3, {"cluster.quorum.type": "majority-node-set"}))
    outcome = simulate(state, ["EXNODE2"])
    assert outcome.quorum is False
    assert {p.reason for p in outcome.placements} == {NO_QUORUM}
    assert failover_report(state).survives_single is False


def test_exchange_2000_two_node_pair():
    state = state_of(build(X0, add_virtual_servers(1)))
    assert servers_where(simulate(state, ["EXNODE2"])) == {"EXVS1": "EXNODE1", "EXVS2": "EXNODE1"}


def test_ccr_moves_to_the_other_node_and_keeps_quorum_with_its_witness():
    state = state_of(build(CCR8))
    outcome = simulate(state, ["EXNODE1"])
    assert servers_where(outcome) == {"EXCMS1": "EXNODE2"} and outcome.quorum is True
    report = failover_report(state)
    assert report.survives_single is True and report.always_survives == 1
    assert report.limits.one_server_per_node is True
    assert any("witness" in note for note in report.assumptions)


def test_ccr_without_a_witness_stops_with_one_node():
    state = state_of(build(CCR8, {"cluster.quorum.type": "node-majority", "cluster.quorum.file_share_witness": None}))
    assert simulate(state, ["EXNODE2"]).quorum is False


def test_scc_two_clustered_mailbox_servers_on_two_nodes_cannot_share():
    state = state_of(build(SCC3, add_virtual_servers(1)))
    outcome = simulate(state, ["EXNODE1"])
    lost = outcome.placement("EXCMS1")
    assert lost.status == OFFLINE and lost.reason == BUSY and lost.passed_over == ("EXNODE2",)
    assert "EXNODE2 runs EXVS2" in lost.detail


# ---------------------------------------------------------------- three nodes

def test_three_nodes_two_servers_one_passive():
    state = state_of(build(W3, add_nodes(1), add_virtual_servers(1)))  # both prefer EXNODE1, EXNODE2, EXNODE3
    report = failover_report(state)
    one, two, three = report.singles
    assert servers_where(one) == {"EXVS1": "EXNODE3", "EXVS2": "EXNODE2"}
    assert one.placement("EXVS1 Group").passed_over == ("EXNODE2",)
    assert "EXNODE2 already runs a server, so it goes on to EXNODE3" in one.placement("EXVS1 Group").detail
    assert servers_where(two) == {"EXVS1": "EXNODE1", "EXVS2": "EXNODE3"}
    assert servers_where(three) == {"EXVS1": "EXNODE1", "EXVS2": "EXNODE2"}
    assert [p.failed for p in report.pairs] == [("EXNODE1", "EXNODE2"), ("EXNODE1", "EXNODE3"),
                                                 ("EXNODE2", "EXNODE3")]
    assert servers_where(report.pairs[0]) == {"EXVS1": "EXNODE3", "EXVS2": None}
    assert report.pairs[0].placement("EXVS2 Group").reason == BUSY
    assert servers_where(report.pairs[1]) == {"EXVS1": None, "EXVS2": "EXNODE2"}
    assert report.survives_single is True and report.always_survives == 1
    assert report.limits.one_server_per_node is True


def test_three_node_majority_node_set_survives_one_failure_not_two():
    state = state_of(build(W3, add_nodes(1), {"cluster.quorum.type": "majority-node-set"}))
    assert simulate(state, ["EXNODE3"]).quorum is True
    assert simulate(state, ["EXNODE1", "EXNODE3"]).quorum is False
    assert failover_report(state).always_survives == 1


def test_possible_owners_narrow_where_a_server_may_go():
    state = state_of(build(W3, add_nodes(1), {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE3"]}))
    assert state.group("EXVS1 Group").possible_owners == ("EXNODE1", "EXNODE3")
    assert servers_where(simulate(state, ["EXNODE1"])) == {"EXVS1": "EXNODE3"}  # EXNODE2 preferred, not possible
    lost = simulate(state, ["EXNODE1", "EXNODE3"]).placement("EXVS1 Group")
    assert lost.reason == NO_OWNER and "EXNODE1 and EXNODE3" in lost.detail


def test_possible_owners_decide_the_home_node():
    state = state_of(build(W3, add_nodes(1), {"virtual_servers[0].possible_owners": ["EXNODE3"]}))
    assert state.group("EXVS1 Group").home == "EXNODE3"


def test_a_server_with_no_free_possible_owner_is_never_placed():
    state = state_of(build(W3, add_nodes(1), add_virtual_servers(1),
                           {"virtual_servers[1].possible_owners": ["EXNODE1"]}))
    lost = simulate(state).placement("EXVS2 Group")
    assert lost.reason == NOT_PLACED and "its possible owners (EXNODE1) already run other servers" in lost.detail


# ---------------------------------------------------------------- four nodes

def test_four_nodes_three_active_one_passive_in_setup_order():
    """Setup order EXNODE3, EXNODE1, EXNODE4, EXNODE2; every server prefers EXNODE1..EXNODE4 in turn, so
    EXVS1 runs on EXNODE1, EXVS2 on EXNODE2, EXVS3 (EXNODE1 and EXNODE2 taken) on EXNODE3."""
    state = state_of(four_node_2003_on_windows2000())
    report = failover_report(state)
    assert report.nodes == ("EXNODE3", "EXNODE1", "EXNODE4", "EXNODE2")
    by_failed = {o.failed: o for o in report.singles}
    assert where(by_failed[("EXNODE3",)]) == {"Cluster Group": "EXNODE1", "EXVS1": "EXNODE1", "EXVS2": "EXNODE2",
                                              "EXVS3": "EXNODE4"}
    assert servers_where(by_failed[("EXNODE1",)]) == {"EXVS1": "EXNODE4", "EXVS2": "EXNODE2", "EXVS3": "EXNODE3"}
    assert by_failed[("EXNODE1",)].placement("EXVS1 Group").passed_over == ("EXNODE2", "EXNODE3")
    assert servers_where(by_failed[("EXNODE4",)]) == {"EXVS1": "EXNODE1", "EXVS2": "EXNODE2", "EXVS3": "EXNODE3"}
    assert len(report.pairs) == 6 and not any(o.all_online for o in report.pairs)
    assert report.survives_single is True and report.always_survives == 1


def test_four_nodes_two_passive_survive_any_two_failures():
    state = state_of(build(W3, add_nodes(2), add_virtual_servers(1), own_nodes_then("EXNODE3", "EXNODE4")))
    report = failover_report(state)
    both = simulate(state, ["EXNODE1", "EXNODE2"])
    assert servers_where(both) == {"EXVS1": "EXNODE3", "EXVS2": "EXNODE4"}
    assert both.placement("EXVS2 Group").passed_over == ("EXNODE3",)
    assert all(o.all_online for o in report.pairs)
    assert report.always_survives == 2 and report.search_complete


def test_four_node_majority_node_set_loses_quorum_with_two_nodes_down():
    state = state_of(build(W3, add_nodes(2), add_virtual_servers(1), own_nodes_then("EXNODE3", "EXNODE4"),
                           {"cluster.quorum.type": "majority-node-set"}))
    assert simulate(state, ["EXNODE1", "EXNODE2"]).quorum is False
    assert failover_report(state).always_survives == 1


def test_scc_on_windows_2008_four_nodes_node_and_disk_majority():
    state = state_of(build(SCC8, add_nodes(2), add_virtual_servers(1), own_nodes_then("EXNODE3", "EXNODE4")))
    outcome = simulate(state, ["EXNODE1", "EXNODE2"])
    assert outcome.quorum is True  # 2 nodes and the disk: 3 of 5 votes
    assert servers_where(outcome) == {"EXCMS1": "EXNODE3", "EXVS2": "EXNODE4"}
    assert simulate(state, ["EXNODE1", "EXNODE2", "EXNODE3"]).quorum is False  # 2 of 5
    assert failover_report(state).always_survives == 2


# ---------------------------------------------------------------- eight nodes

def test_eight_nodes_seven_servers_all_wait_for_the_one_passive_node():
    state = state_of(build(W3, add_nodes(6), add_virtual_servers(6)))
    report = failover_report(state)
    for number, outcome in enumerate(report.singles[:7], start=1):
        moved = outcome.placement(f"EXVS{number} Group")
        assert moved.node == "EXNODE8"
        assert len(moved.passed_over) == 6  # every other node runs a server
    assert report.survives_single is True and report.always_survives == 1
    assert len(report.pairs) == 28 and not any(o.all_online for o in report.pairs)


def test_eight_node_scc_with_two_passive_nodes():
    state = state_of(build(SCC3, add_nodes(6), add_virtual_servers(5), own_nodes_then("EXNODE7", "EXNODE8")))
    report = failover_report(state)
    assert servers_where(simulate(state, ["EXNODE1", "EXNODE6"])) == {
        "EXCMS1": "EXNODE7", "EXVS2": "EXNODE2", "EXVS3": "EXNODE3", "EXVS4": "EXNODE4", "EXVS5": "EXNODE5",
        "EXVS6": "EXNODE8"}
    assert report.always_survives == 2


@pytest.mark.parametrize("document", [
    build(W3, add_nodes(6), add_virtual_servers(5), own_nodes_then("EXNODE7", "EXNODE8")),
    build(W3, add_nodes(6), add_virtual_servers(3), {"cluster.quorum.type": "majority-node-set"}),
    build(SCC8, add_nodes(4), add_virtual_servers(2), {"cluster.quorum.type": "node-majority"}),
], ids=["disk-quorum", "majority-node-set", "node-majority"])
def test_counting_gives_what_trying_every_combination_gives(document):
    state = state_of(document)
    assert scenarios._counting_suffices(state)
    nodes = scenarios.node_ids(state)
    brute = 0
    for count in range(1, len(nodes)):
        if all(simulate(state, failed).all_online for failed in itertools.combinations(nodes, count)):
            brute = count
        else:
            break
    assert failover_report(state).always_survives == brute


def test_narrowed_owners_are_searched_combination_by_combination():
    state = state_of(build(W3, add_nodes(2), {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE2",
                                                                                    "EXNODE3"]}))
    assert not scenarios._counting_suffices(state)
    report = failover_report(state)
    assert report.always_survives == 2 and report.search_complete


def test_the_search_says_when_it_stopped_early(monkeypatch):
    monkeypatch.setattr(scenarios, "SEARCH_BUDGET", 3)
    state = state_of(build(W3, add_nodes(2), {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE2",
                                                                                    "EXNODE3"]}))
    report = failover_report(state)
    assert report.always_survives == 1 and report.search_complete is False


# ---------------------------------------------------------------- the Cluster Group and MSDTC

def test_the_cluster_group_and_a_separate_msdtc_group_move_to_any_surviving_node():
    state = state_of(build(W3, add_nodes(1), {"cluster.msdtc.group": "MSDTC Group"}))
    outcome = simulate(state, ["EXNODE1"])
    assert outcome.placement("Cluster Group").node == "EXNODE2"
    assert outcome.placement("MSDTC Group").node == "EXNODE2"
    assert outcome.placement("MSDTC Group").status == ONLINE


# ---------------------------------------------------------------- what the plan leaves open

def test_a_plan_without_nodes_says_there_is_nothing_to_fail():
    report = failover_report(state_of(build(W3, keep_nodes(0))))
    assert report.singles == () and report.survives_single is None and report.always_survives is None
    assert any("No nodes are planned" in note for note in report.notes())


def test_a_plan_without_servers_cannot_be_judged():
    report = failover_report(state_of(build(W3, {"virtual_servers": []})))
    assert report.survives_single is None
    assert any("No virtual servers are planned" in note for note in report.notes())


def test_unanswered_versions_quorum_and_owners_are_said_and_assumed():
    document = build(W3, add_virtual_servers(1), {"exchange.version": DELETE, "cluster.quorum.type": DELETE,
                                                  "virtual_servers[1].preferred_owners": DELETE,
                                                  "virtual_servers[1].storage_groups": DELETE})
    report = failover_report(state_of(document))
    notes = " ".join(report.notes())
    assert "Exchange version is not chosen" in notes
    assert "quorum type is not answered" in notes
    assert "EXVS2 lists no preferred owners yet" in notes
    outcome = report.singles[0]
    assert outcome.quorum is None and servers_where(outcome) == {"EXVS1": "EXNODE2", "EXVS2": "EXNODE2"}


def test_unknown_storage_groups_on_a_shared_node_are_not_judged():
    report = failover_report(state_of(build(W3, add_virtual_servers(1), {"virtual_servers[1].storage_groups": DELETE})))
    assert report.singles[0].all_online
    assert any("storage groups of EXVS2 are not planned" in note for note in report.notes())


def test_unnamed_nodes_stand_under_their_label():
    state = state_of(build(W3, add_nodes(1), {"nodes[2].name": DELETE}))
    report = failover_report(state, ["node 3"])
    assert report.nodes == ("EXNODE1", "EXNODE2", "node 3")
    assert report.chosen.failed == ("node 3",)
    assert any("Node 3 has no name yet" in note for note in report.notes())


def test_choosing_nodes_by_name_ignores_case_splits_commas_and_reports_strangers():
    state = state_of(build(W3, add_nodes(1)))
    assert choose_nodes(state, ["exnode2,EXNODE1", " ", "EXNODE9", "exnode2"]) == (("EXNODE1", "EXNODE2"),
                                                                                   ("EXNODE9",))
    assert choose_nodes(state, []) == ((), ())


def test_a_chosen_scenario_rides_along_with_the_standard_ones():
    report = failover_report(state_of(build(W3, add_nodes(1))), ["EXNODE3", "EXNODE1"])
    assert report.chosen.failed == ("EXNODE1", "EXNODE3")
    assert servers_where(report.chosen) == {"EXVS1": "EXNODE2"}


@pytest.mark.parametrize("changes", [
    {"nodes": []}, {"virtual_servers": []}, {"cluster.quorum": {"type": "local", "file_share_witness": None}},
    {"exchange": {}}, {"nodes[0].name": DELETE, "nodes[1].name": DELETE},
    {"virtual_servers[0].preferred_owners": ["EXNODE9"], "virtual_servers[0].possible_owners": []},
])
def test_the_simulation_is_total(changes):
    state = state_of(build(W3, steps(changes)))
    report = failover_report(state, ["EXNODE1", "nobody"])
    assert report.baseline is not None and isinstance(report.notes(), tuple)
