"""The plans to start from are complete and clean under the real rules, and their example values
are easy to find and to tell apart from a site's own."""
from __future__ import annotations

import ipaddress
import json
import re

import pytest

from app.domain.plan import load_plan, paths
from app.domain.plan.model import spec_at
from app.domain.plan.starters import FOLDER, SITE_SPECIFIC, STARTERS, still_to_replace
from app.domain.rules import check
from app.domain.runbook import build_checklist

DOCUMENTATION = (ipaddress.ip_network("192.0.2.0/24"), ipaddress.ip_network("198.51.100.0/24"),
                 ipaddress.ip_network("203.0.113.0/24"))


@pytest.mark.parametrize("starter", STARTERS, ids=lambda s: s.key)
def test_each_template_checks_clean(starter):
    report = check(load_plan(starter.document))
    assert report.ready, [f.message for f in report.errors] + [i.subject for i in report.incomplete]
    assert not report.warnings, [f.message for f in report.warnings]
    assert {f.rule for f in report.infos} <= {"sa-resources-automatic"}


@pytest.mark.parametrize("starter", STARTERS, ids=lambda s: s.key)
def test_each_template_makes_a_runbook_without_a_gap(starter):
    text = "\n".join(item.title + " " + item.detail + " " + " ".join(item.command)
                     for phase in build_checklist(load_plan(starter.document)).phases for item in phase.items)
    assert "not answered]" not in text


@pytest.mark.parametrize("starter", STARTERS, ids=lambda s: s.key)
def test_every_address_is_from_a_documentation_range(starter):
    text = json.dumps(starter.document)
    for candidate in re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", text):
        assert any(ipaddress.ip_address(candidate) in net for net in DOCUMENTATION), candidate


def test_the_templates_are_the_four_asked_for():
    plans = {s.key: load_plan(s.document) for s in STARTERS}
    shape = {key: (p.exchange.version, p.exchange.cluster_type, p.windows.version, len(p.nodes),
                   len(p.virtual_servers)) for key, p in plans.items()}
    assert shape == {
        "exchange2003-two-node": ("2003", None, "2003", 2, 1),
        "exchange2003-four-node": ("2003", None, "2003", 4, 3),
        "exchange2007-ccr": ("2007", "ccr", "2008", 2, 1),
        "exchange2007-scc": ("2007", "scc", "2008", 2, 1),
    }
    assert sorted(p.name for p in FOLDER.glob("*.json")) == sorted(s.file for s in STARTERS)


def test_the_four_node_template_keeps_the_fourth_node_passive():
    plan = load_plan(next(s for s in STARTERS if s.key == "exchange2003-four-node").document)
    assert [server.preferred_owners for server in plan.virtual_servers] == [
        ["EXNODE1", "EXNODE4"], ["EXNODE2", "EXNODE4"], ["EXNODE3", "EXNODE4"]]


@pytest.mark.parametrize("starter", STARTERS, ids=lambda s: s.key)
def test_every_example_value_is_listed_until_replaced(starter):
    document = starter.document
    listed = still_to_replace(starter, document)
    assert {p.path for p in listed} >= {"cluster.name", "cluster.ip", "active_directory.domain", "nodes[0].name",
                                        "nodes[1].public_ip", "virtual_servers[0].name"}
    assert all(paths.get(document, p.path) is not paths.MISSING for p in listed)
    paths.set(document, "cluster.name", "MAILCLUS")
    paths.set(document, "nodes[1].public_ip", "10.20.0.12")
    left = {p.path for p in still_to_replace(starter, document)}
    assert "cluster.name" not in left and "nodes[1].public_ip" not in left and "nodes[0].public_ip" in left


def test_placeholders_read_with_their_row_in_the_wizards_order():
    starter = next(s for s in STARTERS if s.key == "exchange2007-ccr")
    listed = still_to_replace(starter, starter.document)
    assert [p.step for p in listed] == sorted((p.step for p in listed),
                                              key=["active-directory", "cluster", "nodes", "virtual-servers"].index)
    labels = {p.label: p.value for p in listed}
    assert labels["Node 2 – Public IP address"] == "192.0.2.12"
    assert labels["Clustered mailbox server 1 – Name"] == "EXCMS1"
    assert labels["File share witness"] == "\\\\EXHUB1\\FSW_EXCLUS1"
    assert labels["DNS servers"] == "192.0.2.2"


def test_site_specific_answers_are_declared_answers():
    for pattern in SITE_SPECIFIC:
        assert spec_at(pattern.replace("[]", "[0]")) is not None, pattern
