"""What every runbook shares, whichever Exchange family it is for.

A `Runbook` reads the plan for the directory, the accounts and each node's own answers, and the
intended cluster state (app/domain/cluster) for the cluster itself: its groups, resources,
owners, disks and quorum. What a release means comes from app/domain/versions.py. The two
families, Exchange 2000/2003 (classic.py) and Exchange 2007 (e2007.py), override the work that
differs; generate.py chooses the family once.

Each item that a command line can do carries its exact commands and the commands that show it
worked (commands.py writes them from the state); work that only a console can do says so and
gives the console's path.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

from app.domain import versions
from app.domain.cluster import ClusterState, Group, Node
from app.domain.cluster.evidence import quorum_key, resource_evidence
from app.domain.cluster.state import (CLUSTER_GROUP, IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK, PRIVATE_NETWORK,
                                      PUBLIC_NETWORK)
from app.domain.plan import vocab
from app.domain.plan.model import Plan
from app.domain.rules import load_catalog
from app.domain.runbook.commands import Cluster, netsh_address, netsh_dns, q
from app.domain.runbook.items import CLUSTER, NODE, SERVER, WITNESS, Checklist, Item, Phase, unique_ids
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
    5: "Prove that every group fails over and that clients find each server by name, then record what was built.",
}
CLUSTER_ADMIN = "A domain account in the local Administrators group of every node"
PASSWORD_VARIABLE = "CLUSTER_SERVICE_PASSWORD"


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
        self.model = versions.cluster_model(plan.exchange.cluster_type)
        self.nodes = state.nodes
        self.cluster_name = shown(state.name, "cluster name")
        self.cluster = Cluster(self.cluster_name)
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
        for key in ("command", "verify"):
            if isinstance(fields.get(key), (list, tuple)):
                fields[key] = "\n".join(fields[key])
        self.items.append(Item(f"p{self.current}.{subject}.{action}", self.current, title, **fields))

    def add_for_node(self, node: Node, action: str, title: str, **fields) -> None:
        self.add(f"node.{key_of(node.name, node.index)}", action, title, target=self.node_name(node),
                 target_kind=NODE, **fields)

    def add_for_server(self, group: Group, action: str, title: str, **fields) -> None:
        self.add(self.server_subject(group), action, title, target=self.server_name(group), target_kind=SERVER,
                 **fields)

    def add_for_cluster(self, action: str, title: str, **fields) -> None:
        self.add("cluster", action, title, target=self.cluster_name, target_kind=CLUSTER, **fields)

    # ------------------------------------------------------------ names as the runbook shows them

    @staticmethod
    def node_name(node: Node) -> str:
        return shown(node.name, f"name of node {node.index + 1}")

    def server_name(self, group: Group) -> str:
        return shown(group.server, f"name of {self.noun} {group.server_index + 1}")

    @property
    def noun(self) -> str:
        return self.release.server_noun if self.release else "virtual server"

    def server_label(self, group: Group) -> str:
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

    def other_node(self, name: str | None) -> str:
        """A node to move work to while `name` is busy: the next one in setup order."""
        others = [n for n in self.state.node_names if n != name]
        return others[0] if others else "[another node not answered]"

    def server_groups(self) -> tuple[Group, ...]:
        return self.state.server_groups

    def rules_that_apply(self, *rule_ids: str) -> tuple[str, ...]:
        """The rule ids among these that apply to the plan's versions (the catalog decides)."""
        return tuple(rule for rule in rule_ids if self.catalog.get(rule).applies_to(self.plan))

    def console(self, name: str) -> str:
        """A console path of the plan's Windows release (Cluster Administrator's while it is unknown)."""
        return getattr(self.windows or versions.WINDOWS["2003"], name)

    @property
    def shared_storage(self) -> bool:
        return bool(self.state.disks) and (self.model is None or self.model.shared_storage)

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

    @property
    def organization(self) -> str:
        return shown(self.plan.active_directory.exchange_organization, "Exchange organization name")

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
                 console=f"DNS console › {self.domain} › Properties › General › Dynamic updates: Secure only",
                 rule_ids=("dns-server-present", "dns-dynamic-updates"))

    def records_by_hand_without_dynamic_updates(self) -> bool:
        """Exchange 2007 can run without dynamic updates if the records are made by hand."""
        return False

    def first_dns_server(self) -> str:
        servers = self.plan.active_directory.dns_servers
        return servers[0] if isinstance(servers, list) and servers else "[DNS server not answered]"

    def manual_a_records(self, servers: str) -> None:
        run_by = f"A DNS administrator of {self.domain}"
        detail = f"The DNS servers ({servers}) do not accept dynamic updates, so the record must be made by hand."
        pairs = [(None, self.cluster_name, shown(self.state.ip, "cluster IP"))]
        pairs += [(group, self.server_name(group), self.server_ip(group)) for group in self.server_groups()]
        for group, name, ip in pairs:
            fields = dict(detail=detail, run_by=run_by, rule_ids=("dns-dynamic-updates",),
                          command=f"dnscmd {q(self.first_dns_server())} /RecordAdd {q(self.domain)} {q(name)} A {q(ip)}",
                          verify=f"nslookup {q(name)}")
            title = f"Create the A record {name} -> {ip} in {self.domain}"
            if group is None:
                self.add_for_cluster("dns-a-record", title, **fields)
            else:
                self.add_for_server(group, "dns-a-record", title, **fields)

    # ------------------------------------------------------------ phase 2: the cluster

    def phase2(self) -> None:
        for node in self.nodes:
            self.prepare_node(node)
        if self.shared_storage:
            self.prepare_storage()
        if self.windows and self.windows.has_failover_clustering_feature:
            self.validate()
        self.create_cluster()
        self.network_roles()
        for node in self.nodes[1:]:
            self.join(node)
        if self.shared_storage and self.windows and self.windows.has_failover_clustering_feature:
            self.add_disks_to_cluster()
        self.set_quorum()
        self.msdtc()

    @staticmethod
    def node_evidence(node: Node) -> tuple[str, ...]:
        return (f"node:{node.name}",) if node.name else ()

    def prepare_node(self, node: Node) -> None:
        name = self.node_name(node)
        plan_node = self.plan.node_list[node.index]
        local_admin = f"A local administrator of {name}"
        self.add_for_node(node, "configure-network", f"Give {name} its static addresses",
                          detail=self.network_detail(node), run_by=local_admin,
                          command=self.network_commands(node), verify="ipconfig /all",
                          console="Network Connections: name the adapters Public and Private first",
                          rule_ids=("net-private-network", "net-subnets-distinct", "ip-in-subnet", "ip-unique",
                                    "ip-host-address"))
        label = node.name or node.label
        domain = shown(node.domain, f"domain of {label}")
        self.add_for_node(node, "join-domain", f"Join {name} to the domain {domain}",
                          detail=f"Every node must be a member of {self.domain}. Restart the node when asked.",
                          console="System Properties › Computer Name › Change › Member of: Domain",
                          verify=f"systeminfo | findstr /B /I /C:\"Domain:\"",
                          run_by=f"{local_admin}, with a domain account allowed to join computers",
                          rule_ids=("nodes-same-domain",))
        detail = "It must stay a member server: clustered Exchange is not supported on a domain controller."
        if plan_node.domain_controller is True:
            detail += " The plan says it is one: move its roles elsewhere and demote it (dcpromo) first."
        self.add_for_node(node, "not-domain-controller", f"Confirm that {name} is not a domain controller",
                          detail=detail, run_by=local_admin, verify='systeminfo | findstr /C:"Member Server"',
                          rule_ids=("nodes-not-domain-controllers",))
        self.prerequisites_item(node, name, local_admin)
        if self.windows and self.windows.has_failover_clustering_feature:
            self.add_for_node(node, "failover-clustering", f"Install the Failover Clustering feature on {name}",
                              command="ServerManagerCmd -install Failover-Clustering",
                              verify='ServerManagerCmd -query | findstr /C:"Failover Clustering"',
                              run_by=local_admin, detail="Every node needs it before the cluster is validated.")
        if self.has_service_account():
            account = shown(self.plan.cluster.service_account, "cluster service account")
            self.add_for_node(node, "service-account-admin",
                              f"Add {account} to the local Administrators group of {name}",
                              detail="The cluster service runs under this domain account on every node.",
                              command=f"net localgroup Administrators {q(account)} /add",
                              verify=f"net localgroup Administrators | findstr /L /I /C:{q(account)}",
                              run_by=local_admin, rule_ids=("cluster-account-local-admin",))

    def has_service_account(self) -> bool:
        """Windows 2008 clusters run without one; until the version is known, say what it needs."""
        return self.windows is None or self.windows.has_service_account

    def dns_servers(self) -> list[str]:
        servers = self.plan.active_directory.dns_servers
        return [s for s in servers if isinstance(s, str)] if isinstance(servers, list) else ["[DNS servers not answered]"]

    def network_commands(self, node: Node) -> list[str]:
        public = next(n for n in self.state.networks if n.name == PUBLIC_NETWORK)
        label = node.name or node.label
        gateway = self.plan.cluster.public_gateway
        lines = [netsh_address(PUBLIC_NETWORK, shown(node.public_ip, f"public IP of {label}"),
                               public.mask or "[public network not answered]",
                               gateway if isinstance(gateway, str) else "[default gateway not answered]"),
                 *netsh_dns(PUBLIC_NETWORK, self.dns_servers())]
        private = next((n for n in self.state.networks if n.name == PRIVATE_NETWORK), None)
        if private is not None and self.plan.node_list[node.index].private_ip is not None:
            lines += [netsh_address(PRIVATE_NETWORK, shown(node.private_ip, f"private IP of {label}"),
                                    private.mask or "[private network not answered]", None),
                      *netsh_dns(PRIVATE_NETWORK, [])]
        return lines

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

    def prerequisites_item(self, node: Node, name: str, local_admin: str) -> None:
        keys = versions.prerequisites(self.plan.exchange.version, self.plan.windows.version)
        services = {"www": "W3SVC", "smtp": "SMTPSVC", "nntp": "NNTPSVC"}
        verify = [f"sc query {services[key]} | findstr RUNNING" for key in keys if key in services]
        if "powershell" in keys:
            verify.append('powershell -NoProfile -Command "exit 0"')
        command = (self.feature_commands() if self.windows and self.windows.has_failover_clustering_feature
                   else [])
        self.add_for_node(node, "prerequisites", f"Enable on {name}: {self.prerequisites()}",
                          detail="Install and start these Windows components before any Exchange setup.",
                          command=command, verify=verify, run_by=local_admin, rule_ids=("node-prerequisites",),
                          console="" if command else
                          "Add or Remove Programs › Add/Remove Windows Components › Application Server")

    def feature_commands(self) -> list[str]:
        """Windows 2008: the Mailbox role's Windows features, with ServerManagerCmd."""
        return [f"ServerManagerCmd -install {feature}" for feature in versions.MAILBOX_FEATURES_2008]

    # ------------------------------------------------------------ phase 2: shared storage

    def disk_letters(self) -> list[str]:
        return [d.letter for d in self.state.disks if d.letter]

    def prepare_storage(self) -> None:
        """The shared disks before the cluster exists: seen by every node, prepared on one."""
        letters = self.disk_letters()
        listed = ", ".join(letters) or "[shared disks not answered]"
        alone = bool(self.windows and self.windows.storage_one_node_at_a_time)
        self.add_for_cluster("present-luns", f"Present the shared disks {listed} to every node",
                             detail="Zone the fabric and mask the LUNs so that every node reaches every shared disk; "
                                    "no other server may see them.",
                             console="The storage array's management software", run_by="A storage administrator",
                             rule_ids=("disk-interconnect",))
        if not self.nodes:
            return
        first = self.nodes[0]
        detail = ("Basic disks, one primary partition each, formatted NTFS, with the planned letters and labels. ")
        if alone:
            detail = "Every other node stays switched off (or cut off from the disks) meanwhile. " + detail
        named = "; ".join(f"{d.letter} {d.label}" for d in self.state.disks if d.letter and d.label)
        if named:
            detail += f"Labels: {named}."
        self.add_for_node(first, "prepare-disks", f"On {self.node_name(first)}, prepare the shared disks {listed}",
                          detail=detail, console="Computer Management › Disk Management",
                          verify=[f"fsutil fsinfo volumeinfo {letter}" for letter in letters],
                          run_by=f"A local administrator of {self.node_name(first)}",
                          rule_ids=("disk-basic-only", "disk-ntfs", "disk-letters-unique", "disk-mount-points"))
        if not alone:
            return
        for node in self.nodes[1:]:
            self.add_for_node(node, "check-disks",
                              f"Start {self.node_name(node)} alone and confirm it sees {listed}",
                              detail="Shut the node that prepared the disks down first, so that only one node "
                                     "uses them; correct any letter in Disk Management, then shut this node down "
                                     "again.", console="Computer Management › Disk Management",
                              verify=[f"vol {letter}" for letter in letters],
                              run_by=f"A local administrator of {self.node_name(node)}")

    def add_disks_to_cluster(self) -> None:
        listed = ", ".join(self.disk_letters())
        self.add_for_cluster("add-disks", f"Add the shared disks {listed} to the cluster",
                             detail="Still basic and NTFS; each becomes a Physical Disk resource.",
                             console=self.console("change_disk_group_console"), run_by=CLUSTER_ADMIN,
                             verify=f"{self.cluster.prefix} res /stat",
                             evidence=tuple(f"resource:{r.name}" for r in self.state.resources
                                            if r.type == PHYSICAL_DISK))

    # ------------------------------------------------------------ phase 2: the cluster itself

    def validate(self) -> None:
        names = ", ".join(self.state.node_names) or "[nodes not answered]"
        self.add_for_cluster("validate", f"Validate a Configuration with {names}, running all tests",
                             detail="Keep the report with the plan: Microsoft supports a failover cluster only when "
                                    "this validation passes with the hardware it runs on.",
                             console="Failover Cluster Management › Validate a Configuration › Run all tests",
                             run_by=CLUSTER_ADMIN, rule_ids=("hardware-certified",))

    def create_cluster(self) -> None:
        quorum = self.state.quorum
        detail = f"Quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}."
        if self.has_service_account():
            detail += f" Service account: {shown(self.plan.cluster.service_account, 'cluster service account')}."
        if self.windows and self.windows.storage_one_node_at_a_time and self.shared_storage:
            detail += " Keep the other nodes off the shared storage until this node owns it."
        first = self.nodes[0] if self.nodes else None
        subject = f"node.{key_of(first.name, first.index)}" if first else "cluster"
        cluster_resources = [r.name for r in self.state.resources_of(CLUSTER_GROUP) if r.made_by == "cluster-setup"]
        command = self.create_cluster_command()
        if command:
            detail += (f" Before you run it, set {PASSWORD_VARIABLE} to the service account's password in this "
                       "command window, so it is never written into a file.")
        self.add(subject, "create-cluster",
                 f"On {self.first_node}, create the cluster {self.cluster_name} with the address "
                 f"{shown(self.state.ip, 'cluster IP')}",
                 detail=detail, console="" if command else (self.windows.create_cluster_console if self.windows
                                                            else ""),
                 command=command, verify=[self.cluster.nodes(), f"{self.cluster.prefix} res /stat"],
                 target=self.first_node, target_kind=NODE if first else None, run_by=CLUSTER_ADMIN,
                 evidence=(f"group:{CLUSTER_GROUP}", *(f"resource:{name}" for name in cluster_resources),
                           *(self.node_evidence(first) if first else ())),
                 rule_ids=("cluster-before-exchange", "quorum-type-for-windows", "quorum-disk-defined",
                           "name-netbios-length", "name-netbios-chars", "setup-node-order"))

    def public_mask(self) -> str:
        public = next(n for n in self.state.networks if n.name == PUBLIC_NETWORK)
        return public.mask or "[public network not answered]"

    def create_cluster_command(self) -> str:
        """cluster.exe /create where Windows has it with a service account (Windows 2003)."""
        if not (self.windows and self.windows.create_cluster_by_command):
            return ""
        account = shown(self.plan.cluster.service_account, "cluster service account")
        return (f"cluster /cluster:{q(self.cluster_name)} /create /ipaddress:{q(shown(self.state.ip, 'cluster IP'))},"
                f"{q(self.public_mask())},{PUBLIC_NETWORK} /user:{q(account)} /password:%{PASSWORD_VARIABLE}% "
                f"/node:{q(self.first_node)} /verbose")

    def network_roles(self) -> None:
        if not any(n.name == PRIVATE_NETWORK for n in self.state.networks):
            return
        self.add_for_cluster("network-roles", "Set the roles of the cluster networks",
                             detail="Private: internal cluster communications only (role 1); Public: all "
                                    "communications (role 3), so the heartbeat can fall back to it.",
                             command=[self.cluster.network(PRIVATE_NETWORK, "/prop", "Role=1"),
                                      self.cluster.network(PUBLIC_NETWORK, "/prop", "Role=3")],
                             verify=f"{self.cluster.prefix} network /prop", run_by=CLUSTER_ADMIN,
                             rule_ids=("net-private-network",))

    def join(self, node: Node) -> None:
        name = self.node_name(node)
        command = ""
        if self.windows and self.windows.join_by_command:
            password = f" /password:%{PASSWORD_VARIABLE}%" if self.windows.has_service_account else ""
            command = f"{self.cluster.prefix} /add:{q(name)}{password} /verbose"
        self.add_for_node(node, "join-cluster", f"On {name}, join the cluster {self.cluster_name}",
                          detail="Add this node only; wait until it shows as up in the cluster "
                                 "before the next node joins.",
                          command=command, verify=self.cluster.node(name, "/stat"),
                          console="" if command else "Add/Remove Programs › Windows Components › Cluster Service "
                                                     "(join an existing cluster)",
                          run_by=CLUSTER_ADMIN, evidence=self.node_evidence(node),
                          rule_ids=("nodes-max-for-edition", "hardware-certified", "nodes-identical-hardware"))

    def set_quorum(self) -> None:
        quorum = self.state.quorum
        if quorum.type in versions.WITNESS_QUORUM_TYPES and quorum.witness:
            self.witness_share()
        resource = self.state.resource(quorum.resource) if quorum.resource else None
        command: list[str] = []
        if quorum.type in versions.DISK_QUORUM_TYPES and resource and self.windows and not \
                self.windows.has_failover_clustering_feature:
            command = [self.cluster.quorum(resource.name)]
        elif quorum.type == "majority-node-set" and resource:
            command = [*self.cluster.create(resource), self.cluster.online(resource.name),
                       self.cluster.quorum(resource.name)]
            if quorum.witness:
                command += [self.cluster.move_group(CLUSTER_GROUP, self.other_node(self.state.node_names[0]
                                                                                    if self.nodes else None)),
                            self.cluster.move_group(CLUSTER_GROUP, self.first_node)]
        if quorum.type is None:
            return
        self.add_for_cluster("set-quorum", f"Set the quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}",
                             detail=versions.QUORUM_NOTES.get(quorum.type, "With every node joined."),
                             command=command, verify=self.cluster.quorum(), run_by=CLUSTER_ADMIN,
                             console="" if command else "Failover Cluster Management › cluster › More Actions › "
                                                        "Configure Cluster Quorum Settings",
                             evidence=(quorum_key(), *resource_evidence(resource)),
                             rule_ids=("quorum-type-for-windows", "quorum-disk-defined", "quorum-local-test-only",
                                       *self.rules_that_apply("ccr-quorum-witness")))

    def witness_share(self) -> None:
        """The file share witness: a share on a server outside the cluster that the cluster may write."""
        witness = self.state.quorum.witness
        server, _, share = witness.strip("\\").partition("\\")
        share = share.split("\\")[0]
        folder = shown(self.plan.cluster.quorum.witness_folder, "witness folder")
        account = f"{self.netbios_domain()}\\{self.cluster_name}$"
        self.add("witness", "create-share", f"On {server}, create the witness share {witness}",
                 detail=f"A folder shared for the cluster's computer account {account} with full control, on a "
                        "server outside the cluster (a Hub Transport server is usual). On Windows 2003 give the "
                        "share permission in Computer Management › Shared Folders instead of /GRANT.",
                 command=[f"mkdir {q(folder)}", f"net share {q(share)}={q(folder)} /GRANT:{q(account)},FULL",
                          f"echo y| cacls {q(folder)} /G BUILTIN\\Administrators:F {q(account)}:F"],
                 verify=[f"net share {q(share)}", f"cacls {q(folder)}"], target=server, target_kind=WITNESS,
                 run_by=f"A local administrator of {server}", rule_ids=self.rules_that_apply("ccr-quorum-witness"))

    def netbios_domain(self) -> str:
        """The domain's NetBIOS name: from the service account (DOMAIN\\user), else the domain's first label."""
        account = self.plan.cluster.service_account
        if isinstance(account, str) and "\\" in account:
            return account.split("\\", 1)[0]
        return self.domain.split(".", 1)[0].upper() if not self.domain.startswith("[") else self.domain

    def msdtc(self) -> None:
        """Exchange 2000/2003 need MSDTC clustered before setup; Exchange 2007 does not."""

    # ------------------------------------------------------------ phase 3: Exchange on each node

    def phase3(self) -> None:
        for node in self.install_order():
            name = self.node_name(node)
            self.add_for_node(node, "move-groups-off", f"Move every cluster group off {name}",
                              console=f"{self.tool} › group › Move",
                              detail=f"While setup runs, this node must own no cluster resources; move each group "
                                     f"it owns to {self.other_node(node.name)}.",
                              verify=f"{self.cluster.prefix} group", run_by=CLUSTER_ADMIN,
                              rule_ids=("node-free-of-resources",))
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
            self.storage_groups(group)

    @abstractmethod
    def server(self, group: Group) -> None:
        """Every family says how its servers come to be."""

    def storage_groups(self, group: Group) -> None:
        """The server's planned storage groups and databases (families say how they are made)."""

    def planned_storage_groups(self, group: Group) -> list:
        name = (group.server or "").casefold()
        return [sg for sg in self.plan.storage_group_list
                if isinstance(sg.server, str) and sg.server.strip().casefold() == name and name]

    # ------------------------------------------------------------ phase 5: verification

    def phase5(self) -> None:
        names = [self.node_name(node) for node in self.nodes] or ["[nodes not answered]"]
        owners = self.owners_from(self.state.node_names[0] if self.nodes else None)
        self.add_for_cluster("move-cluster-group", f"Move the {CLUSTER_GROUP} to each node and back",
                             detail=f"Nodes: {', '.join(names)}. The group must come online on each one.",
                             command=[self.cluster.move_group(CLUSTER_GROUP, node) for node in owners[1:] + owners[:1]],
                             verify=self.cluster.group(CLUSTER_GROUP, "/stat"), run_by=CLUSTER_ADMIN)
        for group in self.server_groups():
            self.fail_over(group, self.owners_from(group.home))
        self.dns_records()
        for group in self.server_groups():
            name = self.server_name(group)
            self.add_for_server(group, "client-connect", f"Connect a client to {name} by name",
                                detail=f"Open a mailbox on {name} from Outlook using the server name, not its "
                                       "address.", run_by="A user with a mailbox on this server",
                                console="Outlook › Account Settings › Microsoft Exchange server")
        self.after_the_build()

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
                 command="\n".join(f"nslookup {q(name)}" for name, _ in pairs), run_by=f"Any user of {self.domain}",
                 rule_ids=("dns-dynamic-updates",))

    def after_the_build(self) -> None:
        console = self.release.best_practices_console if self.release else "Exchange Best Practices Analyzer"
        self.add_for_cluster("best-practices", "Run the Exchange Best Practices Analyzer against the cluster",
                             detail="A health check of the whole organization; every error it reports is fixed "
                                    "before users move in, and its report is kept with the plan.",
                             console=console, run_by="An Exchange administrator of the organization")
        backup = self.windows.backup_console if self.windows else "Your Exchange-aware backup application"
        self.add_for_cluster("tested-backup", "Take a full backup of every storage group and test a restore",
                             detail="Restore one database to a recovery storage group to prove the backup can be "
                                    "used; record the time it took.", console=backup,
                             run_by="A backup operator with Exchange rights")
        self.add_for_cluster("as-built-capture", "Capture the cluster for the as-built check",
                             detail="Run collect.cmd (from this plan's As built page) on one node, and ipconfig /all "
                                    "and systeminfo on each node; upload the files on the As built page, which says "
                                    "where the cluster differs from this plan.",
                             command="collect.cmd",
                             verify=["ipconfig /all > %COMPUTERNAME%-ipconfig.txt",
                                     "systeminfo > %COMPUTERNAME%-systeminfo.txt"],
                             run_by=CLUSTER_ADMIN)

    def network_name_of(self, group: Group):
        return next(iter(self.state.of_type(group.name, NETWORK_NAME)), None)
