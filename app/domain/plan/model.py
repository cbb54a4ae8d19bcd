"""Typed plan objects for an Exchange cluster plan, each answer declared once.

Every leaf may hold ``MISSING``: the key was absent, so the question has not been answered yet.
``None`` is a real answer ("no private network"). Each field carries a :class:`Spec` in its
metadata: its kind, its label, its vocabulary, when the wizard asks it and when the plan needs
it. That one declaration drives loading and dumping the format, the completeness report and the
wizard's questions (which add only presentation: help, placeholders, layout), so a field has one
name everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, Callable, Union

from app.domain import versions
from app.domain.plan import paths, vocab
from app.domain.plan.missing import MISSING, answered


# ---------------------------------------------------------------- when a question is asked
# Predicates over the plan: the step applicability of each answer.

Applies = Callable[["Plan"], bool]


def always(plan: "Plan") -> bool:
    return True


def never(plan: "Plan") -> bool:
    return False


def is_exchange(*exchange_versions: str) -> Applies:
    return lambda plan: plan.exchange.version in exchange_versions


def is_windows(*windows_versions: str) -> Applies:
    return lambda plan: plan.windows.version in windows_versions


def release_of(plan: "Plan") -> versions.ExchangeRelease | None:
    return versions.exchange(plan.exchange.version)


def windows_of(plan: "Plan") -> versions.WindowsRelease | None:
    return versions.windows(plan.windows.version)


def exchange_family_classic(plan: "Plan") -> bool:
    release = release_of(plan)
    return release is not None and release.family == versions.CLASSIC


def exchange_family_2007(plan: "Plan") -> bool:
    release = release_of(plan)
    return release is not None and release.family == versions.E2007


def has_shared_storage(plan: "Plan") -> bool:
    """CCR keeps a copy of the data on each node; every other model shares disks."""
    model = versions.cluster_model(plan.exchange.cluster_type)
    return model is None or model.shared_storage


def exchange_fact(name: str) -> Applies:
    """True when the plan's Exchange release has this fact in the version table."""
    return lambda plan: bool(getattr(release_of(plan), name, False))


def windows_fact(name: str) -> Applies:
    """True when the plan's Windows release has this fact in the version table."""
    return lambda plan: bool(getattr(windows_of(plan), name, False))


has_service_account = windows_fact("has_service_account")
mount_points_need_answer = windows_fact("mount_points_need_answer")
needs_msdtc = exchange_fact("needs_msdtc")
service_account_needs_exchange_admin = exchange_fact("service_account_exchange_admin")


def network_name_kerberos(plan: "Plan") -> bool:
    """The evs-kerberos question matters where Exchange 2003 runs on Windows 2003 (X)."""
    return plan.exchange.version == "2003" and plan.windows.version == "2003"


def required_prerequisites(plan: "Plan") -> tuple[str, ...]:
    """Windows components Exchange setup needs on every node, by version."""
    return versions.prerequisites(plan.exchange.version, plan.windows.version)


def needs_prerequisite(component: str) -> Applies:
    return lambda plan: component in required_prerequisites(plan)


def forestprep_pending(plan: "Plan") -> bool:
    return exchange_family_classic(plan) and plan.active_directory.forestprep_done is False


def domainprep_pending(plan: "Plan") -> bool:
    return exchange_family_classic(plan) and plan.active_directory.domainprep_done is False


def witness_asked(plan: "Plan") -> bool:
    return plan.cluster.quorum.type in versions.WITNESS_QUORUM_TYPES or plan.exchange.cluster_type == "ccr"


def witness_required(plan: "Plan") -> bool:
    """The witness matters for a node and file share majority quorum, and for CCR on a majority
    node set (where ccr-quorum-witness judges it)."""
    kind = plan.cluster.quorum.type
    return kind == "node-fsw-majority" or (plan.exchange.cluster_type == "ccr" and kind == "majority-node-set")


# ---------------------------------------------------------------- which choices a plan is offered

def offered_editions(plan: "Plan") -> tuple[str, ...]:
    release = windows_of(plan)
    return release.editions if release else vocab.ALL_WINDOWS_EDITIONS


def offered_quorum_types(plan: "Plan") -> tuple[str, ...]:
    release = windows_of(plan)
    return release.quorum_types if release else vocab.QUORUM_TYPES


def offered_prerequisites(plan: "Plan") -> tuple[str, ...]:
    return required_prerequisites(plan) or vocab.PREREQUISITES


