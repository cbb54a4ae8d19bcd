"""The failover what-if of a plan: every single-node failure, every pair of failures (three nodes
or more), a set the user picks, and the verdicts "survives any single node failure" and "always
survives k failed nodes"; with what the plan leaves open, said once."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterable

from app.domain import versions
from app.domain.cluster import ClusterState
from app.domain.failover.simulate import (Cluster, Outcome, active_active, node_ids, one_server_per_node,
                                          server_label)
from app.domain.words import join_words

# The most combinations the "always survives" search tries beyond single failures: every one for
# up to ten nodes (a few milliseconds); for larger clusters the answer may read "at least k".
SEARCH_BUDGET = 1024


@dataclass(frozen=True)
class Limits:
    """The version facts the what-if applied, for the reader (app/domain/versions.py)."""
    family: str | None                  # versions.CLASSIC or versions.E2007; None while the version is unknown
    server_noun: str
    server_noun_plural: str
    one_server_per_node: bool
    active_active: bool
    storage_groups_per_node: int | None
    users_per_node: int | None          # Microsoft's active/active guidance, per node while both run
    cpu_percent: int | None


@dataclass(frozen=True)
class FailoverReport:
    nodes: tuple[str, ...]
    limits: Limits
    baseline: Outcome                    # every node up
    singles: tuple[Outcome, ...]
    pairs: tuple[Outcome, ...]           # only with three nodes or more
    chosen: Outcome | None
    survives_single: bool | None         # None: nothing to judge (no node or no server planned)
    always_survives: int | None          # the most nodes that may fail, whichever they are, with every server online
    search_complete: bool                # False: always_survives is a lower bound (the search stopped)
    assumptions: tuple[str, ...]         # what the plan leaves open and what was assumed instead

    @property
    def scenarios(self) -> tuple[Outcome, ...]:
        return (*self.singles, *self.pairs)

    def notes(self) -> tuple[str, ...]:
        """The assumptions, then what single scenarios could not judge, each once."""
        found = [note for outcome in (self.baseline, *self.scenarios, *([self.chosen] if self.chosen else []))
                 for note in outcome.notes]
        return tuple(dict.fromkeys((*self.assumptions, *found)))


def failover_report(state: ClusterState, chosen: Iterable[str] | None = None) -> FailoverReport:
    """The what-if of the intended state; `chosen` names the nodes of a custom scenario."""
    cluster = Cluster(state)
    nodes = cluster.nodes
    singles = single_failures(state, cluster)
    pairs = tuple(cluster.simulate(pair) for pair in itertools.combinations(nodes, 2)) if len(nodes) >= 3 else ()
    verdict = _survives_single(state, singles)
    always, complete = _always_survives(cluster, verdict)
    return FailoverReport(nodes, limits_of(state), cluster.simulate(), singles, pairs,
                          cluster.simulate(chosen) if chosen is not None else None, verdict, always, complete,
                          assumptions(state))


def single_failures(state: ClusterState, cluster: Cluster | None = None) -> tuple[Outcome, ...]:
    """One outcome per node, that node alone failed, in setup order."""
    cluster = cluster or Cluster(state)
    return tuple(cluster.simulate((name,)) for name in cluster.nodes)


def _survives_single(state: ClusterState, singles: tuple[Outcome, ...]) -> bool | None:
    if not state.nodes or not state.server_groups:
        return None
    return all(outcome.all_online for outcome in singles)


def _always_survives(cluster: Cluster, single: bool | None) -> tuple[int | None, bool]:
    """The largest k such that any k failed nodes leave every server online, and whether that
    was fully searched."""
    if single is None:
        return None, True
    if not single:
        return 0, True
    nodes = cluster.nodes
    bound = _by_count(cluster)  # more failures than this always cost a server: too few nodes, or no quorum
    if _counting_suffices(cluster.state):
        return bound, True
    tried = 0
    for count in range(2, bound + 1):
        for failed in itertools.combinations(nodes, count):
            tried += 1
            if tried > SEARCH_BUDGET:
                return count - 1, False
            if not cluster.simulate(failed).all_online:
                return count - 1, True
    return bound, True


def _counting_suffices(state: ClusterState) -> bool:
    """One server per node, each may run on every node and has a node while all are up, and the
    quorum depends on how many nodes are up: then k failures are survived exactly when the
    surviving nodes still number the servers and keep the quorum."""
    model = versions.quorum_model(state.quorum.type)
    return (one_server_per_node(state) and (model is None or not model.holder_only)
            and all(not g.owners_restricted and g.home is not None for g in state.server_groups))


def _by_count(cluster: Cluster) -> int:
    """The most failed nodes that still leave a node per server (where each node runs one) and a
    quorum (for the models that count nodes)."""
    servers, nodes = len(cluster.servers) if cluster.single else 1, cluster.nodes
    best = 0
    for count in range(1, len(nodes)):
        up = list(nodes[count:])
        if len(up) < servers or (cluster.quorum is not None and not cluster.quorum.holder_only
                                 and cluster.quorum_kept(up) is False):
            break
        best = count
    return best


def limits_of(state: ClusterState) -> Limits:
    release = versions.exchange(state.exchange)
    sharing = active_active(state)
    return Limits(
        family=release.family if release else None,
        server_noun=release.server_noun if release else "virtual server",
        server_noun_plural=release.server_noun_plural if release else "virtual servers",
        one_server_per_node=one_server_per_node(state), active_active=sharing,
        storage_groups_per_node=release.storage_groups_per_node if release else None,
        users_per_node=release.active_active_users_per_node if sharing else None,
        cpu_percent=release.active_active_cpu_percent if sharing else None)


def assumptions(state: ClusterState) -> tuple[str, ...]:
    """What the plan does not say that the what-if needs, and what it assumed instead."""
    said: list[str] = []
    release = versions.exchange(state.exchange)
    plural = release.server_noun_plural if release else "virtual servers"
    if not state.nodes:
        said.append("No nodes are planned yet, so there is nothing to fail.")
    if not state.server_groups:
        said.append(f"No {plural} are planned yet: only the cluster's own groups move.")
    unnamed = [node.label for node in state.nodes if node.name is None]
    if unnamed:
        said.append(f"{join_words(unnamed).capitalize()} {'has' if len(unnamed) == 1 else 'have'} no name yet "
                    "and stand(s) under that label.")
    if release is None:
        said.append("The Exchange version is not chosen, so no per-version limit applies (one server per node, "
                    "storage groups per node).")
    said += _quorum_assumptions(state)
    for group in state.server_groups:
        if not group.owners_answered:
            said.append(f"{server_label(state, group)} lists no preferred owners yet: it is taken to fail over in setup "
                        "order.")
    if active_active(state):
        unknown = [server_label(state, g) for g in state.server_groups if g.concurrent_users is None]
        if unknown:
            said.append(f"Concurrent users are not planned for {join_words(unknown)}: the load is not compared "
                        "with Microsoft's active/active guidance.")
    return tuple(said)


def _quorum_assumptions(state: ClusterState) -> list[str]:
    model = versions.quorum_model(state.quorum.type)
    if model is None:
        return ["The quorum type is not answered: the cluster is taken to keep running while any node is up."]
    if model.witness_vote or (model.witness_if_set and state.quorum.witness):
        return ["The quorum's witness is taken to stay reachable and to keep its vote."]
    if not model.majority and not model.holder_only:
        return ["The quorum disk is taken to stay reachable from the surviving nodes."]
    return []


def choose_nodes(state: ClusterState, names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The nodes named (several per item, separated by commas; case does not matter), as the state
    spells them in setup order, and the names that are no node of the plan."""
    by_key = {name.casefold(): name for name in node_ids(state)}
    wanted = [part.strip() for item in names for part in str(item).split(",") if part.strip()]
    unknown = tuple(dict.fromkeys(name for name in wanted if name.casefold() not in by_key))
    chosen = {by_key[name.casefold()] for name in wanted if name.casefold() in by_key}
    return tuple(name for name in node_ids(state) if name in chosen), unknown
