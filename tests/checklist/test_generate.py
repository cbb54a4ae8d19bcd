"""Checklist generation: phases, order, versions, ids and incomplete plans."""
from __future__ import annotations

import copy
import re

import pytest

from app.domain.runbook import build_checklist
from app.domain.rules import check, load_catalog
from tests.domain.plans import BASES

from .plans import DELETE, FOUR_NODE_ORDER, build, four_node_2003_on_windows2000, plan_of, scc_2007

VS_ACTIONS = ["create-group", "ip-address", "network-name", "move-disks", "bring-online", "system-attendant",
              "system-attendant-online", "preferred-owners"]


def checklist_of(document: dict):
    return build_checklist(plan_of(document))


def ids(checklist) -> list[str]:
    return [item.id for item in checklist.items]


def phase_ids(checklist, number: int) -> list[str]:
    return [item.id for item in checklist.phases[number - 1].items]


def item(checklist, item_id: str):
    found = checklist.get(item_id)
    assert found is not None, f"{item_id} not in {ids(checklist)}"
    return found


# ---------------------------------------------------------------- the "done when"

def test_four_node_plan_is_clean():
    report = check(plan_of(four_node_2003_on_windows2000()))
    assert report.errors == [] and report.incomplete == ()


def test_four_node_2003_on_windows2000_has_forestprep_then_domainprep():
    checklist = checklist_of(four_node_2003_on_windows2000())
    assert phase_ids(checklist, 1)[:2] == ["p1.forest.forestprep", "p1.domain.domainprep"]
    assert item(checklist, "p1.forest.forestprep").command == "setup /forestprep"
    assert item(checklist, "p1.domain.domainprep").command == "setup /domainprep"
    assert "Schema Admins and Enterprise Admins" in item(checklist, "p1.forest.forestprep").run_by
    assert "Domain Admins" in item(checklist, "p1.domain.domainprep").run_by
    assert not [i for i in ids(checklist) if "prepare-schema" in i]


def test_four_node_plan_runs_comclust_on_each_node_in_order_before_any_setup():
    checklist = checklist_of(four_node_2003_on_windows2000())
    comclust = [i for i in checklist.items if i.id.endswith(".comclust")]
    assert [i.target for i in comclust] == FOUR_NODE_ORDER
    assert all(i.command == "comclust.exe" and i.phase == 2 for i in comclust)
    assert "finished on EXNODE3" in comclust[1].detail
    assert not [i for i in ids(checklist) if i.endswith("create-msdtc")]


def test_four_node_plan_installs_exchange_once_per_node_in_the_chosen_order():
    checklist = checklist_of(four_node_2003_on_windows2000())
    installs = [i for i in checklist.items if i.id.endswith(".install-exchange")]
    assert [i.target for i in installs] == FOUR_NODE_ORDER
    assert [i.id for i in installs] == [f"p3.node.{name}.install-exchange" for name in FOUR_NODE_ORDER]
    assert all("Exchange 2003" in i.title and "C:" in i.detail for i in installs)
    moves = [i.id for i in checklist.phases[2].items]
    assert moves[0] == "p3.node.EXNODE3.move-groups-off" and moves[1] == "p3.node.EXNODE3.install-exchange"


def test_four_node_plan_creates_each_virtual_servers_resources_in_order():
    checklist = checklist_of(four_node_2003_on_windows2000())
    phase4 = phase_ids(checklist, 4)
    expected = []
    for name in ("EXVS1", "EXVS2", "EXVS3"):
        actions = list(VS_ACTIONS)
        if name == "EXVS2":  # its IMAP4 service is let start on every node, then its resource is added
            actions[actions.index("preferred-owners"):0] = ["imap4-service", "add-imap4"]
        if name == "EXVS1":  # the example plans one storage group, on EXVS1
            actions.append("storage-groups")
        expected += [f"p4.vs.{name}.{action}" for action in actions]
    assert phase4 == expected
    assert "10.0.0.61" in item(checklist, "p4.vs.EXVS2.ip-address").title
    assert "T:" in item(checklist, "p4.vs.EXVS2.move-disks").title


def test_only_the_first_virtual_server_gets_the_mta():
    checklist = checklist_of(four_node_2003_on_windows2000())
    assert "the MTA, which only the first" in item(checklist, "p4.vs.EXVS1.system-attendant").detail
    second = item(checklist, "p4.vs.EXVS2.system-attendant").detail
    assert "shares the MTA created with EXVS1" in second and "no MTA is made here" in second


