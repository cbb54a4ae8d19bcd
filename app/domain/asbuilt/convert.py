"""A read capture as a cluster state: `captured_state(capture) -> (ClusterState, Coverage)`.

The state is of the same types as `intended_state(plan)`, filled with what the capture shows:
names as the real cluster spells them, each resource's type (from `cluster res /prop`), private
properties and dependencies, each group's preferred owners, each node's status, adapters and what
systeminfo says about it. `Coverage` says which of these the capture held at all, so the
comparison can tell "not there" from "not looked at".
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from app.domain import versions
from app.domain.asbuilt.capture import Capture, Failure
from app.domain.asbuilt.parsers import IpConfig, PropertyRow, SystemInfo
from app.domain.cluster.state import (IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK, ClusterState, Group, Interface,
                                      Network, Node, Quorum, Resource)

# The private property that identifies a resource of these types whatever it is named.
IDENTITY_PROPERTY = {IP_ADDRESS: "Address", NETWORK_NAME: "Name"}
_DISK_LETTER = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]):(?=\Z|[\s)\\,;])")
# Private properties of a Physical Disk that may hold its drive letter when its name does not (Windows
# 2008 names disks "Cluster Disk N"): Drive (Windows 2003, set when created with cluster.exe) and
# DiskPath (Windows 2008, set for recovery, "H:\\"). Usually both are empty; the letter is then not known.
# MSDN "Physical Disk Private Properties".
DISK_LETTER_PROPERTIES = ("Drive", "DiskPath")
# `cluster network /prop` Role: what the network carries (ClusterNetworkRole: 0 none, 1 heartbeat
# only, 2 clients only, 3 both; MSDN "Networks: Role").
NETWORK_ROLES = {0: "none", 1: "internal", 2: "client", 3: "all"}
CAPTURED = ""   # the kind and subject of what a capture found: it has no place in a plan


@dataclass(frozen=True)
class Coverage:
    """Which parts of the real cluster the capture shows (names are matched without regard to case)."""
    version: bool = False
    nodes: bool = False
    groups: bool = False
    resources: bool = False
    types: bool = False            # `cluster res /prop`: without it resources cannot be matched by type
    private: bool = False
    # Where `cluster res "X" /prop` or `/priv` was run for single resources only: those resources.
    types_only: frozenset[str] | None = None
    private_only: frozenset[str] | None = None
    networks: bool = False
    network_roles: bool = False    # `cluster network /prop`: each network's role and subnet
    interfaces: bool = False
    quorum: bool = False
    owners: frozenset[str] = frozenset()         # groups whose /listowners is in the capture
    dependencies: frozenset[str] = frozenset()   # resources whose /listdep is in the capture
    possible_owners: frozenset[str] = frozenset()  # resources whose /listowners is in the capture
    ipconfig: frozenset[str] = frozenset()       # hosts, upper case
    systeminfo: frozenset[str] = frozenset()
    failures: tuple[Failure, ...] = ()

    def failure(self, kind: str, target: str | None = None) -> Failure | None:
        folded = target.casefold() if target else None
        return next((f for f in self.failures if f.kind == kind and
                     (f.target.casefold() if f.target else None) == folded), None)

    def has_private(self, resource: str) -> bool:
        return self.private and (self.private_only is None or resource.casefold() in self.private_only)

    def has_type(self, resource: str) -> bool:
        return self.types and (self.types_only is None or resource.casefold() in self.types_only)


def identity_of(resource_type: str, name: str, properties: dict[str, Any]) -> str | None:
    """What identifies a resource whatever its name: an address, a network name, a drive letter;
    for other types the type itself (one of each per group)."""
    if resource_type in IDENTITY_PROPERTY:
        value = properties.get(IDENTITY_PROPERTY[resource_type])
        return str(value).strip() or None if value is not None else None
    if resource_type == PHYSICAL_DISK:
        return disk_letter(name) or next((disk_letter(str(properties[key])) for key in DISK_LETTER_PROPERTIES
                                          if properties.get(key) and disk_letter(str(properties[key]))), None)
    return resource_type or None


def disk_letter(text: str | None) -> str | None:
    """The drive letter a disk's name or path holds ("Disk R:", "R:\\MSCS\\" -> "R:")."""
    letter = _DISK_LETTER.search(text or "")
    return f"{letter.group(1).upper()}:" if letter else None


def captured_state(capture: Capture) -> tuple[ClusterState, Coverage]:
    return _Converter(capture).state(), coverage_of(capture)


