"""Checks of what happens when nodes fail (app/domain/failover).

These work on the intended state and the failover simulation. Building the state costs more
than any other check, so each first asks the plan, cheaply, whether it can fire at all;
tests/domain/test_failover_rules.py holds each guard against the unguarded check over every stored plan.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from app.domain import versions
from app.domain.cluster import intended_state
from app.domain.failover import failover_order, server_label as state_server_label, simulate, single_failures
from app.domain.failover.simulate import BUSY, NO_OWNER, NOT_PLACED, STORAGE_GROUPS
from app.domain.plan import paths
from app.domain.plan.model import MISSING, Plan, answered
from app.domain.rules.checks.common import quorum_label, server_label
from app.domain.rules.checks.registry import Hit, check
from app.domain.rules.checks.virtual_servers import too_many_storage_groups
from app.domain.words import join_words


def _narrows_possible_owners(plan: Plan) -> bool:
    return any(isinstance(server.possible_owners, list) for server in plan.virtual_server_list)


def _single_failure_loses_quorum(plan: Plan) -> bool:
    """One failed node stops the cluster: a majority model with too few votes. A quorum type the
    Windows release does not offer is reported by quorum-type-for-windows, a local one by
    quorum-local-test-only, CCR's witness by ccr-quorum-witness."""
    kind = plan.cluster.quorum.type
    model, windows = versions.quorum_model(kind), versions.windows(plan.windows.version)
    nodes = len(plan.node_list)
    return (model is not None and not model.holder_only and nodes >= 2 and plan.exchange.cluster_type != "ccr"
            and (windows is None or kind in windows.quorum_types)
            and not model.kept(nodes, nodes - 1, isinstance(plan.cluster.quorum.file_share_witness, str)))


def _servers_within_limit(plan: Plan) -> bool:
    """The plan has no more servers than its version runs on its nodes (evs-count-limit and
    cms-passive-node report the rest)."""
    release = versions.exchange(plan.exchange.version)
    nodes, servers = len(plan.node_list), len(plan.virtual_server_list)
    if release is None:
        return True
    return servers <= (nodes if nodes <= release.shared_nodes_up_to else nodes - 1)


def _shares_nodes(plan: Plan) -> bool:
    release = versions.exchange(plan.exchange.version)
    return (release is not None and 2 <= len(plan.node_list) <= release.shared_nodes_up_to
            and len(plan.virtual_server_list) >= 2)


@check
def failover_single_node_offline(plan: Plan):
    if _narrows_possible_owners(plan) or _single_failure_loses_quorum(plan):
        yield from single_node_offline_hits(plan)


def single_node_offline_hits(plan: Plan) -> Iterator[Hit]:
    """A server that some single node failure leaves offline because of its possible owners, or
    the quorum that one failure breaks. Causes other rules report are left to them: too many
    servers (evs-count-limit, cms-passive-node), storage groups (evs-storage-groups,
    failover-storage-groups), a local quorum (quorum-local-test-only), CCR's witness
    (ccr-quorum-witness)."""
    if _single_failure_loses_quorum(plan):
        yield Hit("cluster.quorum.type", {"problem": _quorum_loss_words(plan), "fix": (
            "Use a shared quorum disk, or give the majority a witness (a file share witness, or a node and disk or "
            "file share majority on Windows 2008), or a third node, so that one failed node leaves a majority.")})
    state = intended_state(plan)
    seen: set[str] = set()
    for outcome in single_failures(state):
        failed = outcome.failed[0]
        for placement in outcome.not_online:
            group = state.group(placement.group)
            if placement.reason in (NO_OWNER, BUSY, NOT_PLACED) and group.owners_restricted \
                    and _servers_within_limit(plan) and placement.group not in seen:
                seen.add(placement.group)
                where = "even with every node up" if placement.reason == NOT_PLACED else f"if {failed} fails"
                yield Hit(f"{group.subject}.possible_owners", {"problem": (
                    f"{placement.label} cannot come online {where}: {placement.detail[:1].lower()}"
                    f"{placement.detail[1:]}"), "fix": (
                    f"Add nodes that survive such a failure to the possible owners of {placement.label}, or leave its "
                    "possible owners out so that every node may run it.")})


def _quorum_loss_words(plan: Plan) -> str:
    model = versions.quorum_model(plan.cluster.quorum.type)
    nodes = len(plan.node_list)
    witness = isinstance(plan.cluster.quorum.file_share_witness, str)
    needed = next(up for up in range(1, nodes + 1) if model.kept(nodes, up, witness))
    return (f"A {quorum_label(plan.cluster.quorum.type)} quorum on {nodes} nodes needs {needed} of them up: if any "
            "one node fails, the cluster stops and every server goes offline.")


@check
def failover_storage_groups_over(plan: Plan):
    if _shares_nodes(plan) and not any(too_many_storage_groups(plan)):
        yield from storage_groups_over_hits(plan)


