"""The closed vocabularies of the `exchange-cluster-plan/1` format, with the words for each value.

One table: the format loader accepts exactly these values, the wizard offers them in this order
with these labels, and the rules, the runbook and the printouts name them the same way. Which of
them a plan is offered where the choice depends on its versions (editions, quorum models) is a
version fact, in app/domain/versions.py.
"""
from __future__ import annotations

FORMAT_ID = "exchange-cluster-plan/1"

Vocabulary = tuple[tuple[object, str], ...]

VOCABULARIES: dict[str, Vocabulary] = {
    "exchange-version": (("2000", "Exchange 2000 Server"), ("2003", "Exchange Server 2003"),
                         ("2007", "Exchange Server 2007")),
    "exchange-edition": (("enterprise", "Enterprise"), ("standard", "Standard")),
    "exchange-service-pack": ((0, "None (release)"), (1, "SP1"), (2, "SP2"), (3, "SP3")),
    "cluster-type": (("scc", "Single copy cluster (SCC, shared storage)"),
                     ("ccr", "Cluster continuous replication (CCR, two nodes)")),
    "windows-version": (("2000", "Windows 2000 Server"), ("2003", "Windows Server 2003"),
                        ("2008", "Windows Server 2008"), ("2008r2", "Windows Server 2008 R2")),
    "windows-edition": (("standard", "Standard"), ("advanced", "Advanced Server"), ("enterprise", "Enterprise"),
                        ("datacenter", "Datacenter")),
    "windows-service-pack": ((0, "None (release)"), (1, "SP1"), (2, "SP2"), (3, "SP3"), (4, "SP4")),
    "architecture": (("x86", "x86 (32-bit)"), ("x64", "x64 (64-bit)")),
    "quorum-type": (("disk", "Disk (shared quorum disk)"), ("majority-node-set", "Majority Node Set"),
                    ("local", "Local quorum (single node, test only)"), ("node-majority", "Node Majority"),
                    ("node-disk-majority", "Node and Disk Majority"),
                    ("node-fsw-majority", "Node and File Share Majority")),
    "storage-interconnect": (("fibre-channel", "Fibre Channel"), ("scsi", "Shared SCSI"), ("iscsi", "iSCSI"),
                             ("sas", "Serial attached SCSI (SAS)")),
    "disk-purpose": (("exchange", "Exchange data"), ("quorum", "Quorum"), ("msdtc", "MSDTC"), ("other", "Other")),
    "disk-type": (("basic", "Basic"), ("dynamic", "Dynamic")),
    "filesystem": (("ntfs", "NTFS"), ("fat32", "FAT32"), ("fat", "FAT")),
    "exchange-role": (("mailbox", "Mailbox"), ("hub-transport", "Hub Transport"), ("client-access", "Client Access"),
                      ("unified-messaging", "Unified Messaging"), ("edge-transport", "Edge Transport")),
    "prerequisite": (("dotnet", ".NET Framework"), ("aspnet", "ASP.NET"),
                     ("www", "World Wide Web Publishing service (IIS)"), ("smtp", "SMTP service"),
                     ("nntp", "NNTP service"), ("powershell", "Windows PowerShell")),
    "server-role": (("back-end", "Back-end (mailbox)"), ("front-end", "Front-end")),
    "component": (("system-attendant", "System Attendant"), ("information-store", "Information Store"),
                  ("routing", "Routing"), ("smtp", "SMTP"), ("http", "HTTP (Outlook Web Access)"),
                  ("ms-search", "MS Search"), ("mta", "MTA"),
                  ("site-replication-service", "Site Replication Service"),
                  ("active-directory-connector", "Active Directory Connector"), ("nntp", "NNTP"),
                  ("notes-connector", "Lotus Notes connector"), ("groupwise-connector", "GroupWise connector"),
                  ("calendar-connector", "Calendar connector"), ("event-service", "Event Service")),
    "protocol": (("imap4", "IMAP4 resource"), ("pop3", "POP3 resource")),
    "setup-mode": (("attended", "Attended, at each node's console"), ("unattended", "Unattended (answer file)")),
    "yes-no": ((True, "Yes"), (False, "No")),
}


def values(name: str) -> tuple:
    return tuple(value for value, _ in VOCABULARIES[name])


def labels(name: str) -> dict:
    return dict(VOCABULARIES[name])


def label(name: str, value) -> str:
    return labels(name).get(value, str(value))


# The vocabularies by the names the rest of the code has always used.
EXCHANGE_VERSIONS = values("exchange-version")
EXCHANGE_EDITIONS = values("exchange-edition")
CLUSTER_TYPES = values("cluster-type")
WINDOWS_VERSIONS = values("windows-version")
ALL_WINDOWS_EDITIONS = values("windows-edition")
ARCHITECTURES = values("architecture")
QUORUM_TYPES = values("quorum-type")
STORAGE_INTERCONNECTS = values("storage-interconnect")
DISK_PURPOSES = values("disk-purpose")
DISK_TYPES = values("disk-type")
FILESYSTEMS = values("filesystem")
EXCHANGE_ROLES = values("exchange-role")
PREREQUISITES = values("prerequisite")
VS_ROLES = values("server-role")
COMPONENTS = values("component")
SUPPORTED_COMPONENTS = COMPONENTS[:7]
UNSUPPORTED_COMPONENTS = COMPONENTS[7:]
SETUP_MODES = values("setup-mode")

DEFAULT_CLUSTER_GROUP = "Cluster Group"

PREREQUISITE_LABELS = labels("prerequisite")
WINDOWS_VERSION_LABELS = labels("windows-version")
WINDOWS_EDITION_LABELS = labels("windows-edition")
QUORUM_LABELS = labels("quorum-type")
COMPONENT_LABELS = labels("component")
ROLE_LABELS = labels("exchange-role")
