"""The wizard's steps, declared once, in order.

Each step names the plan section it edits, its questions (grouped into
fieldsets) or, for repeatable steps, the questions of one row, and when it
applies. Views, progress and navigation all read this list.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan, required_prerequisites

from app.web.wizard.questions import Group, Question, always


# ---------------------------------------------------------------- choice lists

def fixed(pairs) -> Callable[[Plan], list[tuple[str, str]]]:
    pairs = list(pairs)
    return lambda plan: pairs


def windows_editions(plan: Plan):
    version = plan.windows.version
    editions = vocab.WINDOWS_EDITIONS.get(version, vocab.ALL_WINDOWS_EDITIONS)
    if version is MISSING:
        return [("standard", "Standard"), ("advanced", "Advanced Server (Windows 2000)"),
                ("enterprise", "Enterprise (Windows 2003 and later)"), ("datacenter", "Datacenter")]
    return [(e, vocab.WINDOWS_EDITION_LABELS[e]) for e in editions]


def quorum_types(plan: Plan):
    offered = vocab.QUORUM_TYPES_BY_WINDOWS.get(plan.windows.version, vocab.QUORUM_TYPES)
    pairs = [(kind, vocab.QUORUM_LABELS[kind]) for kind in offered]
    current = plan.cluster.quorum.type
    if current is not MISSING and current not in offered:
        pairs.append((current, vocab.QUORUM_LABELS[current] + " (not offered by this Windows version)"))
    return pairs


def prerequisites(plan: Plan):
    keys = required_prerequisites(plan) or vocab.PREREQUISITES
    return [(key, vocab.PREREQUISITE_LABELS[key]) for key in keys]


def node_names(plan: Plan):
    return [(n.name, n.name) for n in plan.node_list if isinstance(n.name, str) and n.name]


def disk_letters(plan: Plan):
    pairs = []
    for disk in plan.disk_list:
        if isinstance(disk.letter, str):
            label = f"{disk.letter} {disk.label}" if isinstance(disk.label, str) and disk.label else disk.letter
            pairs.append((disk.letter, label))
    return pairs


def is_exchange(*versions):
    return lambda plan: plan.exchange.version in versions


def is_windows(*versions):
    return lambda plan: plan.windows.version in versions


EX_2000_2003 = is_exchange("2000", "2003")
EX_2007 = is_exchange("2007")
YES_NO = "yesno"


def versions_chosen(plan: Plan) -> bool:
    return plan.exchange.version is not MISSING and plan.windows.version is not MISSING


# ---------------------------------------------------------------- steps

@dataclass(frozen=True)
class Rows:
    """A repeatable list of objects (nodes, disks, virtual servers)."""

    key: str
    noun: str
    questions: tuple[Question, ...]
    minimum_rows: int = 0
    title_field: str = "name"  # the answer that names a row in its heading
    noun_2007: str = ""        # what Exchange 2007 calls it, where that differs

    def noun_for(self, plan: Plan) -> str:
        return self.noun_2007 if self.noun_2007 and plan.is_2007 else self.noun

    def label(self, plan: Plan, index: int, row: dict) -> str:
        """A row's heading: "Node 2: EXNODE2", "Disk 1: Q:"."""
        name = row.get(self.title_field)
        heading = f"{self.noun_for(plan).capitalize()} {index + 1}"
        return f"{heading}: {name}" if isinstance(name, str) and name else heading


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    intro: str
    groups: tuple[Group, ...] = ()
    rows: Rows | None = None
    applies: Callable[[Plan], bool] = always
    is_review: bool = False
    row_title: Callable[[Plan], str] | None = None
    plan_keys: tuple[str, ...] = field(default=())

    def title_for(self, plan: Plan) -> str:
        return self.row_title(plan) if self.row_title else self.title

    def questions(self, plan: Plan) -> list[Question]:
        return [q for g in self.groups if g.applies(plan) for q in g.questions if q.applies(plan)]


