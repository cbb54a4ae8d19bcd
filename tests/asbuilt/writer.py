"""Writes capture files the way collect.cmd and the Windows commands would, for fixtures and benchmarks.

`as_built(intended)` is a cluster built exactly as planned: every node up, every group online on its
home node, each node's adapters carrying its addresses (and those of the groups it runs).
`render_capture(state)` prints it as the sections of shared/spec/as-built.md, in cluster.exe's
column widths: a value longer than its column pushes the rest of its line right, as the real tool
does. Besides what the plan sets, resources get the other properties real clusters show (restart
policy, disk signatures, Kerberos status), so the parsers meet realistic noise.
"""
from __future__ import annotations

import dataclasses
import ipaddress
from typing import Iterable

from app.domain.asbuilt.collect import possible_owner_resources
from app.domain.cluster.state import (IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK, Adapter, ClusterState, Group,
                                      Interface, Network, Node, Resource)

CRLF = "\r\n"

WIDTHS = {
    "nodes": (14, 7, 21), "groups": (20, 15, 6), "resources": (20, 20, 15, 6), "properties": (2, 20, 30, 23),
    "owners": (21,), "possible-owners": (20,), "networks": (40, 11), "interfaces": (26, 26, 7),
    "quorum": (20, 40, 12),
}
ROLE_NUMBERS = {"none": 0, "internal": 1, "client": 2, "all": 3}

CLUSTER_VERSION = {"2000": ("5.0 (Build 2195: Service Pack 4)", "Microsoft(R) Windows(R) 2000 Advanced Server"),
                   "2003": ("5.2 (Build 3790: Service Pack 2)", "Microsoft(R) Windows(R) Server 2003, Enterprise Edition"),
                   "2008": ("6.0 (Build 6001: Service Pack 1)", "Microsoft(R) Windows(R) Server 2008 Enterprise")}

# The common properties cluster.exe lists for every resource, besides its name and type.
COMMON = (("S", "Description", ""), ("S", "DebugPrefix", ""), ("D", "SeparateMonitor", 0),
          ("D", "PersistentState", 1), ("D", "LooksAlivePollInterval", 5000), ("D", "IsAlivePollInterval", 60000),
          ("D", "RestartAction", 2), ("D", "RestartThreshold", 3), ("D", "RestartPeriod", 900000),
          ("D", "PendingTimeout", 180000))
# Private properties a real cluster shows that a plan does not set.
EXTRA_PRIVATE = {
    IP_ADDRESS: (("D", "OverrideAddressMatch", 0), ("D", "EnableDhcp", 0)),
    NETWORK_NAME: (("D", "RemapPipeNames", 0), ("DR", "StatusNetBIOS", 0), ("DR", "StatusDNS", 0),
                   ("DR", "StatusKerberos", 0), ("SR", "CreatingDC", "\\\\DC1.contoso.com")),
    PHYSICAL_DISK: (("D", "Signature", None), ("D", "SkipChkdsk", 0), ("D", "ConditionalMount", 1),
                    ("B", "DiskUniqueIds", "10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 14 00 "
                                           "00 00 04 00 00 00")),
    "Majority Node Set": (("D", "MNSFileShareCheckInterval", 240), ("D", "MNSFileShareDelay", 4)),
    "File Share Witness": (("D", "ArbitrationDelay", 6),),
}


