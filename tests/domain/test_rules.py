"""Table-driven tests of every rule in the stored catalog, the way linters test their rules.

For each rule id there is at least one plan on which it fires (with the exact subject
and a message naming the offending value) and at least one on which it stays silent.
Plans are clean base plans (see plans.py) with one small change each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from app.domain.plan import load_plan
from app.domain.rules import check, load_catalog

from tests.domain.plans import (
    BASES, DELETE, EXPECTED_ON_CLEAN_BASE, Change, add_nodes, add_virtual_servers, build, findings_of, get_in,
    keep_nodes, on_every_node, rename_node, report_of, rule_ids, steps,
)

CATALOG = load_catalog()
RULE_IDS = [rule.id for rule in CATALOG.rules]

W3 = "ex2003-win2003"      # the documented example
W2 = "ex2003-win2000"
X0 = "ex2000-win2000"
SCC3 = "ex2007-scc-win2003"
SCC8 = "ex2007-scc-win2008"
CCR8 = "ex2007-ccr-win2008"
CCR3 = "ex2007-ccr-win2003"

EXAMPLE_COMPONENTS = ["system-attendant", "information-store", "routing", "smtp", "http", "ms-search", "mta"]
UNSUPPORTED = ["site-replication-service", "active-directory-connector", "nntp", "notes-connector",
               "groupwise-connector", "calendar-connector", "event-service"]


@dataclass(frozen=True)
class Fires:
    rule: str
    base: str
    change: Change
    subject: str
    shows: tuple[str, ...] = ()              # the offending value(s), named in the message
    severity: str | None = None             # when the severity depends on the version
    remediation_shows: tuple[str, ...] = ()
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.label}" if self.label else self.rule


@dataclass(frozen=True)
class Silent:
    rule: str
    base: str
    change: Change = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.label}" if self.label else self.rule


@dataclass(frozen=True)
class NotApplicable:
    """A plan on which the rule's condition holds but the rule does not apply to its versions."""
    rule: str
    base: str
    change: Change = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.label}" if self.label else self.rule


def pool_of_six(doc: dict) -> dict:
    """10.0.0.48/29 has exactly 6 usable addresses: 1 cluster + 3 nodes + 2 virtual servers."""
    doc = add_virtual_servers(1)(add_nodes(1)(doc))
    doc["cluster"]["public_network"] = "10.0.0.48/29"
    doc["cluster"]["ip"] = "10.0.0.49"
    for index, node in enumerate(doc["nodes"]):
        node["public_ip"] = f"10.0.0.{50 + index}"
    for index, server in enumerate(doc["virtual_servers"]):
        server["ip"] = f"10.0.0.{53 + index}"
    return doc


def without_quorum_disk(doc: dict) -> dict:
    doc["disks"] = [disk for disk in doc["disks"] if disk["purpose"] != "quorum"]
    return doc


SG = {"server": "EXVS1", "name": "SG1", "database": "Mailbox Store (EXVS1)", "log_folder": "S:\\SG1\\Logs",
        "database_folder": "R:\\SG1"}

# Four nodes, two servers: each prefers its own node, then EXNODE3, then EXNODE4.
SHARED_FIRST_CHOICE = {"virtual_servers[0].preferred_owners": ["EXNODE1", "EXNODE3", "EXNODE4"],
                       "virtual_servers[1].preferred_owners": ["EXNODE2", "EXNODE3", "EXNODE4"]}
# Four storage groups planned for EXVS2 (on its disk T:), one more than its count says.
FOUR_FOR_EXVS2 = [dict(SG, server="EXVS2", name=f"SG{n}", database=f"Store {n}", log_folder=f"T:\\SG{n}\\Logs",
                       database_folder=f"T:\\SG{n}") for n in range(1, 5)]

NO_PRIVATE_NETWORK = steps({"cluster.private_network": None}, on_every_node("private_ip", None))