def coverage_of(capture: Capture) -> Coverage:
    return Coverage(
        version=capture.version is not None, nodes=capture.nodes is not None, groups=capture.groups is not None,
        resources=capture.resources is not None, types=capture.common_properties is not None,
        private=capture.private_properties is not None, networks=capture.networks is not None,
        types_only=capture.partial_tables.get("common_properties"),
        private_only=capture.partial_tables.get("private_properties"),
        network_roles=capture.network_properties is not None, interfaces=capture.interfaces is not None,
        quorum=capture.quorum is not None, owners=frozenset(name.casefold() for name in capture.owners),
        dependencies=frozenset(name.casefold() for name in capture.dependencies),
        possible_owners=frozenset(name.casefold() for name in capture.possible_owners),
        ipconfig=frozenset(capture.ipconfig), systeminfo=frozenset(capture.systeminfo), failures=capture.failures)


def _by_owner(rows: tuple[PropertyRow, ...] | None) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for row in rows or ():
        table.setdefault(row.owner.casefold(), {})[row.name] = row.value
    return table


def _folded(table: dict) -> dict:
    return {key.casefold(): value for key, value in table.items()}


class _Converter:
    def __init__(self, capture: Capture):
        self.capture = capture
        self.common = _by_owner(capture.common_properties)
        self.private = _by_owner(capture.private_properties)
        self.networks = self._networks()
        self.dependencies, self.owners = _folded(capture.dependencies), _folded(capture.owners)
        self.possible_owners = _folded(capture.possible_owners)

    def state(self) -> ClusterState:
        capture = self.capture
        resources = self._resources()
        version = capture.version
        release = versions.windows_of_nt_version(version.nt_version) if version else None
        cluster_ip = next((r.identity for r in resources if r.name.casefold() == "cluster ip address"), None)
        return ClusterState(
            name=version.cluster_name if version else None, ip=cluster_ip, exchange=None,
            windows=release.version if release else None, cluster_type=None,
            nodes=self._nodes(resources), networks=self.networks, groups=self._groups(resources),
            resources=resources, quorum=self._quorum(),
            interfaces=tuple(Interface(row.node, row.network, row.status) for row in capture.interfaces or ()))

    def _quorum(self) -> Quorum:
        """The quorum resource `cluster /quorum` names, and the disk letter its log path gives."""
        row = self.capture.quorum
        if row is None:
            return Quorum(None)
        return Quorum(None, resource=row.resource, disk=disk_letter(row.path))

    # ------------------------------------------------------------ resources and groups

    def _resources(self) -> tuple[Resource, ...]:
        resources = []
        for row in self.capture.resources or ():
            common = self.common.get(row.name.casefold(), {})
            private = self.private.get(row.name.casefold(), {})
            resource_type = str(common.get("Type") or "")
            identity = identity_of(resource_type, row.name, private) or self._quorum_letter(resource_type, row.name)
            resources.append(Resource(
                name=row.name, type=resource_type, group=row.group, properties=tuple(private.items()),
                depends_on=self.dependencies.get(row.name.casefold(), ()), made_by=CAPTURED, subject=CAPTURED,
                identity=identity, status=row.status, owner=row.owner,
                possible_owners=self.possible_owners.get(row.name.casefold(), ())))
        return tuple(resources)

    def _quorum_letter(self, resource_type: str, name: str) -> str | None:
        """A disk named without its letter that holds the quorum: `cluster /quorum`'s path gives the letter."""
        row = self.capture.quorum
        if resource_type != PHYSICAL_DISK or row is None or (row.resource or "").casefold() != name.casefold():
            return None
        return disk_letter(row.path)

    def _groups(self, resources: tuple[Resource, ...]) -> tuple[Group, ...]:
        rows = self.capture.groups
        if rows is None:  # no `cluster group`: the groups the resources name, without status
            names = dict.fromkeys(r.group for r in resources)
            return tuple(Group(name, CAPTURED, preferred_owners=self.owners.get(name.casefold(), ()))
                         for name in names)
        return tuple(Group(row.name, CAPTURED, preferred_owners=self.owners.get(row.name.casefold(), ()),
                           status=row.status, owner=row.owner) for row in rows)

    # ------------------------------------------------------------ networks and nodes

    def _networks(self) -> tuple[Network, ...]:
        properties = _by_owner(self.capture.network_properties)
        networks = []
        for row in self.capture.networks or ():
            values = properties.get(row.name.casefold(), {})
            address, mask = _network(values.get("Address"), values.get("AddressMask"))
            role = values.get("Role")
            networks.append(Network(row.name, address, mask, NETWORK_ROLES.get(role, str(role)) if role is not None
                                    else None, CAPTURED, row.status))
        return tuple(networks)

    def _nodes(self, resources: tuple[Resource, ...]) -> tuple[Node, ...]:
        capture = self.capture
        names = [row.name for row in capture.nodes or ()]
        for host in (*capture.ipconfig, *capture.systeminfo):
            if not any(name.upper() == host for name in names):
                names.append(host)
        statuses = {row.name.upper(): row.status for row in capture.nodes or ()}
        held = {r.identity for r in resources if r.type == IP_ADDRESS and r.identity}
        return tuple(self._node(name, statuses.get(name.upper()), capture.ipconfig.get(name.upper()),
                                capture.systeminfo.get(name.upper()), held) for name in names)

    def _node(self, name: str, status: str | None, config: IpConfig | None, info: SystemInfo | None,
              held: set[str]) -> Node:
        adapters = config.adapters if config else ()
        public, private = self._own_addresses(adapters, held)
        facts = system_facts(info) if info else {}
        return Node(name=name, label=name, public_ip=public, private_ip=private, domain=facts.get("domain"),
                    subject=CAPTURED, windows=facts.get("windows"), edition=facts.get("edition"),
                    service_pack=facts.get("service_pack"), architecture=facts.get("architecture"),
                    domain_controller=facts.get("domain_controller"), model=facts.get("model"),
                    status=status, adapters=adapters)

    def _own_addresses(self, adapters, held: set[str]) -> tuple[str | None, str | None]:
        """The node's own public and private address: on the cluster networks by role when
        `cluster network /prop` gave their subnets, else the adapter with a gateway is the public one.
        Addresses of IP Address resources the node holds at the moment are not its own."""
        own = [(adapter, a) for adapter in adapters for a in adapter.addresses if a not in held]
        public_nets = [n for n in self.networks if n.address and n.role in ("all", "client")]
        private_nets = [n for n in self.networks if n.address and n.role == "internal"]
        if public_nets or private_nets:
            public = next((a for _, a in own if _within(a, public_nets)), None)
            private = next((a for _, a in own if _within(a, private_nets)), None)
            return public, private
        public = next((a for adapter, a in own if adapter.gateways), None)
        private = next((a for adapter, a in own if not adapter.gateways), None)
        return public, private


