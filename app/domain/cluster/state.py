"""The cluster a plan describes: `intended_state(plan) -> ClusterState`.

This is the one model of what the cluster should be once it is built: its nodes and networks,
its groups with their preferred and possible owners, and its resources with their types, private
properties and dependencies. The runbook and its scripts, the diagram, the failover what-if and
the as-built check all read it, and a captured real cluster is parsed into the same types, so
"planned" and "found" are two values of one shape.

It is total: any plan, ready or not, gives a state. An unanswered value is None in the state (the
reader decides how to show it); names that the state itself makes up (resource names, a group
named after an unnamed server) fall back to the item's position, so every group and resource has
a name. All types are frozen dataclasses of strings, tuples and None.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Iterable

from app.domain import versions
from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan

PUBLIC_NETWORK, PRIVATE_NETWORK = "Public", "Private"
CLUSTER_GROUP = vocab.DEFAULT_CLUSTER_GROUP

# Resource types (as `cluster res /prop` shows them in its Type row).
IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK = "IP Address", "Network Name", "Physical Disk"
MSDTC = "Distributed Transaction Coordinator"
SYSTEM_ATTENDANT = "Microsoft Exchange System Attendant"

# Who creates a resource: the administrator by hand, Windows when the cluster is created, comclust
# on Windows 2000, or Exchange setup (the System Attendant on 2000/2003, setup /NewCms on 2007).
BY_ADMIN, BY_CLUSTER_SETUP, BY_COMCLUST, BY_EXCHANGE = "admin", "cluster-setup", "comclust", "exchange"

# Group kinds.
CLUSTER_KIND, MSDTC_KIND, SERVER_KIND, STORAGE_KIND = "cluster", "msdtc", "server", "storage"


@dataclass(frozen=True)
class Adapter:
    """One network adapter of a server, as `ipconfig /all` shows it (a capture only)."""
    name: str                           # the connection's name ("Public", "Local Area Connection 2")
    addresses: tuple[str, ...] = ()     # every IPv4 address, the node's own and any group's it holds
    masks: tuple[str, ...] = ()         # the mask of each address, in the same order
    gateways: tuple[str, ...] = ()
    dns_servers: tuple[str, ...] = ()
    dhcp: bool | None = None
    description: str | None = None


@dataclass(frozen=True)
class Node:
    name: str | None
    label: str                  # the name, or "node 2" while it is unanswered
    public_ip: str | None
    private_ip: str | None      # None also when the plan has no private adapter
    domain: str | None
    subject: str                # the plan path of the node ("nodes[1]")
    index: int = 0              # its place in the plan's list of nodes
    # What the server itself says (systeminfo; the plan's Windows answers in an intended state).
    windows: str | None = None          # the release key, "2003"
    edition: str | None = None
    service_pack: int | None = None
    architecture: str | None = None     # "x86", "x64"
    domain_controller: bool | None = None
    model: str | None = None
    status: str | None = None           # a capture's Up, Down, Paused, Joining; None in an intended state
    adapters: tuple[Adapter, ...] = ()  # a capture's ipconfig /all


@dataclass(frozen=True)
class Network:
    name: str                   # the name the runbook gives the cluster network
    address: str | None         # CIDR, as planned
    mask: str | None
    role: str                   # "all" (clients and heartbeat, the public network) or "internal" (heartbeat only)
    subject: str
    status: str | None = None   # a capture's Up, Down, Partitioned; None in an intended state


@dataclass(frozen=True)
class Interface:
    """A node's adapter on a cluster network, as `cluster netint` lists it (a capture only)."""
    node: str
    network: str
    status: str | None = None


@dataclass(frozen=True)
class Resource:
    name: str
    type: str
    group: str
    properties: tuple[tuple[str, Any], ...] = ()   # private properties, in the order they are set
    depends_on: tuple[str, ...] = ()               # names of resources in the same group
    made_by: str = BY_ADMIN
    subject: str = ""                              # the plan path the resource comes from
    identity: str | None = None                    # what identifies it whatever its name: address, name, letter
    status: str | None = None                      # a capture's Online, Offline, Failed; None when planned
    owner: str | None = None                       # the node a capture found it on
    possible_owners: tuple[str, ...] = ()          # a capture's `cluster res "X" /listowners`

    def property(self, name: str) -> Any:
        return dict(self.properties).get(name)


