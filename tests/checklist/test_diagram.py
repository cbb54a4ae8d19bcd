"""The server-drawn SVG: complete, escaped, well-formed and accessible."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.domain.diagram import render_svg
from tests.domain.plans import BASES

from .plans import DELETE, add_nodes, add_virtual_servers, build, four_node_2003_on_windows2000, plan_of, scc_2007
from .test_generate import INCOMPLETE

SVG = "{http://www.w3.org/2000/svg}"


def parsed(document: dict) -> ET.Element:
    return ET.fromstring(render_svg(plan_of(document)))


def all_text(root: ET.Element) -> str:
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def expected_values(document: dict) -> list[str]:
    values = [document["cluster"]["name"], document["cluster"]["ip"], document["cluster"]["public_network"],
              document["cluster"]["private_network"]]
    for node in document["nodes"]:
        values += [node["name"], node["public_ip"], node["private_ip"]]
    for server in document["virtual_servers"]:
        values += [server["name"], server["ip"]]
    values += [disk["letter"] for disk in document["disks"]]
    return values


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_node_address_and_disk_appears(base):
    document = build(base)
    text = all_text(parsed(document))
    for value in expected_values(document):
        assert value in text, value


def test_big_cluster_shows_everything():
    document = four_node_2003_on_windows2000()
    text = all_text(parsed(document))
    for value in expected_values(document):
        assert value in text, value
    for label in ("EXVS1 Group", "EXVS3 Group", "Cluster Group", "QUORUM", "PASSIVE", "ACTIVE: EXVS1",
                  "Fibre Channel"):
        assert label in text, label


def test_eight_nodes_wrap_into_rows_and_stay_complete():
    document = build("ex2003-win2003", add_nodes(6), add_virtual_servers(6))
    root = parsed(document)
    assert int(root.get("width")) <= 1000
    text = all_text(root)
    for value in expected_values(document):
        assert value in text, value


def test_active_and_passive_nodes_differ_without_colour():
    root = parsed(four_node_2003_on_windows2000())
    text = all_text(root)
    assert text.count("ACTIVE:") == 3 and text.count("PASSIVE") == 1
    dashed = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert dashed, "passive nodes are drawn with a dashed outline"
    assert root.find(f".//{SVG}pattern") is not None, "the quorum disk is hatched"


def test_each_disk_names_the_group_that_owns_it():
    text = all_text(parsed(build("ex2003-win2003")))
    assert "Q: Quorum" in text and "Group: Cluster Group" in text
    assert "R: EXVS1 databases" in text and "Group: EXVS1 Group" in text


def test_quorum_is_shown():
    assert "Quorum: Disk" in all_text(parsed(build("ex2003-win2003")))
    text = all_text(parsed(build("ex2007-ccr-win2008")))
    assert "Node and File Share Majority" in text and "FSW_EXCLUS1" in text
    assert "No shared disks" in text


def test_names_are_escaped():
    evil = "<script>alert(1)</script>"
    document = build("ex2003-win2003", {"nodes[0].name": evil, "virtual_servers[0].name": 'EX"&VS',
                                        "name": "<b>plan</b>", "disks[1].label": "</text><script>x</script>"})
    svg = render_svg(plan_of(document))
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert evil in "".join(root.itertext())
    assert 'EX"&VS' in all_text(root)


def test_control_characters_do_not_break_the_xml():
    document = build("ex2003-win2003", {"nodes[0].name": "EX\x01NODE\x1b1"})
    assert "EXNODE1" in all_text(parsed(document))


def test_long_names_are_shortened_with_the_full_name_as_tooltip():
    long_name = "A" * 60
    root = parsed(build("ex2003-win2003", {"nodes[0].name": long_name}))
    tooltips = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert tooltips and all(long_name in t.find(f"{SVG}title").text for t in tooltips)
    assert any(t.find(f"{SVG}title").text == long_name for t in tooltips), "the node's own heading"
    shown = [t.find(f"{SVG}title").tail for t in tooltips]
    assert all(text.endswith("…") and len(text) < 30 for text in shown)


def test_accessible_name_and_title():
    root = parsed(scc_2007())
    assert root.get("role") == "img"
    assert "EXCLUS1" in root.get("aria-label")
    title = root.find(f"{SVG}title")
    assert title is not None and "EXCLUS1" in title.text
    description = root.find(f"{SVG}desc").text
    assert "EXNODE1 (active)" in description and "EXNODE2 (passive)" in description


def test_no_style_attributes_or_scripts():
    svg = render_svg(plan_of(four_node_2003_on_windows2000()))
    assert " style=" not in svg and "<style" not in svg and "<script" not in svg


@pytest.mark.parametrize("document", INCOMPLETE)
def test_incomplete_plans_still_draw(document):
    root = parsed(document)
    assert "not answered]" in all_text(root)


def test_missing_address_shows_a_placeholder():
    text = all_text(parsed(build("ex2003-win2003", {"cluster.ip": DELETE})))
    assert "[cluster IP not answered]" in text


def _heading_x(root: ET.Element, heading: str) -> float:
    return next(float(t.get("x")) for t in root.iter(f"{SVG}text")
                if t.get("font-size") == "13" and "".join(t.itertext()) == heading)


def test_each_server_stands_over_the_node_it_runs_on():
    """Four nodes in the order EXNODE3, EXNODE1, EXNODE4, EXNODE2: each server's box is in its own
    node's column (the old drawing put each one a column to the right of its node)."""
    root = parsed(four_node_2003_on_windows2000())
    for server, node in (("EXVS1", "EXNODE1"), ("EXVS2", "EXNODE2"), ("EXVS3", "EXNODE3")):
        assert _heading_x(root, server) == _heading_x(root, node), server
    assert _heading_x(root, "CLUSTER EXCLUS1") == _heading_x(root, "EXNODE3")  # the first node in setup order


def test_each_server_shows_its_failover_path():
    root = parsed(build("ex2003-win2003"))
    assert "Failover: EXNODE2" in all_text(root)
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("marker-end") and p.get("stroke-dasharray") == "7 4"]
    assert len(arrows) == 1


def test_a_scenario_crosses_out_failed_nodes_and_moves_their_servers():
    from app.domain.cluster import intended_state
    from app.domain.diagram import Scenario, draw
    state = intended_state(plan_of(four_node_2003_on_windows2000()))
    scenario = Scenario(frozenset({"EXNODE1"}), {"Cluster Group": "EXNODE3", "EXVS1 Group": "EXNODE4",
                                                 "EXVS2 Group": "EXNODE2", "EXVS3 Group": None})
    root = ET.fromstring(draw(state, "Four nodes", scenario))
    text = all_text(root)
    assert "FAILED" in text and "Moved from EXNODE1" in text and "OFFLINE" in text
    assert _heading_x(root, "EXVS1") == _heading_x(root, "EXNODE4")
    assert "What if these nodes fail: EXNODE1" in text
