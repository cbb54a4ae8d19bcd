"""Checks of the Virtual servers step: how many servers on how many nodes, their disks, storage group
counts, components, protocols and preferred owners."""
from __future__ import annotations

from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan, answered
from app.domain.rules.checks.common import drive, node_count, server_count, server_label, shared_letters
from app.domain.rules.checks.registry import Hit, check
from app.domain.words import join_words


@check
def no_virtual_servers(plan: Plan):
    if plan.virtual_servers == []:
        yield Hit("virtual_servers")


@check
def too_many_virtual_servers(plan: Plan):
    nodes, servers = node_count(plan), server_count(plan)
    if nodes is None or servers is None:
        return
    limit = 2 if nodes == 2 else nodes - 1 if nodes >= 3 else None
    if limit is not None and servers > limit:
        yield Hit("virtual_servers", {"servers": servers, "nodes": nodes, "limit": limit})


@check
def active_active(plan: Plan):
    if node_count(plan) == 2 and server_count(plan) == 2:
        yield Hit("virtual_servers")


@check
def no_passive_node(plan: Plan):
    nodes, servers = node_count(plan), server_count(plan)
    if nodes is not None and servers is not None and servers > nodes - 1:
        yield Hit("virtual_servers", {"servers": servers, "nodes": nodes, "limit": max(nodes - 1, 0)})


@check
def virtual_server_without_disk(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.disks == []:
            yield Hit(f"virtual_servers[{index}].disks", {"server": server_label(plan, index)})


@check
def virtual_server_disk_unknown(plan: Plan):
    if plan.disks is MISSING:
        return
    letters = shared_letters(plan)
    for s_index, server in enumerate(plan.virtual_server_list):
        for d_index, letter in enumerate(server.disks if server.disks is not MISSING else []):
            if drive(letter) not in letters:
                yield Hit(f"virtual_servers[{s_index}].disks[{d_index}]", {
                    "server": server_label(plan, s_index), "letter": drive(letter)})


@check
def too_many_storage_groups(plan: Plan):
    servers = plan.virtual_server_list
    over = False
    for index, server in enumerate(servers):
        if answered(server.storage_groups) and server.storage_groups > 4:
            over = True
            yield Hit(f"virtual_servers[{index}].storage_groups", {
                "problem": f"{server_label(plan, index)} has {server.storage_groups} storage groups; the limit is 4."})
    total = sum(s.storage_groups for s in servers if answered(s.storage_groups))
    if not over and node_count(plan) == 2 and len(servers) > 1 and total > 4:
        yield Hit("virtual_servers", {
            "problem": f"The virtual servers have {total} storage groups together; after a failover one node would run all of them, and the limit is 4."})


@check
def virtual_server_without_storage_group(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.storage_groups == 0:
            yield Hit(f"virtual_servers[{index}].storage_groups", {"server": server_label(plan, index)})


@check
def virtual_server_unsupported_components(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.components is MISSING:
            continue
        bad = [c for c in server.components if c in vocab.UNSUPPORTED_COMPONENTS]
        if bad:
            names = [f"{vocab.COMPONENT_LABELS[c]} ({c})" for c in sorted(set(bad), key=bad.index)]
            yield Hit(f"virtual_servers[{index}].components", {
                "server": server_label(plan, index), "components": join_words(names)})


@check
def virtual_server_front_end(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.role == "front-end":
            yield Hit(f"virtual_servers[{index}].role", {"server": server_label(plan, index)})


@check
def virtual_server_without_kerberos(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.kerberos is False:
            yield Hit(f"virtual_servers[{index}].kerberos", {"server": server_label(plan, index)})


@check
def virtual_server_wants_imap_pop(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        wanted = [label for key, label in (("imap4", "IMAP4"), ("pop3", "POP3"))
                  if getattr(server.protocols, key) is True]
        if wanted:
            yield Hit(f"virtual_servers[{index}].protocols", {
                "server": server_label(plan, index), "protocols": join_words(wanted)})


@check
def preferred_owner_unknown(plan: Plan):
    if plan.nodes is MISSING:
        return
    nodes = {n.name.strip().casefold() for n in plan.node_list if isinstance(n.name, str)}
    for s_index, server in enumerate(plan.virtual_server_list):
        for o_index, owner in enumerate(server.preferred_owners if server.preferred_owners is not MISSING else []):
            if owner.strip().casefold() not in nodes:
                yield Hit(f"virtual_servers[{s_index}].preferred_owners[{o_index}]", {
                    "owner": owner, "server": server_label(plan, s_index)})


@check
def exchange2007_always(plan: Plan):
    yield Hit("virtual_servers")