def storage_groups_over_hits(plan: Plan) -> Iterator[Hit]:
    """A node that, after one node fails, holds more storage groups than it can mount (counted
    from the planned count or the planned storage groups, whichever is larger)."""
    state = intended_state(plan)
    seen: set[str] = set()
    for outcome in single_failures(state):
        for placement in outcome.servers:
            if placement.reason == STORAGE_GROUPS and placement.group not in seen:
                seen.add(placement.group)
                load = next(n for n in outcome.nodes if n.node == placement.node)
                index = paths.index_in(placement.subject, "virtual_servers")
                answered_count = answered(plan.virtual_servers[index].storage_groups)
                yield Hit(f"{placement.subject}.storage_groups" if answered_count else "storage_groups", {
                    "problem": f"If {outcome.failed[0]} fails, {placement.label} moves to {placement.node}, which then "
                               f"holds {load.storage_groups} storage groups of {join_words(list(load.servers))}; a node "
                               f"mounts at most {load.storage_group_limit}, so {placement.storage_groups - placement.mounted} "
                               f"of {placement.label}'s will not mount.", "limit": load.storage_group_limit})


@check
def failover_active_active_users(plan: Plan):
    if _shares_nodes(plan) and any(answered(s.concurrent_users) for s in plan.virtual_server_list):
        yield from active_active_users_hits(plan)


def active_active_users_hits(plan: Plan) -> Iterator[Hit]:
    """A node of an active/active pair over Microsoft's per-node guidance while both nodes run."""
    state = intended_state(plan)
    outcome = simulate(state)
    release = versions.exchange(plan.exchange.version)
    everyone = _sum_answered(s.concurrent_users for s in plan.virtual_server_list)
    for placement in outcome.servers:
        load = next((n for n in outcome.nodes if n.node == placement.node), None)
        if load is not None and load.over_guidance:
            yield Hit(f"{placement.subject}.concurrent_users", {
                "server": placement.label, "node": load.node, "users": f"{load.concurrent_users:,}",
                "guidance": f"{load.users_guidance:,}", "total": f"{everyone:,}",
                "cpu": release.active_active_cpu_percent})


def _sum_answered(values: Iterable) -> int:
    return sum(value for value in values if answered(value))


@check
def failover_shared_passive_node(plan: Plan):
    release = versions.exchange(plan.exchange.version)
    nodes, servers = len(plan.node_list), len(plan.virtual_server_list)
    if release is not None and nodes > release.shared_nodes_up_to and servers >= 2 and nodes - servers >= 2:
        yield from shared_passive_node_hits(plan)


def shared_passive_node_hits(plan: Plan) -> Iterator[Hit]:
    """Two servers of a one-server-per-node cluster that go first to the same passive node, while
    another passive node is nobody's first choice."""
    state = intended_state(plan)
    homes = {g.home for g in state.server_groups if g.home}
    passive = [name for name in state.node_names if name not in homes]
    first: dict[str, list] = {}
    for group in sorted(state.server_groups, key=lambda g: g.server_index or 0):
        target = next((name for name in failover_order(group, state.node_names) if name != group.home), None)
        if group.home and target in passive:
            first.setdefault(target, []).append(group)
    unused = [name for name in passive if name not in first]
    for node, groups in first.items():
        if len(groups) < 2 or not unused:
            continue
        for group in groups[1:]:
            yield Hit(f"{group.subject}.preferred_owners", {
                "servers": join_words([state_server_label(state, g) for g in groups]), "node": node,
                "server": state_server_label(state, group), "other": join_words(unused)})


@check
def possible_owners_off(plan: Plan):
    if _narrows_possible_owners(plan):
        yield from possible_owner_hits(plan)


def possible_owner_hits(plan: Plan) -> Iterator[Hit]:
    """Possible owners that are no node of the plan, none at all, or preferred owners outside them."""
    known = {n.name.strip().casefold() for n in plan.node_list if isinstance(n.name, str)}
    for s_index, server in enumerate(plan.virtual_server_list):
        if not isinstance(server.possible_owners, list):
            continue
        subject, name = f"virtual_servers[{s_index}]", server_label(plan, s_index)
        if not server.possible_owners:
            yield Hit(f"{subject}.possible_owners", {"problem": f"{name} lists no possible owner, so no node can run it."})
        possible = set()
        for o_index, owner in enumerate(server.possible_owners):
            possible.add(owner.strip().casefold())
            if plan.nodes is not MISSING and owner.strip().casefold() not in known:
                yield Hit(f"{subject}.possible_owners[{o_index}]", {
                    "problem": f"{owner}, a possible owner of {name}, is not a node of this cluster."})
        preferred = server.preferred_owners if isinstance(server.preferred_owners, list) else []
        for o_index, owner in enumerate(preferred):
            if server.possible_owners and owner.strip().casefold() not in possible:
                yield Hit(f"{subject}.preferred_owners[{o_index}]", {
                    "problem": f"{owner} is a preferred owner of {name} but not one of its possible owners, so the "
                               "cluster never moves it there."})