def test_system_attendant_depends_on_network_name_and_disks():
    checklist = checklist_of(four_node_2003_on_windows2000())
    detail = item(checklist, "p4.vs.EXVS1.system-attendant").detail
    assert "Network Name EXVS1" in detail and "R:, S:" in detail


def test_2007_scc_prepares_with_setup_com_and_creates_the_cms_with_setup():
    checklist = checklist_of(scc_2007())
    assert phase_ids(checklist, 1)[:3] == ["p1.forest.prepare-schema", "p1.forest.prepare-ad",
                                          "p1.domain.prepare-domain"]
    commands = [item(checklist, i).command for i in phase_ids(checklist, 1)[:3]]
    assert commands == ["setup.com /PrepareSchema", "setup.com /PrepareAD /OrganizationName:Contoso",
                        "setup.com /PrepareDomain"]
    active = item(checklist, "p3.node.EXNODE1.install-exchange")
    assert active.command == ("setup.com /mode:Install /roles:Mailbox /NewCms /CMSName:EXCMS1 "
                              "/CMSIPAddress:10.0.0.60 /CMSSharedStorage /CMSDataPath:R:\\EXCMS1")
    passive = item(checklist, "p3.node.EXNODE2.install-exchange")
    assert passive.command == "setup.com /mode:Install /roles:Mailbox"


def test_2007_scc_creates_nothing_by_hand():
    checklist = checklist_of(scc_2007())
    everything = " ".join(i.text for i in checklist.items)
    assert "forestprep" not in everything.lower() and "domainprep" not in everything.lower()
    assert not [i for i in ids(checklist) if i.endswith((".system-attendant", ".create-group", ".comclust",
                                                          ".create-msdtc", ".network-name", ".ip-address"))]
    assert checklist.phases[3].title == "Clustered mailbox servers"
    # The cluster.exe work first, then the Exchange Management Shell's: each runs as one script.
    assert phase_ids(checklist, 4) == ["p4.vs.EXCMS1.add-disks", "p4.vs.EXCMS1.preferred-owners",
                                       "p4.vs.EXCMS1.check-resources", "p4.vs.EXCMS1.storage-groups"]
    assert "S:" in item(checklist, "p4.vs.EXCMS1.add-disks").title


def test_2007_moves_the_cms_with_move_clusteredmailboxserver():
    checklist = checklist_of(scc_2007())
    move = item(checklist, "p5.vs.EXCMS1.move-group")
    assert move.shell == "powershell"
    assert move.commands == [
        "Move-ClusteredMailboxServer -Identity 'EXCMS1' -TargetMachine 'EXNODE2' -MoveComment 'Failover test' "
        "-Confirm:$false",
        "Move-ClusteredMailboxServer -Identity 'EXCMS1' -TargetMachine 'EXNODE1' -MoveComment 'Failover test' "
        "-Confirm:$false"]
    assert "Move-ClusteredMailboxServer" in item(checklist, "p3.node.EXNODE1.install-exchange").detail


def test_2007_ccr_has_no_shared_storage_switches():
    checklist = checklist_of(build("ex2007-ccr-win2008"))
    command = item(checklist, "p3.node.EXNODE1.install-exchange").command
    assert command.endswith("/NewCms /CMSName:EXCMS1 /CMSIPAddress:10.0.0.60")
    assert not [i for i in ids(checklist) if i.endswith(".add-disks")]
    # Windows 2008 has no cluster service account to put in local Administrators.
    assert not [i for i in ids(checklist) if i.endswith(".service-account-admin")]


def test_2007_without_dynamic_dns_gets_hand_made_a_records():
    checklist = checklist_of(build("ex2007-scc-win2003", {"active_directory.dns_dynamic_updates": False}))
    assert "p1.dns.confirm-dynamic-updates" not in ids(checklist)
    assert "EXCLUS1 -> 10.0.0.50" in item(checklist, "p1.cluster.dns-a-record").title
    assert "EXCMS1 -> 10.0.0.60" in item(checklist, "p1.vs.EXCMS1.dns-a-record").title


def test_2003_confirms_dynamic_dns_updates():
    checklist = checklist_of(build("ex2003-win2003"))
    confirm = item(checklist, "p1.dns.confirm-dynamic-updates")
    assert "10.0.0.2" in confirm.title and "dns-dynamic-updates" in confirm.rule_ids


# ---------------------------------------------------------------- versions

def test_prep_steps_already_done_are_left_out():
    document = build("ex2003-win2003", {"active_directory.forestprep_done": True})
    assert "p1.forest.forestprep" not in ids(checklist_of(document))
    assert "p1.domain.domainprep" in ids(checklist_of(document))
    document["active_directory"]["domainprep_done"] = True
    assert phase_ids(checklist_of(document), 1) == ["p1.dns.confirm-dynamic-updates"]