# ---------------------------------------------------------------- limits
# What a plan may hold at most, declared once: the format refuses more (import, `plan check`), and
# the wizard neither offers nor accepts more. Every page's work grows with these, so they are also
# what keeps one plan from occupying a server (benchmarks/README.md measures the largest plan).

MAX_TEXT = 255                 # an answer typed in a text box (names, labels, accounts, paths)
MAX_PLAN_NAME = 200            # the plan's name, as the project list stores it
MAX_DESCRIPTION = 2_000        # the project's description, as the New plan form takes it
MAX_NODES = versions.MAX_CLUSTER_NODES
MAX_VIRTUAL_SERVERS = MAX_NODES  # one per node at the very most; the rules want a passive node too
MAX_DISKS = 26                 # one per drive letter, A: to Z:
MAX_DNS_SERVERS = 8            # a node's TCP/IP settings list a few; eight is generous
MAX_STORAGE_GROUPS = 100       # the most one server's count may say (VirtualServer.storage_groups)
TEXT_KINDS = ("text", "unc", "path")


@dataclass(frozen=True)
class Limit:
    """At most `count` items (a list) or characters (text); `why` says where the number comes from."""

    count: int
    why: str = ""


TEXT_LIMIT = Limit(MAX_TEXT)


# ---------------------------------------------------------------- field declarations

@dataclass(frozen=True)
class Spec:
    """How one key is read, written, asked and judged for completeness.

    kind: text | bool | int | choice | ipv4 | network | drive | unc | path | list | object
    `limit`: for a list, the most items; for text, the most characters (MAX_TEXT unless declared).
    """

    kind: str
    label: str = ""
    vocabulary: str | None = None        # a key of vocab.VOCABULARIES: the values and their words
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None
    limit: Limit | None = None
    item: "Spec | None" = None
    cls: type | None = None
    asked: Applies = always              # when the wizard asks it
    required: Applies | None = None      # when the plan is incomplete without it (default: when asked)
    offered: Callable[["Plan"], tuple] | None = None  # the vocabulary's values this plan is offered
    visible: bool = False                # refuses invisible characters (values.invisible_problem)
    example: str = ""                    # a value of this kind for messages ("like C:\\FSW_EXCLUS1")

    @property
    def choices(self) -> tuple:
        return vocab.values(self.vocabulary) if self.vocabulary else ()

    @property
    def max_length(self) -> int | None:
        """The most characters a text answer may have (None for other kinds)."""
        if self.kind not in TEXT_KINDS:
            return None
        return (self.limit or TEXT_LIMIT).count

    @property
    def max_items(self) -> int | None:
        """The most items a list may hold: declared, or its vocabulary's size for a list of choices."""
        if self.kind != "list":
            return None
        if self.limit is not None:
            return self.limit.count
        return len(self.item.choices) if self.item and self.item.vocabulary else None

    def needed(self, plan: "Plan") -> bool:
        return (self.required or self.asked)(plan)

    def options(self, plan: "Plan | None" = None) -> list[tuple[Any, str]]:
        """(value, label) of what the plan is offered, in the vocabulary's order; without a plan,
        the whole vocabulary."""
        if not self.vocabulary:
            return []
        offered = self.offered(plan) if self.offered and plan is not None else None
        return [(value, text) for value, text in vocab.VOCABULARIES[self.vocabulary]
                if offered is None or value in offered]


def answer(kind: str, *, default: Any = MISSING, **spec: Any):
    return field(default=default, metadata={"spec": Spec(kind, **spec)})


def section(cls: type, **spec: Any):
    return field(default_factory=cls, metadata={"spec": Spec("object", cls=cls, **spec)})


def repeated(item: Spec, **spec: Any):
    return field(default=MISSING, metadata={"spec": Spec("list", item=item, **spec)})


def choice(vocabulary: str, **spec: Any):
    return answer("choice", vocabulary=vocabulary, **spec)


# ---------------------------------------------------------------- plan sections

@dataclass
class Exchange:
    version: str = choice("exchange-version", label="Exchange version")
    edition: str = choice("exchange-edition", label="Exchange edition")
    service_pack: int = answer("int", minimum=0, maximum=3, vocabulary="exchange-service-pack",
                               label="Exchange service pack")
    cluster_type: Union[str, None] = choice("cluster-type", nullable=True, asked=exchange_family_2007,
                                            label="Exchange 2007 cluster type")