@dataclass(frozen=True)
class Group:
    name: str
    kind: str
    server: str | None = None          # the virtual server or clustered mailbox server it holds
    server_index: int | None = None
    preferred_owners: tuple[str, ...] = ()
    possible_owners: tuple[str, ...] = ()
    home: str | None = None            # the node it runs on when every node is up
    subject: str = ""
    made_by: str = BY_ADMIN
    name_answered: bool = True         # False: the plan does not name the group yet (a fallback is used)
    disks: tuple[str, ...] | None = () # the disk letters the plan lists for its server; None: unanswered
    owners_answered: bool = True       # False: the plan does not list preferred owners yet
    owners_restricted: bool = False    # True: the plan lists its possible owners; otherwise every node is one
    # What its server carries, for the failover what-if; None while the plan does not say.
    storage_groups: int | None = None
    mailboxes: int | None = None
    concurrent_users: int | None = None
    status: str | None = None          # a capture's Online, Offline, Partially Online, Failed
    owner: str | None = None           # the node a capture found it on


@dataclass(frozen=True)
class Disk:
    """A shared disk as planned: its letter, volume label and use, and the group that owns it."""
    letter: str | None
    label: str | None
    purpose: str | None
    group: str | None                 # the group that holds it
    subject: str
    claims: tuple[str, ...] = ()      # every group the plan puts it in (more than one is a plan error)


@dataclass(frozen=True)
class Quorum:
    type: str | None
    resource: str | None = None        # the resource holding it (a disk, Majority Node Set, witness)
    disk: str | None = None            # the quorum disk's letter
    witness: str | None = None         # the file share witness path, where one is planned


@dataclass(frozen=True)
class ClusterState:
    name: str | None
    ip: str | None
    exchange: str | None
    windows: str | None
    cluster_type: str | None
    windows_edition: str | None = None
    interconnect: str | None = None    # how the nodes reach the shared disks
    nodes: tuple[Node, ...] = ()
    networks: tuple[Network, ...] = ()
    groups: tuple[Group, ...] = ()
    resources: tuple[Resource, ...] = ()
    quorum: Quorum = field(default_factory=lambda: Quorum(None))
    disks: tuple[Disk, ...] = ()
    interfaces: tuple[Interface, ...] = ()         # a capture's `cluster netint`

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def resources_of(self, group: str) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.group == group)

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)

    def of_type(self, group: str, resource_type: str) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.group == group and r.type == resource_type)

    @property
    def server_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.kind == SERVER_KIND)

    @property
    def node_names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes if n.name)


# ---------------------------------------------------------------- reading the plan

def text(value: Any) -> str | None:
    """A plan answer as text, or None while it is unanswered (or blank)."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _answer(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def netmask(network: Any) -> str | None:
    try:
        return str(ipaddress.IPv4Network(network, strict=False).netmask)
    except (TypeError, ValueError):
        return None


def disk_resource_name(letter: str) -> str:
    return f"Disk {letter.upper()}"


def node_order(plan: Plan) -> list[int]:
    """Node indexes in `setup.node_order`; nodes it does not name follow in the nodes list's order."""
    nodes = plan.node_list
    position: dict[str, int] = {}
    for index, node in enumerate(nodes):
        if text(node.name):
            position.setdefault(node.name.strip().casefold(), index)
    order = plan.setup.node_order if isinstance(plan.setup.node_order, list) else []
    chosen: list[int] = []
    for name in order:
        index = position.get(name.strip().casefold()) if isinstance(name, str) else None
        if index is not None and index not in chosen:
            chosen.append(index)
    return chosen + [index for index in range(len(nodes)) if index not in chosen]


