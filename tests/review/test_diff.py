"""Unit tests for the plain-words differences between plans."""
from __future__ import annotations

import copy

from app.domain.plan.diff import plan_differences, section_differences

from .conftest import example_document


def test_changed_field_is_named_by_path():
    old = example_document()
    new = copy.deepcopy(old)
    new["nodes"][1]["public_ip"] = "10.0.0.13"
    assert plan_differences(old, new) == ["nodes[1].public_ip: 10.0.0.12 -> 10.0.0.13"]


def test_added_and_removed_items_are_named():
    old = example_document()
    new = copy.deepcopy(old)
    new["virtual_servers"].append({"name": "EXVS3", "ip": "10.0.0.62"})
    del new["disks"][0]
    changes = plan_differences(old, new)
    assert "virtual_servers: EXVS3 added" in changes
    assert "disks: Q: removed" in changes


def test_answers_given_and_withdrawn():
    old = example_document()
    new = copy.deepcopy(old)
    del new["cluster"]["ip"]
    new["cluster"]["private_network"] = None
    assert plan_differences(old, new) == ["cluster.ip: 10.0.0.50 -> (not answered)",
                                          "cluster.private_network: 192.168.10.0/24 -> none"]


def test_reordered_nodes_say_so():
    old = example_document()
    new = copy.deepcopy(old)
    new["nodes"].reverse()
    assert plan_differences(old, new) == ["nodes: order changed to EXNODE2, EXNODE1"]


def test_identical_plans_have_no_difference():
    assert plan_differences(example_document(), example_document()) == []


def test_section_differences_only_look_at_those_keys():
    old = example_document()
    new = copy.deepcopy(old)
    new["setup"]["mode"] = "unattended"
    new["cluster"]["name"] = "OTHER"
    assert section_differences(old, new, ("setup",)) == ["setup.mode: attended -> unattended"]
