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
    Group("Plan", (Q("name", help="Shown on the checklist and printouts."),)),
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
), server_rows=True, groups=(
    RowGroup("address", "Name and address", ("name", "ip", "group")),
    RowGroup("storage", "Disks and storage groups", ("disks", "storage_groups")),
    RowGroup("network-name", "Role and Network Name", ("role", "kerberos"),
             help="A clustered Exchange server is a back-end (mailbox) server. Exchange 2003 on Windows "
                  "2003 needs Kerberos on the virtual server's Network Name, so a new server starts with yes."),
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