def _nodes(plan: Plan) -> tuple[Node, ...]:
    nodes = []
    windows = plan.windows
    for index in node_order(plan):
        node = plan.node_list[index]
        name = text(node.name)
        nodes.append(Node(name=name, label=name or f"node {index + 1}", public_ip=text(node.public_ip),
                          private_ip=text(node.private_ip), domain=text(node.domain), subject=f"nodes[{index}]",
                          index=index, windows=text(windows.version), edition=text(windows.edition),
                          service_pack=_number(windows.service_pack), architecture=text(windows.architecture),
                          domain_controller=node.domain_controller if isinstance(node.domain_controller, bool)
                          else None, model=text(node.hardware_model)))
    return tuple(nodes)


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _networks(plan: Plan) -> tuple[Network, ...]:
    cluster = plan.cluster
    networks = [Network(PUBLIC_NETWORK, text(cluster.public_network), netmask(cluster.public_network), "all",
                        "cluster.public_network")]
    if cluster.private_network is not None:
        networks.append(Network(PRIVATE_NETWORK, text(cluster.private_network), netmask(cluster.private_network),
                                "internal", "cluster.private_network"))
    return tuple(networks)


def _canonical_owners(owners: Any, nodes: tuple[Node, ...] | None) -> tuple[str, ...]:
    """Preferred owners as the nodes spell their names; unknown names are left out (a rule says so).
    While the nodes are unanswered (None), the owners stand as listed."""
    if nodes is None:
        listed = [o.strip() for o in owners if isinstance(o, str) and o.strip()] if isinstance(owners, list) else []
        return tuple(dict.fromkeys(listed))
    by_key = {n.name.casefold(): n.name for n in nodes if n.name}
    names = [by_key.get(o.strip().casefold()) for o in owners if isinstance(o, str)] if isinstance(owners, list) else []
    return tuple(dict.fromkeys(name for name in names if name))


def home_nodes(servers: Iterable[tuple[int, tuple[str, ...]]], node_names: tuple[str, ...],
               possible: dict[int, tuple[str, ...]] | None = None) -> dict[int, str]:
    """The node each server runs on while every node is up: its first preferred owner not already
    taken, else the next free node in setup order, among its possible owners (every node unless
    `possible` narrows them). Nodes left over are passive."""
    taken: set[str] = set()
    homes: dict[int, str] = {}
    for index, owners in servers:
        allowed = (possible or {}).get(index, node_names)
        choice = next((name for name in (*owners, *node_names) if name not in taken and name in allowed), None)
        if choice:
            homes[index] = choice
            taken.add(choice)
    return homes


def storage_group_count(plan: Plan, server) -> int | None:
    """The storage groups a server runs, counted in one place: the larger of its planned count
    (`virtual_servers[].storage_groups`) and the storage groups the plan lists for it
    (`storage_groups[].server`); None while the plan says neither."""
    count = _number(server.storage_groups)
    name = text(server.name)
    listed = sum(1 for group in plan.storage_group_list
                 if name and isinstance(group.server, str) and group.server.strip().casefold() == name.casefold())
    if count is None and not listed:
        return None
    return max(count or 0, listed)


# ---------------------------------------------------------------- building the state

