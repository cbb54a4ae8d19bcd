"""The wizard's steps: the plan's sections (app/domain/sections.py) laid out as pages.

A step shows one section's questions, grouped into fieldsets, or for a list (nodes, disks, virtual
servers) the questions of one row; the last step, Review, has none. What each answer is comes
from its declaration in the plan model; here are only the layout and the words that help a person
answer (help, placeholders, defaults for new rows).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from app.domain import sections, versions
from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan, exchange_family_2007, network_name_kerberos
from app.domain.plan.vocab import DEFAULT_CLUSTER_GROUP
from app.web.wizard.questions import Group, OptionGroup, Question, RowGroup


# ---------------------------------------------------------------- choices the plan gives

def node_names(plan: Plan) -> list[tuple[str, str]]:
    return [(n.name, n.name) for n in plan.node_list if isinstance(n.name, str) and n.name]


def disk_letters(plan: Plan) -> list[tuple[str, str]]:
    pairs = []
    for disk in plan.disk_list:
        if isinstance(disk.letter, str):
            label = f"{disk.letter} {disk.label}" if isinstance(disk.label, str) and disk.label else disk.letter
            pairs.append((disk.letter, label))
    return pairs


# ---------------------------------------------------------------- steps

@dataclass(frozen=True)
class Rows:
    """A repeatable list of objects (nodes, disks, virtual servers)."""

    key: str
    noun: str
    questions: tuple[Question, ...]
    minimum_rows: int = 0
    title_field: str = "name"  # the answer that names a row in its heading
    server_rows: bool = False  # the rows are the plan's Exchange servers, named by release
    groups: tuple[RowGroup, ...] = ()  # questions of a row shown together in a fieldset

    def noun_for(self, plan: Plan) -> str:
        release = versions.exchange(plan.exchange.version) if self.server_rows else None
        return release.server_noun if release else self.noun

    def label(self, plan: Plan, index: int, row: dict) -> str:
        """A row's heading: "Node 2: EXNODE2", "Disk 1: Q:"."""
        name = row.get(self.title_field)
        heading = f"{self.noun_for(plan).capitalize()} {index + 1}"
        return f"{heading}: {name}" if isinstance(name, str) and name else heading


@dataclass(frozen=True)
class Step:
    name: str
    groups: tuple[Group, ...] = ()
    rows: Rows | None = None
    is_review: bool = False
    # An answer on this step changes which of its own questions are asked (the quorum type asks for
    # a witness), so a posted form is built for the answers posted (live.posted_form).
    answers_change_questions: bool = False

    @property
    def section(self) -> sections.Section | None:
        return sections.BY_NAME.get(self.name)

    @property
    def title(self) -> str:
        return self.section.title if self.section else "Review"

    @property
    def intro(self) -> str:
        return self.section.intro if self.section else "Every finding of the plan, step by step, and whether it is ready."

    @property
    def plan_keys(self) -> tuple[str, ...]:
        return self.section.keys if self.section else ()

    def applies(self, plan: Plan) -> bool:
        return self.section.applies(plan) if self.section else True

    def title_for(self, plan: Plan) -> str:
        return sections.title_for(self.name, plan) if self.section else self.title

    def questions(self, plan: Plan) -> list[Question]:
        return [q for g in self.groups if g.applies(plan) for q in g.questions if q.applies(plan)]


Q = Question
node, disk, server, storage_group = (partial(Question, row=row)
                                     for row in ("nodes", "disks", "virtual_servers", "storage_groups"))


def server_names(plan: Plan) -> list[tuple[str, str]]:
    return [(s.name, s.name) for s in plan.virtual_server_list if isinstance(s.name, str) and s.name]

BASICS = Step("basics", answers_change_questions=True, groups=(
    Group("Plan", (Q("name", help="Shown on the checklist and printouts."),
                   Q("description", control="longtext", help="Optional: what this cluster is for, change ticket, site.")),),
    Group("Exchange", (
        Q("exchange.version"),
        Q("exchange.edition", help="Clustering needs Enterprise Edition."),
        Q("exchange.service_pack"),
        Q("exchange.cluster_type", help="Asked for Exchange 2007 only; 2000 and 2003 have one kind of cluster."),
    )),
    Group("Windows", (
        Q("windows.version"),
        Q("windows.edition", help="Editions depend on the Windows version: Advanced Server exists only for Windows 2000."),
        Q("windows.service_pack"),
        Q("windows.architecture"),
    )),
))