@dataclass
class Windows:
    version: str = choice("windows-version", label="Windows version")
    edition: str = choice("windows-edition", offered=offered_editions, label="Windows edition")
    service_pack: int = answer("int", minimum=0, maximum=4, vocabulary="windows-service-pack",
                               label="Windows service pack")
    architecture: str = choice("architecture", label="Processor architecture")


@dataclass
class ActiveDirectory:
    forest_root_domain: str = answer("text", label="Forest root domain")
    domain: str = answer("text", label="Domain of the cluster nodes")
    dns_servers: list = repeated(Spec("ipv4"), label="DNS servers", limit=Limit(MAX_DNS_SERVERS))
    dns_dynamic_updates: bool = answer("bool", label="DNS zone accepts dynamic updates")
    forestprep_done: bool = answer("bool", asked=exchange_family_classic,
                                   label="ForestPrep has already been run in this forest")
    forestprep_account_schema_admin: bool = answer(
        "bool", asked=exchange_family_classic, required=forestprep_pending,
        label="The ForestPrep account is in Schema Admins")
    forestprep_account_enterprise_admin: bool = answer(
        "bool", asked=exchange_family_classic, required=forestprep_pending,
        label="The ForestPrep account is in Enterprise Admins")
    domainprep_done: bool = answer("bool", asked=exchange_family_classic,
                                   label="DomainPrep has already been run in the nodes' domain")
    domainprep_account_domain_admin: bool = answer(
        "bool", asked=exchange_family_classic, required=domainprep_pending,
        label="The DomainPrep account is in Domain Admins")
    setup_account_exchange_full_admin: bool = answer(
        "bool", asked=exchange_family_classic, label="The setup account holds Exchange Full Administrator")
    # Added by this project (docs/plan-format.md): names the runbook's commands need. Optional, so
    # plans written before them stay complete.
    exchange_organization: str = answer("text", required=never, label="Exchange organization name")
    administrative_group: str = answer("text", asked=exchange_family_classic, required=never,
                                       label="Administrative group of the virtual servers")
    routing_group: str = answer("text", asked=exchange_family_classic, required=never,
                                label="Routing group of the virtual servers")


@dataclass
class Quorum:
    type: str = choice("quorum-type", offered=offered_quorum_types, label="Quorum type")
    file_share_witness: Union[str, None] = answer(
        "unc", nullable=True, asked=witness_asked, required=witness_required, label="File share witness")
    witness_folder: str = answer("path", asked=witness_asked, required=never, example="C:\\FSW_EXCLUS1",
                                 label="Folder of the witness share on its server")


@dataclass
class Msdtc:
    created_before_setup: bool = answer(
        "bool", asked=needs_msdtc, label="The MSDTC resource will exist and be online before Exchange setup")
    group: str = answer("text", asked=needs_msdtc, label="Cluster group of the MSDTC resource")


@dataclass
class Cluster:
    name: str = answer("text", label="Cluster name")
    ip: str = answer("ipv4", label="Cluster IP address")
    public_network: str = answer("network", label="Public network")
    public_gateway: str = answer("ipv4", required=never, label="Default gateway of the public network")
    private_network: Union[str, None] = answer("network", nullable=True, label="Private (heartbeat) network")
    quorum: Quorum = section(Quorum)
    service_account: Union[str, None] = answer(
        "text", nullable=True, asked=has_service_account, required=is_windows("2000", "2003"),
        label="Cluster service account")
    service_account_local_admin: bool = answer(
        "bool", asked=has_service_account, required=is_windows("2000", "2003"),
        label="The cluster service account is in the local Administrators group of every node")
    service_account_exchange_full_admin: bool = answer(
        "bool", asked=service_account_needs_exchange_admin,
        label="The cluster service account holds Exchange Full Administrator")
    storage_interconnect: str = choice("storage-interconnect", asked=has_shared_storage,
                                       label="Shared storage interconnect")
    hardware_certified: bool = answer(
        "bool", label="The whole cluster solution is certified (Windows catalog / HCL)")
    msdtc: Msdtc = section(Msdtc)


def _prerequisite(key: str):
    return answer("bool", asked=lambda plan: key in offered_prerequisites(plan), required=needs_prerequisite(key),
                  label=vocab.PREREQUISITE_LABELS[key])


