"""A difference is as severe as the plan rule it breaks, where it breaks one (severity.py)."""
from __future__ import annotations

import pytest

from app.domain.asbuilt import verify_text
from app.domain.asbuilt.severity import RULES_BROKEN
from app.domain.plan import load_plan
from app.domain.rules import load_catalog
from tests.asbuilt import fixtures as fx
from tests.asbuilt.writer import render_capture
from tests.domain.plans import build


def test_every_rule_named_in_the_table_is_in_the_catalog():
    catalog = load_catalog()
    assert all(catalog.get(rule) is not None for rules in RULES_BROKEN.values() for rule in rules)


def differences(plan, state, windows="2003"):
    return {(d.code, d.severity, d.rule) for d in verify_text(plan, render_capture(state, windows=windows))
            .comparison.differences}


def test_kerberos_off_is_an_error_where_evs_kerberos_makes_it_one():
    state = fx.changed_property(fx.built("2003-two-node"), "EXVS1 Network Name", "RequireKerberos", 0)
    assert differences(fx.plan_of("2003-two-node"), state) == {("property", "error", "evs-kerberos")}


def test_dns_registration_breaks_no_rule_and_stays_a_warning():
    state = fx.changed_property(fx.built("2003-two-node"), "EXVS1 Network Name", "RequireDNS", 0)
    assert differences(fx.plan_of("2003-two-node"), state) == {("property", "warning", None)}


@pytest.mark.parametrize("base, change, expected", [
    # Exchange 2007 runs on x64 only: a node found running x86 Windows breaks exchange2007-x64-only.
    ("ex2007-scc-win2003", {"architecture": "x86"}, ("node-architecture", "error", "exchange2007-x64-only")),
    # A node at SP1 where the plan says SP2: a warning, no rule broken.
    ("ex2003-win2003", {"service_pack": 1}, ("node-service-pack", "warning", None)),
    ("ex2003-win2003", {"edition": "standard"}, ("node-edition", "error", "windows-edition-clusterable")),
    ("ex2003-win2003", {"domain_controller": True},
     ("node-domain-controller", "error", "nodes-not-domain-controllers")),
    ("ex2003-win2003", {"architecture": "x64"}, ("node-architecture", "error", "exchange2003-x86-only")),
])
def test_node_facts_take_the_severity_of_the_rule_they_break(base, change, expected):
    plan = load_plan(build(base))
    state = fx.changed_node(fx.as_built(fx.intended_state(plan)), "EXNODE2", **change)
    assert differences(plan, state) == {expected}