def test_windows2003_creates_the_dtc_resource_in_the_cluster_group():
    checklist = checklist_of(build("ex2003-win2003"))
    dtc = item(checklist, "p2.cluster.create-msdtc")
    assert "Cluster Group" in dtc.title
    assert "Network Name EXCLUS1" in dtc.detail and "Physical Disk Q:" in dtc.detail
    assert not [i for i in ids(checklist) if i.endswith(".comclust")]
    network_name = item(checklist, "p4.vs.EXVS1.network-name")
    assert "RequireKerberos=1:DWORD" in network_name.command and "RequireDNS=1:DWORD" in network_name.command


def test_windows2000_network_name_has_no_kerberos():
    checklist = checklist_of(build("ex2003-win2000"))
    assert "Kerberos" not in item(checklist, "p4.vs.EXVS1.network-name").detail


def test_cluster_is_created_on_the_first_node_and_the_others_join_one_at_a_time():
    checklist = checklist_of(four_node_2003_on_windows2000())
    phase2 = phase_ids(checklist, 2)
    create = phase2.index("p2.node.EXNODE3.create-cluster")
    joins = [i for i in phase2 if i.endswith(".join-cluster")]
    assert joins == [f"p2.node.{name}.join-cluster" for name in FOUR_NODE_ORDER[1:]]
    assert all(phase2.index(join) > create for join in joins)
    assert all(phase2.index(i) < create for i in phase2 if i.endswith(".configure-network"))
    created = item(checklist, "p2.node.EXNODE3.create-cluster")
    assert "EXCLUS1" in created.title and "10.0.0.50" in created.title and "Q:" in created.detail


def test_service_account_goes_into_local_administrators_on_each_node_for_windows_2000_2003():
    checklist = checklist_of(build("ex2003-win2003"))
    items = [i for i in checklist.items if i.id.endswith(".service-account-admin")]
    assert [i.target for i in items] == ["EXNODE1", "EXNODE2"]
    assert all("CONTOSO\\svc-cluster" in i.title for i in items)


def test_exchange_2000_delegates_exchange_admin_to_the_service_account():
    assert "p4.cluster.service-account-exchange-admin" in ids(checklist_of(build("ex2000-win2000")))
    assert "p4.cluster.service-account-exchange-admin" not in ids(checklist_of(build("ex2003-win2000")))


def test_imap_and_pop_only_where_wanted():
    document = build("ex2003-win2003", {"virtual_servers[0].protocols.pop3": True})
    checklist_ids = ids(checklist_of(document))
    assert "p4.vs.EXVS1.add-pop3" in checklist_ids and "p4.vs.EXVS1.add-imap4" not in checklist_ids


def test_prerequisites_follow_the_versions():
    title = item(checklist_of(build("ex2003-win2003")), "p2.node.EXNODE1.prerequisites").title
    assert ".NET Framework" in title and "NNTP" in title
    title = item(checklist_of(scc_2007()), "p2.node.EXNODE1.prerequisites").title
    assert "PowerShell" in title and "NNTP" not in title


def test_private_adapter_gets_no_gateway_and_no_dns():
    detail = item(checklist_of(build("ex2003-win2003")), "p2.node.EXNODE1.configure-network").detail
    assert "192.168.10.11 on 192.168.10.0/24, with no default gateway, no DNS servers and no DNS registration" \
        in detail


# ---------------------------------------------------------------- ids, order, targets, rules

@pytest.mark.parametrize("base", sorted(BASES))
def test_ids_are_unique_and_follow_phase_subject_action(base):
    checklist = checklist_of(build(base))
    all_ids = ids(checklist)
    assert len(all_ids) == len(set(all_ids))
    for phase in checklist.phases:
        for entry in phase.items:
            assert re.fullmatch(rf"p{phase.number}\.(forest|domain|dns|cluster|witness|node\.[^.]+|vs\.[^.]+)\.[a-z0-9-]+",
                                entry.id), entry.id
            assert entry.phase == phase.number


def test_ids_are_stable_across_edits_that_keep_the_item():
    document = build("ex2003-win2003")
    before = checklist_of(document)
    document["nodes"][0]["public_ip"] = "10.0.0.21"
    document["cluster"]["ip"] = "10.0.0.51"
    after = checklist_of(document)
    assert ids(before) == ids(after)
    network_before = item(before, "p2.node.EXNODE1.configure-network")
    network_after = item(after, "p2.node.EXNODE1.configure-network")
    assert network_before.text_hash != network_after.text_hash
    assert item(before, "p1.forest.forestprep").text_hash == item(after, "p1.forest.forestprep").text_hash