def _within(address: str, networks) -> bool:
    return any(ipaddress.IPv4Address(address) in ipaddress.IPv4Network(n.address, strict=False) for n in networks)


def _network(address: Any, mask: Any) -> tuple[str | None, str | None]:
    try:
        network = ipaddress.IPv4Network(f"{address}/{mask}", strict=False)
    except (TypeError, ValueError):
        return None, str(mask) if mask else None
    return str(network), str(network.netmask)


# ---------------------------------------------------------------- systeminfo

def system_facts(info: SystemInfo) -> dict[str, Any]:
    os_name, os_version = info.get("OS Name") or "", info.get("OS Version") or ""
    number = re.match(r"\s*(\d+\.\d+)", os_version)
    release = versions.windows_of_nt_version(number.group(1)) if number else None
    service_pack = re.search(r"Service Pack (\d+)", os_version, re.IGNORECASE)
    return {
        "windows": release.version if release else None,
        "edition": next((key for key, words in versions.WINDOWS_EDITION_WORDS
                         if words.casefold() in os_name.casefold()), None),
        "service_pack": int(service_pack.group(1)) if service_pack else (0 if number else None),
        "architecture": architecture(info.get("System Type")),
        "domain_controller": domain_controller(info.get("OS Configuration")),
        "domain": (info.get("Domain") or "").strip() or None,
        "model": (info.get("System Model") or "").strip() or None,
    }


def architecture(system_type: str | None) -> str | None:
    """systeminfo's "X86-based PC", "x64-based PC", "Itanium (TM) -based System"."""
    text = (system_type or "").casefold()
    if text.startswith("x86"):
        return "x86"
    if text.startswith(("x64", "amd64")):
        return "x64"
    if "itanium" in text or "ia64" in text:
        return "ia64"
    return None


def domain_controller(configuration: str | None) -> bool | None:
    """systeminfo's "Member Server", "Standalone Server", "Primary Domain Controller", ..."""
    text = (configuration or "").casefold()
    if "domain controller" in text:
        return True
    if "server" in text or "workstation" in text:
        return False
    return None
