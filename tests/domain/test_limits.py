"""What a plan may hold at most: declared once in the model, refused by the format with the path
and the limit, and the largest plan the format accepts loads and is checked."""
from __future__ import annotations

import copy
import json

import pytest

from app.domain.plan import PlanFormatError, load_plan, loads_plan, model
from app.domain.rules import check
from tests.domain.plans import _tokens
from tests.largest_plan import largest_document

# path -> (the most it may hold, how to grow it by one)
LISTS = {
    "nodes": (model.MAX_NODES, lambda d: d["nodes"].append(copy.deepcopy(d["nodes"][0]))),
    "virtual_servers": (model.MAX_VIRTUAL_SERVERS,
                        lambda d: d["virtual_servers"].append(copy.deepcopy(d["virtual_servers"][0]))),
    "disks": (model.MAX_DISKS, lambda d: d["disks"].append(copy.deepcopy(d["disks"][0]))),
    "storage_groups": (model.MAX_STORAGE_GROUPS,
                       lambda d: d["storage_groups"].append(copy.deepcopy(d["storage_groups"][0]))),
    "active_directory.dns_servers": (model.MAX_DNS_SERVERS,
                                     lambda d: d["active_directory"]["dns_servers"].append("10.0.9.9")),
    "virtual_servers[0].disks": (model.MAX_DISKS, lambda d: d["virtual_servers"][0]["disks"].append("R:")),
    "virtual_servers[0].components": (14, lambda d: d["virtual_servers"][0]["components"].append("smtp")),
    "virtual_servers[0].preferred_owners": (model.MAX_NODES,
                                            lambda d: d["virtual_servers"][0]["preferred_owners"].append("X")),
    "setup.node_order": (model.MAX_NODES, lambda d: d["setup"]["node_order"].append("EXNODE1")),
}


def test_the_largest_plan_the_format_accepts_loads_and_is_checked():
    document = largest_document()
    plan = load_plan(document)
    assert len(plan.nodes) == model.MAX_NODES == 16
    assert len(plan.disks) == model.MAX_DISKS == 26
    assert check(plan).findings  # long names break rules; the plan is still a plan


def test_the_node_limit_is_the_largest_cluster_windows_supports():
    assert model.MAX_NODES == 16


@pytest.mark.parametrize("path", list(LISTS))
def test_one_more_than_a_list_may_hold_is_refused_with_its_path_and_limit(path):
    most, grow = LISTS[path]
    document = largest_document(long_texts=False)
    load_plan(document)  # at the limit: fine
    grow(document)
    with pytest.raises(PlanFormatError) as refused:
        load_plan(document)
    assert refused.value.path == path
    assert f"holds {most + 1:,} entries" in refused.value.problem
    assert f"at most {most:,}" in refused.value.problem


def test_three_thousand_nodes_are_refused_before_any_of_them_is_read():
    document = largest_document(long_texts=False)
    document["nodes"] = [{"name": 12345}] * 3000  # each would be refused too, if it were read
    with pytest.raises(PlanFormatError) as refused:
        load_plan(document)
    assert str(refused.value).startswith("nodes: holds 3,000 entries; a plan may hold at most 16")
    assert "largest cluster" in str(refused.value)


@pytest.mark.parametrize("path, most", [("description", model.MAX_DESCRIPTION), ("name", model.MAX_PLAN_NAME),
                                        ("cluster.name", model.MAX_TEXT), ("nodes[1].hardware_model", model.MAX_TEXT),
                                        ("storage_groups[0].log_folder", model.MAX_TEXT),
                                        ("cluster.quorum.file_share_witness", model.MAX_TEXT)])
def test_text_longer_than_its_limit_is_refused_and_the_value_is_shortened_in_the_message(path, most):
    document = largest_document(long_texts=False)
    value = "\\\\HUB1\\" + "w" * most if path.endswith("witness") else (
        "R:\\" + "f" * most if path.endswith("folder") else "t" * (most + 1))
    target, key = _parent(document, path)
    target[key] = value
    with pytest.raises(PlanFormatError) as refused:
        load_plan(document)
    assert refused.value.path == path
    assert f"is {len(value):,} characters long; the most is {most:,}" in refused.value.problem
    assert len(str(refused.value)) < 300


def test_a_description_of_100000_characters_is_refused_on_import():
    document = largest_document(long_texts=False)
    document["description"] = "d" * 100_000
    with pytest.raises(PlanFormatError) as refused:
        loads_plan(json.dumps(document).encode())
    assert refused.value.path == "description" and "100,000 characters" in refused.value.problem


def _parent(document: dict, path: str):
    *parents, last = _tokens(path)
    for token in parents:
        document = document[token]
    return document, last