FIRES = [
    # ------------------------------------------------------------ basics
    Fires("exchange-edition-enterprise", W3, {"exchange.edition": "standard"}, "exchange.edition", ("standard",)),
    Fires("exchange-edition-enterprise", SCC8, {"exchange.edition": "standard"}, "exchange.edition", ("standard",),
          label="2007"),
    Fires("windows-edition-clusterable", W3, {"windows.edition": "standard"}, "windows.edition", ("standard",)),
    Fires("windows-edition-clusterable", X0, {"windows.edition": "standard"}, "windows.edition", ("standard",),
          label="windows2000"),
    Fires("nodes-min-two", W3, keep_nodes(1), "nodes", ("1 node",)),
    Fires("nodes-min-two", W3, keep_nodes(0), "nodes", ("0 node",), label="none"),
    Fires("nodes-max-for-edition", X0, add_nodes(1), "nodes", ("3 nodes", "2-node", "Advanced")),
    Fires("nodes-max-for-edition", X0, steps({"windows.edition": "datacenter"}, add_nodes(3)), "nodes",
          ("5 nodes", "4-node", "Datacenter"), label="windows2000-datacenter"),
    Fires("nodes-max-for-edition", W3, add_nodes(7), "nodes", ("9 nodes", "8-node"), label="windows2003"),
    # (Windows 2008's limit, 16 nodes, is the format's own: a 17-node plan is refused as a whole.)
    Fires("nodes-max-for-edition", W3, steps({"windows.edition": "datacenter"}, add_nodes(7)), "nodes",
          ("9 nodes", "8-node", "Datacenter"), label="windows2003-datacenter"),
    Fires("scc-max-nodes", SCC8, add_nodes(7), "nodes", ("9 nodes",)),
    Fires("scc-max-nodes", SCC3, add_nodes(7), "nodes", ("9 nodes",), label="windows2003"),
    Fires("ccr-two-nodes", CCR8, add_nodes(1), "nodes", ("3 node",)),
    Fires("ccr-two-nodes", CCR8, keep_nodes(1), "nodes", ("1 node",), label="one-node"),
    Fires("exchange2000-windows2000-only", X0, {"windows.version": "2003", "windows.edition": "enterprise"},
          "windows.version", ("2003",)),
    Fires("exchange2003-windows2000-sp4", W2, {"windows.service_pack": 3}, "windows.service_pack",
          ("service pack 3",)),
    Fires("exchange2003-x86-only", W3, {"windows.architecture": "x64"}, "windows.architecture", ("x64",)),
    Fires("exchange2003-x86-only", X0, {"windows.architecture": "x64"}, "windows.architecture", ("x64", "2000"),
          label="exchange2000"),
    Fires("exchange2003-prefer-windows2003", W2, None, "windows.version", ("Windows 2000",)),
    Fires("exchange2003-windows-version", W3, {"windows.version": "2008"}, "windows.version", ("2008",)),
    Fires("exchange2007-x64-only", SCC3, {"windows.architecture": "x86"}, "windows.architecture", ("x86",)),
    Fires("exchange2007-windows-version", SCC8, {"exchange.service_pack": 0}, "exchange.service_pack",
          ("service pack 0",), label="windows2008-rtm"),
    Fires("exchange2007-windows-version", SCC8, {"windows.version": "2008r2"}, "windows.version", ("2008 R2",),
          label="windows2008r2"),
    Fires("exchange2007-windows-version", SCC3, {"windows.version": "2000", "windows.edition": "advanced"},
          "windows.version", ("Windows 2000",), label="windows2000"),
    Fires("nodes-same-exchange-version", W3, {"nodes[1].exchange_version": "2000"}, "nodes[1].exchange_version",
          ("EXNODE2", "2000")),
    Fires("nodes-identical-hardware", W3, {"nodes[1].hardware_model": "PowerEdge 2850"}, "nodes[1].hardware_model",
          ("PowerEdge 2850", "EXNODE2")),
    Fires("hardware-certified", W3, {"cluster.hardware_certified": False}, "cluster.hardware_certified"),

    # ------------------------------------------------------------ active directory
    Fires("dns-server-present", W3, {"active_directory.dns_servers": []}, "active_directory.dns_servers"),
    Fires("dns-dynamic-updates", W3, {"active_directory.dns_dynamic_updates": False},
          "active_directory.dns_dynamic_updates", severity="error"),
    Fires("dns-dynamic-updates", X0, {"active_directory.dns_dynamic_updates": False},
          "active_directory.dns_dynamic_updates", severity="error", label="exchange2000"),
    Fires("dns-dynamic-updates", SCC3, {"active_directory.dns_dynamic_updates": False},
          "active_directory.dns_dynamic_updates", severity="warning", remediation_shows=("A records", "by hand"),
          label="exchange2007"),
    Fires("ad-forestprep-rights", W3, {"active_directory.forestprep_account_schema_admin": False},
          "active_directory.forestprep_account_schema_admin", ("Schema Admins",)),
    Fires("ad-forestprep-rights", W3, {"active_directory.forestprep_account_enterprise_admin": False},
          "active_directory.forestprep_account_enterprise_admin", ("Enterprise Admins",), label="enterprise-admin"),
    Fires("ad-domainprep-rights", W3, {"active_directory.domainprep_account_domain_admin": False},
          "active_directory.domainprep_account_domain_admin", ("contoso.com",)),
    Fires("setup-account-exchange-admin", W3, {"active_directory.setup_account_exchange_full_admin": False},
          "active_directory.setup_account_exchange_full_admin"),
    Fires("nodes-same-domain", W3, {"nodes[1].domain": "fabrikam.com"}, "nodes[1].domain",
          ("fabrikam.com", "EXNODE2", "contoso.com")),
    Fires("nodes-not-domain-controllers", W3, {"nodes[0].domain_controller": True}, "nodes[0].domain_controller",
          ("EXNODE1",)),
    Fires("nodes-not-domain-controllers", SCC8, {"nodes[1].domain_controller": True}, "nodes[1].domain_controller",
          ("EXNODE2",), label="2007"),

    # ------------------------------------------------------------ cluster: names
    Fires("name-netbios-length", W3, {"cluster.name": "EXCHANGECLUSTER01"}, "cluster.name",
          ("EXCHANGECLUSTER01", "17")),
    Fires("name-netbios-length", W3, rename_node(1, "EXCHANGE-NODE-02"), "nodes[1].name", ("EXCHANGE-NODE-02",),
          label="node"),
    Fires("name-netbios-length", W3, {"virtual_servers[0].name": "EXCHANGE-VIRTUAL1"}, "virtual_servers[0].name",
          ("EXCHANGE-VIRTUAL1",), label="virtual-server"),
    Fires("name-netbios-chars", W3, {"cluster.name": "EX_CLUS1"}, "cluster.name", ("EX_CLUS1", "'_'")),
    Fires("name-netbios-chars", W3, rename_node(0, "-EXNODE1"), "nodes[0].name", ("-EXNODE1", "hyphen"),
          label="leading-hyphen"),
    Fires("name-netbios-chars", W3, {"cluster.name": "EXCLUS1-"}, "cluster.name", ("EXCLUS1-", "hyphen"),
          label="trailing-hyphen"),
    Fires("name-netbios-chars", W3, {"virtual_servers[0].name": "12345"}, "virtual_servers[0].name",
          ("12345", "digits"), label="all-digits"),
    Fires("name-netbios-chars", W3, {"virtual_servers[0].name": "EXVS 1"}, "virtual_servers[0].name",
          ("EXVS 1",), label="space"),
    Fires("name-netbios-chars", W3, {"virtual_servers[0].name": "EXVS.1"}, "virtual_servers[0].name",
          ("EXVS.1", "'.'"), label="dot"),
    Fires("names-unique", W3, {"virtual_servers[0].name": "exnode1"}, "virtual_servers[0].name", ("exnode1",)),
    Fires("names-unique", W3, {"cluster.name": "EXVS1"}, "virtual_servers[0].name", ("EXVS1", "the cluster"),
          label="cluster-and-virtual-server"),
    Fires("names-unique", W3, rename_node(1, "EXNODE1"), "nodes[1].name", ("EXNODE1",), label="two-nodes"),

    # ------------------------------------------------------------ cluster: networks and addresses
    Fires("net-private-network", W3, NO_PRIVATE_NETWORK, "cluster.private_network"),
    Fires("net-subnets-distinct", W3,
          {"cluster.private_network": "10.0.0.0/16", "nodes[0].private_ip": "10.0.1.11",
           "nodes[1].private_ip": "10.0.1.12"},
          "cluster.private_network", ("10.0.0.0/16", "10.0.0.0/24")),
    Fires("net-subnets-distinct", W3,
          {"cluster.private_network": "10.0.0.128/25", "nodes[0].private_ip": "10.0.0.211",
           "nodes[1].private_ip": "10.0.0.212"},
          "cluster.private_network", ("10.0.0.128/25",), label="inside-public"),
    Fires("ip-in-subnet", W3, {"nodes[1].public_ip": "10.0.1.12"}, "nodes[1].public_ip", ("10.0.1.12", "10.0.0.0/24")),
    Fires("ip-in-subnet", W3, {"cluster.ip": "10.0.1.50"}, "cluster.ip", ("10.0.1.50",), label="cluster"),
    Fires("ip-in-subnet", W3, {"virtual_servers[0].ip": "192.168.10.60"}, "virtual_servers[0].ip",
          ("192.168.10.60", "10.0.0.0/24"), label="virtual-server"),
    Fires("ip-in-subnet", W3, {"nodes[0].private_ip": "192.168.11.11"}, "nodes[0].private_ip",
          ("192.168.11.11", "192.168.10.0/24"), label="private"),
    Fires("ip-unique", W3, {"virtual_servers[0].ip": "10.0.0.50"}, "virtual_servers[0].ip", ("10.0.0.50",)),
    Fires("ip-unique", W3, {"nodes[1].private_ip": "192.168.10.11"}, "nodes[1].private_ip", ("192.168.10.11",),
          label="private"),
    Fires("ip-unique", W3, {"active_directory.dns_servers": ["10.0.0.2", "10.0.0.12"]},
          "active_directory.dns_servers[1]", ("10.0.0.12",), label="dns-server"),
    Fires("ip-host-address", W3, {"cluster.ip": "10.0.0.255"}, "cluster.ip", ("10.0.0.255", "broadcast")),
    Fires("ip-host-address", W3, {"nodes[0].public_ip": "10.0.0.0"}, "nodes[0].public_ip", ("10.0.0.0", "network"),
          label="network-address"),
    Fires("ip-host-address", W3, {"nodes[1].private_ip": "192.168.10.255"}, "nodes[1].private_ip",
          ("192.168.10.255", "broadcast"), label="private"),
    Fires("ip-pool-sufficient", W3, {"cluster.public_network": "10.0.0.48/30"}, "cluster.public_network",
          ("10.0.0.48/30", "2 usable", "needs 4")),
    Fires("ip-pool-sufficient", W3, steps(pool_of_six, add_nodes(1)), "cluster.public_network",
          ("10.0.0.48/29", "6 usable", "needs 7"), label="one-too-many"),

    # ------------------------------------------------------------ cluster: accounts, MSDTC, prerequisites
    Fires("cluster-account-local-admin", W3, {"cluster.service_account_local_admin": False},
          "cluster.service_account_local_admin", ("CONTOSO\\svc-cluster",)),
    Fires("cluster-account-local-admin", W3, {"cluster.service_account": None}, "cluster.service_account",
          label="no-account"),
    Fires("cluster-account-local-admin", W3, {"cluster.service_account": "  "}, "cluster.service_account",
          label="blank-account"),
    Fires("cluster-account-local-admin", X0, {"cluster.service_account_local_admin": False},
          "cluster.service_account_local_admin", label="windows2000"),
    Fires("cluster-account-local-admin", SCC3, {"cluster.service_account_local_admin": False},
          "cluster.service_account_local_admin", label="exchange2007-windows2003"),
    Fires("cluster-account-exchange-admin", X0, {"cluster.service_account_exchange_full_admin": False},
          "cluster.service_account_exchange_full_admin"),
    Fires("cluster-before-exchange", W3, {"nodes[1].exchange_installed_before_cluster": True},
          "nodes[1].exchange_installed_before_cluster", ("EXNODE2",), remediation_shows=("Uninstall", "again")),
    Fires("cluster-before-exchange", SCC8, {"nodes[0].exchange_installed_before_cluster": True},
          "nodes[0].exchange_installed_before_cluster", ("EXNODE1",), label="2007"),
    Fires("msdtc-before-setup", W3, {"cluster.msdtc.created_before_setup": False}, "cluster.msdtc.created_before_setup"),
    Fires("msdtc-before-setup", X0, {"cluster.msdtc.created_before_setup": False}, "cluster.msdtc.created_before_setup",
          label="exchange2000"),
    Fires("msdtc-default-group", W3, {"cluster.msdtc.group": "EXVS1 Group"}, "cluster.msdtc.group", ("EXVS1 Group",)),
    Fires("node-prerequisites", W3, {"nodes[0].prerequisites.aspnet": False}, "nodes[0].prerequisites",
          ("ASP.NET", "EXNODE1")),
    Fires("node-prerequisites", W3, {"nodes[1].prerequisites.dotnet": False}, "nodes[1].prerequisites",
          (".NET", "EXNODE2"), label="dotnet"),
    Fires("node-prerequisites", W2, {"nodes[1].prerequisites.nntp": False}, "nodes[1].prerequisites", ("NNTP",),
          label="exchange2003-windows2000"),
    Fires("node-prerequisites", X0, {"nodes[0].prerequisites.www": False}, "nodes[0].prerequisites",
          ("World Wide Web",), label="exchange2000"),
    Fires("node-prerequisites", X0, {"nodes[0].prerequisites.smtp": False}, "nodes[0].prerequisites",
          ("SMTP",), label="exchange2000-smtp"),
    Fires("node-prerequisites", SCC3, {"nodes[0].prerequisites.powershell": False}, "nodes[0].prerequisites",
          ("PowerShell",), label="exchange2007"),
    Fires("node-prerequisites", CCR8, {"nodes[1].prerequisites.dotnet": False}, "nodes[1].prerequisites",
          (".NET",), label="exchange2007-dotnet"),

    # ------------------------------------------------------------ storage
    Fires("disk-basic-only", W3, {"disks[1].type": "dynamic"}, "disks[1].type", ("R:", "dynamic")),
    Fires("disk-basic-only", SCC3, {"disks[0].type": "dynamic"}, "disks[0].type", ("Q:", "dynamic"), label="quorum"),
    Fires("disk-ntfs", W3, {"disks[2].filesystem": "fat32"}, "disks[2].filesystem", ("S:", "FAT32")),
    Fires("disk-ntfs", W3, {"disks[0].filesystem": "fat"}, "disks[0].filesystem", ("Q:", "FAT"), label="fat"),
    Fires("disk-empty-before-setup", W3, {"disks[1].empty": False}, "disks[1].empty", ("R:",)),
    Fires("disk-empty-before-setup", SCC8, {"disks[2].empty": False}, "disks[2].empty", ("S:",), label="2007"),
    Fires("disk-empty-before-setup", W3, {"disks[1].purpose": "other", "disks[1].empty": False}, "disks[1].empty",
          ("R:",), label="listed-by-virtual-server"),
    Fires("disk-letters-unique", W3, {"disks[2].letter": "R:"}, "disks[2].letter", ("R:",)),
    Fires("disk-letters-unique", W3, {"disks[2].letter": "r:"}, "disks[2].letter", ("R:",), label="case"),
    Fires("disk-one-owner", W3, {"virtual_servers[0].disks": ["R:", "S:", "Q:"]}, "virtual_servers[0].disks[2]",
          ("Q:", "quorum")),
    Fires("disk-one-owner", W3, steps(add_virtual_servers(1), {"virtual_servers[1].disks": ["T:", "S:"]}),
          "virtual_servers[1].disks[1]", ("S:", "EXVS1", "EXVS2"), label="two-virtual-servers"),
    Fires("disk-interconnect", W3, steps(add_nodes(1), {"cluster.storage_interconnect": "scsi"}),
          "cluster.storage_interconnect", ("SCSI", "3 nodes")),
    Fires("disk-mount-points", W2, {"disks[1].mount_point": True}, "disks[1].mount_point", ("R:",)),
    Fires("disk-mount-points", X0, {"disks[2].mount_point": True}, "disks[2].mount_point", ("S:",),
          label="exchange2000"),
    Fires("quorum-disk-defined", W3, {"disks[0].purpose": "other"}, "cluster.quorum.type", ("Disk",)),
    Fires("quorum-disk-defined", SCC8, {"disks[0].purpose": "other"}, "cluster.quorum.type",
          ("Node and Disk Majority",), label="node-disk-majority"),
    Fires("quorum-type-for-windows", X0, {"cluster.quorum.type": "majority-node-set"}, "cluster.quorum.type",
          ("Majority Node Set", "Windows 2000")),
    Fires("quorum-type-for-windows", W3, {"cluster.quorum.type": "node-majority"}, "cluster.quorum.type",
          ("Node Majority", "Windows Server 2003"), label="windows2003"),
    Fires("quorum-type-for-windows", SCC8, {"cluster.quorum.type": "majority-node-set"}, "cluster.quorum.type",
          ("Majority Node Set", "Windows Server 2008"), label="windows2008"),
    Fires("quorum-type-for-windows", SCC8, {"cluster.quorum.type": "local"}, "cluster.quorum.type",
          ("Local",), label="windows2008-local"),
    Fires("quorum-local-test-only", W3, {"cluster.quorum.type": "local"}, "cluster.quorum.type", ("local",)),
    Fires("ccr-quorum-witness", CCR8, {"cluster.quorum.type": "node-majority", "cluster.quorum.file_share_witness": None},
          "cluster.quorum.type", ("Node Majority",)),
    Fires("ccr-quorum-witness", CCR3, {"cluster.quorum.file_share_witness": None},
          "cluster.quorum.file_share_witness", ("no file share witness",), label="windows2003-no-witness"),
    Fires("ccr-quorum-witness", CCR3, {"cluster.quorum.type": "disk", "cluster.quorum.file_share_witness": None},
          "cluster.quorum.type", ("Disk",), label="windows2003-disk"),
    Fires("binaries-local-drive", W3, on_every_node("binaries_drive", "R:"), "nodes[0].binaries_drive",
          ("R:", "EXNODE1")),
    Fires("binaries-local-drive", W3, on_every_node("binaries_drive", "q:"), "nodes[1].binaries_drive",
          ("Q:", "EXNODE2"), label="case"),
    Fires("binaries-same-drive", W3, {"nodes[1].binaries_drive": "D:"}, "nodes[1].binaries_drive",
          ("D:", "C:", "EXNODE2")),

    # ------------------------------------------------------------ Exchange setup on the nodes
    Fires("setup-one-node-at-a-time", W3, {"setup.concurrent_node_installs": True}, "setup.concurrent_node_installs"),
    Fires("setup-attended-only", W3, {"setup.mode": "unattended"}, "setup.mode", ("unattended",)),
    Fires("setup-node-order", W3, {"setup.node_order": ["EXNODE1"]}, "setup.node_order", ("EXNODE2", "missing")),
    Fires("setup-node-order", W3, {"setup.node_order": ["EXNODE1", "EXNODE2", "EXNODE3"]}, "setup.node_order",
          ("EXNODE3", "not a node"), label="unknown"),
    Fires("setup-node-order", W3, {"setup.node_order": ["EXNODE1", "EXNODE1", "EXNODE2"]}, "setup.node_order",
          ("EXNODE1", "more than once"), label="twice"),
    Fires("node-free-of-resources", W3, {"nodes[1].holds_resources_during_setup": True},
          "nodes[1].holds_resources_during_setup", ("EXNODE2",)),
    Fires("exchange2007-mailbox-role-only", SCC3, {"nodes[0].exchange_roles": ["mailbox", "hub-transport"]},
          "nodes[0].exchange_roles", ("hub-transport", "EXNODE1")),
    Fires("exchange2007-mailbox-role-only", CCR8, {"nodes[1].exchange_roles": ["client-access"]},
          "nodes[1].exchange_roles", ("client-access", "EXNODE2"), label="ccr"),

    # ------------------------------------------------------------ virtual servers
    Fires("evs-at-least-one", W3, {"virtual_servers": []}, "virtual_servers"),
    Fires("evs-at-least-one", SCC8, {"virtual_servers": []}, "virtual_servers", label="2007"),
    Fires("evs-count-limit", W3, add_virtual_servers(2), "virtual_servers", ("3 virtual servers", "2 nodes")),
    Fires("evs-count-limit", W3, steps(add_nodes(2), add_virtual_servers(3)), "virtual_servers",
          ("4 virtual servers", "4 nodes", "supported 3"), label="n-1"),
    Fires("evs-active-active", W3, add_virtual_servers(1), "virtual_servers"),
    Fires("evs-active-active", X0, add_virtual_servers(1), "virtual_servers", label="exchange2000"),
    Fires("cms-passive-node", SCC3, add_virtual_servers(1), "virtual_servers", ("2 clustered", "2 node")),
    Fires("cms-passive-node", CCR8, add_virtual_servers(1), "virtual_servers", ("2 clustered",), label="ccr"),
    Fires("cms-passive-node", SCC8, steps(add_nodes(2), add_virtual_servers(3)), "virtual_servers",
          ("4 clustered", "4 node"), label="four-nodes"),
    Fires("evs-has-disk", W3, {"virtual_servers[0].disks": []}, "virtual_servers[0].disks", ("EXVS1",)),
    Fires("evs-has-disk", SCC3, {"virtual_servers[0].disks": []}, "virtual_servers[0].disks", ("EXCMS1",),
          label="scc"),
    Fires("evs-disk-exists", W3, {"virtual_servers[0].disks": ["R:", "T:"]}, "virtual_servers[0].disks[1]",
          ("T:", "EXVS1")),
    Fires("evs-disk-exists", CCR8, {"virtual_servers[0].disks": ["R:"]}, "virtual_servers[0].disks[0]",
          ("R:", "EXCMS1"), label="ccr"),
    Fires("evs-storage-groups", W3, {"virtual_servers[0].storage_groups": 5}, "virtual_servers[0].storage_groups",
          ("5 storage groups", "EXVS1")),
    Fires("evs-storage-groups", W3, add_virtual_servers(1, storage_groups=3), "virtual_servers",
          ("5 storage groups",), label="two-node-total"),
    *[Fires("evs-unsupported-component", W3, {"virtual_servers[0].components": EXAMPLE_COMPONENTS + [component]},
            "virtual_servers[0].components", (component, "EXVS1"), label=component)
      for component in UNSUPPORTED],
    Fires("evs-front-end", W3, {"virtual_servers[0].role": "front-end"}, "virtual_servers[0].role",
          ("front-end", "EXVS1")),
    Fires("evs-kerberos", W3, {"virtual_servers[0].kerberos": False}, "virtual_servers[0].kerberos", ("EXVS1",)),
    Fires("evs-imap-pop-manual", W3, {"virtual_servers[0].protocols.imap4": True}, "virtual_servers[0].protocols",
          ("IMAP4", "EXVS1")),
    Fires("evs-imap-pop-manual", W2, {"virtual_servers[0].protocols.pop3": True}, "virtual_servers[0].protocols",
          ("POP3",), label="windows2000"),
    Fires("evs-preferred-owners", W3, {"virtual_servers[0].preferred_owners": ["EXNODE1", "EXNODE3"]},
          "virtual_servers[0].preferred_owners[1]", ("EXNODE3", "EXVS1")),
    Fires("sa-resources-automatic", SCC3, None, "virtual_servers"),
    Fires("sa-resources-automatic", CCR8, None, "virtual_servers", label="ccr"),
    # ------------------------------------------------------------ added with the executable runbook
    Fires("names-command-safe", W3, {"virtual_servers[0].group": 'EXVS1 "main" Group'}, "virtual_servers[0].group",
          ("main", "double quote")),
    Fires("names-command-safe", W3, {"active_directory.routing_group": "100% Routing"},
          "active_directory.routing_group", ("100%",), label="percent"),
    Fires("names-command-safe", W3, {"disks[1].label": "EXVS1 \u202edatabases"}, "disks[1].label",
          ("U+202E",), label="bidirectional-override"),
    Fires("names-command-safe", W3, {"nodes[0].name": "EXNODE1\u200b"}, "nodes[0].name", ("U+200B",),
          label="zero-width"),
    Fires("storage-group-server-known", W3, {"storage_groups": [dict(SG, server="EXVS9")]},
          "storage_groups[0].server", ("EXVS9",)),
    Fires("storage-group-on-server-disks", W3, {"storage_groups": [dict(SG, log_folder="Q:\\SG1\\Logs")]},
          "storage_groups[0].log_folder", ("Q:", "EXVS1")),
    Fires("storage-group-on-server-disks", SCC8, {"storage_groups": [dict(SG, server="EXCMS1",
          database_folder="T:\\SG1")]}, "storage_groups[0].database_folder", ("T:", "EXCMS1"), label="scc"),
    # Added later: a virtual server with no storage group.
    Fires("evs-storage-group-needed", W3, {"virtual_servers[0].storage_groups": 0},
          "virtual_servers[0].storage_groups", ("EXVS1", "0 storage groups")),
    Fires("evs-storage-group-needed", X0, add_virtual_servers(1, storage_groups=0), "virtual_servers[1].storage_groups",
          ("EXVS2",), label="second-server-exchange2000"),
    # ------------------------------------------------------------ failover what-if
    Fires("failover-single-node", W3, steps(add_nodes(1), {"virtual_servers[0].possible_owners": ["EXNODE1"]}),
          "virtual_servers[0].possible_owners", ("EXVS1", "EXNODE1 fails", "EXNODE1")),
    Fires("failover-single-node", W3, steps(add_nodes(2), add_virtual_servers(1), SHARED_FIRST_CHOICE,
                                            {"virtual_servers[1].possible_owners": ["EXNODE1", "EXNODE2"]}),
          "virtual_servers[1].possible_owners", ("EXVS2", "EXNODE2 fails", "EXNODE1 runs EXVS1"), label="busy"),
    Fires("failover-single-node", W3, {"cluster.quorum.type": "majority-node-set"}, "cluster.quorum.type",
          ("Majority Node Set", "2 nodes", "needs 2"), label="quorum"),
    Fires("failover-single-node", SCC8, {"cluster.quorum.type": "node-majority"}, "cluster.quorum.type",
          ("Node Majority", "2 nodes"), label="quorum-windows2008"),
    Fires("failover-storage-groups", W3, steps(add_virtual_servers(1), {"storage_groups": FOUR_FOR_EXVS2}),
          "virtual_servers[0].storage_groups", ("EXNODE1 fails", "EXVS1", "6 storage groups", "4")),
    Fires("failover-storage-groups", X0, steps(add_virtual_servers(1), {"storage_groups": FOUR_FOR_EXVS2}),
          "virtual_servers[1].storage_groups", ("EXNODE2 fails", "EXVS2", "6 storage groups"), label="exchange2000"),
    Fires("failover-active-active-users", W3, steps(add_virtual_servers(1), {
          "virtual_servers[0].concurrent_users": 2500, "virtual_servers[1].concurrent_users": 1000}),
          "virtual_servers[0].concurrent_users", ("EXVS1", "2,500", "EXNODE1", "1,900", "3,500"),
          remediation_shows=("1,900", "40%")),
    Fires("failover-passive-node-shared", W3, steps(add_nodes(2), add_virtual_servers(1), SHARED_FIRST_CHOICE),
          "virtual_servers[1].preferred_owners", ("EXVS1 and EXVS2", "EXNODE3", "EXNODE4"),
          remediation_shows=("EXNODE4", "EXVS2")),
    Fires("failover-passive-node-shared", SCC8, steps(add_nodes(2), add_virtual_servers(1), SHARED_FIRST_CHOICE),
          "virtual_servers[1].preferred_owners", ("EXCMS1 and EXVS2", "EXNODE3"), label="scc"),
    Fires("evs-possible-owners", W3, {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE9"]},
          "virtual_servers[0].possible_owners[1]", ("EXNODE9", "EXVS1")),
    Fires("evs-possible-owners", W3, {"virtual_servers[0].possible_owners": ["EXNODE1"]},
          "virtual_servers[0].preferred_owners[1]", ("EXNODE2", "EXVS1"), label="preferred-outside"),
    Fires("evs-possible-owners", W3, {"virtual_servers[0].possible_owners": []},
          "virtual_servers[0].possible_owners", ("no possible owner",), label="empty"),
    # Added with the second new-user trial: the storage groups listed against the server's count.
    Fires("storage-group-count-matches", W3, {"storage_groups": [SG]}, "virtual_servers[0].storage_groups",
          ("EXVS1", "2 storage groups", "lists 1 storage group")),
    Fires("storage-group-count-matches", W3, {"storage_groups": []}, "virtual_servers[0].storage_groups",
          ("EXVS1", "lists none"), label="none-listed"),
    # Issue 14: a name must be valid as a whole (`$` in a pattern also matched before a final newline) ...
    Fires("name-netbios-chars", W3, {"virtual_servers[0].name": "EXVS1\n"}, "virtual_servers[0].name",
          ("'\\n'",), label="trailing-newline"),
    Fires("name-netbios-chars", W3, rename_node(1, "EXNODE2\n"), "nodes[1].name", ("'\\n'",),
          label="node-trailing-newline"),
    # ... two servers of one name are still two groups, so a disk both list is shared ...
    Fires("disk-one-owner", W3, steps(add_virtual_servers(1), {"virtual_servers[1].name": "EXVS1",
                                                               "virtual_servers[1].disks": ["R:"]}),
          "virtual_servers[1].disks[0]", ("R:", "EXVS1 (virtual server 1)", "EXVS1 (virtual server 2)"),
          label="same-name"),
    # ... and a /31 or /32 has the host addresses RFC 3021 gives it, for the pool and the host check alike.
    Fires("ip-pool-sufficient", W3, {"cluster.public_network": "10.0.0.48/31"}, "cluster.public_network",
          ("10.0.0.48/31", "2 usable", "needs 4"), label="slash-31"),
    Fires("ip-pool-sufficient", W3, {"cluster.public_network": "10.0.0.48/32"}, "cluster.public_network",
          ("10.0.0.48/32", "1 usable", "needs 4"), label="slash-32"),
]

SILENT = [
    Silent("exchange-edition-enterprise", W3),
    Silent("exchange-edition-enterprise", SCC8, label="2007"),
    Silent("windows-edition-clusterable", W3),
    Silent("windows-edition-clusterable", X0, label="windows2000-advanced"),
    Silent("windows-edition-clusterable", X0, {"windows.edition": "datacenter"}, label="windows2000-datacenter"),
    Silent("windows-edition-clusterable", W3, {"windows.edition": "datacenter"}, label="windows2003-datacenter"),
    Silent("nodes-min-two", W3),
    Silent("nodes-max-for-edition", X0, label="windows2000-advanced-2"),
    Silent("nodes-max-for-edition", X0, steps({"windows.edition": "datacenter"}, add_nodes(2)),
           label="windows2000-datacenter-4"),
    Silent("nodes-max-for-edition", W3, add_nodes(6), label="windows2003-8"),
    Silent("nodes-max-for-edition", SCC8, add_nodes(14), label="windows2008-16"),
    Silent("scc-max-nodes", SCC8, add_nodes(6), label="8"),
    Silent("ccr-two-nodes", CCR8),
    Silent("exchange2000-windows2000-only", X0),
    Silent("exchange2003-windows2000-sp4", W2),
    Silent("exchange2003-windows2000-sp4", W3, {"windows.service_pack": 1}, label="windows2003-sp1"),
    Silent("exchange2003-x86-only", W3),
    Silent("exchange2003-prefer-windows2003", W3),
    Silent("exchange2003-windows-version", W3),
    Silent("exchange2003-windows-version", W2, label="windows2000"),
    Silent("exchange2007-x64-only", SCC3),
    Silent("exchange2007-windows-version", SCC8, label="windows2008-sp1"),
    Silent("exchange2007-windows-version", SCC8, {"exchange.service_pack": 2}, label="windows2008-sp2"),
    Silent("exchange2007-windows-version", SCC3, {"exchange.service_pack": 0}, label="windows2003-rtm"),
    Silent("nodes-same-exchange-version", W3),
    Silent("nodes-same-exchange-version", CCR8, label="2007"),
    Silent("nodes-identical-hardware", W3),
    Silent("hardware-certified", W3),
    Silent("dns-server-present", W3),
    Silent("dns-dynamic-updates", W3),
    Silent("dns-dynamic-updates", SCC3, label="2007"),
    Silent("ad-forestprep-rights", W3),
    Silent("ad-forestprep-rights", W3, {"active_directory.forestprep_done": True,
                                        "active_directory.forestprep_account_schema_admin": False,
                                        "active_directory.forestprep_account_enterprise_admin": False},
           label="already-done"),
    Silent("ad-domainprep-rights", W3),
    Silent("ad-domainprep-rights", W3, {"active_directory.domainprep_done": True,
                                        "active_directory.domainprep_account_domain_admin": False},
           label="already-done"),
    Silent("setup-account-exchange-admin", W3),
    Silent("nodes-same-domain", W3),
    Silent("nodes-same-domain", W3, {"nodes[1].domain": "CONTOSO.COM"}, label="case"),
    Silent("nodes-not-domain-controllers", W3),
    Silent("name-netbios-length", W3, {"cluster.name": "EXCHANGECLUSTER"}, label="15-characters"),
    Silent("name-netbios-length", W3, rename_node(1, "EXCHANGE-NODE02"), label="node-15-characters"),
    Silent("name-netbios-chars", W3),
    Silent("name-netbios-chars", W3, {"cluster.name": "EX-CLUS-1", "virtual_servers[0].name": "1EXVS"},
           label="hyphen-inside-leading-digit"),
    Silent("names-unique", W3),
    Silent("net-private-network", W3),
    Silent("net-subnets-distinct", W3),
    Silent("net-subnets-distinct", W3, {"cluster.private_network": "10.0.1.0/24", "nodes[0].private_ip": "10.0.1.11",
                                        "nodes[1].private_ip": "10.0.1.12"}, label="adjacent"),
    Silent("net-subnets-distinct", W3, NO_PRIVATE_NETWORK, label="no-private-network"),
    Silent("ip-in-subnet", W3),
    Silent("ip-in-subnet", W3, NO_PRIVATE_NETWORK, label="no-private-network"),
    Silent("ip-unique", W3),
    Silent("ip-host-address", W3),
    Silent("ip-host-address", W3, {"cluster.ip": "10.0.0.254", "nodes[0].public_ip": "10.0.0.1"},
           label="first-and-last-host"),
    Silent("ip-pool-sufficient", W3),
    Silent("ip-pool-sufficient", W3, pool_of_six, label="exact-fit"),
    Silent("cluster-account-local-admin", W3),
    Silent("cluster-account-local-admin", SCC8, label="windows2008-no-account"),
    Silent("cluster-account-exchange-admin", X0),
    Silent("cluster-before-exchange", W3),
    Silent("msdtc-before-setup", W3),
    Silent("msdtc-default-group", W3),
    Silent("node-prerequisites", W3, label="powershell-not-needed"),
    Silent("node-prerequisites", W2, label="dotnet-aspnet-not-needed-on-windows2000"),
    Silent("node-prerequisites", X0, label="exchange2000"),
    Silent("node-prerequisites", SCC3, on_every_node("prerequisites", {"dotnet": True, "powershell": True, "www": False,
                                                                       "smtp": False, "nntp": False, "aspnet": False}),
           label="exchange2007-needs-only-dotnet-powershell"),
    Silent("disk-basic-only", W3),
    Silent("disk-ntfs", W3),
    Silent("disk-empty-before-setup", W3),
    Silent("disk-empty-before-setup", W3, {"disks[0].empty": False}, label="quorum-disk-holds-data"),
    Silent("disk-letters-unique", W3),
    Silent("disk-one-owner", W3),
    Silent("disk-one-owner", W3, add_virtual_servers(1), label="own-disks"),
    Silent("disk-interconnect", W3, {"cluster.storage_interconnect": "scsi"}, label="scsi-two-nodes"),
    Silent("disk-interconnect", W3, add_nodes(1), label="fibre-channel-three-nodes"),
    Silent("disk-mount-points", W2),
    Silent("disk-mount-points", W3, {"disks[1].mount_point": True}, label="windows2003"),
    Silent("quorum-disk-defined", W3),
    Silent("quorum-disk-defined", W3, steps({"cluster.quorum.type": "majority-node-set"}, without_quorum_disk),
           label="majority-node-set"),
    Silent("quorum-disk-defined", CCR8, label="ccr-file-share-majority"),
    Silent("quorum-type-for-windows", W3),
    Silent("quorum-type-for-windows", X0, label="windows2000"),
    Silent("quorum-type-for-windows", W3, {"cluster.quorum.type": "majority-node-set"}, label="windows2003-mns"),
    Silent("quorum-type-for-windows", CCR8, label="windows2008-fsw"),
    Silent("quorum-type-for-windows", SCC8, label="windows2008-node-disk"),
    Silent("quorum-local-test-only", W3),
    Silent("ccr-quorum-witness", CCR8),
    Silent("ccr-quorum-witness", CCR3, label="windows2003"),
    Silent("binaries-local-drive", W3),
    Silent("binaries-local-drive", W3, on_every_node("binaries_drive", "D:"), label="d-drive"),
    Silent("binaries-same-drive", W3),
    Silent("binaries-same-drive", W3, {"nodes[1].binaries_drive": "c:"}, label="case"),
    Silent("setup-one-node-at-a-time", W3),
    Silent("setup-attended-only", W3),
    Silent("setup-node-order", W3),
    Silent("setup-node-order", W3, {"setup.node_order": ["EXNODE2", "EXNODE1"]}, label="other-order"),
    Silent("node-free-of-resources", W3),
    Silent("exchange2007-mailbox-role-only", SCC3),
    Silent("exchange2007-mailbox-role-only", CCR8, label="ccr"),
    Silent("evs-at-least-one", W3),
    Silent("evs-count-limit", W3, add_virtual_servers(1), label="two-on-two"),
    Silent("evs-count-limit", W3, steps(add_nodes(2), add_virtual_servers(2)), label="three-on-four"),
    Silent("evs-active-active", W3),
    Silent("evs-active-active", W3, steps(add_nodes(1), add_virtual_servers(1)), label="two-on-three"),
    Silent("cms-passive-node", SCC3),
    Silent("cms-passive-node", SCC8, steps(add_nodes(1), add_virtual_servers(1)), label="two-on-three"),
    Silent("evs-has-disk", W3),
    Silent("evs-has-disk", CCR8, label="ccr-has-no-shared-disk"),
    Silent("evs-disk-exists", W3),
    Silent("evs-disk-exists", W3, {"virtual_servers[0].disks": ["r:", "s:"]}, label="case"),
    Silent("evs-storage-groups", W3, {"virtual_servers[0].storage_groups": 4}, label="four"),
    Silent("evs-storage-groups", W3, add_virtual_servers(1, storage_groups=2), label="two-node-total-four"),
    Silent("evs-storage-groups", W3, steps(add_nodes(1), add_virtual_servers(1, storage_groups=4)),
           label="three-nodes-total-six"),
    Silent("evs-unsupported-component", W3),
    Silent("evs-front-end", W3),
    Silent("evs-kerberos", W3),
    Silent("evs-imap-pop-manual", W3),
    Silent("evs-preferred-owners", W3),
    Silent("evs-preferred-owners", W3, {"virtual_servers[0].preferred_owners": ["exnode2"]}, label="case"),
    Silent("sa-resources-automatic", W3),
    Silent("sa-resources-automatic", X0, label="exchange2000"),
    Silent("names-command-safe", W3, {"virtual_servers[0].group": "EXVS1 Group & Co (main) 'a' ^b! <c>"},
           label="punctuation-quotes-safely"),
    Silent("storage-group-server-known", W3, {"storage_groups": [SG]}),
    Silent("storage-group-server-known", W3, {"storage_groups": [dict(SG, server="exvs1")]}, label="case"),
    Silent("storage-group-on-server-disks", W3, {"storage_groups": [SG]}),
    # Added later: a virtual server with no storage group.
    Silent("evs-storage-group-needed", W3, {"virtual_servers[0].storage_groups": 1}, label="one"),
    Silent("evs-storage-group-needed", W3, {"virtual_servers[0].storage_groups": DELETE}, label="unanswered"),
    Silent("failover-single-node", W3),
    Silent("failover-single-node", W3, {"virtual_servers[0].possible_owners": ["EXNODE1", "EXNODE2"]},
           label="both-nodes"),
    Silent("failover-single-node", W3, steps(add_nodes(1), {"cluster.quorum.type": "majority-node-set"}),
           label="majority-of-three"),
    Silent("failover-single-node", CCR3, {"cluster.quorum.file_share_witness": None},
           label="ccr-left-to-ccr-quorum-witness"),
    Silent("failover-single-node", W3, steps(add_nodes(1), add_virtual_servers(2),
                                             {"virtual_servers[2].possible_owners": ["EXNODE3"]}),
           label="too-many-servers-left-to-evs-count-limit"),
    Silent("failover-single-node", W3, {"cluster.quorum.type": "node-majority"},
           label="quorum-not-offered-left-to-quorum-type-for-windows"),
    Silent("failover-storage-groups", W3, add_virtual_servers(1)),
    Silent("failover-storage-groups", W3, add_virtual_servers(1, storage_groups=3),
           label="left-to-evs-storage-groups"),
    Silent("failover-storage-groups", W3, steps(add_nodes(1), add_virtual_servers(1), {"storage_groups": FOUR_FOR_EXVS2}),
           label="one-server-per-node"),
    Silent("failover-active-active-users", W3, steps(add_virtual_servers(1), {
           "virtual_servers[0].concurrent_users": 1900, "virtual_servers[1].concurrent_users": 1500})),
    Silent("failover-active-active-users", W3, {"virtual_servers[0].concurrent_users": 5000},
           label="active-passive"),
    Silent("failover-passive-node-shared", W3, steps(add_nodes(2), add_virtual_servers(1), SHARED_FIRST_CHOICE,
                                                     {"virtual_servers[1].preferred_owners": ["EXNODE2", "EXNODE4",
                                                                                              "EXNODE3"]})),
    Silent("failover-passive-node-shared", W3, steps(add_nodes(2), add_virtual_servers(2)),
           label="one-passive-node"),
    Silent("evs-possible-owners", W3),
    Silent("evs-possible-owners", W3, {"virtual_servers[0].possible_owners": ["exnode1", "EXNODE2"]}, label="case"),
    Silent("storage-group-count-matches", W3),
    Silent("storage-group-count-matches", W3, {"storage_groups": DELETE}, label="list-unanswered"),
    Silent("storage-group-count-matches", W3, {"storage_groups": [SG, dict(SG, server="exvs1 ", name="SG2")]},
           label="names-compared-as-windows-does"),
    Silent("ip-host-address", W3, {"cluster.public_network": "10.0.0.48/31", "cluster.ip": "10.0.0.48",
                                   "nodes[0].public_ip": "10.0.0.49"}, label="slash-31-both-hosts"),
    Silent("ip-host-address", W3, {"cluster.public_network": "10.0.0.48/32", "cluster.ip": "10.0.0.48"},
           label="slash-32"),
    Silent("disk-one-owner", W3, {"virtual_servers[0].disks": ["R:", "S:", "R:"]}, label="listed-twice-by-one"),
]

# The rule's condition holds, but the plan's versions are outside the rule's applicability.
NOT_APPLICABLE = [
    NotApplicable("storage-group-on-server-disks", CCR8, {"storage_groups": [dict(SG, server="EXCMS1",
                  log_folder="E:\\SG1\\Logs", database_folder="E:\\SG1")]}, label="ccr-local-disks"),
    NotApplicable("scc-max-nodes", W3, add_nodes(7), label="exchange2003"),
    NotApplicable("scc-max-nodes", CCR8, add_nodes(7), label="ccr"),
    NotApplicable("ccr-two-nodes", SCC3, add_nodes(1), label="scc"),
    NotApplicable("ccr-two-nodes", W3, add_nodes(1), label="exchange2003"),
    NotApplicable("exchange2000-windows2000-only", W3, label="exchange2003"),
    NotApplicable("exchange2000-windows2000-only", SCC3, label="exchange2007"),
    NotApplicable("exchange2003-windows2000-sp4", X0, {"windows.service_pack": 3}, label="exchange2000"),
    NotApplicable("exchange2003-windows2000-sp4", SCC3,
                  {"windows.version": "2000", "windows.edition": "advanced", "windows.service_pack": 3},
                  label="exchange2007"),
    NotApplicable("exchange2003-x86-only", SCC3, label="exchange2007"),
    NotApplicable("exchange2003-prefer-windows2003", X0, label="exchange2000"),
    NotApplicable("exchange2003-prefer-windows2003", SCC3, {"windows.version": "2000", "windows.edition": "advanced"},
                  label="exchange2007"),
    NotApplicable("exchange2003-windows-version", SCC8, label="exchange2007"),
    NotApplicable("exchange2007-x64-only", W3, label="exchange2003"),
    NotApplicable("exchange2007-x64-only", X0, label="exchange2000"),
    NotApplicable("exchange2007-windows-version", W2, label="exchange2003"),
    NotApplicable("exchange2007-windows-version", X0, label="exchange2000"),
    NotApplicable("ad-forestprep-rights", SCC3, {"active_directory.forestprep_done": False,
                                                 "active_directory.forestprep_account_schema_admin": False,
                                                 "active_directory.forestprep_account_enterprise_admin": False},
                  label="exchange2007"),
    NotApplicable("ad-domainprep-rights", SCC3, {"active_directory.domainprep_done": False,
                                                 "active_directory.domainprep_account_domain_admin": False},
                  label="exchange2007"),
    NotApplicable("setup-account-exchange-admin", CCR8, {"active_directory.setup_account_exchange_full_admin": False},
                  label="exchange2007"),
    NotApplicable("cluster-account-local-admin", SCC8, {"cluster.service_account": None,
                                                        "cluster.service_account_local_admin": False},
                  label="windows2008"),
    NotApplicable("cluster-account-local-admin", CCR8, {"cluster.service_account": "CONTOSO\\svc-cluster",
                                                        "cluster.service_account_local_admin": False},
                  label="windows2008-ccr"),
    NotApplicable("cluster-account-exchange-admin", W3, {"cluster.service_account_exchange_full_admin": False},
                  label="exchange2003"),
    NotApplicable("cluster-account-exchange-admin", SCC3, {"cluster.service_account_exchange_full_admin": False},
                  label="exchange2007"),
    NotApplicable("msdtc-before-setup", SCC3, {"cluster.msdtc": {"created_before_setup": False, "group": "CMS"}},
                  label="exchange2007"),
    NotApplicable("msdtc-default-group", SCC3, {"cluster.msdtc": {"created_before_setup": False, "group": "CMS"}},
                  label="exchange2007"),
    NotApplicable("disk-mount-points", SCC3, {"windows.version": "2000", "windows.edition": "advanced",
                                              "disks[1].mount_point": True}, label="exchange2007"),
    NotApplicable("ccr-quorum-witness", SCC8, {"cluster.quorum.type": "node-majority"}, label="scc"),
    NotApplicable("ccr-quorum-witness", W3, {"cluster.quorum.type": "majority-node-set"}, label="exchange2003"),
    NotApplicable("exchange2007-mailbox-role-only", W3, {"nodes[0].exchange_roles": ["hub-transport"]},
                  label="exchange2003"),
    NotApplicable("evs-count-limit", SCC3, add_virtual_servers(2), label="exchange2007"),
    NotApplicable("evs-active-active", SCC3, add_virtual_servers(1), label="exchange2007"),
    NotApplicable("cms-passive-node", W3, add_virtual_servers(1), label="exchange2003"),
    NotApplicable("cms-passive-node", X0, add_virtual_servers(1), label="exchange2000"),
    NotApplicable("evs-has-disk", CCR8, label="ccr"),
    NotApplicable("evs-storage-groups", SCC3, {"virtual_servers[0].storage_groups": 9}, label="exchange2007"),
    NotApplicable("evs-unsupported-component", SCC3, {"virtual_servers[0].components": ["nntp", "event-service"]},
                  label="exchange2007"),
    NotApplicable("evs-front-end", SCC3, {"virtual_servers[0].role": "front-end"}, label="exchange2007"),
    NotApplicable("evs-kerberos", W2, {"virtual_servers[0].kerberos": False}, label="windows2000"),
    NotApplicable("evs-kerberos", X0, {"virtual_servers[0].kerberos": False}, label="exchange2000"),
    NotApplicable("evs-kerberos", SCC3, {"virtual_servers[0].kerberos": False}, label="exchange2007"),
    NotApplicable("evs-imap-pop-manual", X0, {"virtual_servers[0].protocols.imap4": True}, label="exchange2000"),
    NotApplicable("evs-imap-pop-manual", SCC3, {"virtual_servers[0].protocols": {"imap4": True, "pop3": True}},
                  label="exchange2007"),
    NotApplicable("sa-resources-automatic", W3, label="exchange2003"),
    NotApplicable("sa-resources-automatic", X0, label="exchange2000"),
    # Added later: a virtual server with no storage group.
    NotApplicable("evs-storage-group-needed", SCC3, {"virtual_servers[0].storage_groups": 0}, label="exchange2007"),
    # Added with the second new-user trial.
    NotApplicable("storage-group-count-matches", SCC8, {"storage_groups": [dict(SG, server="EXCMS1")],
                                                        "virtual_servers[0].storage_groups": 3}),
]


def _ids(cases) -> list[str]:
    return [case.id for case in cases]


def _normalized(subject: str) -> str:
    return re.sub(r"\[\d+\]", "[]", subject)


# ---------------------------------------------------------------- the tables are complete

def test_every_rule_has_a_firing_example():
    missing = sorted(set(RULE_IDS) - {case.rule for case in FIRES})
    assert not missing, f"rules without a plan on which they fire: {missing}"


def test_every_rule_has_a_silent_example():
    missing = sorted(set(RULE_IDS) - {case.rule for case in SILENT})
    assert not missing, f"rules without a plan on which they stay silent: {missing}"


def test_every_version_limited_rule_has_a_not_applicable_example():
    limited = {rule.id for rule in CATALOG.rules if rule.applies}
    missing = sorted(limited - {case.rule for case in NOT_APPLICABLE})
    assert not missing, f"version-limited rules without a plan outside their versions: {missing}"


@pytest.mark.parametrize("table", [FIRES, SILENT, NOT_APPLICABLE], ids=["fires", "silent", "not-applicable"])
def test_tables_name_only_catalog_rules_and_unique_cases(table):
    assert {case.rule for case in table} <= set(RULE_IDS)
    ids = _ids(table)
    assert len(ids) == len(set(ids)), "two cases share an id"


# ---------------------------------------------------------------- clean bases

@pytest.mark.parametrize("base", list(BASES))
def test_clean_base_has_no_error_or_warning(base):
    report = report_of(BASES[base]())
    found = {(finding.rule, finding.severity) for finding in report.findings}
    assert found == EXPECTED_ON_CLEAN_BASE[base]
    assert not report.errors
    assert not report.incomplete, [item.subject for item in report.incomplete]
    assert report.ready is True


# ---------------------------------------------------------------- firing and silent

@pytest.mark.parametrize("case", FIRES, ids=_ids(FIRES))
def test_rule_fires(case: Fires):
    doc = build(case.base, case.change)
    plan = load_plan(doc)
    report = check(plan)
    hits = findings_of(report, case.rule)
    assert hits, f"{case.rule} did not fire; findings: {rule_ids(report)}"
    at_subject = [hit for hit in hits if hit.subject == case.subject]
    assert at_subject, f"{case.rule} fired at {[hit.subject for hit in hits]}, expected {case.subject}"

    rule = CATALOG.get(case.rule)
    expected_severity = case.severity or rule.variant_for(plan.exchange.version).severity
    for finding in at_subject:
        assert finding.severity == expected_severity
        assert finding.step == rule.step
        assert finding.title == rule.title
        assert finding.message and finding.remediation and finding.source
        # Every placeholder of the message and remediation templates was filled.
        assert "{" not in finding.message and "}" not in finding.message, finding.message
        assert "{" not in finding.remediation and "}" not in finding.remediation, finding.remediation
        for value in case.shows:
            assert value.casefold() in finding.message.casefold(), f"{value!r} not in {finding.message!r}"
        for value in case.remediation_shows:
            assert value.casefold() in finding.remediation.casefold(), f"{value!r} not in {finding.remediation!r}"


@pytest.mark.parametrize("case", FIRES, ids=_ids(FIRES))
def test_finding_subjects_are_real_fields_the_rule_declares(case: Fires):
    """Every finding's subject points at a value present in the document, and is one of the
    fields (or inside one of them) the catalog says the rule points at."""
    doc = build(case.base, case.change)
    report = report_of(doc)
    for finding in report.findings:
        get_in(doc, finding.subject)  # raises when the subject names nothing
        declared = CATALOG.get(finding.rule).subjects
        normalized = _normalized(finding.subject)
        assert any(normalized == s or normalized.startswith(s + "[") or normalized.startswith(s + ".")
                   for s in declared), f"{finding.rule}: {finding.subject} is not among {declared}"


@pytest.mark.parametrize("case", SILENT, ids=_ids(SILENT))
def test_rule_stays_silent(case: Silent):
    report = report_of(build(case.base, case.change))
    assert case.rule not in rule_ids(report), [
        (finding.subject, finding.message) for finding in findings_of(report, case.rule)]


# ---------------------------------------------------------------- version applicability

@pytest.mark.parametrize("case", NOT_APPLICABLE, ids=_ids(NOT_APPLICABLE))
def test_rule_never_fires_outside_its_versions(case: NotApplicable):
    plan = load_plan(build(case.base, case.change))
    rule = CATALOG.get(case.rule)
    assert not rule.applies_to(plan)
    # The condition itself holds, so only applicability keeps the rule quiet.
    assert list(rule.check(plan)), "the example does not meet the rule's condition"
    assert case.rule not in rule_ids(check(plan))


LIMITED_FIRES = [case for case in FIRES if CATALOG.get(case.rule).applies]


@pytest.mark.parametrize("case", LIMITED_FIRES, ids=_ids(LIMITED_FIRES))
def test_firing_change_is_silent_on_bases_outside_the_rules_versions(case: Fires):
    """The same change that makes a version-limited rule fire, applied to every base plan the
    rule does not apply to, never makes it fire there."""
    rule = CATALOG.get(case.rule)
    tried = 0
    for base in BASES:
        try:
            doc = build(base, case.change)
            plan = load_plan(doc)
        except (KeyError, IndexError, StopIteration, ValueError):
            continue  # the change does not fit this base's shape
        if rule.applies_to(plan):
            continue
        tried += 1
        assert case.rule not in rule_ids(report_of(doc)), base
    assert tried, "no base outside the rule's versions to try"


def test_2000_2003_only_rules_never_fire_on_a_2007_plan_that_breaks_them_all():
    """One 2007 plan that holds every 2000/2003-only mistake at once: none of those rules fires."""
    doc = build(SCC3, {
        "active_directory.forestprep_done": False, "active_directory.forestprep_account_schema_admin": False,
        "active_directory.forestprep_account_enterprise_admin": False, "active_directory.domainprep_done": False,
        "active_directory.domainprep_account_domain_admin": False,
        "active_directory.setup_account_exchange_full_admin": False,
        "cluster.service_account_exchange_full_admin": False,
        "cluster.msdtc": {"created_before_setup": False, "group": "EXCMS1 Group"},
        "virtual_servers[0].storage_groups": 9, "virtual_servers[0].role": "front-end",
        "virtual_servers[0].kerberos": False, "virtual_servers[0].components": UNSUPPORTED,
        "virtual_servers[0].protocols": {"imap4": True, "pop3": True},
    })
    found = set(rule_ids(report_of(doc)))
    only_2000_2003 = {rule.id for rule in CATALOG.rules
                      if rule.applies and all(set(alt.get("exchange", ())) <= {"2000", "2003"} and alt.get("exchange")
                                              for alt in rule.applies)}
    assert only_2000_2003, "expected some 2000/2003-only rules"
    assert not found & only_2000_2003


def test_2007_only_rules_never_fire_on_a_2003_plan_that_breaks_them_all():
    doc = build(W3, steps(add_virtual_servers(1), {"nodes[0].exchange_roles": ["hub-transport", "client-access"],
                                                   "windows.architecture": "x86"}))
    found = set(rule_ids(report_of(doc)))
    only_2007 = {rule.id for rule in CATALOG.rules
                 if rule.applies and all(alt.get("exchange") == ["2007"] for alt in rule.applies)}
    assert {"exchange2007-mailbox-role-only", "cms-passive-node", "sa-resources-automatic"} <= only_2007
    assert not found & only_2007


@pytest.mark.parametrize("version, severity", [("2000", "error"), ("2003", "error"), ("2007", "warning")])
def test_dns_dynamic_updates_severity_by_version(version, severity):
    base = {"2000": X0, "2003": W3, "2007": CCR8}[version]
    report = report_of(build(base, {"active_directory.dns_dynamic_updates": False}))
    [finding] = findings_of(report, "dns-dynamic-updates")
    assert finding.severity == severity
    assert report.ready is (severity != "error")


# ---------------------------------------------------------------- verdict and unanswered values

def test_info_and_warning_findings_do_not_block_ready():
    report = report_of(build(W2, {"virtual_servers[0].protocols.imap4": True}))
    assert {f.severity for f in report.findings} == {"warning", "info"}
    assert report.ready is True


def test_one_error_blocks_ready():
    report = report_of(build(W3, {"setup.mode": "unattended"}))
    assert [f.rule for f in report.errors] == ["setup-attended-only"]
    assert report.ready is False


UNANSWERED = {
    # path: (rules that judge it, a change that makes them fire)
    "cluster.private_network": ({"net-private-network", "net-subnets-distinct", "ip-in-subnet"}, NO_PRIVATE_NETWORK),
    "active_directory.dns_servers": ({"dns-server-present"}, {"active_directory.dns_servers": []}),
    "active_directory.dns_dynamic_updates": ({"dns-dynamic-updates"},
                                             {"active_directory.dns_dynamic_updates": False}),
    "virtual_servers": ({"evs-at-least-one", "cms-passive-node"}, {"virtual_servers": []}),
    "nodes": ({"nodes-min-two", "ccr-two-nodes"}, keep_nodes(0)),
    "windows.architecture": ({"exchange2007-x64-only"}, {"windows.architecture": "x86"}),
    "cluster.quorum.type": ({"quorum-type-for-windows", "ccr-quorum-witness", "quorum-disk-defined"},
                            {"cluster.quorum.type": "node-majority"}),
    "cluster.quorum.file_share_witness": ({"ccr-quorum-witness"}, {"cluster.quorum.file_share_witness": None}),
}


@pytest.mark.parametrize("path", list(UNANSWERED))
def test_unanswered_value_keeps_its_rules_silent(path):
    """A value that would make the rules fire, then removed: the rules stay silent and the value
    is reported as not answered yet."""
    rules, wrong = UNANSWERED[path]
    base = CCR3
    assert rules & set(rule_ids(report_of(build(base, wrong))))
    report = report_of(build(base, wrong, {path: DELETE}))
    assert not rules & set(rule_ids(report))
    assert path in [item.subject for item in report.incomplete]
    assert report.ready is False