ACTIVE_DIRECTORY = Step("active-directory", groups=(
    Group("Domain and DNS", (
        Q("active_directory.forest_root_domain", placeholder="e.g. contoso.com"),
        Q("active_directory.domain", placeholder="e.g. contoso.com"),
        Q("active_directory.dns_servers", help="Addresses of the DNS servers the nodes use, separated by commas.",
          placeholder="e.g. 10.0.0.2, 10.0.0.3"),
        Q("active_directory.dns_dynamic_updates"),
    )),
    Group("ForestPrep and DomainPrep", (
        Q("active_directory.forestprep_done"),
        Q("active_directory.forestprep_account_schema_admin"),
        Q("active_directory.forestprep_account_enterprise_admin"),
        Q("active_directory.domainprep_done"),
        Q("active_directory.domainprep_account_domain_admin"),
        Q("active_directory.setup_account_exchange_full_admin"),
    ), help="Exchange 2000 and 2003 prepare the directory with setup /forestprep and setup /domainprep."),
    Group("Exchange organization", (
        Q("active_directory.exchange_organization", placeholder="e.g. Contoso",
          help="The organization ForestPrep (or /PrepareAD) creates, or the one the servers join."),
        Q("active_directory.administrative_group", placeholder="e.g. First Administrative Group",
          help="The System Attendant's wizard asks for it when each virtual server is created."),
        Q("active_directory.routing_group", placeholder="e.g. First Routing Group"),
    )),
    Group("Directory preparation", (), applies_when=exchange_family_2007,
          help="Exchange 2007 prepares the directory with setup.com /PrepareSchema, /PrepareAD and "
               "/PrepareDomain; the checklist lists them with the groups whose members must run them."),
))

CLUSTER = Step("cluster", answers_change_questions=True, groups=(
    Group("Name and address", (
        Q("cluster.name", help="A NetBIOS name: up to 15 letters, digits or hyphens.", placeholder="e.g. EXCLUS1"),
        Q("cluster.ip", placeholder="e.g. 10.0.0.50"),
    )),
    Group("Networks", (
        Q("cluster.public_network", placeholder="e.g. 10.0.0.0/24", help="The client-facing subnet in CIDR form."),
        Q("cluster.public_gateway", placeholder="e.g. 10.0.0.1",
          help="Set on every node's public adapter; the private adapter has none."),
        Q("cluster.private_network", placeholder="e.g. 192.168.10.0/24",
          none_label="This cluster has no private network"),
    )),
    Group("Quorum", (
        Q("cluster.quorum.type", help="The choices are the quorum models your Windows version offers."),
        Q("cluster.quorum.file_share_witness", placeholder="e.g. \\\\HUB1\\FSW_EXCLUS1",
          none_label="No file share witness"),
        Q("cluster.quorum.witness_folder", placeholder="e.g. C:\\FSW_EXCLUS1",
          help="Where the share lives on that server; the runbook creates and secures it there."),
    )),
    Group("Service account", (
        Q("cluster.service_account", placeholder="e.g. CONTOSO\\svc-cluster", none_label="No service account"),
        Q("cluster.service_account_local_admin"),
    )),
    Group("Exchange rights of the service account", (Q("cluster.service_account_exchange_full_admin"),)),
    Group("MSDTC", (
        Q("cluster.msdtc.created_before_setup"),
        Q("cluster.msdtc.group", placeholder="e.g. Cluster Group", default=DEFAULT_CLUSTER_GROUP),
    )),
    Group("Hardware", (
        Q("cluster.storage_interconnect"),
        Q("cluster.hardware_certified"),
    )),
))