BASICS = Step(
    name="basics", title="Basics",
    intro="Name the plan and choose the Exchange and Windows releases; every later step adapts to them.",
    plan_keys=("name", "exchange", "windows"),
    groups=(
        Group("Plan", (Question("name", "Plan name", help="Shown on the checklist and printouts."),)),
        Group("Exchange", (
            Question("exchange.version", "Exchange version", "choice",
                     choices=fixed([(v, f"Exchange Server {v}") for v in vocab.EXCHANGE_VERSIONS])),
            Question("exchange.edition", "Exchange edition", "choice",
                     choices=fixed([("enterprise", "Enterprise"), ("standard", "Standard")]),
                     help="Clustering needs Enterprise Edition."),
            Question("exchange.service_pack", "Exchange service pack", "choice",
                     choices=fixed([("0", "None (release)")] + [(str(n), f"SP{n}") for n in range(1, 4)]),
                     integer=True),
            Question("exchange.cluster_type", "Exchange 2007 cluster type", "choice",
                     choices=fixed([("scc", "Single copy cluster (SCC, shared storage)"),
                                    ("ccr", "Cluster continuous replication (CCR, two nodes)")]),
                     help="Only for Exchange 2007; ignored for 2000 and 2003."),
        )),
        Group("Windows", (
            Question("windows.version", "Windows version", "choice",
                     choices=fixed([(v, vocab.WINDOWS_VERSION_LABELS[v]) for v in vocab.WINDOWS_VERSIONS])),
            Question("windows.edition", "Windows edition", "choice", choices=windows_editions,
                     accepts=fixed([(e, e) for e in vocab.ALL_WINDOWS_EDITIONS]),
                     help="Editions depend on the Windows version: Advanced Server exists only for Windows 2000."),
            Question("windows.service_pack", "Windows service pack", "choice",
                     choices=fixed([("0", "None (release)")] + [(str(n), f"SP{n}") for n in range(1, 5)]),
                     integer=True),
            Question("windows.architecture", "Processor architecture", "choice",
                     choices=fixed([("x86", "x86 (32-bit)"), ("x64", "x64 (64-bit)")])),
        )),
    ),
)

ACTIVE_DIRECTORY = Step(
    name="active-directory", title="Active Directory",
    intro="Prepare the forest and domain, and make sure DNS will accept the cluster's names.",
    plan_keys=("active_directory",),
    groups=(
        Group("Domain and DNS", (
            Question("active_directory.forest_root_domain", "Forest root domain", placeholder="e.g. contoso.com"),
            Question("active_directory.domain", "Domain of the cluster nodes", placeholder="e.g. contoso.com"),
            Question("active_directory.dns_servers", "DNS servers", "ipv4list",
                     help="Addresses of the DNS servers the nodes use, separated by commas.",
                     placeholder="e.g. 10.0.0.2, 10.0.0.3"),
            Question("active_directory.dns_dynamic_updates", "DNS zone accepts dynamic updates", YES_NO),
        )),
        Group("ForestPrep and DomainPrep", (
            Question("active_directory.forestprep_done", "ForestPrep has already been run in this forest", YES_NO),
            Question("active_directory.forestprep_account_schema_admin",
                     "The ForestPrep account is in Schema Admins", YES_NO),
            Question("active_directory.forestprep_account_enterprise_admin",
                     "The ForestPrep account is in Enterprise Admins", YES_NO),
            Question("active_directory.domainprep_done", "DomainPrep has already been run in the nodes' domain", YES_NO),
            Question("active_directory.domainprep_account_domain_admin",
                     "The DomainPrep account is in Domain Admins", YES_NO),
            Question("active_directory.setup_account_exchange_full_admin",
                     "The setup account holds Exchange Full Administrator", YES_NO),
        ), applies=EX_2000_2003,
            help="Exchange 2000 and 2003 prepare the directory with setup /forestprep and setup /domainprep."),
        Group("Directory preparation", (), applies=EX_2007,
              help="Exchange 2007 prepares the directory with setup.com /PrepareSchema, /PrepareAD and "
                   "/PrepareDomain; the checklist lists them with the groups whose members must run them."),
    ),
)