class _Builder:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.windows = versions.windows(plan.windows.version)
        self.exchange = versions.exchange(plan.exchange.version)
        self.nodes = _nodes(plan)
        self.node_names = tuple(n.name for n in self.nodes if n.name)
        self.groups: list[Group] = []
        self.resources: list[Resource] = []
        self.public_mask = netmask(plan.cluster.public_network)
        self.disk_letters = {d.letter.upper() for d in plan.disk_list if isinstance(d.letter, str)}
        self.claims: dict[str, list[str]] = {}

    def add(self, resource: Resource) -> Resource:
        self.resources.append(resource)
        return resource

    def ip_address(self, name: str, group: str, address: str | None, subject: str, made_by: str) -> Resource:
        properties = (("Address", address), ("SubnetMask", self.public_mask), ("Network", PUBLIC_NETWORK),
                      ("EnableNetBIOS", 1))
        return self.add(Resource(name, IP_ADDRESS, group, properties, made_by=made_by, subject=subject,
                                 identity=address))

    def network_name(self, name: str, group: str, netbios: str | None, depends_on: tuple[str, ...], subject: str,
                     made_by: str, kerberos: bool = False) -> Resource:
        properties: list[tuple[str, Any]] = [("Name", netbios)]
        if kerberos and self.windows and self.windows.network_name_kerberos:
            properties.append(("RequireKerberos", 1))
        if made_by == BY_ADMIN and self.windows and self.windows.network_name_require_dns:
            properties.append(("RequireDNS", 1))
        return self.add(Resource(name, NETWORK_NAME, group, tuple(properties), depends_on, made_by, subject,
                                 identity=netbios))

    def disk(self, letter: str, group: str, subject: str) -> Resource:
        """A shared disk's resource; a disk is in one group only (disk-one-owner reports a second claim)."""
        self.claims.setdefault(letter.upper(), [])
        if group not in self.claims[letter.upper()]:
            self.claims[letter.upper()].append(group)
        existing = next((r for r in self.resources if r.type == PHYSICAL_DISK and r.identity == letter.upper()), None)
        if existing is not None:
            return existing
        return self.add(Resource(disk_resource_name(letter), PHYSICAL_DISK, group, (), made_by=BY_CLUSTER_SETUP,
                                 subject=subject, identity=letter.upper()))

    # ------------------------------------------------------------ the cluster group

    def cluster_group(self) -> Quorum:
        plan = self.plan
        cluster = plan.cluster
        self.groups.append(Group(CLUSTER_GROUP, CLUSTER_KIND, preferred_owners=(), possible_owners=self.node_names,
                                 home=self.node_names[0] if self.node_names else None, subject="cluster",
                                 made_by=BY_CLUSTER_SETUP))
        ip = self.ip_address("Cluster IP Address", CLUSTER_GROUP, text(cluster.ip), "cluster.ip", BY_CLUSTER_SETUP)
        self.network_name("Cluster Name", CLUSTER_GROUP, text(cluster.name), (ip.name,), "cluster.name",
                          BY_CLUSTER_SETUP)
        return self.quorum()

    def quorum(self) -> Quorum:
        quorum = self.plan.cluster.quorum
        kind = quorum.type if isinstance(quorum.type, str) else None
        witness = text(quorum.file_share_witness)
        if kind in versions.DISK_QUORUM_TYPES:
            letter = self.disk_of_purpose("quorum")
            if letter is None:
                return Quorum(kind, witness=witness)
            disk = self.disk(letter, CLUSTER_GROUP, self.disk_subject(letter))
            return Quorum(kind, disk.name, letter, witness)
        if kind in versions.QUORUM_RESOURCES:
            resource_type, name = versions.QUORUM_RESOURCES[kind]
            properties: tuple[tuple[str, Any], ...] = ()
            if witness and kind == "majority-node-set":
                properties = (("MNSFileShare", witness),)
            elif kind == "node-fsw-majority":
                properties = (("SharePath", witness),)
            self.add(Resource(name, resource_type, CLUSTER_GROUP, properties, made_by=BY_ADMIN,
                              subject="cluster.quorum", identity=resource_type))
            return Quorum(kind, name, None, witness)
        return Quorum(kind, witness=witness)

    def disk_of_purpose(self, purpose: str) -> str | None:
        return next((d.letter.upper() for d in self.plan.disk_list
                     if d.purpose == purpose and isinstance(d.letter, str)), None)

    def disk_subject(self, letter: str) -> str:
        index = next((i for i, d in enumerate(self.plan.disk_list)
                      if isinstance(d.letter, str) and d.letter.upper() == letter), None)
        return f"disks[{index}]" if index is not None else "disks"

    # ------------------------------------------------------------ MSDTC (Exchange 2000/2003)

    def msdtc(self) -> None:
        if not (self.exchange and self.exchange.needs_msdtc):
            return
        group = text(self.plan.cluster.msdtc.group) or CLUSTER_GROUP
        if group != CLUSTER_GROUP and not any(g.name == group for g in self.groups):
            self.groups.append(Group(group, MSDTC_KIND, possible_owners=self.node_names,
                                     home=self.node_names[0] if self.node_names else None,
                                     subject="cluster.msdtc.group"))
        letter = self.disk_of_purpose("msdtc")
        if letter is not None:
            self.disk(letter, group, self.disk_subject(letter))
        else:
            letter = self.disk_of_purpose("quorum")
        depends = [r.name for r in self.resources
                   if r.group == group and (r.type == NETWORK_NAME or (r.type == PHYSICAL_DISK and r.identity == letter))]
        made_by = BY_COMCLUST if self.windows and self.windows.msdtc_by_comclust else BY_ADMIN
        self.add(Resource("MSDTC", MSDTC, group, (), tuple(depends), made_by, "cluster.msdtc", identity=MSDTC))

    # ------------------------------------------------------------ the servers

    def servers(self) -> None:
        plan = self.plan
        nodes = None if plan.nodes is MISSING else self.nodes
        owners = [(index, _canonical_owners(server.preferred_owners, nodes))
                  for index, server in enumerate(plan.virtual_server_list)]
        possible = {index: self.possible_owners(server, nodes) for index, server in enumerate(plan.virtual_server_list)
                    if isinstance(server.possible_owners, list)}
        homes = home_nodes(owners, self.node_names, possible)
        for index, server in enumerate(plan.virtual_server_list):
            self.server(index, server, owners[index][1], homes.get(index), possible.get(index))

    def possible_owners(self, server, nodes: tuple[Node, ...] | None) -> tuple[str, ...]:
        """The nodes the plan lets the server run on, in setup order (as listed while the nodes are unanswered)."""
        listed = _canonical_owners(server.possible_owners, nodes)
        return listed if nodes is None else tuple(name for name in self.node_names if name in listed)

    def server(self, index: int, server, preferred: tuple[str, ...], home: str | None,
               possible: tuple[str, ...] | None) -> None:
        name = text(server.name)
        label = name or f"{self.noun()} {index + 1}"
        family = self.exchange.family if self.exchange else None
        made_by = BY_EXCHANGE if family == versions.E2007 else BY_ADMIN
        planned_group = name if family == versions.E2007 else text(server.group)
        group = planned_group or f"{label} Group"
        subject = f"virtual_servers[{index}]"
        listed = (tuple(dict.fromkeys(d.upper() for d in server.disks if isinstance(d, str)))
                  if isinstance(server.disks, list) else None)
        self.groups.append(Group(group, SERVER_KIND, server=name, server_index=index, preferred_owners=preferred,
                                 possible_owners=self.node_names if possible is None else possible, home=home,
                                 subject=subject, made_by=made_by, name_answered=planned_group is not None,
                                 disks=listed, owners_answered=isinstance(server.preferred_owners, list),
                                 owners_restricted=possible is not None,
                                 storage_groups=storage_group_count(self.plan, server),
                                 mailboxes=_number(server.mailboxes), concurrent_users=_number(server.concurrent_users)))
        ip = self.ip_address(f"{label} IP Address", group, text(server.ip), f"{subject}.ip", made_by)
        network_name = self.network_name(f"{label} Network Name", group, name, (ip.name,), f"{subject}.name", made_by,
                                         kerberos=server.kerberos is True)
        disks = [self.disk(letter, group, f"{subject}.disks[{d_index}]")
                 for d_index, letter in enumerate(self.server_disks(server))]
        if family == versions.E2007:
            self.setup_resources(label, group, network_name, subject)
            return
        sa = self.add(Resource(f"{label} System Attendant", SYSTEM_ATTENDANT, group, (),
                               (network_name.name, *(d.name for d in disks)), BY_ADMIN, subject,
                               identity=SYSTEM_ATTENDANT))
        if self.exchange:
            self.system_attendant_resources(index, server, label, group, sa, subject)

    def noun(self) -> str:
        return self.exchange.server_noun if self.exchange else "virtual server"

    def server_disks(self, server) -> list[str]:
        """The server's disks (as letters), each once; while the shared disks are unanswered every
        listed letter counts, once they are answered only those they define (evs-disk-exists)."""
        letters = [d.upper() for d in server.disks if isinstance(d, str)] if isinstance(server.disks, list) else []
        known = self.plan.disks is MISSING
        return list(dict.fromkeys(d for d in letters if known or d in self.disk_letters))

    def setup_resources(self, label: str, group: str, network_name: Resource, subject: str) -> None:
        """Exchange 2007: what setup /NewCms creates besides the address and the name."""
        made: dict[str, str] = {"network-name": network_name.name}
        for key, resource_type, pattern in self.exchange.setup_resources:
            name = pattern.format(server=label)
            parent = made.get(self.exchange.setup_dependencies.get(key, ""))
            self.add(Resource(name, resource_type, group, (), (parent,) if parent else (), BY_EXCHANGE, subject,
                              identity=resource_type))
            made[key] = name

    def system_attendant_resources(self, index: int, server, label: str, group: str, sa: Resource,
                                   subject: str) -> None:
        """Exchange 2000/2003: what the System Attendant creates, then the protocols added by hand."""
        release = self.exchange
        components = server.components if isinstance(server.components, list) else list(vocab.SUPPORTED_COMPONENTS)
        made: dict[str, str] = {"sa": sa.name}
        for key, resource_type, pattern in release.setup_resources:
            if key == "mta" and index != 0:
                continue  # one MTA per cluster, in the first virtual server's group
            if key not in components and key not in ("information-store", "mta"):
                continue
            parent = made.get(release.setup_dependencies.get(key, "sa"), sa.name)
            name = pattern.format(server=label)
            self.add(Resource(name, resource_type, group, (), (parent,), BY_EXCHANGE, subject, identity=resource_type))
            made[key] = name
        wanted = [key for key in ("imap4", "pop3") if getattr(server.protocols, key) is True]
        for key in (*release.protocols_with_system_attendant, *(k for k in release.manual_protocols if k in wanted)):
            resource_type, pattern = versions.protocol_resource(key)
            parent = made.get(release.setup_dependencies.get(key, "sa"), sa.name)
            by = BY_ADMIN if key in release.manual_protocols else BY_EXCHANGE
            self.add(Resource(pattern.format(server=label), resource_type, group, (), (parent,), by,
                              f"{subject}.protocols.{key}", identity=resource_type))

    def spare_disks(self) -> None:
        """Planned disks no group claims stay where the cluster puts new disks: one "Disk Group N"
        per disk on Windows 2000/2003, "Available Storage" on Windows 2008."""
        claimed = {r.identity for r in self.resources if r.type == PHYSICAL_DISK}
        spare = [d.letter.upper() for d in self.plan.disk_list
                 if isinstance(d.letter, str) and d.letter.upper() not in claimed]
        for number, letter in enumerate(dict.fromkeys(spare), start=1):
            group = self.windows.spare_disk_group.format(number=number) if self.windows else f"Disk Group {number}"
            if not any(g.name == group for g in self.groups):
                self.groups.append(Group(group, STORAGE_KIND, possible_owners=self.node_names,
                                         home=self.node_names[0] if self.node_names else None, subject="disks",
                                         made_by=BY_CLUSTER_SETUP))
            self.disk(letter, group, self.disk_subject(letter))

    def planned_disks(self) -> tuple[Disk, ...]:
        owner = {r.identity: r.group for r in self.resources if r.type == PHYSICAL_DISK}
        disks = []
        for index, d in enumerate(self.plan.disk_list):
            letter = d.letter.upper() if isinstance(d.letter, str) else None
            disks.append(Disk(letter, text(d.label), d.purpose if isinstance(d.purpose, str) else None,
                              owner.get(letter), f"disks[{index}]", tuple(self.claims.get(letter, ()))))
        return tuple(disks)

    # ------------------------------------------------------------ the whole state

    def build(self) -> ClusterState:
        plan = self.plan
        quorum = self.cluster_group()
        self.msdtc()
        self.servers()
        self.spare_disks()
        cluster_type = _answer(plan.exchange.cluster_type)
        return ClusterState(
            name=text(plan.cluster.name), ip=text(plan.cluster.ip),
            exchange=_answer(plan.exchange.version), windows=_answer(plan.windows.version),
            cluster_type=cluster_type, windows_edition=_answer(plan.windows.edition),
            interconnect=_answer(plan.cluster.storage_interconnect), nodes=self.nodes, networks=_networks(plan), groups=tuple(self.groups),
            resources=tuple(self.resources), quorum=quorum, disks=self.planned_disks())


def intended_state(plan: Plan) -> ClusterState:
    """The cluster the plan describes, as it should stand once built."""
    return _Builder(plan).build()

