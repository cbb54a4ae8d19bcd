"""What each Exchange and Windows release means for a cluster, declared once.

Everything that depends on a version and is not a rule check or a question's applicability lives
here: the editions and node limits of each Windows release, its quorum models, its cluster tool
and console paths, which Network Name settings it has, how MSDTC is clustered; for each Exchange
release its family, what its clustered servers are called, which Windows components its setup
needs, how directory preparation is run, and which resources its setup creates. The runbook, the
intended cluster state, the diagram and the wizard's choice lists read these tables instead of
asking "is this Windows 2003?" themselves.

Sources are named per fact (the codes are those of the rule catalog, app/domain/rules/catalog.toml).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CLASSIC, E2007 = "classic", "2007"  # the two runbook families: Exchange 2000/2003, and Exchange 2007


@dataclass(frozen=True)
class WindowsRelease:
    version: str
    label: str                       # "Windows Server 2003"
    editions: tuple[str, ...]
    product_names: dict[str, str]    # edition -> the product's own name ("Windows 2000 Advanced Server")
    node_limits: dict[str, int]      # edition -> most nodes in one cluster (S, K1)
    quorum_types: tuple[str, ...]    # quorum models the release offers (K8, E7)
    cluster_tool: str                # the console that manages the cluster
    create_cluster_console: str
    new_group_console: str
    new_resource_console: str
    move_group_console: str
    preferred_owners_console: str
    change_disk_group_console: str
    has_service_account: bool        # Windows 2008 clusters run without a cluster service account
    msdtc_by_comclust: bool          # Windows 2000 clusters MSDTC with comclust.exe on each node
    network_name_kerberos: bool      # the Network Name's RequireKerberos setting (X)
    network_name_require_dns: bool   # "DNS registration must succeed" on the Network Name
    storage_one_node_at_a_time: bool  # shared disks are prepared with the other nodes kept off them
    mount_points_need_answer: bool   # Windows 2000 cannot cluster volume mount points (K7)
    has_failover_clustering_feature: bool  # Windows 2008: a feature to add, and Validate a Configuration
    spare_disk_group: str = "Disk Group {number}"  # where a disk no group claims is kept
    # cluster.exe can create the cluster (`/create`, Windows 2003) and add nodes (`/add`, 2003 and 2008);
    # Windows 2000 does both in its Cluster Service wizard, Windows 2008 creates in its console.
    create_cluster_by_command: bool = False
    join_by_command: bool = False
    backup_console: str = "Start › Run › ntbackup › Backup tab › Microsoft Exchange Server"
    # How the release shows itself in a capture (app/domain/asbuilt): the NT version that
    # `cluster /ver` and systeminfo's "OS Version" begin with, and whether systeminfo exists at all
    # (it is not part of Windows 2000; TechNet, "Systeminfo", Windows Server 2003 command reference).
    nt_version: str = ""
    has_systeminfo: bool = True
    # The service pack number the release itself carries: Windows Server 2008 shares Vista SP1's code
    # base, so its first release (build 6001) says "Service Pack 1" everywhere (KB 949607). See
    # service_pack_level(): the one reading of a service pack answer.
    release_reported_as_service_pack: int = 0
    # Groups the cluster makes by itself and keeps even when empty ("Available Storage", 2008).
    built_in_groups: tuple[str, ...] = ()
    # Windows 2000 and 2003 name a cluster network after the node's connection ("Public") and a
    # disk resource "Disk R:"; Windows 2008 numbers them ("Cluster Network 1", "Cluster Disk 1"),
    # so they are renamed before any command names them (Microsoft "Ask the Core Team" blog,
    # "Cluster Networks in Windows Failover Clustering", 2017; Failover Cluster Management help).
    numbered_network_names: str = ""
    numbered_disk_names: str = ""
    where_networks_are_named: str = ""
    where_disks_are_named: str = ""
    # sc.exe and reg.exe are part of Windows from XP and Server 2003; Windows 2000 has them only in
    # its Support Tools and Resource Kit, so its checks use other commands or a console.
    has_sc_and_reg: bool = True
    # cluster.exe /setnetpriority orders the networks for internal cluster traffic (KB 258750);
    # Windows 2008 orders them by itself.
    network_priority_by_command: bool = False
    network_console: str = ""        # where a cluster network's role and priority are set by hand


@dataclass(frozen=True)
class ExchangeRelease:
    version: str
    family: str
    server_noun: str                 # what one clustered Exchange server is called
    server_noun_plural: str
    setup_command: str               # the setup program on the media
    # The cluster resources Exchange creates for one server, besides those made by hand:
    # (component key, resource type, name pattern). "{server}" is the server's name.
    setup_resources: tuple[tuple[str, str, str], ...] = ()
    # Which resource each of those depends on, by component key ("sa" is the System Attendant).
    setup_dependencies: dict[str, str] = field(default_factory=dict)
    # Protocol resources added by hand after setup, where wanted (2003: IMAP4 and POP3).
    manual_protocols: tuple[str, ...] = ()
    # Exchange 2000 creates IMAP4 and POP3 with the System Attendant.
    protocols_with_system_attendant: tuple[str, ...] = ()
    needs_msdtc: bool = False
    directory_preparation: str = ""  # "forestprep" or "prepare-ad"
    admin_role: str = ""             # the Exchange administrative role setup needs
    # Exchange 2000 virtual servers run as the cluster service account, which needs Exchange Full
    # Administrator (K6: KB 821834).
    service_account_exchange_admin: bool = False
    best_practices_console: str = ""  # where the Exchange Best Practices Analyzer is run
    system_manager_console: str = ""  # where storage groups are made by hand (2000/2003)
    # Failover (app/domain/failover). A cluster of at most this many nodes may run two servers on
    # one node (active/active); a larger one runs one server per node, so a node that already runs
    # one is no place to fail over to. 2000/2003: two nodes (KB 815180, KB 329208); 2007: none,
    # clustered mailbox servers are active/passive (E7).
    shared_nodes_up_to: int = 0
    # The storage groups one node can mount, whichever servers they belong to: four on Exchange
    # 2000/2003 Enterprise (K10: KB 259197); beyond that, a server that fails over mounts only what fits.
    storage_groups_per_node: int | None = None
    # Microsoft's guidance for a two-node active/active cluster, per node while both nodes run, so
    # that one node can carry both servers after a failover: concurrent users (client connections)
    # and average CPU (KB 815180; Exchange Server Analyzer, TechNet aa996872).
    active_active_users_per_node: int | None = None
    active_active_cpu_percent: int | None = None
    # Where setup is on the release's media, for the scripts that run it.
    media_folder: str = ""
    # The Windows service behind each protocol resource; Exchange 2003 setup leaves POP3 and IMAP4
    # disabled, so they are set to start manually on every node before their resource can come
    # online (TechNet bb123629, Exchange 2003 cluster node service settings).
    protocol_services: dict[str, str] = field(default_factory=dict)
    protocol_services_disabled: bool = False
    # What setup itself makes for each server: (storage group, its stores); "{server}" is its name.
    default_storage_group: tuple[str, tuple[str, ...]] = ("", ())
    # Exchange 2007 keeps its install folder in the registry (the Exchange Management Shell's
    # Exchange.ps1 reads it from there); Exchange 2007 sets no %ExchangeInstallPath% variable.
    install_path_value: tuple[str, str] = ("", "")


# Cluster Administrator, the console of Windows 2000 and 2003 clusters.
_CLUSTER_ADMINISTRATOR = dict(
    cluster_tool="Cluster Administrator", network_priority_by_command=True,
    network_console="Cluster Administrator › cluster › Properties › Network Priority; "
                    "each network › Properties",
    new_group_console="Cluster Administrator › File › New › Group",
    new_resource_console="Cluster Administrator › File › New › Resource",
    move_group_console="Cluster Administrator › group › Move Group",
    preferred_owners_console="Cluster Administrator › group › Properties › Preferred owners",
    change_disk_group_console="Cluster Administrator › Physical Disk resource › Change Group",
    has_service_account=True, storage_one_node_at_a_time=True, has_failover_clustering_feature=False)

WINDOWS: dict[str, WindowsRelease] = {
    "2000": WindowsRelease(
        version="2000", label="Windows 2000", editions=("standard", "advanced", "datacenter"),
        product_names={"standard": "Windows 2000 Server", "advanced": "Windows 2000 Advanced Server",
                       "datacenter": "Windows 2000 Datacenter Server"},
        node_limits={"advanced": 2, "datacenter": 4}, quorum_types=("disk",),
        create_cluster_console="Add/Remove Programs › Windows Components › Cluster Service",
        msdtc_by_comclust=True, network_name_kerberos=False, network_name_require_dns=False,
        mount_points_need_answer=True, nt_version="5.0", has_systeminfo=False, has_sc_and_reg=False,
        **_CLUSTER_ADMINISTRATOR),
    "2003": WindowsRelease(
        version="2003", label="Windows Server 2003", editions=("standard", "enterprise", "datacenter"),
        product_names={"standard": "Windows Server 2003, Standard Edition",
                       "enterprise": "Windows Server 2003, Enterprise Edition",
                       "datacenter": "Windows Server 2003, Datacenter Edition"},
        node_limits={"enterprise": 8, "datacenter": 8}, quorum_types=("disk", "majority-node-set", "local"),
        create_cluster_console="Cluster Administrator › File › New › Cluster",
        create_cluster_by_command=True, join_by_command=True, msdtc_by_comclust=False, network_name_kerberos=True,
        network_name_require_dns=True, mount_points_need_answer=False, nt_version="5.2", **_CLUSTER_ADMINISTRATOR),
    "2008": WindowsRelease(
        version="2008", label="Windows Server 2008", editions=("standard", "enterprise", "datacenter"),
        product_names={"standard": "Windows Server 2008 Standard", "enterprise": "Windows Server 2008 Enterprise",
                       "datacenter": "Windows Server 2008 Datacenter"},
        node_limits={"enterprise": 16, "datacenter": 16},
        quorum_types=("disk", "node-majority", "node-disk-majority", "node-fsw-majority"),
        cluster_tool="Failover Cluster Management",
        create_cluster_console="Failover Cluster Management › Create a Cluster",
        new_group_console="Failover Cluster Management › Services and Applications › Configure a Service or Application",
        new_resource_console="Failover Cluster Management › service or application › Add a resource",
        move_group_console="Failover Cluster Management › service or application › Move this service or application",
        preferred_owners_console="Failover Cluster Management › service or application › Properties › Preferred owners",
        change_disk_group_console="Failover Cluster Management › Storage › Add a disk",
        has_service_account=False, msdtc_by_comclust=False, network_name_kerberos=False,
        network_name_require_dns=False, storage_one_node_at_a_time=False, mount_points_need_answer=False,
        has_failover_clustering_feature=True, spare_disk_group="Available Storage", join_by_command=True,
        backup_console="Your Exchange-aware backup application (Windows Server Backup only from Exchange 2007 SP2)",
        nt_version="6.0", release_reported_as_service_pack=1, built_in_groups=("Available Storage",),
        numbered_network_names="Cluster Network 1, Cluster Network 2, …",
        numbered_disk_names="Cluster Disk 1, Cluster Disk 2, …",
        network_console="Failover Cluster Management › cluster › Networks › network › Properties",
        where_networks_are_named="Failover Cluster Management › cluster › Networks: the subnet column tells them "
                                 "apart; network › Properties › Name",
        where_disks_are_named="Failover Cluster Management › Storage: the volume letter under each disk tells "
                              "them apart; disk › Properties › Name"),
}
WINDOWS["2008r2"] = WindowsRelease(**{**WINDOWS["2008"].__dict__, "version": "2008r2",
                                      "label": "Windows Server 2008 R2", "nt_version": "6.1",
                                      "product_names": {edition: name.replace("2008", "2008 R2") for edition, name
                                                        in WINDOWS["2008"].product_names.items()},
                                      "release_reported_as_service_pack": 0})

# The resources an Exchange 2000/2003 System Attendant creates in its group (seed article; KB 259197
# for the MTA, which only the first virtual server of a cluster gets). Exchange 2003 made the
# protocol resources depend on the System Attendant instead of the Information Store, which
# shortens failover (seed article, "Known facts"; Exchange 2003 Deployment Guide).
# The names are the ones Cluster Administrator shows: a protocol resource carries the number of
# its protocol virtual server, which each Exchange server numbers for itself (SMTP from 1, HTTP
# from 100, the "Exchange Virtual Server"; Exchange 2000 numbers IMAP4 and POP3 from 1, and the
# resources added by hand on Exchange 2003 are named the same way). The as-built check matches
# resources by type, so a cluster that numbered otherwise is still compared.
_CLASSIC_RESOURCES = (
    ("information-store", "Microsoft Exchange Information Store", "Exchange Information Store Instance ({server})"),
    ("mta", "Microsoft Exchange Message Transfer Agent", "Exchange Message Transfer Agent Instance ({server})"),
    ("routing", "Microsoft Exchange Routing Service", "Exchange Routing Service Instance ({server})"),
    ("smtp", "SMTP Server Instance", "SMTP Virtual Server Instance 1 ({server})"),
    ("http", "Microsoft Exchange HTTP Server Instance", "Exchange HTTP Virtual Server Instance 100 ({server})"),
    ("ms-search", "Microsoft Search Service Instance", "Exchange MS Search Instance ({server})"),
)
_PROTOCOL_RESOURCES = {
    "imap4": ("Microsoft Exchange IMAP4 Server Instance", "Exchange IMAP4 Virtual Server Instance 1 ({server})"),
    "pop3": ("Microsoft Exchange POP3 Server Instance", "Exchange POP3 Virtual Server Instance 1 ({server})"),
}
# Each Exchange 2000/2003 server starts with one storage group holding a mailbox and a public
# folder store, under the data directory's mdbdata folder (Exchange 2003 Administration Guide).
_CLASSIC_STORAGE_GROUP = ("First Storage Group", ("Mailbox Store ({server})", "Public Folder Store ({server})"))

# How Exchange 2000 and 2003 servers share the nodes of a cluster (see the fields of ExchangeRelease).
_CLASSIC_FAILOVER = dict(shared_nodes_up_to=2, storage_groups_per_node=4, active_active_users_per_node=1900,
                         active_active_cpu_percent=40)

EXCHANGE: dict[str, ExchangeRelease] = {
    "2000": ExchangeRelease(
        version="2000", family=CLASSIC, server_noun="virtual server", server_noun_plural="virtual servers",
        setup_command="setup.exe", setup_resources=_CLASSIC_RESOURCES,
        setup_dependencies={"information-store": "sa", "mta": "sa", "routing": "sa", "smtp": "information-store",
                            "http": "information-store", "ms-search": "information-store",
                            "imap4": "information-store", "pop3": "information-store"},
        protocols_with_system_attendant=("imap4", "pop3"), needs_msdtc=True,
        directory_preparation="forestprep", admin_role="Exchange Full Administrator",
        service_account_exchange_admin=True, media_folder="SETUP\\I386",
        protocol_services={"imap4": "IMAP4Svc", "pop3": "POP3Svc"}, default_storage_group=_CLASSIC_STORAGE_GROUP,
        best_practices_console="Exchange Best Practices Analyzer (ExBPA, downloaded) › Start a new Best Practices scan",
        system_manager_console="Exchange System Manager › Administrative Groups › {group} › Servers › {server}",
        **_CLASSIC_FAILOVER),
    "2003": ExchangeRelease(
        version="2003", family=CLASSIC, server_noun="virtual server", server_noun_plural="virtual servers",
        setup_command="setup.exe", setup_resources=_CLASSIC_RESOURCES,
        setup_dependencies={"information-store": "sa", "mta": "sa", "routing": "sa", "smtp": "sa", "http": "sa",
                            "ms-search": "information-store", "imap4": "sa", "pop3": "sa"},
        manual_protocols=("imap4", "pop3"), needs_msdtc=True,
        directory_preparation="forestprep", admin_role="Exchange Full Administrator",
        media_folder="SETUP\\I386", protocol_services={"imap4": "IMAP4Svc", "pop3": "POP3Svc"},
        protocol_services_disabled=True, default_storage_group=_CLASSIC_STORAGE_GROUP,
        best_practices_console="Exchange Best Practices Analyzer (ExBPA, downloaded) › Start a new Best Practices scan",
        system_manager_console="Exchange System Manager › Administrative Groups › {group} › Servers › {server}",
        **_CLASSIC_FAILOVER),
    "2007": ExchangeRelease(
        version="2007", family=E2007, server_noun="clustered mailbox server",
        server_noun_plural="clustered mailbox servers", setup_command="setup.com",
        # Exchange 2007 setup creates the group and every resource of a clustered mailbox server (E7).
        setup_resources=(
            ("system-attendant", "Microsoft Exchange System Attendant", "Exchange System Attendant Instance ({server})"),
            ("information-store", "Microsoft Exchange Information Store",
             "Exchange Information Store Instance ({server})"),
        ),
        setup_dependencies={"system-attendant": "network-name", "information-store": "system-attendant"},
        directory_preparation="prepare-ad", admin_role="Exchange Organization Administrator",
        best_practices_console="Exchange Management Console › Toolbox › Best Practices Analyzer",
        media_folder="the root of the DVD", install_path_value=("HKLM\\SOFTWARE\\Microsoft\\Exchange\\Setup",
                                                                "MsiInstallPath")),
}

@dataclass(frozen=True)
class ClusterModel:
    """An Exchange 2007 cluster type: single copy (shared disks) or continuous replication."""
    name: str
    shared_storage: bool


CLUSTER_MODELS = {
    "scc": ClusterModel("single copy cluster", shared_storage=True),
    "ccr": ClusterModel("cluster continuous replication", shared_storage=False),  # a copy per node (E7)
}


def cluster_model(cluster_type: Any) -> ClusterModel | None:
    return CLUSTER_MODELS.get(cluster_type) if isinstance(cluster_type, str) else None


# How `net start` names the Windows services behind the prerequisites (the same on 2000 to 2008).
SERVICE_DISPLAY_NAMES = {"www": "World Wide Web Publishing Service", "smtp": "Simple Mail Transfer Protocol (SMTP)",
                         "nntp": "Network News Transfer Protocol (NNTP)"}

# Windows components Exchange setup needs on every node (seed article; TechNet bb124788 for 2003).
_PREREQUISITES = {
    ("2000", None): ("www", "smtp", "nntp"),
    ("2003", "2000"): ("www", "smtp", "nntp"),
    ("2003", None): ("dotnet", "aspnet", "www", "smtp", "nntp"),
    ("2007", None): ("dotnet", "powershell"),
}

# The Windows 2008 features the Exchange 2007 SP1 Mailbox role needs, for ServerManagerCmd (TechNet
# bb691354, "How to Install Exchange 2007 SP1 Prerequisites on Windows Server 2008"); a clustered
# mailbox server also needs Failover-Clustering on every node. Each with the name Server Manager
# shows for it.
MAILBOX_FEATURES_2008 = ("PowerShell", "Web-Server", "Web-ISAPI-Ext", "Web-Metabase", "Web-Lgcy-Mgmt-Console",
                         "Web-Basic-Auth", "Web-Windows-Auth")
MAILBOX_FEATURE_NAMES_2008 = ("Windows PowerShell", "Web Server (IIS)", "ISAPI Extensions",
                              "IIS 6 Metabase Compatibility", "IIS 6 Management Console", "Basic Authentication",
                              "Windows Authentication")

# Exchange 2007 on Windows Server 2003: .NET Framework 2.0 (a Windows component only on Server 2003
# R2), MMC 3.0 and Windows PowerShell 1.0 are downloads; the Mailbox role also needs these Windows
# components (TechNet aa996719, "Exchange 2007 System Requirements").
E2007_DOWNLOADS_2003 = ".NET Framework 2.0, MMC 3.0 and Windows PowerShell 1.0 (downloads from Microsoft)"
E2007_MAILBOX_COMPONENTS_2003 = ("Add or Remove Programs › Add/Remove Windows Components › Application Server: "
                                 "Enable network COM+ access, and Internet Information Services › World Wide Web "
                                 "Service")

# What command-line tools answer, where a script takes an answer other than 0 as success.
# ServerManagerCmd: 1003 "no change needed" (already installed), 3010 installed but a restart is
# needed (TechNet cc733119, "Interpreting Output from Server Manager Commands").
SERVER_MANAGER_ALREADY, SERVER_MANAGER_RESTART = 1003, 3010
# cluster.exe exits with the system error of what failed: 5003 is ERROR_DEPENDENCY_ALREADY_EXISTS.
CLUSTER_DEPENDENCY_EXISTS = 5003
# dnscmd: 9711 is DNS_ERROR_RECORD_ALREADY_EXISTS.
DNS_RECORD_EXISTS = 9711

# Where an Outlook profile names its Exchange server, by Outlook release.
OUTLOOK_SERVER_SETTING = ("Outlook 2003: Tools › E-mail Accounts › View or change existing e-mail accounts › "
                          "Change; Outlook 2007: Tools › Account Settings › E-mail › Change: Microsoft Exchange "
                          "server")

QUORUM_RESOURCES = {
    # quorum type -> (resource type, resource name) of the resource that holds it, in the Cluster Group
    "majority-node-set": ("Majority Node Set", "Majority Node Set"),
    "local": ("Local Quorum", "Local Quorum"),
    "node-fsw-majority": ("File Share Witness", "File Share Witness"),
}
DISK_QUORUM_TYPES = ("disk", "node-disk-majority")

# What the administrator must have done before the quorum is set, by quorum type: a majority node
# set on Windows 2003 reads its witness from the MNSFileShare private property (KB 921181); a node and
# file share majority needs the share first (TechNet cc770620).
QUORUM_NOTES = {
    "disk": "With every node joined, make the planned disk the quorum resource.",
    "node-disk-majority": "With every node joined; the witness disk must be a shared disk in the cluster.",
    "majority-node-set": "With every node joined. Where a file share witness is planned, create and secure the "
                         "share first: the Majority Node Set takes it in its MNSFileShare setting, and moving the "
                         "Cluster Group to another node and back makes it read it.",
    "node-majority": "With every node joined; only the nodes vote.",
    "node-fsw-majority": "With every node joined, and the witness share created and secured first.",
    "local": "A local quorum keeps the cluster on one node: for tests only.",
}
WITNESS_QUORUM_TYPES = ("majority-node-set", "node-fsw-majority")


@dataclass(frozen=True)
class QuorumModel:
    """How many nodes a quorum model needs to keep the cluster running (K8: KB 283715, TechNet
    cc779076; E7 for Windows 2008). A majority model counts votes: one per node, and one for its
    witness (disk or file share); more than half of them must be present. The other models run as
    long as one node holds the quorum resource: any node for a shared quorum disk, only the node
    that has it for a local quorum."""
    majority: bool
    witness_vote: bool = False       # the witness always votes (Windows 2008 node and disk/FSW majority)
    witness_if_set: bool = False     # a majority node set votes with a file share witness only when one is set
    holder_only: bool = False

    def kept(self, nodes: int, up: int, witness_set: bool = False, holder_up: bool = True) -> bool:
        """Whether `up` of the cluster's `nodes` nodes keep it running (the witness, where there is one,
        taken as reachable)."""
        if self.holder_only:
            return up > 0 and holder_up
        if not self.majority:
            return up > 0
        witness = int(self.witness_vote or (self.witness_if_set and witness_set))
        return up > 0 and (up + witness) * 2 > nodes + witness


QUORUM_MODELS = {
    "disk": QuorumModel(majority=False),
    "local": QuorumModel(majority=False, holder_only=True),
    "majority-node-set": QuorumModel(majority=True, witness_if_set=True),
    "node-majority": QuorumModel(majority=True),
    "node-disk-majority": QuorumModel(majority=True, witness_vote=True),
    "node-fsw-majority": QuorumModel(majority=True, witness_vote=True),
}


def quorum_model(quorum_type: Any) -> QuorumModel | None:
    return QUORUM_MODELS.get(quorum_type) if isinstance(quorum_type, str) else None


def quorum_resource_type(quorum_type: Any) -> str | None:
    """The type of the resource `cluster /quorum` names for a quorum model; None for a node majority,
    which has no quorum resource."""
    if quorum_type in DISK_QUORUM_TYPES:
        return "Physical Disk"
    return QUORUM_RESOURCES[quorum_type][0] if quorum_type in QUORUM_RESOURCES else None


def quorum_type_of(resource_type: str | None, windows_version: Any) -> str | None:
    """The quorum model a quorum resource of this type stands for on this release (the first the
    release offers, where two share a resource type); None when none does."""
    release = windows(windows_version)
    offered = release.quorum_types if release else ()
    return next((kind for kind in offered if quorum_resource_type(kind) == resource_type), None)


def windows(version: Any) -> WindowsRelease | None:
    return WINDOWS.get(version) if isinstance(version, str) else None


def windows_product(version: Any, edition: Any) -> str | None:
    """The product's name for a Windows release and edition, as Microsoft spells it: "Windows 2000
    Advanced Server", "Windows Server 2003, Enterprise Edition" (None for an unknown pair)."""
    release = windows(version)
    return release.product_names.get(edition) if release and isinstance(edition, str) else None