NODES = Step("nodes", rows=Rows("nodes", "node", (
    node("name", placeholder="e.g. EXNODE1"),
    node("public_ip", placeholder="e.g. 10.0.0.11"),
    node("private_ip", placeholder="e.g. 192.168.10.11", none_label="No private adapter"),
    node("domain", default=lambda plan: plan.active_directory.domain),
    node("domain_controller"),
    node("hardware_model", placeholder="e.g. ProLiant DL380 G4"),
    node("binaries_drive", placeholder="e.g. C:", default="C:"),
    node("exchange_version", default=lambda plan: plan.exchange.version),
    node("exchange_roles", default=["mailbox"]),
    node("prerequisites", none_label="None of these is installed yet"),
    node("exchange_installed_before_cluster"),
    node("holds_resources_during_setup"),
), minimum_rows=2))

STORAGE = Step("storage", rows=Rows("disks", "disk", (
    disk("letter", placeholder="e.g. R:"),
    disk("label", placeholder="e.g. EXVS1 databases"),
    disk("purpose", default="exchange"),
    disk("type", default="basic"),
    disk("filesystem", default="ntfs"),
    disk("empty"),
    disk("mount_point", default=False),
), title_field="letter"))

VIRTUAL_SERVERS = Step("virtual-servers", rows=Rows("virtual_servers", "virtual server", (
    server("name", placeholder="e.g. EXVS1"),
    server("ip", placeholder="e.g. 10.0.0.60"),
    server("group", placeholder="e.g. EXVS1 Group"),
    server("disks", choices=disk_letters),
    server("storage_groups", help="A count: at most 4 per server (Exchange 2000/2003 Enterprise)."),
    server("role", default="back-end"),
    server("kerberos", default=lambda plan: True if network_name_kerberos(plan) else MISSING),
    server("protocols", default=lambda plan: dict.fromkeys(vocab.values("protocol"), False),
           none_label="Neither (the usual choice)"),
    server("components", default=list(vocab.SUPPORTED_COMPONENTS), option_groups=(
        OptionGroup("Run in the cluster", vocab.SUPPORTED_COMPONENTS,
                    "The standard set, all ticked for a new server: leave them ticked unless this server "
                    "should not run one of them."),
        OptionGroup("Not supported in a cluster", vocab.UNSUPPORTED_COMPONENTS,
                    "These cannot run on a virtual server; plan them on a separate, non-clustered "
                    "Exchange server instead."),
    )),
    server("preferred_owners", choices=node_names, none_label="No preference: any node may own it"),
    server("possible_owners", control="subset", choices=node_names,
           help="The nodes it may ever run on. Leave every box unticked to let any node run it; tick some to keep "
                "it off the others."),
    server("mailboxes", placeholder="e.g. 2500", help="Optional: the Failover page adds them up per node."),
    server("concurrent_users", placeholder="e.g. 1500",
           help="Optional: peak simultaneous client connections, set against Microsoft's active/active guidance "
                "on the Failover page."),
), server_rows=True, groups=(
    RowGroup("address", "Name and address", ("name", "ip", "group")),
    RowGroup("storage", "Disks and storage groups", ("disks", "storage_groups")),
    RowGroup("network-name", "Role and Network Name", ("role", "kerberos"),
             help="A clustered Exchange server is a back-end (mailbox) server. Exchange 2003 on Windows "
                  "2003 needs Kerberos on the virtual server's Network Name, so a new server starts with yes."),
    RowGroup("load", "Load, for the Failover page (optional)", ("mailboxes", "concurrent_users"),
             help="Used only to show what each node carries after a failover, against Microsoft's guidance."),
)))

STORAGE_GROUPS = Step("storage-groups", rows=Rows("storage_groups", "storage group", (
    storage_group("server", control="choice", choices=server_names),
    storage_group("name", placeholder="e.g. First Storage Group"),
    storage_group("database", placeholder="e.g. Mailbox Store (EXVS1)"),
    storage_group("log_folder", placeholder="e.g. S:\\SG1\\Logs",
                  help="On one of the server's own disks; logs and database on different disks is usual."),
    storage_group("database_folder", placeholder="e.g. R:\\SG1"),
)))

SETUP = Step("setup", groups=(
    Group("Running setup", (
        Q("setup.mode"),
        Q("setup.concurrent_node_installs"),
    )),
    Group("Node order", (
        Q("setup.node_order", control="order", choices=node_names,
          help="The first node creates the cluster; Exchange is installed node by node in this order."),
    )),
))

REVIEW = Step("review", is_review=True)

