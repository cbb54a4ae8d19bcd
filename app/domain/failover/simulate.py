"""Where every group of the intended cluster runs when some nodes fail: `simulate(state, failed)`.

The cluster service moves a group whose node fails to the first surviving node in its preferred
owners, then to any other surviving possible owner (every node, unless the plan narrows them).
What may run together on one node is a fact of the Exchange release (app/domain/versions.py):

- a cluster of more nodes than the release lets share (Exchange 2000/2003 above two nodes, KB
  329208; Exchange 2007 always, its clustered mailbox servers being active/passive) runs one server
  per node, so a surviving node that already runs one is passed over, and a server left with no
  free node stays offline;
- a two-node Exchange 2000/2003 cluster may run both virtual servers on one node, but one node
  mounts at most four storage groups (KB 259197): the server that arrives mounts only what fits;
- the Cluster Group, the MSDTC group and groups holding spare disks move to any surviving node.

Nothing runs when the surviving nodes no longer make a quorum (a majority of votes for the
majority models; one node holding the quorum disk otherwise), or when every node failed.

It is total: any state, ready or not, gives an outcome. Where the plan does not say enough
(versions, quorum type, storage groups, owners), the outcome says what it assumed instead of
guessing silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from app.domain import versions
from app.domain.cluster import ClusterState, Group
from app.domain.cluster.state import SERVER_KIND
from app.domain.words import join_words

ONLINE, PARTIAL, OFFLINE = "online", "partial", "offline"

# Why a group is not (fully) online.
ALL_DOWN, NO_QUORUM, NOT_PLACED, NO_OWNER, BUSY, STORAGE_GROUPS = (
    "all-nodes-down", "no-quorum", "not-placed", "no-possible-owner", "nodes-busy", "storage-groups")


@dataclass(frozen=True)
class Placement:
    """Where one group runs after the failures."""
    group: str
    kind: str
    label: str                   # the server's name (or "virtual server 2"), else the group's name
    subject: str
    home: str | None             # where it runs while every node is up
    node: str | None             # where it runs now; None: offline
    status: str                  # online, partial (some storage groups cannot mount), offline
    reason: str | None = None    # why not online (one of the codes above)
    detail: str = ""             # the same in words
    passed_over: tuple[str, ...] = ()   # surviving nodes it could not take, already running a server
    storage_groups: int | None = None
    mounted: int | None = None   # of its storage groups, those that can mount where it runs

    @property
    def is_server(self) -> bool:
        return self.kind == SERVER_KIND

    @property
    def moved(self) -> bool:
        return self.node is not None and self.node != self.home


@dataclass(frozen=True)
class NodeLoad:
    """What one node carries after the failures."""
    node: str
    failed: bool
    servers: tuple[str, ...] = ()
    storage_groups: int | None = None          # None: a server on it has no storage groups planned
    storage_group_limit: int | None = None
    mailboxes: int | None = None
    concurrent_users: int | None = None
    users_guidance: int | None = None          # Microsoft's active/active figure for what it runs

    @property
    def over_storage_groups(self) -> bool:
        return None not in (self.storage_groups, self.storage_group_limit) and \
            self.storage_groups > self.storage_group_limit

    @property
    def over_guidance(self) -> bool:
        return None not in (self.concurrent_users, self.users_guidance) and \
            self.concurrent_users > self.users_guidance


@dataclass(frozen=True)
class Outcome:
    failed: tuple[str, ...]
    placements: tuple[Placement, ...]
    nodes: tuple[NodeLoad, ...]
    quorum: bool | None                  # None: the quorum type is not answered (assumed kept)
    notes: tuple[str, ...] = ()          # what this scenario could not judge

    @property
    def servers(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.is_server)

    @property
    def all_online(self) -> bool:
        """Every server runs with all its storage groups mounted (and there is one at least)."""
        return bool(self.servers) and all(p.status == ONLINE for p in self.servers)

    @property
    def not_online(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.servers if p.status != ONLINE)

    @property
    def over_guidance(self) -> tuple[NodeLoad, ...]:
        return tuple(n for n in self.nodes if n.over_guidance)

    def placement(self, group: str) -> Placement | None:
        return next((p for p in self.placements if p.group == group), None)


# ---------------------------------------------------------------- the cluster as the simulation sees it

def node_ids(state: ClusterState) -> tuple[str, ...]:
    """Every node in setup order, by name, or as "node 3" while it has none."""
    return tuple(node.name or node.label for node in state.nodes)


def failover_order(group: Group, nodes: tuple[str, ...]) -> list[str]:
    """The nodes a group may run on, in the order the cluster tries them: its preferred owners,
    then every other possible owner in setup order."""
    possible = group.possible_owners if group.owners_restricted else nodes
    preferred = [name for name in group.preferred_owners if name in possible]
    return [*preferred, *(name for name in possible if name not in preferred)]


def server_label(state: ClusterState, group: Group) -> str:
    if group.kind != SERVER_KIND:
        return group.name
    release = versions.exchange(state.exchange)
    noun = release.server_noun if release else "virtual server"
    return group.server or f"{noun} {(group.server_index or 0) + 1}"


def one_server_per_node(state: ClusterState) -> bool:
    """True when no node may run two servers at once (see the module docstring)."""
    release = versions.exchange(state.exchange)
    return release is not None and len(state.nodes) > release.shared_nodes_up_to


def active_active(state: ClusterState) -> bool:
    """Servers share nodes by design: a cluster small enough for it holds more than one server."""
    release = versions.exchange(state.exchange)
    return release is not None and not one_server_per_node(state) and len(state.server_groups) > 1


# ---------------------------------------------------------------- the simulation

class Cluster:
    """What every scenario of one state shares, worked out once: the nodes, the servers in plan
    order, each group's label and failover order, the version's limits, the quorum model."""

    def __init__(self, state: ClusterState):
        self.state = state
        self.nodes = node_ids(state)
        release = versions.exchange(state.exchange)
        self.single = one_server_per_node(state)
        self.sg_limit = release.storage_groups_per_node if release else None
        self.users_guidance = release.active_active_users_per_node if active_active(state) else None
        self.servers = sorted(state.server_groups, key=lambda g: g.server_index or 0)
        self.others = [g for g in state.groups if g.kind != SERVER_KIND]
        self.labels = {g.name: server_label(state, g) for g in state.groups}
        self.orders = {g.name: failover_order(g, self.nodes) for g in state.groups}
        self.quorum = versions.quorum_model(state.quorum.type)
        # A node that runs no server carries nothing, whatever the scenario.
        self.idle = {(name, failed): NodeLoad(name, failed, (), 0, self.sg_limit, 0, 0)
                     for name in self.nodes for failed in (False, True)}
        # What does not depend on the rest of a scenario, kept across scenarios: a server alone on
        # its node (placement and load), another group on a surviving node.
        self.kept: dict[tuple, object] = {}

    def keep(self, key: tuple, make):
        found = self.kept.get(key)
        if found is None:
            found = self.kept[key] = make()
        return found

    def quorum_kept(self, up: list[str]) -> bool | None:
        if self.quorum is None:
            return None
        # A local quorum lives on the node that created the cluster, the first in setup order.
        return self.quorum.kept(len(self.nodes), len(up), bool(self.state.quorum.witness),
                                holder_up=bool(self.nodes) and self.nodes[0] in up)

    def simulate(self, failed: Iterable[str] = ()) -> Outcome:
        return _Run(self, failed).run()


class _Run:
    def __init__(self, cluster: Cluster, failed: Iterable[str]):
        self.cluster = cluster
        chosen = set(failed)
        self.failed = tuple(name for name in cluster.nodes if name in chosen)
        self.up = [name for name in cluster.nodes if name not in chosen]
        self.sg_limit = cluster.sg_limit
        self.running: dict[str, list[Group]] = {name: [] for name in cluster.nodes}
        self.storage_groups: dict[str, int] = dict.fromkeys(cluster.nodes, 0)
        self.sg_unknown: dict[str, bool] = dict.fromkeys(cluster.nodes, False)
        self.placements: dict[str, Placement] = {}
        self.notes: list[str] = []

    def run(self) -> Outcome:
        cluster = self.cluster
        quorum = cluster.quorum_kept(self.up)
        if not self.up or quorum is False:
            reason = ALL_DOWN if not self.up else NO_QUORUM
            for group in cluster.state.groups:
                self.offline(group, reason, self.lost_words(reason))
        else:
            up = set(self.up)
            for group in cluster.servers:
                if group.home in up:
                    self.land(group, group.home)
            for group in cluster.servers:
                if group.home not in up:
                    self.move(group)
            for group in cluster.others:
                self.move_other(group)
        placements = tuple(self.placements[g.name] for g in cluster.state.groups if g.name in self.placements)
        return Outcome(self.failed, placements, tuple(self.load(name) for name in cluster.nodes), quorum,
                       tuple(dict.fromkeys(self.notes)))

    # ------------------------------------------------------------ servers

    def land(self, group: Group, node: str, passed_over: tuple[str, ...] = ()) -> None:
        """The server runs on `node`: it mounts the storage groups that still fit there."""
        alone = not self.running[node]
        used, unknown = self.storage_groups[node], self.sg_unknown[node]
        self.running[node].append(group)
        self.storage_groups[node] += group.storage_groups or 0
        self.sg_unknown[node] = unknown or group.storage_groups is None
        if alone and not passed_over:  # the same in every scenario
            placement = self.cluster.keep(("alone", group.name, node), lambda: self.landing(group, node, (), 0, False))
        else:
            placement = self.landing(group, node, passed_over, used, unknown)
        self.placements[group.name] = placement

    def landing(self, group: Group, node: str, passed_over: tuple[str, ...], used: int, unknown: bool) -> Placement:
        """Its placement on `node`, which already holds `used` storage groups (`unknown`: and some not planned)."""
        count, mounted = group.storage_groups, group.storage_groups
        judged = self.sg_limit is not None and count is not None and not unknown
        if judged:
            mounted = max(0, min(count, self.sg_limit - used))
        elif self.sg_limit is not None and len(self.running[node]) > 1:
            missing = [self.label(g) for g in self.running[node] if g.storage_groups is None]
            self.notes.append(f"The storage groups of {join_words(missing)} are not planned: whether every "
                              f"storage group mounts on {node} is not judged.")
        detail = (f"{join_words(list(passed_over))} already {'runs' if len(passed_over) == 1 else 'run'} a server, "
                  f"so it goes on to {node}." if passed_over else "")
        if judged and mounted < count:
            detail = (f"{detail} Only {mounted} of its {count} storage groups can mount on {node}: one node mounts "
                      f"at most {self.sg_limit}.").strip()
            return self.placement(group, node, PARTIAL, STORAGE_GROUPS, detail, passed_over, mounted)
        return self.placement(group, node, ONLINE, None, detail, passed_over, mounted)

    def move(self, group: Group) -> None:
        order = self.cluster.orders[group.name]
        if group.home is None:
            detail = (f"With every node up, its possible owners ({join_words(order) or 'none'}) already run other "
                      "servers." if group.owners_restricted else "With every node up, no named node is left free for it.")
            return self.offline(group, NOT_PLACED, detail)
        up = set(self.up)
        candidates = [name for name in order if name in up]
        if not candidates:
            owners = join_words(order) or "none"
            return self.offline(group, NO_OWNER, f"None of its possible owners ({owners}) is up.")
        if not self.cluster.single:
            return self.land(group, candidates[0])
        free = next((name for name in candidates if not self.running[name]), None)
        if free is None:
            taken = "; ".join(f"{name} runs {self.label(self.running[name][0])}" for name in candidates)
            return self.offline(group, BUSY, f"Every surviving node it may run on already runs a server "
                                             f"({taken}), and each node runs one at a time.", tuple(candidates))
        self.land(group, free, tuple(candidates[:candidates.index(free)]))

    def offline(self, group: Group, reason: str, detail: str, passed_over: tuple[str, ...] = ()) -> None:
        self.placements[group.name] = self.placement(group, None, OFFLINE, reason, detail, passed_over, 0
                                                     if group.storage_groups is not None else None)

    def placement(self, group: Group, node: str | None, status: str, reason: str | None, detail: str,
                  passed_over: tuple[str, ...], mounted: int | None) -> Placement:
        server = group.kind == SERVER_KIND
        return Placement(group.name, group.kind, self.label(group), group.subject, group.home, node, status, reason,
                         detail, passed_over, group.storage_groups if server else None, mounted if server else None)

    def label(self, group: Group) -> str:
        return self.cluster.labels[group.name]

    # ------------------------------------------------------------ the other groups

    def move_other(self, group: Group) -> None:
        """The Cluster Group, the MSDTC group and spare disks go to any surviving node."""
        up = set(self.up)
        target = group.home if group.home in up else next(
            (name for name in self.cluster.orders[group.name] if name in up), None)
        if target is None:
            self.offline(group, NO_OWNER, "None of its possible owners is up.")
        else:
            self.placements[group.name] = self.cluster.keep(
                ("other", group.name, target), lambda: self.placement(group, target, ONLINE, None, "", (), None))

    def lost_words(self, reason: str) -> str:
        if reason == ALL_DOWN:
            return "Every node is down."
        return f"The {len(self.up)} surviving node(s) do not make a quorum, so the cluster stops."

    # ------------------------------------------------------------ load per node

    def load(self, name: str) -> NodeLoad:
        groups = self.running[name]
        failed = name in self.failed
        if not groups:
            return self.cluster.idle[(name, failed)]
        if len(groups) == 1:
            return self.cluster.keep(("load", name, groups[0].name), lambda: self.carried(name, groups))
        return self.carried(name, groups)

    def carried(self, name: str, groups: list[Group]) -> NodeLoad:
        guidance = self.cluster.users_guidance
        failed = name in self.failed
        return NodeLoad(
            name, failed, tuple(self.label(g) for g in groups),
            storage_groups=_total(g.storage_groups for g in groups), storage_group_limit=self.sg_limit,
            mailboxes=_total(g.mailboxes for g in groups), concurrent_users=_total(g.concurrent_users for g in groups),
            users_guidance=guidance * len(groups) if guidance else None)


def _total(values: Iterable[int | None]) -> int | None:
    """The sum, or None when one of them is unknown."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def simulate(state: ClusterState, failed: Iterable[str] = ()) -> Outcome:
    """Where every group runs once the `failed` nodes (names as `node_ids` gives them) are down;
    names that are not nodes of the state are left out. Many scenarios of one state: `Cluster`."""
    return Cluster(state).simulate(failed)