def exchange(version: Any) -> ExchangeRelease | None:
    return EXCHANGE.get(version) if isinstance(version, str) else None


def prerequisites(exchange_version: Any, windows_version: Any) -> tuple[str, ...]:
    """The Windows components every node needs for these versions; () while they are unknown."""
    if not isinstance(exchange_version, str):
        return ()
    if (exchange_version, windows_version) in _PREREQUISITES:
        return _PREREQUISITES[(exchange_version, windows_version)]
    if exchange_version == "2003" and not isinstance(windows_version, str):
        return _PREREQUISITES[("2003", "2000")]  # what every Windows release needs, until it is chosen
    return _PREREQUISITES.get((exchange_version, None), ())


def protocol_resource(key: str) -> tuple[str, str]:
    return _PROTOCOL_RESOURCES[key]


def windows_of_nt_version(nt_version: str | None) -> WindowsRelease | None:
    """The release whose NT version is "5.2", "6.0", ... as a capture shows it (None when unknown)."""
    return next((release for release in WINDOWS.values() if nt_version and release.nt_version == nt_version), None)


def service_pack_level(windows_version: Any, service_pack: Any) -> Any:
    """A Windows service pack, in a plan or as systeminfo reports it, as the build it names. The first
    release of Windows Server 2008 is build 6001, which Windows reports as "Service Pack 1" (KB 949607):
    for it a plan's 0 ("none (release)") and 1 ("SP1") name the same build and both read as 1. Any
    other number, and every other release, stands as it is. The as-built comparison and the Nodes
    prefill both compare service packs through this, so they read them alike."""
    release = windows(windows_version)
    reported = release.release_reported_as_service_pack if release else 0
    return reported if reported and service_pack == 0 else service_pack


# Edition words as systeminfo's "OS Name" and `cluster /ver` write them, most specific first
# ("Microsoft(R) Windows(R) Server 2003, Enterprise Edition", "Microsoft Windows 2000 Advanced Server").
WINDOWS_EDITION_WORDS = (("datacenter", "Datacenter"), ("enterprise", "Enterprise"),
                         ("advanced", "Advanced Server"), ("standard", "Standard"))


def node_limit(windows_version: Any, edition: Any) -> int | None:
    release = windows(windows_version)
    return release.node_limits.get(edition) if release and isinstance(edition, str) else None


# The most nodes any Windows release here puts in one cluster (Windows Server 2008 Enterprise and
# Datacenter: 16): no plan the product supports is larger (K1, E7).
MAX_CLUSTER_NODES = max(limit for release in WINDOWS.values() for limit in release.node_limits.values())