def as_built(intended: ClusterState, dns_servers: tuple[str, ...] = ("10.0.0.2",)) -> ClusterState:
    """The cluster a team built exactly as planned."""
    names = intended.node_names
    groups = tuple(dataclasses.replace(g, status="Online", owner=g.home or names[0]) for g in intended.groups)
    owner_of = {g.name: g.owner for g in groups}
    resources = tuple(dataclasses.replace(r, status="Online", owner=owner_of[r.group], possible_owners=names)
                      for r in intended.resources)
    held = {name: [r.identity for r in resources if r.type == IP_ADDRESS and r.owner == name and r.identity]
            for name in names}
    public = next(n for n in intended.networks if n.role == "all")
    private = next((n for n in intended.networks if n.role == "internal"), None)
    gateway = str(next(ipaddress.IPv4Network(public.address).hosts()))
    nodes = []
    for node in intended.nodes:
        adapters = [Adapter("Public", (node.public_ip, *held.get(node.name, [])),
                            (public.mask,) * (1 + len(held.get(node.name, []))), (gateway,), dns_servers, False,
                            "HP NC7782 Gigabit Server Adapter")]
        if node.private_ip and private:
            adapters.append(Adapter("Private", (node.private_ip,), (private.mask,), (), (), False,
                                    "HP NC7782 Gigabit Server Adapter #2"))
        nodes.append(dataclasses.replace(node, status="Up", adapters=tuple(adapters)))
    networks = tuple(dataclasses.replace(n, status="Up") for n in intended.networks)
    interfaces = tuple(Interface(node.name, network.name, "Up") for node in nodes for network in networks
                       if network.role != "internal" or node.private_ip)
    return dataclasses.replace(intended, nodes=tuple(nodes), groups=groups, resources=resources, networks=networks,
                               interfaces=interfaces)


# ---------------------------------------------------------------- tables

def row(values: Iterable, widths: tuple[int, ...]) -> str:
    """One row as cluster.exe prints it: each value padded to its column and a space; a longer
    value is printed whole and pushes the rest right; the last column takes the rest."""
    values = [str(v) for v in values]
    parts = [value.ljust(width) for value, width in zip(values[:-1], widths)]
    return " ".join(parts + [values[-1]]).rstrip()


def table(title: str, headers: tuple[str, ...], widths: tuple[int, ...], rows: Iterable[Iterable]) -> list[str]:
    return [title, "", row(headers, widths), " ".join("-" * w for w in widths), *(row(r, widths) for r in rows), ""]


def dword(value: int) -> str:
    return f"{value} (0x{value:x})"


def property_rows(owner: str, properties: Iterable[tuple[str, str, object]]) -> list[tuple]:
    rows = []
    for kind, name, value in properties:
        if kind.startswith("M"):
            values = list(value) or [""]
            rows.append((kind, owner, name, values[0]))
            rows += [("", "", "", more) for more in values[1:]]
        else:
            rows.append((kind, owner, name, dword(value) if kind.startswith("D") else value))
    return rows


