"""Closed vocabularies of the `exchange-cluster-plan/1` format.

Kept in one place so the format loader, the wizard's choice lists and the
rules all agree on the same spelling.
"""

FORMAT_ID = "exchange-cluster-plan/1"

EXCHANGE_VERSIONS = ("2000", "2003", "2007")
EXCHANGE_EDITIONS = ("standard", "enterprise")
EXCHANGE_SERVICE_PACKS = range(0, 4)
CLUSTER_TYPES = ("scc", "ccr")

WINDOWS_VERSIONS = ("2000", "2003", "2008", "2008r2")
WINDOWS_EDITIONS = {
    "2000": ("standard", "advanced", "datacenter"),
    "2003": ("standard", "enterprise", "datacenter"),
    "2008": ("standard", "enterprise", "datacenter"),
    "2008r2": ("standard", "enterprise", "datacenter"),
}
ALL_WINDOWS_EDITIONS = ("standard", "advanced", "enterprise", "datacenter")
WINDOWS_SERVICE_PACKS = range(0, 5)
ARCHITECTURES = ("x86", "x64")

QUORUM_TYPES = (
    "disk", "majority-node-set", "local",
    "node-majority", "node-disk-majority", "node-fsw-majority",
)
# Quorum models each Windows release offers (KB 283715, TechNet cc779076).
QUORUM_TYPES_BY_WINDOWS = {
    "2000": ("disk",),
    "2003": ("disk", "majority-node-set", "local"),
    "2008": ("disk", "node-majority", "node-disk-majority", "node-fsw-majority"),
    "2008r2": ("disk", "node-majority", "node-disk-majority", "node-fsw-majority"),
}
STORAGE_INTERCONNECTS = ("scsi", "fibre-channel", "iscsi", "sas")

DISK_PURPOSES = ("quorum", "exchange", "msdtc", "other")
DISK_TYPES = ("basic", "dynamic")
FILESYSTEMS = ("ntfs", "fat32", "fat")

EXCHANGE_ROLES = ("mailbox", "hub-transport", "client-access", "unified-messaging", "edge-transport")
PREREQUISITES = ("dotnet", "aspnet", "www", "smtp", "nntp", "powershell")

VS_ROLES = ("back-end", "front-end")
SUPPORTED_COMPONENTS = ("system-attendant", "information-store", "routing", "smtp", "http", "ms-search", "mta")
UNSUPPORTED_COMPONENTS = (
    "site-replication-service", "active-directory-connector", "nntp", "notes-connector",
    "groupwise-connector", "calendar-connector", "event-service",
)
COMPONENTS = SUPPORTED_COMPONENTS + UNSUPPORTED_COMPONENTS

SETUP_MODES = ("attended", "unattended")

DEFAULT_CLUSTER_GROUP = "Cluster Group"

# Human labels, shared by the wizard and the printouts.
PREREQUISITE_LABELS = {
    "dotnet": ".NET Framework",
    "aspnet": "ASP.NET",
    "www": "World Wide Web Publishing service (IIS)",
    "smtp": "SMTP service",
    "nntp": "NNTP service",
    "powershell": "Windows PowerShell",
}
WINDOWS_VERSION_LABELS = {
    "2000": "Windows 2000 Server", "2003": "Windows Server 2003",
    "2008": "Windows Server 2008", "2008r2": "Windows Server 2008 R2",
}
WINDOWS_EDITION_LABELS = {
    "standard": "Standard", "advanced": "Advanced Server",
    "enterprise": "Enterprise", "datacenter": "Datacenter",
}
QUORUM_LABELS = {
    "disk": "Disk (shared quorum disk)",
    "majority-node-set": "Majority Node Set",
    "local": "Local quorum (single node, test only)",
    "node-majority": "Node Majority",
    "node-disk-majority": "Node and Disk Majority",
    "node-fsw-majority": "Node and File Share Majority",
}

COMPONENT_LABELS = {
    "system-attendant": "System Attendant", "information-store": "Information Store", "routing": "Routing",
    "smtp": "SMTP", "http": "HTTP (Outlook Web Access)", "ms-search": "MS Search", "mta": "MTA",
    "site-replication-service": "Site Replication Service", "active-directory-connector": "Active Directory Connector",
    "nntp": "NNTP", "notes-connector": "Lotus Notes connector", "groupwise-connector": "GroupWise connector",
    "calendar-connector": "Calendar connector", "event-service": "Event Service",
}
ROLE_LABELS = {
    "mailbox": "Mailbox", "hub-transport": "Hub Transport", "client-access": "Client Access",
    "unified-messaging": "Unified Messaging", "edge-transport": "Edge Transport",
}