CLUSTER = Step(
    name="cluster", title="Cluster service",
    intro="The Windows cluster: its name and address, networks, quorum, and the accounts and resources it needs.",
    plan_keys=("cluster",),
    groups=(
        Group("Name and address", (
            Question("cluster.name", "Cluster name", help="A NetBIOS name: up to 15 letters, digits or hyphens.",
                     placeholder="e.g. EXCLUS1"),
            Question("cluster.ip", "Cluster IP address", "ipv4", placeholder="e.g. 10.0.0.50"),
        )),
        Group("Networks", (
            Question("cluster.public_network", "Public network", "network", placeholder="e.g. 10.0.0.0/24",
                     help="The client-facing subnet in CIDR form."),
            Question("cluster.private_network", "Private (heartbeat) network", "network",
                     placeholder="e.g. 192.168.10.0/24", none_label="This cluster has no private network"),
        )),
        Group("Quorum", (
            Question("cluster.quorum.type", "Quorum type", "choice", choices=quorum_types,
                     help="The choices are the quorum models your Windows version offers."),
            Question("cluster.quorum.file_share_witness", "File share witness", "unc",
                     placeholder="e.g. \\\\HUB1\\FSW_EXCLUS1", none_label="No file share witness",
                     applies=lambda p: p.cluster.quorum.type in ("majority-node-set", "node-fsw-majority")
                     or p.exchange.cluster_type == "ccr"),
        )),
        Group("Service account", (
            Question("cluster.service_account", "Cluster service account", placeholder="e.g. CONTOSO\\svc-cluster",
                     none_label="No service account"),
            Question("cluster.service_account_local_admin",
                     "The account is in the local Administrators group of every node", YES_NO),
        ), applies=is_windows("2000", "2003")),
        Group("Exchange rights of the service account", (
            Question("cluster.service_account_exchange_full_admin",
                     "The cluster service account holds Exchange Full Administrator", YES_NO),
        ), applies=is_exchange("2000")),
        Group("MSDTC", (
            Question("cluster.msdtc.created_before_setup",
                     "The MSDTC resource will exist and be online before Exchange setup", YES_NO),
            Question("cluster.msdtc.group", "Cluster group of the MSDTC resource", placeholder="e.g. Cluster Group",
                     default=vocab.DEFAULT_CLUSTER_GROUP),
        ), applies=EX_2000_2003),
        Group("Hardware", (
            Question("cluster.storage_interconnect", "Shared storage interconnect", "choice",
                     choices=fixed([("fibre-channel", "Fibre Channel"), ("scsi", "Shared SCSI"),
                                    ("iscsi", "iSCSI"), ("sas", "Serial attached SCSI (SAS)")]),
                     applies=lambda plan: plan.exchange.cluster_type != "ccr"),
            Question("cluster.hardware_certified", "The whole cluster solution is certified (Windows catalog / HCL)",
                     YES_NO),
        )),
    ),
)

NODE_QUESTIONS = (
    Question("name", "Node name", placeholder="e.g. EXNODE1"),
    Question("public_ip", "Public IP address", "ipv4", placeholder="e.g. 10.0.0.11"),
    Question("private_ip", "Private IP address", "ipv4", placeholder="e.g. 192.168.10.11",
             none_label="No private adapter"),
    Question("domain", "Domain", default=lambda plan: plan.active_directory.domain),
    Question("domain_controller", "Domain controller", YES_NO),
    Question("hardware_model", "Hardware model", placeholder="e.g. ProLiant DL380 G4"),
    Question("binaries_drive", "Drive for Exchange binaries", "drive", placeholder="e.g. C:", default="C:"),
    Question("exchange_version", "Exchange version", "choice", default=lambda plan: plan.exchange.version,
             choices=fixed([(v, f"Exchange {v}") for v in vocab.EXCHANGE_VERSIONS])),
    Question("exchange_roles", "Exchange roles", "multi", applies=EX_2007,
             choices=fixed([(r, vocab.ROLE_LABELS[r]) for r in vocab.EXCHANGE_ROLES]), default=["mailbox"]),
    Question("prerequisites", "Installed and running", "flags", choices=prerequisites),
    Question("exchange_installed_before_cluster", "Exchange was installed before the cluster service", YES_NO),
    Question("holds_resources_during_setup", "Node will own cluster groups during its Exchange setup", YES_NO),
)

NODES = Step(
    name="nodes", title="Nodes",
    intro="One row per server in the cluster: its addresses, domain, hardware and the Windows components Exchange needs.",
    plan_keys=("nodes",),
    rows=Rows("nodes", "node", NODE_QUESTIONS, minimum_rows=2),
)

