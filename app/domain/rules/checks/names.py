"""Checks of the computer names (cluster, nodes, virtual servers): NetBIOS length, characters, no name twice."""
from __future__ import annotations

from typing import Iterator

from app.domain.plan import paths
from app.domain.plan.io import show
from app.domain.plan.model import Plan
from app.domain.rules.checks.registry import Hit, check


NETBIOS_MAX = 15
NETBIOS_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


def computer_names(plan: Plan) -> Iterator[tuple[str, str]]:
    """(subject, name) of every name that becomes a NetBIOS computer name."""
    if isinstance(plan.cluster.name, str):
        yield "cluster.name", plan.cluster.name
    for index, node in enumerate(plan.node_list):
        if isinstance(node.name, str):
            yield f"nodes[{index}].name", node.name
    for index, server in enumerate(plan.virtual_server_list):
        if isinstance(server.name, str):
            yield f"virtual_servers[{index}].name", server.name


@check
def name_too_long(plan: Plan):
    for subject, name in computer_names(plan):
        if len(name) > NETBIOS_MAX:
            yield Hit(subject, {"name": name, "length": len(name)})


def netbios_problem(name: str) -> str | None:
    if not name:
        return "it is empty"
    bad = sorted({c for c in name if c not in NETBIOS_CHARACTERS})  # every character, the last one too
    if bad:
        return "it contains " + " ".join(repr(c) for c in bad[:5])
    if name.startswith("-") or name.endswith("-"):
        return "it starts or ends with a hyphen"
    if name.isdigit():
        return "it is made of digits only"
    return None


@check
def name_bad_characters(plan: Plan):
    for subject, name in computer_names(plan):
        reason = netbios_problem(name)
        if reason:
            yield Hit(subject, {"shown": show(name), "reason": reason})


def _name_owner(subject: str, plan: Plan) -> str:
    if subject == "cluster.name":
        return "the cluster"
    key = paths.head(subject)
    kind = "node" if key == "nodes" else "virtual server"
    return f"{kind} {paths.index_in(subject, key) + 1}"


@check
def name_duplicated(plan: Plan):
    seen: dict[str, str] = {}
    for subject, name in computer_names(plan):
        key = name.strip().casefold()
        if not key:
            continue
        if key in seen:
            yield Hit(subject, {"name": name, "first": _name_owner(seen[key], plan), "second": _name_owner(subject, plan)})
        else:
            seen[key] = subject