def _kind_of(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return "D"
    if isinstance(value, tuple):
        return "M"
    return "S"


def _signature(name: str) -> int:
    return 0x7C640000 + sum(name.encode()) * 97 % 0xFFFF


# ---------------------------------------------------------------- sections

def render_capture(state: ClusterState, windows: str = "2003", omit: Iterable[str] = (),
                   hosts: Iterable[str] | None = None) -> str:
    """The whole capture as text with "\\n" line ends; `omit` leaves sections out by their command."""
    omitted = set(omit)
    sections: list[tuple[str, list[str]]] = [
        ("cluster /ver", version(state, windows)),
        ("cluster node", nodes(state.nodes)),
        ("cluster group", groups(state.groups)),
        ("cluster res", resources(state.resources)),
        ("cluster res /prop", common_properties(state.resources)),
        ("cluster res /priv", private_properties(state.resources)),
        ("cluster /quorum", quorum(state)),
        ("cluster network", networks(state.networks)),
        ("cluster network /prop", network_properties(state.networks)),
        ("cluster netint", interfaces(state.interfaces)),
    ]
    sections += [(f'cluster group "{g.name}" /listowners', owners(g)) for g in state.groups]
    sections += [(f'cluster res "{r.name}" /listdep', dependencies(r, state)) for r in state.resources]
    sections += [(f'cluster res "{r.name}" /listowners', possible_owners(r)) for r in possible_owner_resources(state)]
    wanted = set(hosts) if hosts is not None else {n.name for n in state.nodes}
    for node in state.nodes:
        if node.name in wanted:
            sections.append(("ipconfig /all", ipconfig(node, windows)))
            if windows != "2000":
                sections.append(("systeminfo", systeminfo(node, windows)))
    lines: list[str] = []
    for command, body in sections:
        if command in omitted or command.split(" ", 1)[0] in omitted:
            continue
        lines.append(f"#### {command}")
        lines += body
    return "\n".join(lines) + "\n"


def version(state: ClusterState, windows: str) -> list[str]:
    number, vendor = CLUSTER_VERSION["2008" if windows.startswith("2008") else windows]
    return [f"Cluster Name:     {state.name}", "", f"Cluster Version:  {number}", f"Cluster Vendor:   {vendor}", ""]


def nodes(items: tuple[Node, ...]) -> list[str]:
    return table("Listing status for all available nodes:", ("Node", "Node ID", "Status"), WIDTHS["nodes"],
                 [(n.name, str(i).rjust(7), n.status) for i, n in enumerate(items, start=1) if n.status])


def groups(items: tuple[Group, ...]) -> list[str]:
    return table("Listing status for all available resource groups:", ("Group", "Node", "Status"),
                 WIDTHS["groups"], [(g.name, g.owner or "", g.status) for g in items])


def _resource_rows(items: Iterable[Resource]) -> list[tuple]:
    return [(r.name, r.group, r.owner or "", r.status) for r in items]


def resources(items: tuple[Resource, ...]) -> list[str]:
    return table("Listing status for all available resources:", ("Resource", "Group", "Node", "Status"),
                 WIDTHS["resources"], _resource_rows(items))


def common_properties(items: tuple[Resource, ...]) -> list[str]:
    rows = []
    for r in items:
        rows += property_rows(r.name, (("S", "Name", r.name), ("SR", "Type", r.type), *COMMON))
    return table("Listing properties for all resources:", ("T", "Resource", "Name", "Value"), WIDTHS["properties"],
                 rows)


def private_properties(items: tuple[Resource, ...]) -> list[str]:
    rows = []
    for r in items:
        planned = [(_kind_of(value), name, value) for name, value in r.properties if value is not None]
        extra = [(kind, name, _signature(r.name) if value is None else value)
                 for kind, name, value in EXTRA_PRIVATE.get(r.type, ()) if name not in dict(r.properties)]
        rows += property_rows(r.name, planned + extra)
    return table("Listing private properties for all resources:", ("T", "Resource", "Name", "Value"),
                 WIDTHS["properties"], rows)


def quorum(state: ClusterState) -> list[str]:
    """`cluster /quorum` has no title: its header, dashes and one row (the disk's log folder, or the
    witness share; 4096 KB is the log size Microsoft recommends, KB 280353)."""
    resource = state.resource(state.quorum.resource) if state.quorum.resource else None
    if resource is not None and resource.type == PHYSICAL_DISK:
        path = f"{resource.identity}\\MSCS\\"
    else:
        path = state.quorum.witness or "C:\\WINDOWS\\Cluster\\MNS\\MSCS\\"
    header = ("Quorum Resource Name", "Device", "Max Log Size")
    return [row(header, WIDTHS["quorum"]), " ".join("-" * w for w in WIDTHS["quorum"]),
            row((state.quorum.resource or "", path, "4096"), WIDTHS["quorum"]), ""]


def possible_owners(resource: Resource) -> list[str]:
    """As cluster.exe's message file has it: no blank line between the title and the header."""
    return [f"Listing possible owners for resource '{resource.name}':",
            *table("", ("Possible Owner Nodes",), WIDTHS["possible-owners"],
                   [(o,) for o in resource.possible_owners])[2:]]


def owners(group: Group) -> list[str]:
    return table(f"Listing preferred owners for group '{group.name}':", ("Preferred Owner Nodes",),
                 WIDTHS["owners"], [(o,) for o in group.preferred_owners])


def dependencies(resource: Resource, state: ClusterState) -> list[str]:
    named = [state.resource(name) for name in resource.depends_on]
    return table(f"Listing resource dependencies for '{resource.name}':", ("Resource", "Group", "Node", "Status"),
                 WIDTHS["resources"], _resource_rows(r for r in named if r))


def networks(items: tuple[Network, ...]) -> list[str]:
    return table("Listing status for all available networks:", ("Network", "Status"), WIDTHS["networks"],
                 [(n.name, n.status) for n in items])


def network_properties(items: tuple[Network, ...]) -> list[str]:
    rows = []
    for n in items:
        network = ipaddress.IPv4Network(n.address) if n.address else None
        rows += property_rows(n.name, (
            ("S", "Name", n.name), ("S", "Description", ""), ("D", "Role", ROLE_NUMBERS.get(n.role, 0)),
            ("SR", "Address", str(network.network_address) if network else ""),
            ("SR", "AddressMask", str(network.netmask) if network else "")))
    return table("Listing properties for all networks:", ("T", "Network", "Name", "Value"), WIDTHS["properties"],
                 rows)


def interfaces(items: tuple[Interface, ...]) -> list[str]:
    return table("Listing status for all available network interfaces:", ("Node", "Network", "Status"),
                 WIDTHS["interfaces"], [(i.node, i.network, i.status) for i in items])


# ---------------------------------------------------------------- ipconfig /all and systeminfo

def _label(label: str, value: str, indent: str = "   ") -> str:
    """ "   Host Name . . . . . . . . . . . . : EXNODE1": the label, dots every other column, the colon
    at the same column on every line."""
    dots = "".join(" " if (34 - p) % 2 == 0 else "." for p in range(len(label), 35))
    line = f"{indent}{label}{dots}:"
    return f"{line} {value}" if value else line


def ipconfig(node: Node, windows: str) -> list[str]:
    modern = windows.startswith("2008")
    indent = "        " if windows == "2000" else "   "
    title = "Windows 2000 IP Configuration" if windows == "2000" else "Windows IP Configuration"
    lines = [title, "", _label("Host Name", node.name, indent), _label("Primary Dns Suffix", "contoso.com", indent),
             _label("Node Type", "Hybrid", indent), _label("IP Routing Enabled", "No", indent),
             _label("WINS Proxy Enabled", "No", indent), _label("DNS Suffix Search List", "contoso.com", indent), ""]
    continuation = " " * (len(indent) + 35)
    for number, adapter in enumerate(node.adapters, start=1):
        lines += [f"Ethernet adapter {adapter.name}:", "",
                  _label("Connection-specific DNS Suffix", "", indent),
                  _label("Description", adapter.description or "Network adapter", indent),
                  _label("Physical Address", f"00-0F-20-6A-{number:02X}-{sum(node.name.encode()) % 256:02X}", indent),
                  _label("DHCP Enabled", "Yes" if adapter.dhcp else "No", indent)]
        if modern:
            lines += [_label("Autoconfiguration Enabled", "Yes", indent),
                      _label("Link-local IPv6 Address", f"fe80::20f:20ff:fe6a:{number:x}%{10 + number}(Preferred)",
                             indent)]
        for address, mask in zip(adapter.addresses, adapter.masks):
            lines += [_label("IPv4 Address" if modern else "IP Address",
                             f"{address}(Preferred)" if modern else address, indent),
                      _label("Subnet Mask", mask, indent)]
        gateways = list(adapter.gateways)
        lines.append(_label("Default Gateway", gateways[0] if gateways else "", indent))
        lines += [continuation + g for g in gateways[1:]]
        if adapter.dns_servers:
            lines.append(_label("DNS Servers", adapter.dns_servers[0], indent))
            lines += [continuation + d for d in adapter.dns_servers[1:]]
        if not adapter.gateways:
            lines.append(_label("NetBIOS over Tcpip", "Disabled", indent))
        lines.append("")
    if modern:
        lines += ["Tunnel adapter Local Area Connection* 8:", "",
                  _label("Media State", "Media disconnected", indent),
                  _label("Connection-specific DNS Suffix", "", indent),
                  _label("Description", "isatap.{4C2A1B7E-95F3-4A0B-8E11-3D6F0C2B9A77}", indent),
                  _label("Physical Address", "00-00-00-00-00-00-00-E0", indent),
                  _label("DHCP Enabled", "No", indent), _label("Autoconfiguration Enabled", "Yes", indent), ""]
    return lines


OS_NAMES = {
    ("2003", "x86"): "Microsoft(R) Windows(R) Server 2003, {edition} Edition",
    ("2003", "x64"): "Microsoft(R) Windows(R) Server 2003 {edition} x64 Edition",
    ("2008", "x64"): "Microsoftr Windows Serverr 2008 {edition} ",
    ("2008", "x86"): "Microsoftr Windows Serverr 2008 {edition} ",
}


def os_version(windows: str, service_pack: int) -> str:
    if windows.startswith("2008"):
        return "6.0.6001 Service Pack 1 Build 6001" if service_pack in (0, 1) else \
            f"6.0.600{service_pack} Service Pack {service_pack} Build 600{service_pack}"
    if not service_pack:
        return "5.2.3790 Build 3790"
    return f"5.2.3790 Service Pack {service_pack} Build 3790"


def _info(label: str, value: str) -> str:
    return f"{label + ':':<27}{value}".rstrip()


def systeminfo(node: Node, windows: str) -> list[str]:
    edition = (node.edition or "enterprise").capitalize()
    release = "2008" if (node.windows or windows).startswith("2008") else "2003"
    arch = node.architecture or "x86"
    os_name = OS_NAMES[(release, arch)].format(edition=edition)
    cards = []
    for number, adapter in enumerate(node.adapters, start=1):
        cards += [f"{'':27}[{number:02}]: {adapter.description}",
                  f"{'':33}Connection Name: {adapter.name}",
                  f"{'':33}DHCP Enabled:    {'Yes' if adapter.dhcp else 'No'}",
                  f"{'':33}IP address(es)"]
        cards += [f"{'':33}[{i:02}]: {a}" for i, a in enumerate(adapter.addresses, start=1)]
    return ["", _info("Host Name", node.name), _info("OS Name", os_name),
            _info("OS Version", os_version(release, node.service_pack or 0)),
            _info("OS Manufacturer", "Microsoft Corporation"),
            _info("OS Configuration", "Additional/Backup Domain Controller" if node.domain_controller
                  else "Member Server"),
            _info("OS Build Type", "Multiprocessor Free"), _info("Registered Owner", "Contoso IT"),
            _info("Registered Organization", "Contoso"), _info("Product ID", "69713-640-4031427-45876"),
            _info("Original Install Date", "14/03/2008, 10:22:41"),
            _info("System Up Time", "12 Days, 4 Hours, 3 Minutes, 9 Seconds"),
            _info("System Manufacturer", "HP"), _info("System Model", node.model or "ProLiant DL380 G4"),
            _info("System Type", "x64-based PC" if arch == "x64" else "X86-based PC"),
            _info("Processor(s)", "2 Processor(s) Installed."),
            f"{'':27}[01]: x86 Family 15 Model 4 Stepping 3 GenuineIntel ~3400 Mhz",
            f"{'':27}[02]: x86 Family 15 Model 4 Stepping 3 GenuineIntel ~3400 Mhz",
            _info("BIOS Version", "COMPAQ - 2"), _info("Windows Directory", "C:\\WINDOWS"),
            _info("System Directory", "C:\\WINDOWS\\system32"), _info("Boot Device", "\\Device\\HarddiskVolume1"),
            _info("System Locale", "en-us;English (United States)"),
            _info("Input Locale", "en-us;English (United States)"),
            _info("Time Zone", "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"),
            _info("Total Physical Memory", "4,095 MB"), _info("Available Physical Memory", "2,811 MB"),
            _info("Page File: Max Size", "5,940 MB"), _info("Page File: Available", "4,875 MB"),
            _info("Page File: In Use", "1,065 MB"), _info("Page File Location(s)", "C:\\pagefile.sys"),
            _info("Domain", node.domain or "contoso.com"), _info("Logon Server", "\\\\DC1"),
            _info("Hotfix(s)", "3 Hotfix(s) Installed."),
            f"{'':27}[01]: File 1", f"{'':27}[02]: KB925902", f"{'':27}[03]: KB936357",
            _info("Network Card(s)", f"{len(node.adapters)} NIC(s) Installed."), *cards, ""]
