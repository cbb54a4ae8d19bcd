"""What every runbook shares, whichever Exchange family it is for.

A `Runbook` reads the plan for the directory, the accounts and each node's own answers, and the
intended cluster state (app/domain/cluster) for the cluster itself: its groups, resources,
owners, disks and quorum. What a release means comes from app/domain/versions.py. The two
families, Exchange 2000/2003 (classic.py) and Exchange 2007 (e2007.py), override the work that
differs; generate.py chooses the family once.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

from app.domain import versions
from app.domain.cluster import ClusterState, Group, Node
from app.domain.cluster.state import CLUSTER_GROUP, IP_ADDRESS, NETWORK_NAME, PRIVATE_NETWORK, PUBLIC_NETWORK
from app.domain.plan import vocab
from app.domain.plan.model import Plan
from app.domain.rules import load_catalog
from app.domain.runbook.items import CLUSTER, NODE, SERVER, Checklist, Item, Phase, unique_ids
from app.domain.words import quorum_text, shown, shown_list

MAX_KEY_LENGTH = 80
PHASES = (1, 2, 3, 4, 5)
PHASE_TITLES = {
    1: "Active Directory preparation",
    2: "Cluster service",
    3: "Exchange on each node",
    4: "Virtual servers",
    5: "Verification",
}
PHASE_INTROS = {
    1: "Prepare the forest and the domain for Exchange, and make sure DNS will hold the cluster's names.",
    2: "Build the Windows cluster the Exchange servers will run on, one node at a time.",
    3: "Install Exchange on one node at a time, in the planned order; never start the next node early.",
    4: "Create the resources of each Exchange virtual server in Cluster Administrator, in this order.",
    5: "Prove that every group fails over and that clients find each server by name.",
}
CLUSTER_ADMIN = "A domain account in the local Administrators group of every node"


def key_of(name: str | None, index: int) -> str:
    """The part of an item id naming a node or virtual server: its name, or its position."""
    return name[:MAX_KEY_LENGTH] if name else f"#{index + 1}"


class Runbook(ABC):
    """Holds what every phase reads; one method per piece of work. Families override the work that
    differs between Exchange 2000/2003 and Exchange 2007."""

    phase_titles = PHASE_TITLES
    phase_intros = PHASE_INTROS

    def __init__(self, plan: Plan, state: ClusterState):
        self.plan = plan
        self.state = state
        self.release = versions.exchange(plan.exchange.version)
        self.windows = versions.windows(plan.windows.version)
        self.nodes = state.nodes
        self.cluster_name = shown(state.name, "cluster name")
        self.domain = shown(plan.active_directory.domain, "domain")
        self.forest = shown(plan.active_directory.forest_root_domain, "forest root domain")
        self.tool = self.windows.cluster_tool if self.windows else "Cluster Administrator"
        self.catalog = load_catalog()
        self.items: list[Item] = []
        self.current = 0

    def build(self) -> Checklist:
        phases = tuple(self.phase(number) for number in PHASES)
        names = tuple(dict.fromkeys(node.name for node in self.nodes if node.name))
        return Checklist(unique_ids(phases), names)

    def phase(self, number: int) -> Phase:
        self.current, self.items = number, []
        getattr(self, f"phase{number}")()
        return Phase(number, self.phase_titles[number], self.phase_intros[number], tuple(self.items))

    # ------------------------------------------------------------ adding items

    def add(self, subject: str, action: str, title: str, **fields) -> None:
        self.items.append(Item(f"p{self.current}.{subject}.{action}", self.current, title, **fields))

    def add_for_node(self, node: Node, action: str, title: str, **fields) -> None:
        self.add(f"node.{key_of(node.name, node.index)}", action, title, target=self.node_name(node),
                 target_kind=NODE, **fields)

    def add_for_server(self, group: Group, action: str, title: str, **fields) -> None:
        self.add(self.server_subject(group), action, title, target=self.server_name(group), target_kind=SERVER,
                 **fields)

    # ------------------------------------------------------------ names as the runbook shows them

    @staticmethod
    def node_name(node: Node) -> str:
        return shown(node.name, f"name of node {node.index + 1}")

    def server_name(self, group: Group) -> str:
        return shown(group.server, f"name of virtual server {group.server_index + 1}")

    @staticmethod
    def server_label(group: Group) -> str:
        """How a placeholder refers to the server: "[IP of virtual server 2 not answered]"."""
        return group.server or f"virtual server {group.server_index + 1}"

    def server_subject(self, group: Group) -> str:
        return f"vs.{key_of(group.server, group.server_index)}"

    def server_ip(self, group: Group) -> str:
        ip = next((r for r in self.state.of_type(group.name, IP_ADDRESS)), None)
        return shown(ip.identity if ip else None, f"IP of {self.server_label(group)}")

    @property
    def first_node(self) -> str:
        return self.node_name(self.nodes[0]) if self.nodes else "[first node not answered]"

    def server_groups(self) -> tuple[Group, ...]:
        return self.state.server_groups

    def console(self, name: str) -> str:
        """A console path of the plan's Windows release (Cluster Administrator's while it is unknown)."""
        return getattr(self.windows or versions.WINDOWS["2003"], name)

    def rules_that_apply(self, *rule_ids: str) -> tuple[str, ...]:
        """The rule ids among these that apply to the plan's versions (the catalog decides)."""
        return tuple(rule for rule in rule_ids if self.catalog.get(rule).applies_to(self.plan))

    # ------------------------------------------------------------ phase 1: the directory

    def phase1(self) -> None:
        self.prepare_directory()
        self.dns()

    def prepare_directory(self) -> None:
        self.add("forest", "prepare", "Prepare the forest and the domain for Exchange "
                 "[Exchange version not answered]",
                 detail="Exchange 2000 and 2003 use ForestPrep and DomainPrep; Exchange 2007 uses "
                        "PrepareSchema, PrepareAD and PrepareDomain.",
                 target=self.forest, target_kind="forest",
                 run_by="Schema Admins and Enterprise Admins for the forest, Domain Admins for the domain")

    def dns(self) -> None:
        ad = self.plan.active_directory
        servers = shown_list(ad.dns_servers, "DNS servers", "[no DNS server planned]")
        if ad.dns_dynamic_updates is False and self.records_by_hand_without_dynamic_updates():
            self.manual_a_records(servers)
            return
        detail = ("The Network Name resources register the cluster's and the virtual servers' names there; "
                  "without dynamic updates they cannot come online.")
        if ad.dns_dynamic_updates is False:
            detail += " The plan says they are refused: turn dynamic updates on before going further."
        self.add("dns", "confirm-dynamic-updates",
                 f"Confirm that the DNS servers {servers} accept dynamic updates for {self.domain}",
                 detail=detail, run_by=f"A DNS administrator of {self.domain}",
                 rule_ids=("dns-server-present", "dns-dynamic-updates"))

    def records_by_hand_without_dynamic_updates(self) -> bool:
        """Exchange 2007 can run without dynamic updates if the records are made by hand."""
        return False

    def manual_a_records(self, servers: str) -> None:
        run_by = f"A DNS administrator of {self.domain}"
        detail = f"The DNS servers ({servers}) do not accept dynamic updates, so the record must be made by hand."
        cluster_ip = shown(self.state.ip, "cluster IP")
        self.add("cluster", "dns-a-record", f"Create the A record {self.cluster_name} -> {cluster_ip} "
                 f"in {self.domain}", detail=detail, run_by=run_by, target=self.cluster_name,
                 target_kind=CLUSTER, rule_ids=("dns-dynamic-updates",))
        for group in self.server_groups():
            name = self.server_name(group)
            self.add_for_server(group, "dns-a-record", f"Create the A record {name} -> {self.server_ip(group)} "
                                f"in {self.domain}", detail=detail, run_by=run_by, rule_ids=("dns-dynamic-updates",))

    # ------------------------------------------------------------ phase 2: the cluster

    def phase2(self) -> None:
        for node in self.nodes:
            self.prepare_node(node)
        self.create_cluster()
        for node in self.nodes[1:]:
            self.add_for_node(node, "join-cluster",
                              f"On {self.node_name(node)}, join the cluster {self.cluster_name}",
                              detail="Add this node only; wait until it shows as up in the cluster "
                                     "before the next node joins.",
                              run_by=CLUSTER_ADMIN, evidence=self.node_evidence(node),
                              rule_ids=("nodes-max-for-edition", "hardware-certified", "nodes-identical-hardware"))
        self.msdtc()

    @staticmethod
    def node_evidence(node: Node) -> tuple[str, ...]:
        return (f"node:{node.name}",) if node.name else ()

    def prepare_node(self, node: Node) -> None:
        name = self.node_name(node)
        local_admin = f"A local administrator of {name}"
        self.add_for_node(node, "configure-network", f"Give {name} its static addresses",
                          detail=self.network_detail(node), run_by=local_admin,
                          rule_ids=("net-private-network", "net-subnets-distinct", "ip-in-subnet", "ip-unique",
                                    "ip-host-address"))
        label = node.name or node.label
        self.add_for_node(node, "join-domain", f"Join {name} to the domain {shown(node.domain, f'domain of {label}')}",
                          detail=f"Every node must be a member of {self.domain}.",
                          run_by=f"{local_admin}, with a domain account allowed to join computers",
                          rule_ids=("nodes-same-domain",))
        detail = "It must stay a member server: clustered Exchange is not supported on a domain controller."
        if self.plan.node_list[node.index].domain_controller is True:
            detail += " The plan says it is one: move its roles elsewhere and demote it (dcpromo) first."
        self.add_for_node(node, "not-domain-controller", f"Confirm that {name} is not a domain controller",
                          detail=detail, run_by=local_admin, rule_ids=("nodes-not-domain-controllers",))
        self.add_for_node(node, "prerequisites", f"Enable on {name}: {self.prerequisites()}",
                          detail="Install and start these Windows components before any Exchange setup.",
                          run_by=local_admin, rule_ids=("node-prerequisites",))
        if self.has_service_account():
            account = shown(self.plan.cluster.service_account, "cluster service account")
            self.add_for_node(node, "service-account-admin",
                              f"Add {account} to the local Administrators group of {name}",
                              detail="The cluster service runs under this domain account on every node.",
                              run_by=local_admin, rule_ids=("cluster-account-local-admin",))

    def has_service_account(self) -> bool:
        """Windows 2008 clusters run without one; until the version is known, say what it needs."""
        return self.windows is None or self.windows.has_service_account

    def network_detail(self, node: Node) -> str:
        public_network = next(n for n in self.state.networks if n.name == PUBLIC_NETWORK)
        label = node.name or node.label
        public = (f"Public adapter: {shown(node.public_ip, f'public IP of {label}')} on "
                  f"{shown(public_network.address, 'public network')}, with the default gateway and DNS servers.")
        private_network = next((n for n in self.state.networks if n.name == PRIVATE_NETWORK), None)
        if self.plan.node_list[node.index].private_ip is None or private_network is None:
            return public + " Private adapter: none planned (the cluster heartbeat needs one)."
        return public + (f" Private adapter: {shown(node.private_ip, f'private IP of {label}')} on "
                         f"{shown(private_network.address, 'private network')}, with no default gateway and "
                         "no DNS servers.")

    def prerequisites(self) -> str:
        keys = versions.prerequisites(self.plan.exchange.version, self.plan.windows.version)
        if not keys:
            return "[Exchange and Windows versions not answered]"
        return ", ".join(vocab.PREREQUISITE_LABELS[key] for key in keys)

    def create_cluster(self) -> None:
        quorum = self.state.quorum
        detail = f"Quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}."
        if self.has_service_account():
            detail += f" Service account: {shown(self.plan.cluster.service_account, 'cluster service account')}."
        if self.windows and self.windows.storage_one_node_at_a_time:
            detail += " Keep the other nodes off the shared storage until this node owns it."
        first = self.nodes[0] if self.nodes else None
        subject = f"node.{key_of(first.name, first.index)}" if first else "cluster"
        cluster_resources = [r.name for r in self.state.resources_of(CLUSTER_GROUP) if r.made_by == "cluster-setup"]
        self.add(subject, "create-cluster",
                 f"On {self.first_node}, create the cluster {self.cluster_name} with the address "
                 f"{shown(self.state.ip, 'cluster IP')}",
                 detail=detail, console=self.windows.create_cluster_console if self.windows else "",  # none fits all
                 target=self.first_node, target_kind=NODE if first else None, run_by=CLUSTER_ADMIN,
                 evidence=(f"group:{CLUSTER_GROUP}", *(f"resource:{name}" for name in cluster_resources),
                           *(self.node_evidence(first) if first else ())),
                 rule_ids=("cluster-before-exchange", "quorum-type-for-windows", "quorum-disk-defined",
                           "name-netbios-length", "name-netbios-chars", "setup-node-order"))

    def msdtc(self) -> None:
        """Exchange 2000/2003 need MSDTC clustered before setup; Exchange 2007 does not."""

    # ------------------------------------------------------------ phase 3: Exchange on each node

    def phase3(self) -> None:
        for node in self.install_order():
            self.add_for_node(node, "move-groups-off", f"Move every cluster group off {self.node_name(node)}",
                              console=f"{self.tool} › group › Move",
                              detail="While setup runs, this node must own no cluster resources.",
                              run_by=CLUSTER_ADMIN, rule_ids=("node-free-of-resources",))
            self.install(node)

    def install_order(self) -> tuple[Node, ...]:
        return self.nodes

    @abstractmethod
    def install(self, node: Node) -> None:
        """Every family says how Exchange is installed."""

    def binaries(self, node: Node) -> str:
        return shown(self.plan.node_list[node.index].binaries_drive, f"binaries drive of {node.name or node.label}")

    # ------------------------------------------------------------ phase 4: the servers

    def phase4(self) -> None:
        for group in self.server_groups():
            self.server(group)

    @abstractmethod
    def server(self, group: Group) -> None:
        """Every family says how its servers come to be."""

    # ------------------------------------------------------------ phase 5: verification

    def phase5(self) -> None:
        names = [self.node_name(node) for node in self.nodes] or ["[nodes not answered]"]
        self.add("cluster", "move-cluster-group", f"Move the {CLUSTER_GROUP} to each node and back",
                 detail=f"Nodes: {', '.join(names)}. The group must come online on each one.",
                 target=self.cluster_name, target_kind=CLUSTER, run_by=CLUSTER_ADMIN)
        for group in self.server_groups():
            self.fail_over(group, self.owners_from(group.home))
        self.dns_records()
        for group in self.server_groups():
            name = self.server_name(group)
            self.add_for_server(group, "client-connect", f"Connect a client to {name} by name",
                                detail=f"Open a mailbox on {name} from Outlook using the server name, not its "
                                       "address.", run_by="A user with a mailbox on this server")

    def owners_from(self, home: str | None) -> list[str]:
        """Every named node, the server's home first."""
        names = list(self.state.node_names)
        if home in names:
            names.remove(home)
            names.insert(0, home)
        return names

    @abstractmethod
    def fail_over(self, group: Group, owners: list[str]) -> None:
        """Every family says how a server is moved."""

    def dns_records(self) -> None:
        pairs = [(self.cluster_name, shown(self.state.ip, "cluster IP"))]
        pairs += [(self.server_name(group), self.server_ip(group)) for group in self.server_groups()]
        self.add("dns", "check-records", "Check the DNS records of the cluster and its servers",
                 detail="Each name must resolve to its address: "
                        + "; ".join(f"{name} -> {ip}" for name, ip in pairs) + ".",
                 command="\n".join(f"nslookup {name}" for name, _ in pairs), run_by=f"Any user of {self.domain}",
                 rule_ids=("dns-dynamic-updates",))

    def network_name_of(self, group: Group):
        return next(iter(self.state.of_type(group.name, NETWORK_NAME)), None)