LAYOUT = {step.name: step for step in (BASICS, ACTIVE_DIRECTORY, CLUSTER, NODES, STORAGE, VIRTUAL_SERVERS,
                                       STORAGE_GROUPS, SETUP)}
STEPS: tuple[Step, ...] = tuple(LAYOUT[name] for name in sections.ORDER) + (REVIEW,)
STEPS_BY_NAME = {step.name: step for step in STEPS}


def applicable_steps(plan: Plan) -> list[Step]:
    return [step for step in STEPS if step.applies(plan)]



# ---------------------------------------------------------------- why each question is asked

@dataclass(frozen=True)
class Why:
    """Why a question is asked, in a few sentences, and where that comes from: codes of the rule
    catalog's [sources] table (app/domain/rules/catalog.toml), so there is one table of sources.
    The plan's own name and description have no outside source."""

    text: str
    sources: tuple[str, ...] = ()


# One entry per question, keyed by its plan path ("nodes[].name" for a row's question). A test
# holds this table and the steps' questions to each other.
EXPLAINED: dict[str, Why] = {
    # Basics
    "name": Why("The runbook, its scripts and every printout carry this name, so the people working at "
                "each console know which plan they hold."),
    "description": Why("For the people who share the plan: the project list shows it under the name, and an "
                       "exported plan carries it."),
    "exchange.version": Why(
        "Almost everything depends on it: Exchange 2000 and 2003 clusters are built by hand as Exchange "
        "Virtual Servers, while Exchange 2007 setup creates its clustered mailbox servers itself.",
        ("S", "D", "E7")),
    "exchange.edition": Why(
        "Only Enterprise Edition installs the cluster-aware parts of Exchange; Standard Edition cannot "
        "run in a cluster at all.", ("S", "B")),
    "exchange.service_pack": Why(
        "Some combinations depend on it: Exchange 2007 runs on Windows Server 2008 only from SP1, and the "
        "runbook names the service pack to install on every node.", ("E7",)),
    "exchange.cluster_type": Why(
        "Exchange 2007 offers two cluster models: a single copy cluster (SCC) shares one copy of the data "
        "on shared disks, while cluster continuous replication (CCR) keeps a copy on each of exactly two "
        "nodes and needs no shared storage.", ("E7",)),
    "windows.version": Why(
        "The Windows release decides the quorum models, the cluster tools, whether a cluster service "
        "account is needed and how MSDTC is clustered. Exchange 2003 is more stable on Windows Server 2003 "
        "than on Windows 2000.", ("S", "D", "E7")),
    "windows.edition": Why(
        "Only the higher editions include the cluster service, and each caps the number of nodes: Windows "
        "2000 Advanced Server 2, Datacenter Server 4; Windows Server 2003 Enterprise and Datacenter 8.",
        ("S", "C", "K1")),
    "windows.service_pack": Why(
        "Exchange 2003 needs Service Pack 4 when it runs on Windows 2000; the runbook also names the "
        "service pack every node must have.", ("G",)),
    "windows.architecture": Why(
        "Exchange 2000 and 2003 run only on 32-bit Windows, and Exchange 2007 is supported in production "
        "only on 64-bit Windows.", ("K2", "E7")),
    # Active Directory
    "active_directory.forest_root_domain": Why(
        "Directory preparation extends the forest's schema, and only the domain controller holding the "
        "schema master role can change it; that role normally sits in the forest root domain, where "
        "ForestPrep (or /PrepareSchema) is run.", ("FP", "M")),
    "active_directory.domain": Why(
        "Every node must be a member of this one domain; Exchange does not support a cluster whose nodes "
        "are spread over several domains.", ("S", "C")),
    "active_directory.dns_servers": Why(
        "Exchange setup and the Network Name resources register the cluster's and servers' names in DNS, "
        "and Exchange finds its domain controllers through DNS. Without a DNS server nothing here works.",
        ("S",)),
    "active_directory.dns_dynamic_updates": Why(
        "Each Network Name registers its name and address in DNS by dynamic update. Exchange 2000 and "
        "2003 virtual servers fail without it; for Exchange 2007 the records can be created by hand "
        "instead.", ("S", "E7")),
    "active_directory.forestprep_done": Why(
        "ForestPrep runs once per forest. When it has been run already (for an earlier Exchange server), "
        "the runbook leaves it out and the rights it needs are not asked.", ("FP",)),
    "active_directory.forestprep_account_schema_admin": Why(
        "ForestPrep extends the schema with Exchange's classes and attributes. Only members of Schema "
        "Admins may change the schema, and the change is written on the schema master, so run it in "
        "that domain controller's domain.", ("FP", "M")),
    "active_directory.forestprep_account_enterprise_admin": Why(
        "Besides the schema, ForestPrep creates the Exchange organization in the forest-wide "
        "configuration partition and grants the first Exchange administrator rights there, which takes "
        "Enterprise Admins.", ("FP", "M")),
    "active_directory.domainprep_done": Why(
        "DomainPrep runs once in every domain that holds Exchange servers or mail-enabled objects; when "
        "the nodes' domain has been prepared already, the runbook leaves it out.", ("FP",)),
    "active_directory.domainprep_account_domain_admin": Why(
        "DomainPrep creates the Exchange Domain Servers and Exchange Enterprise Servers groups and sets "
        "permissions in the domain, which takes a member of Domain Admins.", ("FP", "M")),
    "active_directory.setup_account_exchange_full_admin": Why(
        "On a cluster, the account that runs Exchange setup must hold the Exchange Full Administrator "
        "role at the organization level; setup stops otherwise.", ("G",)),
    "active_directory.exchange_organization": Why(
        "ForestPrep (or setup.com /PrepareAD for Exchange 2007) creates the organization under this name, "
        "and it can never be renamed; if one exists, the servers join it.", ("FP", "E7")),
    "active_directory.administrative_group": Why(
        "When a virtual server's System Attendant resource is created, its wizard asks which "
        "administrative group the server joins.", ("G",)),
    "active_directory.routing_group": Why(
        "The same System Attendant wizard asks for the routing group, which decides how the server's "
        "mail is routed.", ("G",)),
    # Cluster service
    "cluster.name": Why(
        "The cluster gets its own Network Name, used to manage it; like every Windows computer name it is "
        "a NetBIOS name of at most 15 characters, unique in the network.", ("K4", "M")),
    "cluster.ip": Why(
        "The cluster's own name needs a static address on the public network, apart from the nodes' and "
        "the virtual servers' addresses.", ("S", "K5")),
    "cluster.public_network": Why(
        "Clients reach the virtual servers on this network, so every node, the cluster and every virtual "
        "server need an address in it, each used once.", ("S", "K5")),
    "cluster.public_gateway": Why(
        "Only the public adapter gets a default gateway. The private (heartbeat) adapter has no gateway "
        "and no DNS servers, so that nothing but cluster traffic uses it and name registration never goes "
        "out through it.", ("K5",)),
    "cluster.private_network": Why(
        "A second, private network carries the heartbeat between the nodes, so that one failed network "
        "does not make the nodes lose sight of each other. Microsoft does not support nodes joined by one "
        "network only.", ("K5",)),
    "cluster.quorum.type": Why(
        "The quorum decides which nodes may run the cluster when they cannot see each other. With a "
        "shared quorum disk, any node that holds the disk keeps it running. A majority model needs more "
        "than half of the votes (one per node, plus the witness where there is one): four nodes alone "
        "need three, so they survive the loss of one; two nodes need a witness to survive any loss.",
        ("K8", "MNS", "E7")),
    "cluster.quorum.file_share_witness": Why(
        "With two nodes a majority needs a third vote: a file share on another server (often a Hub "
        "Transport server) acts as the witness, so one node and the share keep the cluster running.",
        ("E7",)),
    "cluster.quorum.witness_folder": Why(
        "The runbook creates the witness folder and its share on that server and gives the cluster the "
        "rights it needs on them.", ("E7",)),
    "cluster.service_account": Why(
        "On Windows 2000 and 2003 the cluster service runs as a domain account; Windows Server 2008 "
        "clusters have no such account.", ("S", "C")),
    "cluster.service_account_local_admin": Why(
        "The cluster service account must be a member of the local Administrators group on every node, "
        "or the service cannot manage the node's resources.", ("S", "C")),
    "cluster.service_account_exchange_full_admin": Why(
        "Exchange 2000 virtual servers run with the cluster service account, so it needs the Exchange "
        "Full Administrator role.", ("K6",)),
    "cluster.msdtc.created_before_setup": Why(
        "Exchange 2000 and 2003 setup needs a clustered Distributed Transaction Coordinator that is online "
        "before it starts: comclust.exe on Windows 2000, a resource created by hand on Windows 2003.",
        ("S", "G")),
    "cluster.msdtc.group": Why(
        "The MSDTC resource belongs in the default cluster group (Cluster Group), with that group's "
        "Network Name and disk.", ("S", "G")),
    "cluster.storage_interconnect": Why(
        "Shared SCSI connects at most two nodes; three or more nodes need Fibre Channel, iSCSI or SAS.",
        ("K1",)),
    "cluster.hardware_certified": Why(
        "Microsoft supports a cluster only when the whole solution, servers and storage together, is "
        "certified for clustering; uncertified hardware causes most cluster problems.", ("S", "C")),
    # Nodes
    "nodes[].name": Why(
        "The node's computer name: a NetBIOS name of at most 15 characters, different from every other "
        "name in the cluster.", ("K4", "M")),
    "nodes[].public_ip": Why(
        "The node's fixed address on the public network, the one the cluster service and clients use to "
        "reach the node itself; it must differ from the cluster's and the virtual servers' addresses.",
        ("K5", "M")),
    "nodes[].private_ip": Why(
        "The heartbeat adapter's static address on the private network, with no gateway and no DNS "
        "servers.", ("K5",)),
    "nodes[].domain": Why("Every node must belong to the domain answered on the Active Directory step.",
                          ("S", "C")),
    "nodes[].domain_controller": Why(
        "Exchange clusters are not supported on nodes that are domain controllers.", ("S", "K3")),
    "nodes[].hardware_model": Why(
        "Identical hardware on every node is recommended, so that a virtual server behaves the same "
        "wherever it runs.", ("S",)),
    "nodes[].binaries_drive": Why(
        "Exchange installs its program files to a local drive that has the same letter on every node and "
        "is never one of the shared disks.", ("S", "G")),
    "nodes[].exchange_version": Why("Every node must run the same Exchange version.", ("S",)),
    "nodes[].exchange_roles": Why(
        "A clustered Exchange 2007 server holds the Mailbox role only; Hub Transport and Client Access "
        "run on other servers.", ("E7",)),
    "nodes[].prerequisites": Why(
        "Exchange setup checks these Windows components before it starts: IIS with its WWW, SMTP and "
        "NNTP services for Exchange 2000 and 2003 (and .NET Framework and ASP.NET on Windows 2003), .NET "
        "Framework and PowerShell for Exchange 2007.", ("S", "M")),
    "nodes[].exchange_installed_before_cluster": Why(
        "Exchange installed before the cluster service leaves out its cluster-aware parts; the only "
        "way back is to uninstall Exchange, set up the cluster, and install Exchange again.", ("S",)),
    "nodes[].holds_resources_during_setup": Why(
        "A node should own no cluster groups while Exchange setup runs on it; move them to another node "
        "first.", ("S",)),
    # Shared storage
    "disks[].letter": Why(
        "Every node must see each shared disk under the same letter, and no two disks may share one.",
        ("M",)),
    "disks[].label": Why("The volume label makes the disk easy to recognise in Disk Management and in "
                         "the cluster's console.", ("M",)),
    "disks[].purpose": Why(
        "A disk belongs to one cluster group: the quorum disk and the MSDTC disk stay with the cluster's "
        "own group, Exchange data disks move with their virtual server.", ("M", "K8")),
    "disks[].type": Why("Exchange's shared disks must be basic disks: the cluster's Physical Disk "
                        "resources do not support dynamic disks.", ("S",)),
    "disks[].filesystem": Why("Shared cluster disks must be formatted with NTFS.", ("C",)),
    "disks[].empty": Why("The disks Exchange will use should be empty before Exchange setup.", ("S",)),
    "disks[].mount_point": Why("Windows 2000 clusters cannot use volume mount points for shared disks.",
                               ("K7",)),
    # Virtual servers
    "virtual_servers[].name": Why(
        "Clients connect to this name, not to a node's; it is a NetBIOS name of at most 15 characters, "
        "unique in the network.", ("S", "K4")),
    "virtual_servers[].ip": Why(
        "The server's own static address on the public network; it moves with the server from node to "
        "node, so clients always reach it the same way.", ("S", "K5")),
    "virtual_servers[].group": Why(
        "Each Exchange virtual server lives in a cluster group of its own, which holds its IP Address, "
        "Network Name, disks and Exchange resources.", ("S",)),
    "virtual_servers[].disks": Why(
        "The shared disks in the server's group move with it on failover; its databases and logs must "
        "be on them.", ("S", "M")),
    "virtual_servers[].storage_groups": Why(
        "Exchange 2000 and 2003 Enterprise run at most four storage groups on one server, and after a "
        "failover one node may run several virtual servers; every virtual server has at least one.",
        ("K10",)),
    "virtual_servers[].role": Why(
        "Only back-end (mailbox) servers are clustered; front-end servers are spread with network load "
        "balancing instead.", ("K9",)),
    "virtual_servers[].kerberos": Why(
        "On Windows Server 2003 an Exchange 2003 virtual server's Network Name must have Kerberos "
        "authentication enabled; otherwise clients and other servers fail to authenticate to it.",
        ("X", "NN")),
    "virtual_servers[].protocols": Why(
        "Exchange 2003 no longer creates IMAP4 and POP3 resources; where they are wanted, they are added "
        "by hand after the System Attendant is online.", ("S", "G")),
    "virtual_servers[].components": Why(
        "Only some Exchange components are cluster-aware: System Attendant, Information Store, Routing, "
        "SMTP, HTTP, MS Search and the MTA. Connectors, the Site Replication Service, NNTP and the "
        "Event Service are not.", ("S", "K10")),
    "virtual_servers[].preferred_owners": Why(
        "The nodes a server fails over to, in order of preference. An active/passive cluster keeps at "
        "least one node free for the others to fail over to.", ("K9", "M")),
    "virtual_servers[].possible_owners": Why(
        "Windows never moves a group to a node that is not a possible owner of every one of its resources; "
        "narrowing them keeps a server off nodes that cannot carry it, at the price of fewer places to go "
        "when nodes fail.", ("K12",)),
    "virtual_servers[].mailboxes": Why(
        "With the concurrent users, this shows on the Failover page what each node carries once the servers "
        "of a failed node have moved onto it.", ("K11",)),
    "virtual_servers[].concurrent_users": Why(
        "Microsoft sized Exchange 2000/2003 active/active clusters by simultaneous connections per node; a "
        "node that takes over its partner's users must stay within that guidance.", ("K11", "K9")),
    # Storage groups
    "storage_groups[].server": Why("A storage group lives in one server's Information Store and moves "
                                   "with it.", ("M",)),
    "storage_groups[].name": Why("The runbook creates the storage group under this name after its server "
                                 "exists.", ("M",)),
    "storage_groups[].database": Why("The first mailbox database of the storage group.", ("M",)),
    "storage_groups[].log_folder": Why(
        "Transaction logs go on one of the server's own shared disks; keeping them apart from the "
        "database lets you recover the database from backup plus logs when one disk fails.",
        ("S", "M")),
    "storage_groups[].database_folder": Why(
        "The database file must be on one of the server's own shared disks, or it is not there when the "
        "server moves to another node.", ("S", "M")),
    # Setup
    "setup.mode": Why("Exchange setup in a cluster must be run by hand at each node's console; unattended "
                      "setup is not supported there.", ("S",)),
    "setup.concurrent_node_installs": Why(
        "Run setup on one node at a time and let it finish before the next node starts.", ("S",)),
    "setup.node_order": Why(
        "The first node creates the cluster and the others join it one at a time; Exchange is installed "
        "node by node in the same order (for Exchange 2007, the node that creates each clustered mailbox "
        "server goes first).", ("S", "E7")),
}


def explanation(question: Question) -> Why | None:
    """Why `question` is asked (see EXPLAINED)."""
    return EXPLAINED.get(f"{question.row}[].{question.key}" if question.row else question.key)