def test_ids_do_not_change_when_built_twice():
    document = four_node_2003_on_windows2000()
    assert ids(checklist_of(document)) == ids(checklist_of(copy.deepcopy(document)))


def test_names_missing_from_node_order_follow_in_list_order():
    document = four_node_2003_on_windows2000()
    document["setup"]["node_order"] = ["EXNODE4", "NOT-A-NODE"]
    installs = [i.target for i in checklist_of(document).items if i.id.endswith(".install-exchange")]
    assert installs == ["EXNODE4", "EXNODE1", "EXNODE2", "EXNODE3"]


def test_duplicate_node_names_still_give_unique_ids():
    document = build("ex2003-win2003", {"nodes[1].name": "EXNODE1"})
    all_ids = ids(checklist_of(document))
    assert len(all_ids) == len(set(all_ids))
    assert "p2.node.EXNODE1.configure-network~2" in all_ids


def test_every_item_says_who_runs_it_and_cites_known_rules():
    catalog_ids = {rule.id for rule in load_catalog().rules}
    for document in [build(base) for base in BASES] + INCOMPLETE:
        for entry in checklist_of(document).items:
            assert entry.run_by, entry.id
            assert set(entry.rule_ids) <= catalog_ids, entry.id


def test_node_items_target_their_node_and_server_items_their_server():
    checklist = checklist_of(four_node_2003_on_windows2000())
    for entry in checklist.items:
        if ".node." in entry.id:
            assert entry.target_kind == "node" and entry.id.split(".")[2] == entry.target
        if ".vs." in entry.id:
            assert entry.target_kind == "virtual-server" and entry.id.split(".")[2] == entry.target


def test_per_node_checklist_has_only_that_nodes_work():
    checklist = checklist_of(four_node_2003_on_windows2000())
    mine = checklist.for_node("EXNODE1")
    assert mine.items and all(i.target == "EXNODE1" and i.target_kind == "node" for i in mine.items)
    assert "p3.node.EXNODE1.install-exchange" in ids(mine)
    assert "p2.node.EXNODE1.comclust" in ids(mine)
    assert not [i for i in ids(mine) if ".vs." in i or "forestprep" in i]
    assert checklist.node_names == tuple(FOUR_NODE_ORDER)


# ---------------------------------------------------------------- incomplete plans

INCOMPLETE = [
    {"format": "exchange-cluster-plan/1"},
    {"format": "exchange-cluster-plan/1", "exchange": {"version": "2003"}},
    {"format": "exchange-cluster-plan/1", "exchange": {"version": "2007", "cluster_type": "scc"},
     "nodes": [{}, {"name": "B"}], "virtual_servers": [{}], "disks": [{}]},
    {"format": "exchange-cluster-plan/1", "exchange": {"version": "2000"}, "windows": {"version": "2000"},
     "nodes": [], "virtual_servers": [], "disks": [], "setup": {"node_order": []}},
]


@pytest.mark.parametrize("document", INCOMPLETE)
def test_incomplete_plans_give_a_checklist_with_placeholders(document):
    checklist = checklist_of(document)
    assert [phase.number for phase in checklist.phases] == [1, 2, 3, 4, 5]
    text = " ".join(i.text for i in checklist.items)
    assert "not answered]" in text


def test_missing_cluster_ip_shows_a_placeholder():
    checklist = checklist_of(build("ex2003-win2003", {"cluster.ip": DELETE}))
    assert "[cluster IP not answered]" in item(checklist, "p2.node.EXNODE1.create-cluster").title


def test_unnamed_node_is_named_by_position():
    checklist = checklist_of(build("ex2003-win2003", {"nodes[1].name": DELETE}))
    assert "p2.node.#2.configure-network" in ids(checklist)
    assert "[public IP of node 2 not answered]" not in item(checklist, "p2.node.#2.configure-network").detail
    assert "[name of node 2 not answered]" in item(checklist, "p2.node.#2.configure-network").title


def _every_key_path(value, path=""):
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "format":
                continue
            child_path = f"{path}.{key}" if path else key
            yield child_path
            yield from _every_key_path(child, child_path)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _every_key_path(child, f"{path}[{index}]")


@pytest.mark.parametrize("base", sorted(BASES))
def test_removing_any_single_answer_never_crashes(base):
    document = build(base)
    for path in _every_key_path(document):
        checklist = checklist_of(build(base, {path: DELETE}))
        assert checklist.items, path
