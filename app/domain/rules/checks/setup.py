"""Checks of the Setup step: how Exchange setup runs on the nodes, in which order, and what the nodes hold
meanwhile."""
from __future__ import annotations

from collections import Counter

from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan
from app.domain.rules.checks.common import node_label
from app.domain.rules.checks.registry import Hit, check
from app.domain.words import join_words


@check
def concurrent_installs(plan: Plan):
    if plan.setup.concurrent_node_installs is True:
        yield Hit("setup.concurrent_node_installs")


@check
def unattended_setup(plan: Plan):
    if plan.setup.mode == "unattended":
        yield Hit("setup.mode")


@check
def node_order_incomplete(plan: Plan):
    order, nodes = plan.setup.node_order, plan.nodes
    if order is MISSING or nodes is MISSING:
        return
    names = [n.name for n in nodes if isinstance(n.name, str) and n.name.strip()]
    known = {name.casefold() for name in names}
    listed = Counter(name.casefold() for name in order)
    unknown = [name for name in order if name.casefold() not in known]
    twice = sorted({name for name in order if listed[name.casefold()] > 1})
    absent = [name for name in names if listed[name.casefold()] == 0]
    problems = []
    if unknown:
        problems.append(f"{join_words(unknown)} {'is' if len(unknown) == 1 else 'are'} not a node of the plan")
    if twice:
        problems.append(f"{join_words(twice)} {'is' if len(twice) == 1 else 'are'} listed more than once")
    if absent:
        problems.append(f"{join_words(absent)} {'is' if len(absent) == 1 else 'are'} missing from the order")
    if problems:
        yield Hit("setup.node_order", {"problem": "The setup order is off: " + "; ".join(problems) + "."})


@check
def node_holds_resources(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.holds_resources_during_setup is True:
            yield Hit(f"nodes[{index}].holds_resources_during_setup", {"node": node_label(plan, index)})


@check
def node_has_other_roles(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.exchange_roles is MISSING:
            continue
        others = [role for role in node.exchange_roles if role != "mailbox"]
        if others:
            names = [f"{vocab.ROLE_LABELS[role]} ({role})" for role in others]
            yield Hit(f"nodes[{index}].exchange_roles", {"node": node_label(plan, index), "roles": join_words(names)})