@dataclass
class Prerequisites:
    dotnet: bool = _prerequisite("dotnet")
    aspnet: bool = _prerequisite("aspnet")
    www: bool = _prerequisite("www")
    smtp: bool = _prerequisite("smtp")
    nntp: bool = _prerequisite("nntp")
    powershell: bool = _prerequisite("powershell")


@dataclass
class Node:
    name: str = answer("text", label="Node name")
    public_ip: str = answer("ipv4", label="Public IP address")
    private_ip: Union[str, None] = answer("ipv4", nullable=True, label="Private IP address")
    domain: str = answer("text", label="Domain")
    domain_controller: bool = answer("bool", label="Is a domain controller")
    hardware_model: str = answer("text", label="Hardware model")
    binaries_drive: str = answer("drive", label="Drive for Exchange binaries")
    exchange_version: str = choice("exchange-version", label="Exchange version")
    exchange_roles: list = repeated(Spec("choice", vocabulary="exchange-role"), asked=exchange_family_2007,
                                    label="Exchange roles")
    prerequisites: Prerequisites = section(Prerequisites, vocabulary="prerequisite", offered=offered_prerequisites,
                                           label="Windows components installed and running")
    exchange_installed_before_cluster: bool = answer(
        "bool", label="Exchange was installed before the cluster service")
    holds_resources_during_setup: bool = answer(
        "bool", label="Node will own cluster groups during its Exchange setup")


@dataclass
class Disk:
    letter: str = answer("drive", label="Drive letter")
    label: str = answer("text", required=never, label="Volume label")
    purpose: str = choice("disk-purpose", label="Purpose")
    type: str = choice("disk-type", label="Disk type")
    filesystem: str = choice("filesystem", label="File system")
    empty: bool = answer("bool", label="Empty before Exchange setup")
    mount_point: bool = answer("bool", asked=mount_points_need_answer, label="Mounted as a volume mount point")


@dataclass
class Protocols:
    imap4: bool = answer("bool", asked=exchange_family_classic, label="IMAP4 resource wanted")
    pop3: bool = answer("bool", asked=exchange_family_classic, label="POP3 resource wanted")


@dataclass
class VirtualServer:
    name: str = answer("text", label="Name")
    ip: str = answer("ipv4", label="IP address")
    group: str = answer("text", asked=exchange_family_classic, label="Cluster group")
    disks: list = repeated(Spec("drive"), asked=has_shared_storage, label="Disks",
                           limit=Limit(MAX_DISKS, "one per drive letter"))
    storage_groups: int = answer("int", minimum=0, maximum=MAX_STORAGE_GROUPS, asked=exchange_family_classic,
                                 label="Number of storage groups")
    role: str = choice("server-role", asked=exchange_family_classic, label="Role")
    kerberos: bool = answer("bool", asked=exchange_family_classic, required=network_name_kerberos,
                            label="Kerberos enabled on the Network Name")
    protocols: Protocols = section(Protocols, vocabulary="protocol", asked=exchange_family_classic,
                                   label="Protocol resources to add")
    components: list = repeated(Spec("choice", vocabulary="component"), asked=exchange_family_classic,
                                label="Exchange components")
    preferred_owners: list = repeated(Spec("text"), label="Preferred owners",
                                      limit=Limit(MAX_NODES, "the largest cluster"))
    # Added for the failover what-if (docs/plan-format.md). Optional: absent possible owners mean
    # every node, absent load figures are simply not judged.
    possible_owners: list = repeated(Spec("text"), required=never, label="Possible owners",
                                     limit=Limit(MAX_NODES, "the largest cluster"))
    mailboxes: int = answer("int", minimum=0, maximum=100000, required=never, label="Planned mailboxes")
    concurrent_users: int = answer("int", minimum=0, maximum=100000, required=never,
                                   label="Peak concurrent users")


@dataclass
class StorageGroup:
    """One storage group of a server, with its first database, and where their files go."""
    server: str = answer("text", label="Server")
    name: str = answer("text", label="Storage group name")
    database: str = answer("text", label="Database name")
    log_folder: str = answer("path", label="Folder of the transaction logs")
    database_folder: str = answer("path", label="Folder of the database file")


@dataclass
class Setup:
    mode: str = choice("setup-mode", label="Setup mode")
    concurrent_node_installs: bool = answer("bool", label="Run setup on several nodes at the same time")
    node_order: list = repeated(Spec("text"), label="Setup order", limit=Limit(MAX_NODES, "the largest cluster"))


