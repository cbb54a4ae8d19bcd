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
from app.domain.asbuilt.collect import capture_file_name, node_command
from app.domain.runbook.commands import (WORD_END, Cluster, domain_member, feature_installed, findstr_literal,
                                         findstr_pattern, findstr_regex, has_address, local_admin, make_folder,
                                         netsh_address, netsh_dns, q, service_running, share)
from app.domain.runbook.items import (AT_CLIENT, AT_DOMAIN, AT_STORAGE, CLUSTER, FOREST, NODE, SERVER, WITNESS,
                                      Checklist, Item, Phase, unique_ids)
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
REPLICATION_WAIT = ("Wait until the change has replicated to every domain controller of the forest (repadmin /showrepl "
                    "on a domain controller shows it) before {what}.")
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
        return Checklist(unique_ids(phases), names, cluster_name=self.cluster_name, domain=self.domain,
                         forest=self.forest, media_folder=self.release.media_folder if self.release else "")

    def phase(self, number: int) -> Phase:
        self.current, self.items = number, []
        getattr(self, f"phase{number}")()
        return Phase(number, self.phase_titles[number], self.phase_intros[number], tuple(self.items))

    # ------------------------------------------------------------ adding items

    def add(self, subject: str, action: str, title: str, **fields) -> None:
        for key in ("command", "verify", "verify_none"):
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
                 target=self.forest, target_kind=FOREST,
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
                 detail=detail, run_by=f"A DNS administrator of {self.domain}", at=AT_DOMAIN,
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
            fields = dict(detail=detail, run_by=run_by, rule_ids=("dns-dynamic-updates",), at=AT_DOMAIN,
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
        if self.windows and self.windows.numbered_network_names:
            self.name_networks()
        self.network_roles()
        for node in self.nodes[1:]:
            self.join(node)
        if self.shared_storage and self.windows and self.windows.has_failover_clustering_feature:
            self.add_disks_to_cluster()
            self.name_disks()
        self.set_quorum()
        self.msdtc()

    @staticmethod
    def node_evidence(node: Node) -> tuple[str, ...]:
        return (f"node:{node.name}",) if node.name else ()

    def prepare_node(self, node: Node) -> None:
        name = self.node_name(node)
        local_admin_of = f"A local administrator of {name}"
        self.add_for_node(node, "configure-network", f"Give {name} its static addresses",
                          detail=self.network_detail(node), prepare=self.adapter_work(node), run_by=local_admin_of,
                          command=self.network_commands(node), verify=self.network_checks(node),
                          rule_ids=("net-private-network", "net-subnets-distinct", "ip-in-subnet", "ip-unique",
                                    "ip-host-address"))
        self.join_domain(node, name, local_admin_of)
        self.not_domain_controller(node, name, local_admin_of)
        self.prerequisites_item(node, name, local_admin_of)
        if self.windows and self.windows.has_failover_clustering_feature:
            self.add_for_node(node, "failover-clustering", f"Install the Failover Clustering feature on {name}",
                              command="ServerManagerCmd -install Failover-Clustering",
                              verify=feature_installed("Failover-Clustering"),
                              run_by=local_admin_of, detail="Every node needs it before the cluster is validated.")
        if self.has_service_account():
            account = shown(self.plan.cluster.service_account, "cluster service account")
            add, listed = local_admin(account)
            self.add_for_node(node, "service-account-admin",
                              f"Add {account} to the local Administrators group of {name}",
                              detail="The cluster service runs under this domain account on every node.",
                              command=add, verify=listed, run_by=local_admin_of,
                              rule_ids=("cluster-account-local-admin",))

    def join_domain(self, node: Node, name: str, local_admin_of: str) -> None:
        domain = shown(node.domain, f"domain of {node.name or node.label}")
        self.add_for_node(node, "join-domain", f"Join {name} to the domain {domain}",
                          detail=f"Every node must be a member of {self.domain}.",
                          console="System Properties › Computer Name › Change › Member of: Domain",
                          ends_script=f"Restart {name} to finish joining the domain.",
                          verify=domain_member(domain),
                          run_by=f"{local_admin_of}, with a domain account allowed to join computers",
                          rule_ids=("nodes-same-domain",))

    def not_domain_controller(self, node: Node, name: str, local_admin_of: str) -> None:
        detail = "It must stay a member server: clustered Exchange is not supported on a domain controller."
        if self.plan.node_list[node.index].domain_controller is True:
            detail += " The plan says it is one: move its roles elsewhere and demote it (dcpromo) first."
        if self.windows is None or self.windows.has_systeminfo:
            fields = {"verify": f"systeminfo | findstr {findstr_literal('Member Server')}"}
        else:  # Windows 2000 has no systeminfo
            fields = {"console": f"Active Directory Users and Computers › {self.domain} › Domain Controllers: "
                                 f"{name} is not listed"}
        self.add_for_node(node, "not-domain-controller", f"Confirm that {name} is not a domain controller",
                          detail=detail, run_by=local_admin_of, rule_ids=("nodes-not-domain-controllers",), **fields)

    def has_service_account(self) -> bool:
        """Windows 2008 clusters run without one; until the version is known, say what it needs."""
        return self.windows is None or self.windows.has_service_account

    def dns_servers(self) -> list[str]:
        servers = self.plan.active_directory.dns_servers
        return [s for s in servers if isinstance(s, str)] if isinstance(servers, list) else ["[DNS servers not answered]"]

    def network(self, name: str):
        return next((n for n in self.state.networks if n.name == name), None)

    def has_private_adapter(self, node: Node) -> bool:
        return self.network(PRIVATE_NETWORK) is not None and self.plan.node_list[node.index].private_ip is not None

    def node_addresses(self, node: Node) -> list[str]:
        label = node.name or node.label
        addresses = [shown(node.public_ip, f"public IP of {label}")]
        if self.has_private_adapter(node):
            addresses.append(shown(node.private_ip, f"private IP of {label}"))
        return addresses

    def network_commands(self, node: Node) -> list[str]:
        public, private = self.network(PUBLIC_NETWORK), self.network(PRIVATE_NETWORK)
        gateway = self.plan.cluster.public_gateway
        addresses = self.node_addresses(node)
        lines = [netsh_address(PUBLIC_NETWORK, addresses[0], public.mask or "[public network not answered]",
                               gateway if isinstance(gateway, str) else "[default gateway not answered]"),
                 *netsh_dns(PUBLIC_NETWORK, self.dns_servers())]
        if self.has_private_adapter(node):
            lines += [netsh_address(PRIVATE_NETWORK, addresses[1], private.mask or "[private network not answered]",
                                    None),
                      *netsh_dns(PRIVATE_NETWORK, [])]
        return lines

    def network_checks(self, node: Node) -> list[str]:
        """Each planned address is on one of the node's adapters."""
        return [has_address(address) for address in self.node_addresses(node)]

    def adapter_work(self, node: Node) -> str:
        """What only Network Connections does: the adapters' names (the commands and the cluster's
        networks go by them) and the heartbeat adapter's settings (KB 258750)."""
        work = f"Network Connections: name the adapter on the public network {PUBLIC_NETWORK}"
        if not self.has_private_adapter(node):
            return work + "."
        return work + (f" and the one on the private network {PRIVATE_NETWORK}. On {PRIVATE_NETWORK}, the "
                       "heartbeat (KB 258750): Properties › untick Client for Microsoft Networks and File and "
                       "Printer Sharing; Internet Protocol (TCP/IP) › Properties › Advanced › WINS › Disable "
                       "NetBIOS over TCP/IP; Configure › Advanced › Speed & Duplex: a fixed speed and duplex, "
                       "the same on every node, never auto-detect.")

    def network_detail(self, node: Node) -> str:
        public_network, private_network = self.network(PUBLIC_NETWORK), self.network(PRIVATE_NETWORK)
        addresses = self.node_addresses(node)
        public = (f"Public adapter: {addresses[0]} on {shown(public_network.address, 'public network')}, with the "
                  "default gateway and DNS servers.")
        if not self.has_private_adapter(node):
            return public + " Private adapter: none planned (the cluster heartbeat needs one)."
        return public + (f" Private adapter: {addresses[1]} on {shown(private_network.address, 'private network')}, "
                         "with no default gateway, no DNS servers and no DNS registration.")

    def prerequisites(self) -> str:
        keys = versions.prerequisites(self.plan.exchange.version, self.plan.windows.version)
        if not keys:
            return "[Exchange and Windows versions not answered]"
        return ", ".join(vocab.PREREQUISITE_LABELS[key] for key in keys)

    def prerequisites_item(self, node: Node, name: str, local_admin_of: str) -> None:
        """Exchange 2000/2003: Windows components, in Add/Remove Windows Components."""
        keys = versions.prerequisites(self.plan.exchange.version, self.plan.windows.version)
        verify = [service_running(versions.SERVICE_DISPLAY_NAMES[key]) for key in keys
                  if key in versions.SERVICE_DISPLAY_NAMES]
        self.add_for_node(node, "prerequisites", f"Enable on {name}: {self.prerequisites()}",
                          detail="Install and start these Windows components before any Exchange setup.",
                          verify=verify, run_by=local_admin_of, rule_ids=("node-prerequisites",),
                          console="Add or Remove Programs › Add/Remove Windows Components › Application Server")

    # ------------------------------------------------------------ phase 2: shared storage

    def disk_letters(self) -> list[str]:
        return [d.letter for d in self.state.disks if d.letter]

    def disk_checks(self, labelled: bool) -> list[str]:
        """Each disk is there with its letter, NTFS (and its planned label)."""
        lines = []
        for disk in self.state.disks:
            if not disk.letter:
                continue
            lines.append(f"chkntfs {disk.letter} | findstr {findstr_literal('NTFS')}")
            if labelled and disk.label:
                lines.append(f"vol {disk.letter} | findstr {findstr_literal(f' is {disk.label}')}")
        return lines

    def prepare_storage(self) -> None:
        """The shared disks before the cluster exists: seen by every node, prepared on one."""
        letters = self.disk_letters()
        listed = ", ".join(letters) or "[shared disks not answered]"
        alone = bool(self.windows and self.windows.storage_one_node_at_a_time)
        self.add_for_cluster("present-luns", f"Present the shared disks {listed} to every node",
                             detail="Zone the fabric and mask the LUNs so that every node reaches every shared disk; "
                                    "no other server may see them.", at=AT_STORAGE,
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
                          verify=self.disk_checks(labelled=True),
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
                              verify=self.disk_checks(labelled=True),
                              run_by=f"A local administrator of {self.node_name(node)}")

    def disk_resources(self) -> list:
        return [r for r in self.state.resources if r.type == PHYSICAL_DISK]

    def add_disks_to_cluster(self) -> None:
        listed = ", ".join(self.disk_letters())
        self.add_for_cluster("add-disks", f"Add the shared disks {listed} to the cluster",
                             detail="Still basic and NTFS; each becomes a Physical Disk resource.",
                             console=self.console("change_disk_group_console"), run_by=CLUSTER_ADMIN,
                             verify=f"{self.cluster.prefix} res /stat",
                             evidence=tuple(f"resource:{r.name}" for r in self.disk_resources()))

    def name_disks(self) -> None:
        """Windows 2008 numbers the disks it adds; the runbook and the as-built check go by "Disk R:"."""
        disks = self.disk_resources()
        self.add_for_cluster("name-disks", "Name each cluster disk after its letter: "
                             + (", ".join(r.name for r in disks) or "[shared disks not answered]"),
                             detail=f"{self.windows.label} names the disks it adds {self.windows.numbered_disk_names}; "
                                    "the commands that follow, and the as-built check, find each disk by the "
                                    "letter in its name.",
                             console=self.windows.where_disks_are_named, run_by=CLUSTER_ADMIN,
                             verify=[self.cluster.res(r.name, "/stat") for r in disks])

    # ------------------------------------------------------------ phase 2: the cluster itself

    def validate(self) -> None:
        names = ", ".join(self.state.node_names) or "[nodes not answered]"
        fields = dict(target=self.first_node, target_kind=NODE) if self.nodes else {}
        self.add("cluster", "validate", f"Validate a Configuration with {names}, running all tests",
                 detail="Keep the report with the plan: Microsoft supports a failover cluster only when "
                        "this validation passes with the hardware it runs on.",
                 console="Failover Cluster Management › Validate a Configuration › Run all tests",
                 run_by=CLUSTER_ADMIN, rule_ids=("hardware-certified",), **fields)

    def create_cluster(self) -> None:
        quorum = self.state.quorum
        detail = f"Quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}."
        if self.has_service_account():
            detail += f" Service account: {shown(self.plan.cluster.service_account, 'cluster service account')}."
        if self.windows and self.windows.storage_one_node_at_a_time and self.shared_storage:
            detail += " Start this node again and keep the other nodes off the shared storage until it owns it."
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
        return self.network(PUBLIC_NETWORK).mask or "[public network not answered]"

    def create_cluster_command(self) -> str:
        """cluster.exe /create where Windows has it with a service account (Windows 2003); a cluster
        that answers already is left as it is."""
        if not (self.windows and self.windows.create_cluster_by_command):
            return ""
        account = shown(self.plan.cluster.service_account, "cluster service account")
        return (f"{self.cluster.nodes()} >nul 2>&1 || "
                f"cluster /cluster:{q(self.cluster_name)} /create /ipaddress:{q(shown(self.state.ip, 'cluster IP'))},"
                f"{q(self.public_mask())},{PUBLIC_NETWORK} /user:{q(account)} /password:%{PASSWORD_VARIABLE}% "
                f"/node:{q(self.first_node)} /verbose")

    def planned_networks(self) -> list[tuple[str, str]]:
        """(name, planned subnet address) of each cluster network."""
        return [(n.name, n.address.split("/")[0] if n.address else f"[{n.name.lower()} network not answered]")
                for n in self.state.networks]

    def name_networks(self) -> None:
        """Windows 2008 numbers the networks it finds; the commands go by the names Public and Private."""
        networks = self.planned_networks()
        self.add_for_cluster("name-networks", "Name the cluster networks "
                             + " and ".join(f"{name} ({address})" for name, address in networks),
                             detail=f"{self.windows.label} names the networks it finds "
                                    f"{self.windows.numbered_network_names}, one per subnet; tell them apart by "
                                    "subnet and give each the name the plan uses.",
                             console=self.windows.where_networks_are_named, run_by=CLUSTER_ADMIN,
                             verify=[line for name, address in networks
                                     for line in self.cluster.network_check(name, address)])

    def network_roles(self) -> None:
        if self.network(PRIVATE_NETWORK) is None:
            return
        addresses = dict(self.planned_networks())
        command = [self.cluster.network(PRIVATE_NETWORK, "/prop", "Role=1"),
                   self.cluster.network(PUBLIC_NETWORK, "/prop", "Role=3")]
        detail = ("Private: internal cluster communications only (role 1); Public: all communications (role 3), "
                  "so the heartbeat can fall back to it.")
        if self.windows is None or self.windows.network_priority_by_command:
            command.append(f"{self.cluster.prefix} /setnetpriority:{PRIVATE_NETWORK},{PUBLIC_NETWORK}")
            detail += " Private first for the cluster's own traffic (KB 258750)."
        self.add_for_cluster("network-roles", "Set the roles of the cluster networks", detail=detail,
                             command=command, console=self.console("network_console"),
                             verify=[*self.cluster.network_check(PRIVATE_NETWORK, addresses[PRIVATE_NETWORK], 1),
                                     *self.cluster.network_check(PUBLIC_NETWORK, addresses[PUBLIC_NETWORK], 3)],
                             run_by=CLUSTER_ADMIN, rule_ids=("net-private-network",))

    def join(self, node: Node) -> None:
        name = self.node_name(node)
        command = ""
        if self.windows and self.windows.join_by_command:
            password = f" /password:%{PASSWORD_VARIABLE}%" if self.windows.has_service_account else ""
            command = (f"{self.cluster.node(name, '/stat')} >nul 2>&1 || "
                       f"{self.cluster.prefix} /add:{q(name)}{password} /verbose")
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
        verify = self.cluster.quorum()
        if resource:  # Windows 2008 names a witness it creates "File Share Witness (\\server\share)"
            verify += f" | findstr {findstr_literal(resource.name)}"
        self.add_for_cluster("set-quorum", f"Set the quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}",
                             detail=versions.QUORUM_NOTES.get(quorum.type, "With every node joined."),
                             command=command, verify=verify, run_by=CLUSTER_ADMIN,
                             console="" if command else "Failover Cluster Management › cluster › More Actions › "
                                                        "Configure Cluster Quorum Settings",
                             evidence=(quorum_key(), *resource_evidence(resource)),
                             rule_ids=("quorum-type-for-windows", "quorum-disk-defined", "quorum-local-test-only",
                                       *self.rules_that_apply("ccr-quorum-witness")))

    def witness_account(self) -> tuple[str, str]:
        """Who writes to the witness share, in words and as an account: the cluster service account
        on Windows 2003 (KB 921181), the cluster's computer account on Windows 2008 (TechNet bb676490)."""
        if self.has_service_account():
            return "the cluster service account", shown(self.plan.cluster.service_account, "cluster service account")
        return "the cluster's computer account", f"{self.netbios_domain()}\\{self.cluster_name}$"

    def witness_share(self) -> None:
        """The file share witness: a share on a server outside the cluster that the cluster may write."""
        witness = self.state.quorum.witness
        server, _, share_name = witness.strip("\\").partition("\\")
        share_name = share_name.split("\\")[0]
        folder = shown(self.plan.cluster.quorum.witness_folder, "witness folder")
        who, account = self.witness_account()
        self.add("witness", "create-share", f"On {server}, create the witness share {witness}",
                 detail=f"A folder shared with full control for {who} {account}, share and NTFS rights alike, on a "
                        "server outside the cluster (a Hub Transport server is usual).",
                 command=[make_folder(folder), share(share_name, folder, account),
                          f"echo y| cacls {q(folder)} /G BUILTIN\\Administrators:F {q(account)}:F"],
                 verify=[f"net share {q(share_name)}",
                         f"cacls {q(folder)} | findstr {findstr_literal(account + ':')}"],
                 target=server, target_kind=WITNESS,
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
                                     f"it owns to {self.other_node(node.name)}. The check lists any group still on "
                                     f"{name}.",
                              verify_none=self.cluster.owned_by(name), run_by=CLUSTER_ADMIN,
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

    def possible_owners(self, group: Group) -> None:
        """A server the plan keeps off some nodes: each resource of its group loses them as possible
        owners (they are set per resource; a group runs only where all its resources may)."""
        others = [name for name in self.state.node_names if name not in group.possible_owners]
        resources = self.state.resources_of(group.name)
        if not group.owners_restricted or not others or not resources:
            return
        name = self.server_name(group)
        allowed = ", ".join(group.possible_owners) or "[no possible owner planned]"
        self.add_for_server(group, "possible-owners", f"Keep {name} off {', '.join(others)}: its possible owners are "
                            f"{allowed}", run_by=CLUSTER_ADMIN,
                            command=[self.cluster.remove_owner(r.name, node) for r in resources for node in others],
                            verify=[self.cluster.res(r.name, "/listowners") for r in resources],
                            detail="Possible owners are set on each resource, not on the group: every resource of "
                                   "the group loses these nodes, so the cluster never moves the server there.",
                            rule_ids=("evs-possible-owners", "failover-single-node"))

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
            self.fail_over(group, self.owners_from(group.home, group.possible_owners))
        self.dns_records()
        for group in self.server_groups():
            name = self.server_name(group)
            self.add_for_server(group, "client-connect", f"Connect a client to {name} by name",
                                detail=f"Open a mailbox on {name} from Outlook using the server name, not its "
                                       "address.", run_by="A user with a mailbox on this server", at=AT_CLIENT,
                                console=versions.OUTLOOK_SERVER_SETTING)
        self.after_the_build()

    def owners_from(self, home: str | None, allowed: tuple[str, ...] | None = None) -> list[str]:
        """Every named node (of those `allowed`), the server's home first."""
        names = [name for name in self.state.node_names if allowed is None or name in allowed]
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
                 verify=[f"nslookup {q(name)} | findstr {findstr_pattern(' ' + findstr_regex(ip) + WORD_END)}"
                         for name, ip in pairs],
                 run_by=f"Any user of {self.domain}", at=AT_DOMAIN, rule_ids=("dns-dynamic-updates",))

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
        self.capture()

    def capture(self) -> None:
        """collect.cmd on one node (it captures that node too), each other node's own settings, then
        the files uploaded on the As built page."""
        first = self.nodes[0] if self.nodes else None
        place = dict(target=self.first_node, target_kind=NODE) if first else {}
        output = capture_file_name(self.state)
        self.add("cluster", "as-built-capture", f"On {self.first_node}, capture the cluster for the as-built check",
                 detail="Download collect.cmd from this plan's As built page into the current folder first. It "
                        f"only lists settings and writes {output}; upload it, and each other node's file, on the "
                        "As built page, which says where the cluster differs from this plan.",
                 command="call collect.cmd", verify=f"dir /b {q(output)}", run_by=CLUSTER_ADMIN, **place)
        for node in self.nodes[1:]:
            name = self.node_name(node)
            self.add_for_node(node, "as-built-capture", f"On {name}, capture its own settings for the as-built check",
                              detail="Its ipconfig /all and systeminfo, into %COMPUTERNAME%-asbuilt.txt in the "
                                     "current folder; upload the file on the As built page.",
                              command=node_command(self.state), verify='dir /b "%COMPUTERNAME%-asbuilt.txt"',
                              run_by=f"A local administrator of {name}")

    def network_name_of(self, group: Group):
        return next(iter(self.state.of_type(group.name, NETWORK_NAME)), None)
