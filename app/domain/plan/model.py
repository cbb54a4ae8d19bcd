"""Typed plan objects for an Exchange cluster plan.

Every leaf may hold ``MISSING``: the key was absent, so the question has not
been answered yet. ``None`` is a real answer ("no private network"). Each field
carries a :class:`Spec` in its metadata that drives loading, dumping and the
completeness report, so the shape of the format is declared exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Union

from app.domain.plan import vocab


class _Missing:
    """Sentinel for "not answered yet"; falsy so `if value:` reads naturally."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "MISSING"

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


MISSING: Any = _Missing()


def answered(*values: Any) -> bool:
    """True when none of the values is MISSING."""
    return all(value is not MISSING for value in values)


# ---------------------------------------------------------------- applicability
# Predicates over the plan that decide whether a question must be answered.

def is_exchange(*versions: str) -> Callable[["Plan"], bool]:
    return lambda plan: plan.exchange.version in versions


def is_windows(*versions: str) -> Callable[["Plan"], bool]:
    return lambda plan: plan.windows.version in versions


def has_shared_storage(plan: "Plan") -> bool:
    """CCR keeps a copy of the data on each node; every other model shares disks."""
    return plan.exchange.cluster_type != "ccr"


def needs_prerequisite(component: str) -> Callable[["Plan"], bool]:
    def required(plan: "Plan") -> bool:
        return component in required_prerequisites(plan)
    return required


def required_prerequisites(plan: "Plan") -> tuple[str, ...]:
    """Windows components Exchange setup needs on every node, by version."""
    exchange, windows = plan.exchange.version, plan.windows.version
    if exchange == "2007":
        return ("dotnet", "powershell")
    if exchange == "2003" and windows not in ("2000", MISSING):
        return ("dotnet", "aspnet", "www", "smtp", "nntp")
    if exchange in ("2000", "2003"):
        return ("www", "smtp", "nntp")
    return ()


def forestprep_pending(plan: "Plan") -> bool:
    return plan.exchange.version in ("2000", "2003") and plan.active_directory.forestprep_done is False


def domainprep_pending(plan: "Plan") -> bool:
    return plan.exchange.version in ("2000", "2003") and plan.active_directory.domainprep_done is False


def needs_file_share_witness_answer(plan: "Plan") -> bool:
    """The witness question matters for a node and file share majority quorum, and for CCR on a
    majority node set (where ccr-quorum-witness judges it)."""
    kind = plan.cluster.quorum.type
    return kind == "node-fsw-majority" or (plan.exchange.cluster_type == "ccr" and kind == "majority-node-set")


def always(plan: "Plan") -> bool:
    return True


# ---------------------------------------------------------------- field specs

@dataclass(frozen=True)
class Spec:
    """How one key is read, written and judged for completeness.

    kind: text | bool | int | choice | ipv4 | network | drive | unc | list | object
    """

    kind: str
    choices: tuple = ()
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None
    item: "Spec | None" = None
    cls: type | None = None
    required: Callable[["Plan"], bool] = always
    label: str = ""


def answer(kind: str, *, default: Any = MISSING, **spec: Any):
    return field(default=default, metadata={"spec": Spec(kind, **spec)})


def section(cls: type, **spec: Any):
    return field(default_factory=cls, metadata={"spec": Spec("object", cls=cls, **spec)})


def repeated(item: Spec, **spec: Any):
    return field(default=MISSING, metadata={"spec": Spec("list", item=item, **spec)})


# ---------------------------------------------------------------- plan sections

@dataclass
class Exchange:
    version: str = answer("choice", choices=vocab.EXCHANGE_VERSIONS, label="Exchange version")
    edition: str = answer("choice", choices=vocab.EXCHANGE_EDITIONS, label="Exchange edition")
    service_pack: int = answer("int", minimum=0, maximum=3, label="Exchange service pack")
    cluster_type: Union[str, None] = answer(
        "choice", choices=vocab.CLUSTER_TYPES, nullable=True,
        required=is_exchange("2007"), label="Exchange 2007 cluster type")