DISK_QUESTIONS = (
    Question("letter", "Drive letter", "drive", placeholder="e.g. R:"),
    Question("label", "Volume label", placeholder="e.g. EXVS1 databases"),
    Question("purpose", "Purpose", "choice", default="exchange",
             choices=fixed([("exchange", "Exchange data"), ("quorum", "Quorum"), ("msdtc", "MSDTC"),
                            ("other", "Other")])),
    Question("type", "Disk type", "choice", default="basic",
             choices=fixed([("basic", "Basic"), ("dynamic", "Dynamic")])),
    Question("filesystem", "File system", "choice", default="ntfs",
             choices=fixed([("ntfs", "NTFS"), ("fat32", "FAT32"), ("fat", "FAT")])),
    Question("empty", "Empty before Exchange setup", YES_NO),
    Question("mount_point", "Mounted as a volume mount point", YES_NO, applies=is_windows("2000"), default=False),
)


def has_shared_storage(plan: Plan) -> bool:
    return plan.exchange.cluster_type != "ccr"


STORAGE = Step(
    name="storage", title="Shared storage",
    intro="The shared disks: quorum, MSDTC and Exchange data. Each disk belongs to one cluster group.",
    plan_keys=("disks",),
    rows=Rows("disks", "disk", DISK_QUESTIONS, title_field="letter"),
    applies=has_shared_storage,
)

SERVER_QUESTIONS = (
    Question("name", "Name", placeholder="e.g. EXVS1"),
    Question("ip", "IP address", "ipv4", placeholder="e.g. 10.0.0.60"),
    Question("group", "Cluster group", placeholder="e.g. EXVS1 Group", applies=EX_2000_2003),
    Question("disks", "Disks", "multi", choices=disk_letters, applies=has_shared_storage),
    Question("storage_groups", "Number of storage groups", "int", minimum=0, maximum=100, applies=EX_2000_2003,
             help="A count: at most 4 per server (Exchange 2000/2003 Enterprise)."),
    Question("role", "Role", "choice", applies=EX_2000_2003, default="back-end",
             choices=fixed([("back-end", "Back-end (mailbox)"), ("front-end", "Front-end")])),
    Question("kerberos", "Kerberos enabled on the Network Name", YES_NO, applies=EX_2000_2003),
    Question("protocols", "Also wanted", "flags", applies=EX_2000_2003,
             choices=fixed([("imap4", "IMAP4 resource"), ("pop3", "POP3 resource")])),
    Question("components", "Components", "multi", applies=EX_2000_2003,
             choices=fixed([(c, vocab.COMPONENT_LABELS[c]) for c in vocab.COMPONENTS]),
             default=list(vocab.SUPPORTED_COMPONENTS)),
    Question("preferred_owners", "Preferred owners", "multi", choices=node_names),
)

VIRTUAL_SERVERS = Step(
    name="virtual-servers", title="Virtual servers",
    intro="The servers clients connect to (Exchange Virtual Servers; clustered mailbox servers for Exchange 2007). "
          "Each runs on one node at a time.",
    plan_keys=("virtual_servers",),
    rows=Rows("virtual_servers", "virtual server", SERVER_QUESTIONS, noun_2007="clustered mailbox server"),
    row_title=lambda plan: "Clustered mailbox servers" if plan.is_2007 else "Virtual servers",
)

SETUP = Step(
    name="setup", title="Setup",
    intro="How Exchange setup will be run: attended, one node at a time, in this order.",
    plan_keys=("setup",),
    groups=(
        Group("Running setup", (
            Question("setup.mode", "Setup mode", "choice",
                     choices=fixed([("attended", "Attended, at each node's console"),
                                    ("unattended", "Unattended (answer file)")])),
            Question("setup.concurrent_node_installs", "Run setup on several nodes at the same time", YES_NO),
        )),
        Group("Node order", (
            Question("setup.node_order", "Install on", "order", choices=node_names,
                     help="The first node creates the cluster; Exchange is installed node by node in this order."),
        )),
    ),
)

REVIEW = Step(
    name="review", title="Review",
    intro="Every finding of the plan, step by step, and whether it is ready.",
    is_review=True,
)

STEPS: tuple[Step, ...] = (BASICS, ACTIVE_DIRECTORY, CLUSTER, NODES, STORAGE, VIRTUAL_SERVERS, SETUP, REVIEW)
STEPS_BY_NAME = {step.name: step for step in STEPS}


def applicable_steps(plan: Plan) -> list[Step]:
    return [step for step in STEPS if step.applies(plan)]
