"""Unit tests for the plain-words differences between plans (app/domain/plan/diff.py)."""
from __future__ import annotations

import copy

import pytest

from app.domain.plan.diff import Change, by_section, match_rows, plan_differences, section_differences

from .conftest import example_document


def lines(old, new) -> list[str]:
    return [str(change) for change in plan_differences(old, new)]


@pytest.fixture
def old():
    return example_document()


@pytest.fixture
def new(old):
    return copy.deepcopy(old)


def test_a_changed_field_is_named_by_its_row_and_label(old, new):
    new["nodes"][1]["public_ip"] = "10.0.0.13"
    assert plan_differences(old, new) == [
        Change("nodes", "Node EXNODE2", "Public IP address: 10.0.0.12 → 10.0.0.13")]
    assert lines(old, new) == ["Node EXNODE2 – Public IP address: 10.0.0.12 → 10.0.0.13"]


def test_vocabulary_values_are_in_words(old, new):
    new["disks"][1].update(filesystem="fat32", type="dynamic", empty=False)
    new["exchange"]["service_pack"] = 1
    new["cluster"]["quorum"]["type"] = "majority-node-set"
    assert lines(old, new) == [
        "Exchange service pack: SP2 → SP1",
        "Quorum type: Disk (shared quorum disk) → Majority Node Set",
        "Disk R: – Disk type: Basic → Dynamic",
        "Disk R: – File system: NTFS → FAT32",
        "Disk R: – Empty before Exchange setup: yes → no",
    ]


def test_fat32_to_ntfs_and_not_empty_to_empty_are_shown(old, new):
    old["disks"][2].update(filesystem="fat32", empty=False)
    assert lines(old, new) == ["Disk S: – File system: FAT32 → NTFS",
                               "Disk S: – Empty before Exchange setup: no → yes"]


def test_a_section_unanswered_before_lists_each_answer_never_json(old, new):
    del old["cluster"]
    changes = lines(old, new)
    assert "Cluster name: not answered → EXCLUS1" in changes
    assert "Quorum type: not answered → Disk (shared quorum disk)" in changes
    assert "The MSDTC resource will exist and be online before Exchange setup: not answered → yes" in changes
    assert not any("{" in line or "[" in line for line in changes)
    assert {change.section for change in plan_differences(old, new)} == {"cluster"}


def test_an_empty_plan_against_a_whole_one_reads_as_answers(old):
    empty = {"format": "exchange-cluster-plan/1", "name": "Contoso mail cluster"}
    changes = plan_differences(empty, old)
    texts = [str(c) for c in changes]
    assert "Exchange version: not answered → Exchange Server 2003" in texts
    added = next(c for c in changes if c.place == "Node EXNODE1")
    assert added.text == "added"
    assert "Public IP address: 10.0.0.11" in added.details
    assert "Windows components installed and running › ASP.NET: yes" in added.details
    assert not any("{" in text or "[" in text for text in texts + [d for c in changes for d in c.details])


def test_answers_given_and_withdrawn(old, new):
    del new["cluster"]["ip"]
    new["cluster"]["private_network"] = None
    assert lines(old, new) == ["Cluster IP address: 10.0.0.50 → not answered",
                               "Private (heartbeat) network: 192.168.10.0/24 → none"]


def test_added_and_removed_rows_are_named(old, new):
    new["virtual_servers"].append({"name": "EXVS3", "ip": "10.0.0.62"})
    del new["disks"][0]
    changes = plan_differences(old, new)
    assert Change("virtual-servers", "Virtual server EXVS3", "added",
                  ("Name: EXVS3", "IP address: 10.0.0.62")) in changes
    assert Change("storage", "Disk Q:", "removed") in changes
    assert not any("order" in c.text for c in changes)


def test_a_node_inserted_first_is_added_not_every_node_changed(old, new):
    new["nodes"].insert(0, dict(copy.deepcopy(old["nodes"][0]), name="EXNODE0", public_ip="10.0.0.10"))
    changes = [c for c in lines(old, new) if c.startswith(("Node", "Nodes"))]
    assert changes == ["Node EXNODE0 – added"]


def test_reordered_nodes_say_so(old, new):
    new["nodes"].reverse()
    assert lines(old, new) == ["Nodes: order changed to EXNODE2, EXNODE1"]


def test_a_renamed_node_keeps_its_place_and_shows_the_rename(old, new):
    new["nodes"][1]["name"] = "EXNODE9"
    new["nodes"][1]["public_ip"] = "10.0.0.19"
    new["setup"]["node_order"] = ["EXNODE1", "EXNODE9"]
    assert lines(old, new) == [
        "Node EXNODE9 – Node name: EXNODE2 → EXNODE9",
        "Node EXNODE9 – Public IP address: 10.0.0.12 → 10.0.0.19",
        "Setup order: EXNODE1, EXNODE2 → EXNODE1, EXNODE9",
    ]


def test_a_rename_in_case_only_is_the_same_node(old, new):
    new["nodes"].reverse()
    new["nodes"][0]["name"] = "exnode2"
    assert lines(old, new) == ["Node exnode2 – Node name: EXNODE2 → exnode2", "Nodes: order changed to exnode2, EXNODE1"]