@dataclass
class Windows:
    version: str = answer("choice", choices=vocab.WINDOWS_VERSIONS, label="Windows version")
    edition: str = answer("choice", choices=vocab.ALL_WINDOWS_EDITIONS, label="Windows edition")
    service_pack: int = answer("int", minimum=0, maximum=4, label="Windows service pack")
    architecture: str = answer("choice", choices=vocab.ARCHITECTURES, label="Processor architecture")


_EX2000_2003 = is_exchange("2000", "2003")


@dataclass
class ActiveDirectory:
    forest_root_domain: str = answer("text", label="Forest root domain")
    domain: str = answer("text", label="Domain of the cluster nodes")
    dns_servers: list = repeated(Spec("ipv4"), label="DNS servers")
    dns_dynamic_updates: bool = answer("bool", label="DNS accepts dynamic updates")
    forestprep_done: bool = answer("bool", required=_EX2000_2003, label="ForestPrep already run")
    forestprep_account_schema_admin: bool = answer(
        "bool", required=forestprep_pending, label="ForestPrep account is a Schema Admin")
    forestprep_account_enterprise_admin: bool = answer(
        "bool", required=forestprep_pending, label="ForestPrep account is an Enterprise Admin")
    domainprep_done: bool = answer("bool", required=_EX2000_2003, label="DomainPrep already run")
    domainprep_account_domain_admin: bool = answer(
        "bool", required=domainprep_pending, label="DomainPrep account is a Domain Admin")
    setup_account_exchange_full_admin: bool = answer(
        "bool", required=_EX2000_2003, label="Setup account has Exchange Full Administrator")


@dataclass
class Quorum:
    type: str = answer("choice", choices=vocab.QUORUM_TYPES, label="Quorum type")
    file_share_witness: Union[str, None] = answer(
        "unc", nullable=True, required=needs_file_share_witness_answer,
        label="File share witness")


@dataclass
class Msdtc:
    created_before_setup: bool = answer("bool", required=_EX2000_2003, label="MSDTC created before Exchange setup")
    group: str = answer("text", required=_EX2000_2003, label="MSDTC cluster group")


@dataclass
class Cluster:
    name: str = answer("text", label="Cluster name")
    ip: str = answer("ipv4", label="Cluster IP address")
    public_network: str = answer("network", label="Public network")
    private_network: Union[str, None] = answer("network", nullable=True, label="Private (heartbeat) network")
    quorum: Quorum = section(Quorum)
    service_account: Union[str, None] = answer(
        "text", nullable=True, required=is_windows("2000", "2003"), label="Cluster service account")
    service_account_local_admin: bool = answer(
        "bool", required=is_windows("2000", "2003"),
        label="Service account is in local Administrators on every node")
    service_account_exchange_full_admin: bool = answer(
        "bool", required=is_exchange("2000"), label="Service account has Exchange Full Administrator")
    storage_interconnect: str = answer(
        "choice", choices=vocab.STORAGE_INTERCONNECTS, required=has_shared_storage,
        label="Storage interconnect")
    hardware_certified: bool = answer("bool", label="Hardware certified for clustering")
    msdtc: Msdtc = section(Msdtc)


@dataclass
class Prerequisites:
    dotnet: bool = answer("bool", required=needs_prerequisite("dotnet"), label=".NET Framework")
    aspnet: bool = answer("bool", required=needs_prerequisite("aspnet"), label="ASP.NET")
    www: bool = answer("bool", required=needs_prerequisite("www"), label="WWW service")
    smtp: bool = answer("bool", required=needs_prerequisite("smtp"), label="SMTP service")
    nntp: bool = answer("bool", required=needs_prerequisite("nntp"), label="NNTP service")
    powershell: bool = answer("bool", required=needs_prerequisite("powershell"), label="PowerShell")