@dataclass
class Plan:
    format: str = answer("text", default=vocab.FORMAT_ID, required=never, label="Format")
    name: str = answer("text", label="Plan name", visible=True, limit=Limit(MAX_PLAN_NAME))
    # Optional free text, asked on Basics; the project list shows it under the name.
    description: str = answer("text", required=never, label="Description", limit=Limit(MAX_DESCRIPTION))
    exchange: Exchange = section(Exchange)
    windows: Windows = section(Windows)
    active_directory: ActiveDirectory = section(ActiveDirectory)
    cluster: Cluster = section(Cluster)
    nodes: list = repeated(Spec("object", cls=Node), label="Nodes", limit=Limit(
        MAX_NODES, "the largest cluster Windows supports: 16 nodes, Windows Server 2008 Enterprise or Datacenter"))
    disks: list = repeated(Spec("object", cls=Disk), asked=has_shared_storage, label="Shared disks",
                           limit=Limit(MAX_DISKS, "one per drive letter"))
    virtual_servers: list = repeated(Spec("object", cls=VirtualServer), label="Virtual servers",
                                     limit=Limit(MAX_VIRTUAL_SERVERS, "one per node of the largest cluster"))
    storage_groups: list = repeated(Spec("object", cls=StorageGroup), required=never, label="Storage groups",
                                    limit=Limit(MAX_STORAGE_GROUPS))
    setup: Setup = section(Setup)

    # Convenience views used by rules, checklists and the diagram.
    @property
    def node_list(self) -> list[Node]:
        return self.nodes if self.nodes is not MISSING else []

    @property
    def disk_list(self) -> list[Disk]:
        return self.disks if self.disks is not MISSING else []

    @property
    def virtual_server_list(self) -> list[VirtualServer]:
        return self.virtual_servers if self.virtual_servers is not MISSING else []

    @property
    def storage_group_list(self) -> list[StorageGroup]:
        return self.storage_groups if self.storage_groups is not MISSING else []


@lru_cache(maxsize=None)
def specs_of(cls: type) -> tuple[tuple[str, Spec], ...]:
    """(key, spec) of a section's fields, in declaration order (looked up once per class)."""
    return tuple((f.name, f.metadata["spec"]) for f in fields(cls))


ROW_CLASSES = {"nodes": Node, "disks": Disk, "virtual_servers": VirtualServer, "storage_groups": StorageGroup}


def row_limit(key: str) -> Limit:
    """The most rows a list of the plan holds ("nodes"), as declared on Plan."""
    spec = dict(specs_of(Plan))[key]
    return spec.limit or Limit(spec.max_items or 0)


def spec_at(path: str) -> Spec | None:
    """The declaration of the answer at a plan path ("nodes[1].prerequisites.www"), or None."""
    from_class: type | None = Plan
    spec: Spec | None = None
    for key in paths.parse(path):
        if isinstance(key, int):
            if spec is None or spec.item is None:
                return None
            spec = spec.item
            from_class = spec.cls
            continue
        if from_class is None:
            return None
        spec = dict(specs_of(from_class)).get(key)
        if spec is None:
            return None
        from_class = spec.cls
    return spec


def cluster_type_problem(exchange_version: Any, cluster_type: Any) -> str | None:
    """Exchange 2007 clusters are SCC or CCR; earlier releases have no cluster type (null)."""
    if not isinstance(exchange_version, str) or cluster_type is MISSING:
        return None
    if exchange_family_2007_version(exchange_version):
        return None if cluster_type is not None else "null is not allowed for Exchange 2007 (scc or ccr)"
    if cluster_type is not None:
        return f"applies to Exchange 2007 only; use null for Exchange {exchange_version}"
    return None


def exchange_family_2007_version(exchange_version: Any) -> bool:
    release = versions.exchange(exchange_version)
    return release is not None and release.family == versions.E2007


def cluster_type_after_version_change(exchange_version: Any, cluster_type: Any) -> Any:
    """What the cluster type becomes when the Exchange version is chosen: null for releases without
    one, unanswered when Exchange 2007 is chosen over a null."""
    if not isinstance(exchange_version, str) or versions.exchange(exchange_version) is None:
        return cluster_type
    if not exchange_family_2007_version(exchange_version):
        return None
    return MISSING if cluster_type is None else cluster_type