def test_fixing_a_duplicate_disk_letter_shows_the_disk_changing(old, new):
    """The report from the field: after fixing a duplicate letter, "U: added" with an order
    that left U: out, and the FAT32 -> NTFS and emptiness changes not shown at all."""
    old["disks"].append(dict(old["disks"][1], label="EXVS1 more", filesystem="fat32", empty=False))
    new["disks"].append(dict(old["disks"][1], letter="U:", label="EXVS1 more"))
    assert lines(old, new) == [
        "Disk U: – Drive letter: R: → U:",
        "Disk U: – File system: FAT32 → NTFS",
        "Disk U: – Empty before Exchange setup: no → yes",
    ]


def test_duplicate_letters_on_the_new_side_are_told_apart_by_position(old, new):
    new["disks"][2]["letter"] = "R:"
    assert lines(old, new) == ["Disk 3 (R:) – Drive letter: S: → R:"]


def test_rows_without_identity_fall_back_to_position(old, new):
    for plan in (old, new):
        plan["disks"].append({"purpose": "other"})
    new["disks"][3]["label"] = "Spare"
    assert lines(old, new) == ["Disk 4 – Volume label: not answered → Spare"]


def test_list_answers_show_what_was_added_and_removed(old, new):
    server = new["virtual_servers"][0]
    server["components"] = [c for c in server["components"] if c != "mta"] + ["event-service"]
    new["active_directory"]["dns_servers"] = ["10.0.0.2", "10.0.0.3"]
    new["virtual_servers"][0]["preferred_owners"] = ["EXNODE2", "EXNODE1"]
    assert lines(old, new) == [
        "DNS servers: 10.0.0.2 → 10.0.0.2, 10.0.0.3",
        "Virtual server EXVS1 – Exchange components: added Event Service; removed MTA",
        "Virtual server EXVS1 – Preferred owners: EXNODE1, EXNODE2 → EXNODE2, EXNODE1",
    ]


def test_flags_read_with_their_group(old, new):
    new["nodes"][0]["prerequisites"]["nntp"] = False
    new["virtual_servers"][0]["protocols"]["imap4"] = True
    assert lines(old, new) == [
        "Node EXNODE1 – Windows components installed and running › NNTP service: yes → no",
        "Virtual server EXVS1 – Protocol resources to add › IMAP4 resource wanted: no → yes",
    ]


def test_exchange_2007_servers_are_called_clustered_mailbox_servers(old, new):
    for plan in (old, new):
        plan["exchange"] = {"version": "2007", "edition": "enterprise", "service_pack": 1, "cluster_type": "scc"}
    new["virtual_servers"][0]["ip"] = "10.0.0.61"
    assert lines(old, new) == ["Clustered mailbox server EXVS1 – IP address: 10.0.0.60 → 10.0.0.61"]


def test_a_list_of_rows_from_not_answered_to_none(old, new):
    del old["disks"]
    new["disks"] = []
    assert lines(old, new) == ["Shared disks: not answered → none"]


def test_storage_groups_are_named_with_their_server(old, new):
    groups = [{"server": "EXVS1", "name": "SG1", "database": "DB1"}, {"server": "EXVS1", "name": "SG2"}]
    old["storage_groups"] = copy.deepcopy(groups)
    groups[1]["database"] = "DB2"
    new["storage_groups"] = groups
    assert lines(old, new) == ["Storage group SG2 on EXVS1 – Database name: not answered → DB2"]


def test_the_description_and_unknown_keys_read_in_words(old, new):
    new["description"] = "Main site"
    assert lines(old, new) == ["Description: not answered → Main site"]


def test_identical_plans_have_no_difference(old):
    assert plan_differences(old, copy.deepcopy(old)) == []


def test_section_differences_only_look_at_those_keys(old, new):
    new["setup"]["mode"] = "unattended"
    new["cluster"]["name"] = "OTHER"
    assert [str(c) for c in section_differences(old, new, ("setup",))] == [
        "Setup mode: Attended, at each node's console → Unattended (answer file)"]


def test_changes_group_by_step_in_the_wizards_order(old, new):
    new["setup"]["mode"] = "unattended"
    new["name"] = "Renamed"
    new["nodes"][0]["hardware_model"] = "Other"
    assert [(section, len(changes)) for section, changes in by_section(plan_differences(old, new))] == [
        ("basics", 1), ("nodes", 1), ("setup", 1)]


@pytest.mark.parametrize("old_ids, new_ids, expected", [
    (["A", "B"], ["A", "B"], [(0, 0), (1, 1)]),
    (["A", "B"], ["B", "A"], [(1, 0), (0, 1)]),
    (["A", "B"], ["X", "A", "B"], [(0, 1), (1, 2)]),               # inserted first: nothing renamed
    (["A", "B", "C"], ["A", "C"], [(0, 0), (2, 1)]),                # removed from the middle
    (["A", "B"], ["A", "X"], [(0, 0), (1, 1)]),                     # renamed in place
    (["R:", "R:"], ["R:", "U:"], [(0, 0), (1, 1)]),                 # a duplicate fixed
    (["R:", "S:", "R:"], ["S:", "R:", "R:"], [(1, 0), (0, 1), (2, 2)]),
    ([None, None], [None], [(0, 0)]),
    (["a"], ["A"], [(0, 0)]),
])
def test_rows_are_matched_by_identity_then_position(old_ids, new_ids, expected):
    assert match_rows(old_ids, new_ids) == expected