@dataclass
class Node:
    name: str = answer("text", label="Node name")
    public_ip: str = answer("ipv4", label="Public IP address")
    private_ip: Union[str, None] = answer("ipv4", nullable=True, label="Private IP address")
    domain: str = answer("text", label="Domain")
    domain_controller: bool = answer("bool", label="Node is a domain controller")
    hardware_model: str = answer("text", label="Hardware model")
    binaries_drive: str = answer("drive", label="Exchange binaries drive")
    exchange_version: str = answer("choice", choices=vocab.EXCHANGE_VERSIONS, label="Exchange version on node")
    exchange_roles: list = repeated(
        Spec("choice", choices=vocab.EXCHANGE_ROLES), required=is_exchange("2007"), label="Exchange roles")
    prerequisites: Prerequisites = section(Prerequisites)
    exchange_installed_before_cluster: bool = answer(
        "bool", label="Exchange was installed before the cluster service")
    holds_resources_during_setup: bool = answer(
        "bool", label="Node owns cluster resources during setup")


def _mount_points_matter(plan: "Plan") -> bool:
    return plan.windows.version == "2000"


@dataclass
class Disk:
    letter: str = answer("drive", label="Drive letter")
    label: str = answer("text", required=lambda plan: False, label="Volume label")
    purpose: str = answer("choice", choices=vocab.DISK_PURPOSES, label="Purpose")
    type: str = answer("choice", choices=vocab.DISK_TYPES, label="Disk type")
    filesystem: str = answer("choice", choices=vocab.FILESYSTEMS, label="File system")
    empty: bool = answer("bool", label="Empty before Exchange setup")
    mount_point: bool = answer("bool", required=_mount_points_matter, label="Uses a volume mount point")


@dataclass
class Protocols:
    imap4: bool = answer("bool", required=_EX2000_2003, label="IMAP4 resource wanted")
    pop3: bool = answer("bool", required=_EX2000_2003, label="POP3 resource wanted")


@dataclass
class VirtualServer:
    name: str = answer("text", label="Name")
    ip: str = answer("ipv4", label="IP address")
    group: str = answer("text", required=_EX2000_2003, label="Cluster group")
    disks: list = repeated(Spec("drive"), required=has_shared_storage, label="Disks")
    storage_groups: int = answer("int", minimum=0, maximum=100, required=_EX2000_2003, label="Storage groups")
    role: str = answer("choice", choices=vocab.VS_ROLES, required=_EX2000_2003, label="Role")
    kerberos: bool = answer(
        "bool", required=lambda plan: plan.exchange.version == "2003" and plan.windows.version == "2003",
        label="Kerberos enabled on the Network Name")
    protocols: Protocols = section(Protocols)
    components: list = repeated(
        Spec("choice", choices=vocab.COMPONENTS), required=_EX2000_2003, label="Components")
    preferred_owners: list = repeated(Spec("text"), label="Preferred owners")


@dataclass
class Setup:
    mode: str = answer("choice", choices=vocab.SETUP_MODES, label="Setup mode")
    concurrent_node_installs: bool = answer("bool", label="Run setup on several nodes at the same time")
    node_order: list = repeated(Spec("text"), label="Node order")


@dataclass
class Plan:
    format: str = answer("choice", choices=(vocab.FORMAT_ID,), default=vocab.FORMAT_ID, label="Format")
    name: str = answer("text", label="Plan name")
    # The project's description travels with an exported plan; the wizard keeps it on the project.
    description: str = answer("text", required=lambda plan: False, label="Description")
    exchange: Exchange = section(Exchange)
    windows: Windows = section(Windows)
    active_directory: ActiveDirectory = section(ActiveDirectory)
    cluster: Cluster = section(Cluster)
    nodes: list = repeated(Spec("object", cls=Node), label="Nodes")
    disks: list = repeated(Spec("object", cls=Disk), required=has_shared_storage, label="Shared disks")
    virtual_servers: list = repeated(Spec("object", cls=VirtualServer), label="Virtual servers")
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
    def is_2007(self) -> bool:
        return self.exchange.version == "2007"


def spec_of(cls: type, name: str) -> Spec:
    return cls.__dataclass_fields__[name].metadata["spec"]
