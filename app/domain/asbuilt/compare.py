"""The real cluster against the plan: `compare(intended, found, coverage) -> Comparison`.

Both states are `ClusterState`s; `found` comes from a capture (convert.py), `coverage` says which
parts of the real cluster the capture shows. Every difference is a finding with a severity, the
plan path it concerns, what was planned and what was found. What the capture does not show is
listed as not compared, never counted as a match: the verdict is then "incomplete", unless all
that is missing is a check beyond the spec's list of sections (see sections.EXTRA_KINDS) or one no
capture can make on the release (Windows 2000 has no systeminfo). What was found exactly as planned
is returned as evidence keys (app/domain/cluster/evidence.py), which prove checklist items done;
a key that a difference of the same comparison concerns is never among them.

Resources are matched by group, type and identity (an IP Address by its address, a Network Name by
its name, a Physical Disk by the letter in its name), never by name alone: administrators name
resources as they like. A resource not found that way is paired, in this order, with: a disk (or
a resource the cluster has only one of) of the same identity in another group, as Change Group
moves them; one of the same type in its group (its address or name differs); one of the same type
and identity in another group; one of the same name and another type.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Iterable

from app.domain import versions
from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.convert import Coverage
from app.domain.cluster import evidence as ev
from app.domain.cluster.state import (IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK, SERVER_KIND, ClusterState, Group,
                                      Network, Node, Resource)

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

# Every kind of difference, with its severity. Info is for what exists but is not planned.
SEVERITIES = {
    "cluster-name": ERROR, "cluster-windows": ERROR,
    "node-missing": ERROR, "node-down": ERROR, "node-paused": WARNING, "node-not-up": WARNING,
    "node-unplanned": INFO,
    "node-windows": ERROR, "node-edition": WARNING, "node-service-pack": WARNING, "node-architecture": ERROR,
    "node-domain": ERROR, "node-domain-controller": ERROR, "node-model": INFO,
    "adapter-address": ERROR, "adapter-mask": ERROR, "private-gateway": WARNING, "private-dns": WARNING,
    "adapter-dhcp": WARNING,
    "network-missing": ERROR, "network-role": WARNING, "network-down": WARNING, "network-unplanned": INFO,
    "interface-missing": ERROR, "interface-down": WARNING,
    "group-missing": ERROR, "group-name": WARNING, "group-failed": ERROR, "group-offline": WARNING,
    "group-owner": WARNING, "group-unplanned": INFO,
    "resource-missing": ERROR, "resource-group": ERROR, "resource-type": ERROR, "resource-failed": ERROR,
    "resource-offline": WARNING, "resource-unplanned": INFO, "disk-letter": ERROR,
    "dependency-missing": ERROR, "dependency-unplanned": INFO,
    "owners-differ": WARNING, "owners-order": WARNING, "possible-owners": WARNING,
    "quorum-resource": ERROR, "quorum-disk": ERROR,
}
# The verdicts of a comparison.
MATCHES, DIFFERS, INCOMPLETE = "matches", "differs", "incomplete"
# A private property other than planned: how much it matters.
PROPERTY_SEVERITIES = {"Address": ERROR, "SubnetMask": ERROR, "Network": ERROR, "Name": ERROR,
                       "SharePath": ERROR, "MNSFileShare": ERROR, "RequireKerberos": WARNING,
                       "RequireDNS": WARNING, "EnableNetBIOS": WARNING}
_PROPERTY_WORDS = {"Address": "address", "SubnetMask": "subnet mask", "Network": "network", "Name": "network name",
                   "RequireKerberos": "Kerberos requirement", "RequireDNS": "DNS registration requirement",
                   "EnableNetBIOS": "NetBIOS setting", "SharePath": "witness share", "MNSFileShare": "witness share"}
_ON_OFF = {"RequireKerberos", "RequireDNS", "EnableNetBIOS"}


@dataclass(frozen=True)
class Difference:
    code: str
    severity: str
    subject: str              # the plan path concerned ("virtual_servers[0].ip")
    message: str
    expected: str | None = None
    found: str | None = None
    evidence: str | None = None   # the evidence key concerned, to find its checklist items
    # The plan's answer as the cluster was found (plan path, value): what the plan would say if it
    # described this cluster. severity.py checks it against the plan's rules.
    answer: tuple[str, Any] | None = None
    rule: str | None = None       # the plan rule the found value breaks, once severity.py has looked

    @property
    def key(self) -> tuple[str, str, str]:
        """What stays the same when the same difference is found again in a later capture (what was
        found may change: an address can be wrong in another way)."""
        return self.code, self.subject, self.evidence or (self.found if self.code.endswith("unplanned") else "")

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "subject": self.subject, "message": self.message,
                "expected": self.expected, "found": self.found, "evidence": self.evidence, "rule": self.rule}


@dataclass(frozen=True)
class NotCompared:
    subject: str
    what: str                 # what could not be compared
    reason: str               # why: the section is missing, or its command failed
    command: str | None = None    # what to add to the capture
    evidence: tuple[str, ...] = ()
    # False for a check beyond the spec's sections (collect.cmd adds them) and for one no capture of
    # this Windows release can make: the capture is complete without it, and may still match.
    required: bool = True

    def as_dict(self) -> dict:
        return {"subject": self.subject, "what": self.what, "reason": self.reason, "command": self.command,
                "required": self.required}


@dataclass(frozen=True)
class Comparison:
    differences: tuple[Difference, ...] = ()
    not_compared: tuple[NotCompared, ...] = ()
    proven: frozenset[str] = frozenset()
    # Planned name -> the name the cluster gives it, where they differ (collect.cmd asks for those).
    group_names: tuple[tuple[str, str], ...] = ()
    resource_names: tuple[tuple[str, str], ...] = ()

    def of(self, severity: str) -> list[Difference]:
        return [d for d in self.differences if d.severity == severity]

    @property
    def errors(self) -> list[Difference]:
        return self.of(ERROR)

    @property
    def warnings(self) -> list[Difference]:
        return self.of(WARNING)

    @property
    def infos(self) -> list[Difference]:
        return self.of(INFO)

    @property
    def missing(self) -> list[NotCompared]:
        """What the capture should have shown and did not: while any is left, it cannot match."""
        return [n for n in self.not_compared if n.required]

    @property
    def further(self) -> list[NotCompared]:
        """Checks beyond what a capture must show that this one could not make (see NotCompared.required)."""
        return [n for n in self.not_compared if not n.required]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def verdict(self) -> str:
        """DIFFERS on any error or warning; else INCOMPLETE while something required was not compared;
        else MATCHES."""
        if self.errors or self.warnings:
            return DIFFERS
        return MATCHES if self.complete else INCOMPLETE

    @property
    def matches(self) -> bool:
        """No error, no warning, and nothing required left uncompared."""
        return self.verdict == MATCHES

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "matches": self.matches, "complete": self.complete,
                "differences": [d.as_dict() for d in self.differences],
                "not_compared": [n.as_dict() for n in self.not_compared], "proven": sorted(self.proven)}


def compare(intended: ClusterState, found: ClusterState, coverage: Coverage) -> Comparison:
    return _Comparer(intended, found, coverage).run()


def other_cluster(intended: ClusterState, found: ClusterState, coverage: Coverage) -> str | None:
    """Why the capture is of another cluster than the plan's, or None when it may be this one's."""
    planned = {n.casefold() for n in intended.node_names}
    seen = {n.name.casefold() for n in found.nodes if n.name}
    names_differ = bool(intended.name and found.name and intended.name.casefold() != found.name.casefold())
    if planned and seen and not planned & seen:
        cluster = f"the cluster {found.name} " if found.name else ""
        return (f"This capture is of {cluster}with the servers {', '.join(sorted(n.name for n in found.nodes))}; "
                f"the plan is for {intended.name or 'a cluster'} with the nodes "
                f"{', '.join(intended.node_names)}. Use a capture of this plan's cluster.")
    if names_differ and not seen:
        return (f"This capture is of the cluster {found.name}; the plan is for {intended.name}. "
                "Use a capture of this plan's cluster.")
    return None


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, int) and not isinstance(a, bool):
        try:
            return int(str(b).strip()) == a
        except ValueError:
            return False
    return str(a).strip().casefold() == str(b).strip().casefold()


def _shown(value: Any, name: str = "") -> str:
    if value is None:
        return "not set"
    if name in _ON_OFF and isinstance(value, int):
        return "on (1)" if value == 1 else f"off ({value})" if value == 0 else str(value)
    return str(value)


def _in_network(address: str | None, network: str | None) -> bool:
    try:
        return ipaddress.IPv4Address(address) in ipaddress.IPv4Network(network, strict=False)
    except (TypeError, ValueError):
        return False


@dataclass
class _Pair:
    found: Resource
    how: str   # exact | other-group | by-type | other-type


@dataclass
class _Comparer:
    intended: ClusterState
    found: ClusterState
    coverage: Coverage
    differences: list[Difference] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)
    proven: set[str] = field(default_factory=set)
    network_names: dict[str, str] = field(default_factory=dict)   # planned network -> the one found for it

    def run(self) -> Comparison:
        self.cluster()
        self.nodes()
        self.networks()
        groups = self.groups()
        pairs = self.resources(groups)
        self.quorum()
        ordered = sorted(self.differences, key=lambda d: SEVERITY_ORDER[d.severity])
        # Whatever a difference or an error or warning concerns is not proven, even where one part of it was.
        contradicted = {d.evidence for d in ordered if d.evidence and d.severity in (ERROR, WARNING)}
        return Comparison(tuple(ordered), tuple(self.not_compared), frozenset(self.proven - contradicted),
                          group_names=tuple((planned, found.name) for planned, found in groups.items()
                                            if planned != found.name),
                          resource_names=tuple((planned, pair.found.name) for planned, pair in pairs.items()
                                               if planned != pair.found.name))

    def differ(self, code: str, subject: str, message: str, expected: Any = None, found: Any = None,
               evidence: str | None = None, severity: str | None = None,
               answer: tuple[str, Any] | None = None) -> None:
        self.differences.append(Difference(code, severity or SEVERITIES[code], subject, message,
                                           None if expected is None else str(expected),
                                           None if found is None else str(found), evidence, answer))

    def missing(self, subject: str, what: str, kind: str, target: str | None = None,
                evidence: Iterable[str] = (), reason: str | None = None, command: str | None = "",
                required: bool | None = None, named: str | None = None) -> None:
        """Something not compared: its section is not in the capture, or its command failed. `command`
        is what to add to the capture: by default the section's own; None when nothing would do.
        `required` defaults to whether the section is one of the spec's list; `named` is the name
        collect.cmd gave the command, when it may differ from `target` (the name found)."""
        failure = self.coverage.failure(kind, target) or (self.coverage.failure(kind, named) if named else None)
        command = _command(kind, target) if command == "" else command
        if reason is None:
            reason = _failure_reason(failure, kind, target) if failure else \
                f"the capture has no “{command}” section"
        self.not_compared.append(NotCompared(subject, what, reason, command, tuple(evidence),
                                             kind not in kinds.EXTRA_KINDS if required is None else required))

    # ------------------------------------------------------------ the cluster itself

    def cluster(self) -> None:
        intended, found = self.intended, self.found
        if not self.coverage.version:
            self.missing("cluster.name", "The cluster's name and Windows release", kinds.VERSION)
            return
        if intended.name and found.name and not _same(intended.name, found.name):
            self.differ("cluster-name", "cluster.name", f"The cluster is named {found.name}, not {intended.name}.",
                        intended.name, found.name)
        if intended.windows and found.windows and not _windows_same(intended.windows, found.windows):
            self.differ("cluster-windows", "windows.version",
                        f"The cluster runs {_windows_label(found.windows)}, not {_windows_label(intended.windows)}.",
                        _windows_label(intended.windows), _windows_label(found.windows),
                        answer=("windows.version", found.windows))

    # ------------------------------------------------------------ nodes

    def found_node(self, name: str | None) -> Node | None:
        return next((n for n in self.found.nodes if name and n.name and n.name.casefold() == name.casefold()), None)

    def nodes(self) -> None:
        planned = [n for n in self.intended.nodes if n.name]
        if not self.coverage.nodes:
            self.missing("nodes", "Which planned nodes are in the cluster, and whether they are up", kinds.NODES,
                         evidence=[ev.node_key(n.name) for n in planned])
        for node in planned:
            found = self.found_node(node.name)
            if self.coverage.nodes:
                self.membership(node, found)
            self.host(node, found)
        if self.coverage.nodes:
            names = {n.name.casefold() for n in planned}
            for node in self.found.nodes:
                if node.status is not None and node.name and node.name.casefold() not in names:
                    self.differ("node-unplanned", "nodes", f"The cluster has a node {node.name} that the plan "
                                                           "does not list.", None, node.name)

    def membership(self, node: Node, found: Node | None) -> None:
        key = ev.node_key(node.name)
        if found is None or found.status is None:
            self.differ("node-missing", node.subject, f"{node.name} is not a node of the cluster.",
                        node.name, None, key)
            return
        self.proven.add(key)
        if found.status == "Down":
            self.differ("node-down", node.subject, f"{node.name} is down.", "Up", found.status, key)
        elif found.status == "Paused":
            self.differ("node-paused", node.subject, f"{node.name} is paused: no group can move to it.",
                        "Up", found.status, key)
        elif found.status != "Up":
            self.differ("node-not-up", node.subject, f"{node.name} is {found.status.lower()}, not up.",
                        "Up", found.status, key)

    def host(self, node: Node, found: Node | None) -> None:
        host = node.name.upper()
        release = versions.windows(self.intended.windows)
        if host in self.coverage.systeminfo and found is not None:
            self.system_facts(node, found)
        elif release is not None and not release.has_systeminfo:
            self.missing(node.subject, f"Windows release, service pack, architecture, domain and role of {node.name}",
                         kinds.SYSTEMINFO, reason=f"{release.label} has no systeminfo command; check them on "
                                                  "the node by hand", command=None, required=False)
        else:
            self.missing(node.subject, f"Windows release, service pack, architecture, domain and role of {node.name}",
                         kinds.SYSTEMINFO, reason=f"the capture has no systeminfo of {node.name}",
                         command=f"systeminfo (on {node.name})", evidence=[ev.host_key(node.name)])
        if host in self.coverage.ipconfig and found is not None:
            self.adapters(node, found)
        else:
            self.missing(node.subject, f"The addresses of {node.name}", kinds.IPCONFIG,
                         reason=f"the capture has no ipconfig /all of {node.name}",
                         command=f"ipconfig /all (on {node.name})", evidence=[ev.addresses_key(node.name)])

    def system_facts(self, node: Node, found: Node) -> None:
        name, subject = node.name, node.subject
        if node.windows and found.windows and not _windows_same(node.windows, found.windows):
            self.differ("node-windows", "windows.version", f"{name} runs {_windows_label(found.windows)}.",
                        _windows_label(node.windows), _windows_label(found.windows), ev.host_key(name),
                        answer=("windows.version", found.windows))
        if node.edition and found.edition and node.edition != found.edition:
            product = versions.windows_product(found.windows or node.windows, found.edition)
            self.differ("node-edition", "windows.edition",
                        f"{name} runs {product or f'the {found.edition} edition of Windows'}.",
                        node.edition, found.edition, ev.host_key(name), answer=("windows.edition", found.edition))
        if node.service_pack is not None and found.service_pack is not None and \
                versions.service_pack_level(found.windows or node.windows, found.service_pack) != \
                versions.service_pack_level(node.windows, node.service_pack):
            self.differ("node-service-pack", "windows.service_pack",
                        f"{name} has {_service_pack_words(found.windows or node.windows, found.service_pack)}.",
                        _service_pack_words(node.windows, node.service_pack),
                        _service_pack_words(found.windows or node.windows, found.service_pack), ev.host_key(name),
                        answer=("windows.service_pack", found.service_pack))
        if node.architecture and found.architecture and node.architecture != found.architecture:
            self.differ("node-architecture", "windows.architecture", f"{name} runs the {found.architecture} "
                        "version of Windows.", node.architecture, found.architecture, ev.host_key(name),
                        answer=("windows.architecture", found.architecture))
        if node.domain and found.domain and not _domain_same(node.domain, found.domain):
            self.differ("node-domain", f"{subject}.domain", f"{name} is a member of {found.domain}.",
                        node.domain, found.domain, ev.host_key(name), answer=(f"{subject}.domain", found.domain))
        if node.domain_controller is not None and found.domain_controller is not None and \
                node.domain_controller != found.domain_controller:
            self.differ("node-domain-controller", f"{subject}.domain_controller",
                        f"{name} is a domain controller: clustered Exchange is not supported there."
                        if found.domain_controller else f"{name} is not a domain controller.",
                        "domain controller" if node.domain_controller else "member server",
                        "domain controller" if found.domain_controller else "member server", ev.host_key(name),
                        answer=(f"{subject}.domain_controller", found.domain_controller))
        if node.model and found.model and not _model_same(node.model, found.model):
            self.differ("node-model", f"{subject}.hardware_model", f"{name} is a {found.model}.",
                        node.model, found.model, ev.host_key(name))

    def adapters(self, node: Node, found: Node) -> None:
        networks = {n.name: n for n in self.intended.networks}
        public, private = networks.get("Public"), networks.get("Private")
        self.adapter(node, found, node.public_ip, public, f"{node.subject}.public_ip", "public")
        if node.private_ip and private:
            adapter = self.adapter(node, found, node.private_ip, private, f"{node.subject}.private_ip", "private")
            if adapter is not None and adapter.gateways:
                self.differ("private-gateway", f"{node.subject}.private_ip",
                            f"The private adapter of {node.name} ({adapter.name}) has a default gateway; the "
                            "heartbeat network needs none.", "no gateway", ", ".join(adapter.gateways),
                            ev.addresses_key(node.name))
            if adapter is not None and adapter.dns_servers:
                self.differ("private-dns", f"{node.subject}.private_ip",
                            f"The private adapter of {node.name} ({adapter.name}) has DNS servers; the heartbeat "
                            "network needs none.", "no DNS servers", ", ".join(adapter.dns_servers),
                            ev.addresses_key(node.name))

    def adapter(self, node: Node, found: Node, address: str | None, network: Network | None, subject: str,
                role: str):
        if not address:
            return None
        adapter = next((a for a in found.adapters if address in a.addresses), None)
        if adapter is None:
            nearby = [a for adapter in found.adapters for a in adapter.addresses
                      if network is None or _in_network(a, network.address)]
            self.differ("adapter-address", subject, f"No adapter of {node.name} has the {role} address {address}.",
                        address, ", ".join(nearby) or "no address on that network", ev.addresses_key(node.name))
            return None
        mask = adapter.masks[adapter.addresses.index(address)] if len(adapter.masks) > \
            adapter.addresses.index(address) else None
        if network is not None and network.mask and mask and mask != network.mask:
            self.differ("adapter-mask", subject, f"The {role} address of {node.name} has the mask {mask}.",
                        network.mask, mask, ev.addresses_key(node.name))
        if adapter.dhcp:
            self.differ("adapter-dhcp", subject, f"The {role} adapter of {node.name} ({adapter.name}) takes its "
                        "address from DHCP; cluster nodes need static addresses.", "static", "DHCP",
                        ev.addresses_key(node.name))
        return adapter

    # ------------------------------------------------------------ networks

    def networks(self) -> None:
        """Networks are matched by their subnet (`cluster network /prop`), never by name alone: Windows
        2008 names them "Cluster Network 1", 2, ... Without the subnets, only a network of the planned
        name can be matched."""
        if not self.coverage.networks:
            self.missing("cluster.public_network", "The cluster networks and their roles", kinds.NETWORKS)
            return
        matched: set[str] = set()
        if not self.coverage.network_roles:
            self.missing("cluster.public_network", "The roles and subnets of the cluster networks",
                         kinds.NETWORK_PROPERTIES)
        for network in self.intended.networks:
            found = self.found_network(network, matched)
            if found is None and not self.coverage.network_roles:
                self.missing(network.subject, f"The cluster network for {network.address or network.name}",
                             kinds.NETWORK_PROPERTIES, required=True,
                             reason=f"no network is named {network.name}, and without “cluster network /prop” "
                                    "the capture does not say which subnet each network carries")
                continue
            if found is None:
                self.differ("network-missing", network.subject, "The cluster has no network for "
                            f"{network.address or network.name}.", network.address or network.name,
                            ", ".join(n.name for n in self.found.networks) or None)
                continue
            matched.add(found.name)
            self.network_names[network.name] = found.name
            if self.coverage.network_roles and found.role != network.role:
                self.differ("network-role", network.subject, f"The network {found.name} is used for "
                            f"{_role_words(found.role)}, not for {_role_words(network.role)}.",
                            _role_words(network.role), _role_words(found.role))
            if found.status and found.status != "Up":
                self.differ("network-down", network.subject, f"The network {found.name} is {found.status.lower()}.",
                            "Up", found.status)
            self.interfaces(network, found)
        for network in self.found.networks:
            if network.name not in matched and (self.coverage.network_roles or
                                                len(matched) == len(self.intended.networks)):
                self.differ("network-unplanned", "cluster", f"The cluster has a network {network.name} that the "
                            "plan does not have.", None, network.address or network.name)

    def found_network(self, network: Network, matched: set[str]) -> Network | None:
        candidates = [n for n in self.found.networks if n.name not in matched]
        if network.address:
            by_address = next((n for n in candidates if n.address and
                               ipaddress.IPv4Network(n.address) == ipaddress.IPv4Network(network.address,
                                                                                         strict=False)), None)
            if by_address or any(n.address for n in candidates):
                return by_address
        return next((n for n in candidates if _same(n.name, network.name)), None)

    def interfaces(self, network: Network, found: Network) -> None:
        if not self.coverage.interfaces:
            if network.role == "all":
                self.missing("nodes", "Each node's interface on the cluster networks", kinds.INTERFACES)
            return
        for node in self.intended.nodes:
            if not node.name or self.found_node(node.name) is None:
                continue
            if network.role == "internal" and not node.private_ip:
                continue
            interface = next((i for i in self.found.interfaces if _same(i.node, node.name) and
                              _same(i.network, found.name)), None)
            if interface is None:
                self.differ("interface-missing", node.subject, f"{node.name} has no interface on the network "
                            f"{found.name}.", found.name, None)
            elif interface.status and interface.status != "Up":
                self.differ("interface-down", node.subject, f"The interface of {node.name} on {found.name} is "
                            f"{interface.status.lower()}.", "Up", interface.status)

    # ------------------------------------------------------------ groups

    def groups(self) -> dict[str, Group]:
        """Planned group name -> the group found for it."""
        if not self.coverage.groups and not self.coverage.resources:
            self.missing("virtual_servers", "The cluster groups, their status and where they run", kinds.GROUPS,
                         evidence=[ev.group_key(g.name) for g in self.intended.groups])
            return {}
        matched: dict[str, Group] = {}
        taken: set[str] = set()
        for group in self.intended.groups:
            found = self.found_group(group, taken)
            if found is None:
                count = len(self.intended.resources_of(group.name))
                self.differ("group-missing", group.subject, f"The cluster has no group {group.name}"
                            + (f" (nor the {count} resources planned in it)." if count else "."),
                            group.name, None, ev.group_key(group.name))
                continue
            taken.add(found.name.casefold())
            matched[group.name] = found
            self.group(group, found)
        built_in = versions.windows(self.intended.windows)
        quiet = {g.casefold() for g in (built_in.built_in_groups if built_in else ())}
        for found in self.found.groups:
            if found.name.casefold() not in taken and found.name.casefold() not in quiet:
                count = len(self.found.resources_of(found.name))
                self.differ("group-unplanned", "virtual_servers", f"The cluster has a group {found.name} "
                            f"({count} resource{'s' if count != 1 else ''}) that the plan does not have.",
                            None, found.name)
        return matched

    def found_group(self, group: Group, taken: set[str]) -> Group | None:
        candidates = [g for g in self.found.groups if g.name.casefold() not in taken]
        by_name = next((g for g in candidates if _same(g.name, group.name)), None)
        if by_name or group.kind != SERVER_KIND:
            return by_name
        identities = {(r.type, (r.identity or "").casefold()) for r in self.intended.resources_of(group.name)
                      if r.type in (IP_ADDRESS, NETWORK_NAME) and r.identity}
        return next((g for g in candidates if any((r.type, (r.identity or "").casefold()) in identities
                                                  for r in self.found.resources_of(g.name))), None)

    def group(self, group: Group, found: Group) -> None:
        key = ev.group_key(group.name)
        if _same(group.name, found.name):
            self.proven.add(key)
        else:
            self.differ("group-name", f"{group.subject}.group" if group.kind == SERVER_KIND else group.subject,
                        f"The group of {group.server or group.name} is named {found.name}, not {group.name}.",
                        group.name, found.name, key)
        if found.status == "Failed":
            self.differ("group-failed", group.subject, f"The group {found.name} has failed.", "Online",
                        found.status, key)
        elif found.status and found.status != "Online":
            self.differ("group-offline", group.subject, f"The group {found.name} is {found.status.lower()}.",
                        "Online", found.status, key)
        if group.preferred_owners and group.home and found.owner and not _same(group.home, found.owner) and \
                self.every_node_up():
            # Only a group with planned preferred owners has a home node; the Cluster Group, the MSDTC
            # group and the storage groups go wherever the cluster (or the runbook) moves them.
            self.differ("group-owner", group.subject, f"The group {found.name} runs on {found.owner}, not on "
                        f"{group.home}, its node while every node is up.", group.home, found.owner, key)
        self.owners(group, found)

    def every_node_up(self) -> bool:
        """Whether the capture shows every planned node up (a group may have moved for a reason otherwise)."""
        if not self.coverage.nodes:
            return False
        found = [self.found_node(n.name) for n in self.intended.nodes if n.name]
        return all(node is not None and node.status == "Up" for node in found)

    def owners(self, group: Group, found: Group) -> None:
        if not group.preferred_owners:
            return
        key = ev.owners_key(group.name)
        if found.name.casefold() not in self.coverage.owners:
            self.missing(group.subject, f"The preferred owners of {found.name}", kinds.OWNERS, found.name,
                         evidence=[key])
            return
        planned = [o.casefold() for o in group.preferred_owners]
        actual = [o.casefold() for o in found.preferred_owners]
        if planned == actual:
            self.proven.add(key)
            return
        code = "owners-order" if sorted(planned) == sorted(actual) else "owners-differ"
        message = (f"The preferred owners of {found.name} are in another order." if code == "owners-order" else
                   f"The preferred owners of {found.name} are not the planned ones.")
        self.differ(code, f"{group.subject}.preferred_owners", message, ", ".join(group.preferred_owners),
                    ", ".join(found.preferred_owners) or "none", key)

    # ------------------------------------------------------------ resources

    def resources(self, groups: dict[str, Group]) -> dict[str, _Pair]:
        """Planned resource name -> the resource found for it."""
        coverage = self.coverage
        planned = [r for r in self.intended.resources if r.group in groups]
        if not coverage.resources:
            self.missing("virtual_servers", "The resources of every group", kinds.RESOURCES,
                         evidence=self.resource_keys(self.intended.resources))
            return {}
        if not coverage.types:
            self.missing("virtual_servers", "The resources of every group: without their types they cannot be "
                         "matched to the plan", kinds.RESOURCE_PROPERTIES,
                         evidence=self.resource_keys(self.intended.resources))
            return {}
        if not coverage.private:
            self.missing("virtual_servers", "Addresses, masks, networks, network names, Kerberos and DNS settings "
                         "of the resources", kinds.PRIVATE_PROPERTIES,
                         evidence=[ev.property_key(r.name, p) for r in planned for p, _ in r.properties])
        pairs = _Matcher(self.intended, self.found, groups).pairs(planned)
        untyped = [r.name for r in self.found.resources if not coverage.has_type(r.name)]
        for resource in planned:
            pair = pairs.get(resource.name)
            if pair is None and untyped:
                self.missing(resource.subject, f"The {_described(resource)} of {groups[resource.group].name}",
                             kinds.RESOURCE_PROPERTIES, evidence=ev.resource_evidence(resource),
                             reason=f"the capture gives the type of some resources only, not of {', '.join(untyped)}")
                continue
            if pair is None:
                self.differ("resource-missing", resource.subject, f"{groups[resource.group].name} has no "
                            f"{_described(resource)}.", _described(resource), None, ev.resource_key(resource.name))
                continue
            self.resource(resource, pair, groups)
        with_owners = {g.name for g in self.intended.groups if g.preferred_owners}
        owned = {r.name for r in planned if r.name in pairs and r.group in with_owners}
        if owned and not coverage.possible_owners:
            self.missing("virtual_servers", "The nodes that may run each resource of the groups with preferred "
                         "owners", kinds.POSSIBLE_OWNERS, reason="the capture has no “cluster res \"…\" /listowners” "
                         "section", command="cluster res \"<resource>\" /listowners, for each of them")
        for resource in planned:
            if resource.name in pairs:
                self.dependencies(resource, pairs[resource.name], pairs)
                if resource.name in owned and coverage.possible_owners:
                    self.possible_owners(resource, pairs[resource.name], self.intended.group(resource.group))
        paired = {id(p.found) for p in pairs.values()}
        known = {g.name.casefold() for g in groups.values()}
        for found in self.found.resources:
            if id(found) not in paired and found.group.casefold() in known:
                self.differ("resource-unplanned", "virtual_servers", f"{found.group} has a resource {found.name} "
                            f"({found.type or 'type unknown'}) that the plan does not have.", None, found.name)
        return pairs

    def resource_keys(self, resources) -> list[str]:
        return [key for r in resources for key in ev.resource_evidence(r)]

    def resource(self, resource: Resource, pair: _Pair, groups: dict[str, Group]) -> None:
        found, key = pair.found, ev.resource_key(resource.name)
        if pair.how == "exact":
            self.proven.add(key)
        elif pair.how == "other-group":
            self.differ("resource-group", resource.subject, f"{_described(resource)} is in the group {found.group}.",
                        groups[resource.group].name, found.group, key)
        elif pair.how == "other-type":
            kind = f"a {found.type} resource" if found.type else "a resource of unknown type"
            self.differ("resource-type", resource.subject, f"{found.name} in {found.group} is {kind}, not "
                        f"{_article(resource.type)} {resource.type} resource.", resource.type, found.type or None, key)
        elif resource.type == PHYSICAL_DISK:
            if found.identity is None:
                self.missing(resource.subject, f"The drive letter of {found.name} in {found.group}", kinds.RESOURCES,
                             reason="neither its name nor its private properties hold the drive letter (Windows "
                                    "2008 names disks “Cluster Disk N”): rename the resource after its letter, "
                                    f"for example cluster res \"{found.name}\" /rename:\"{resource.name}\", "
                                    "and collect again", command=None, evidence=[key])
            else:
                self.differ("disk-letter", resource.subject, f"The disk in {found.group} is {found.identity}.",
                            resource.identity, found.identity, key)
        if found.status == "Failed":
            self.differ("resource-failed", resource.subject, f"{found.name} in {found.group} has failed.", "Online",
                        found.status, key)
        elif found.status and found.status != "Online" and not (
                found.status == "Offline" and groups[resource.group].status == "Offline"):
            # A whole group taken offline is one difference (group-offline), not one per resource.
            self.differ("resource-offline", resource.subject, f"{found.name} in {found.group} is "
                        f"{found.status.lower()}.", "Online", found.status, key)
        if self.coverage.has_private(found.name) and pair.how != "other-type":
            self.properties(resource, found, self.intended.group(resource.group))
        elif self.coverage.private and resource.properties:
            self.missing(resource.subject, f"The settings of {found.name}", kinds.PRIVATE_PROPERTIES, found.name,
                         evidence=[ev.property_key(resource.name, p) for p, _ in resource.properties],
                         reason="the capture lists the private properties of other resources only",
                         command=f'cluster res "{found.name}" /priv')

    def properties(self, resource: Resource, found: Resource, group: Group) -> None:
        for name, expected in resource.properties:
            if expected is None:
                continue  # the plan leaves it unanswered; the review says so
            if name == "Network":
                # The cluster network found for the planned one, whatever Windows named it.
                expected = self.network_names.get(expected, expected)
            actual = found.property(name)
            key = ev.property_key(resource.name, name)
            if _same(expected, actual):
                self.proven.add(key)
                continue
            answer = None
            if name == "RequireKerberos" and group.server_index is not None:
                answer = (f"virtual_servers[{group.server_index}].kerberos", _same(1, actual))
            self.differ("property", resource.subject, f"The {_PROPERTY_WORDS.get(name, name)} of {found.name} is "
                        f"{_shown(actual, name)}, not {_shown(expected, name)}.", _shown(expected, name),
                        _shown(actual, name), key, PROPERTY_SEVERITIES.get(name, WARNING), answer)

    def dependencies(self, resource: Resource, pair: _Pair, pairs: dict[str, _Pair]) -> None:
        found = pair.found
        planned = [d for d in resource.depends_on if d in pairs]
        if not resource.depends_on and not found.depends_on:
            return
        if found.name.casefold() not in self.coverage.dependencies:
            if resource.depends_on:
                self.missing(resource.subject, f"What {found.name} depends on", kinds.DEPENDENCIES, found.name,
                             evidence=[ev.dependency_key(resource.name, d) for d in resource.depends_on],
                             named=resource.name)
            return
        actual = {d.casefold() for d in found.depends_on}
        for dependency in planned:
            key = ev.dependency_key(resource.name, dependency)
            target = pairs[dependency].found
            if target.name.casefold() in actual:
                self.proven.add(key)
            else:
                self.differ("dependency-missing", resource.subject, f"{found.name} does not depend on {target.name}.",
                            target.name, ", ".join(found.depends_on) or "nothing", key)
        expected = {pairs[d].found.name.casefold() for d in planned}
        for dependency in found.depends_on:
            if dependency.casefold() not in expected and not any(
                    _same(d, dependency) for d in resource.depends_on if d not in pairs):
                self.differ("dependency-unplanned", resource.subject, f"{found.name} also depends on {dependency}.",
                            None, dependency)


    def possible_owners(self, resource: Resource, pair: _Pair, group: Group) -> None:
        """A node that may not run a resource is a node its group cannot come online on. Compared for
        the resources of groups with planned preferred owners (where failover is planned), when the
        capture lists them (`cluster res "X" /listowners`, which collect.cmd adds)."""
        found = pair.found
        if not group.possible_owners:
            return
        if found.name.casefold() not in self.coverage.possible_owners:
            self.missing(resource.subject, f"The nodes that may run {found.name}", kinds.POSSIBLE_OWNERS,
                         found.name, named=resource.name)
            return
        allowed = {o.casefold() for o in found.possible_owners}
        left_out = [n for n in group.possible_owners if n.casefold() not in allowed]
        if left_out:
            self.differ("possible-owners", resource.subject, f"{', '.join(left_out)} "
                        f"{'is' if len(left_out) == 1 else 'are'} not among the possible owners of {found.name}: "
                        f"{found.group} cannot come online there.", ", ".join(group.possible_owners),
                        ", ".join(found.possible_owners) or "none", ev.resource_key(resource.name))

    # ------------------------------------------------------------ quorum

    def quorum(self) -> None:
        """The quorum resource `cluster /quorum` names: of the planned type, and for a disk quorum the
        planned disk. Only then is the quorum proven (its evidence key)."""
        planned = self.intended.quorum
        if planned.type is None:
            return
        key = ev.quorum_key()
        if not self.coverage.quorum:
            self.missing("cluster.quorum.type", "The quorum resource", kinds.QUORUM, evidence=[key])
            return
        found = self.found.quorum
        resource = next((r for r in self.found.resources if found.resource and _same(r.name, found.resource)), None)
        if found.resource and (resource is None or not resource.type):
            self.missing("cluster.quorum.type", f"The type of the quorum resource {found.resource}",
                         kinds.RESOURCE_PROPERTIES if self.coverage.resources else kinds.RESOURCES, evidence=[key])
            return
        expected_type = versions.quorum_resource_type(planned.type)
        found_type = resource.type if resource else None
        if expected_type is None and found.resource is None or \
                expected_type is not None and _same(expected_type, found_type):
            if planned.disk and (found.disk or (resource.identity if resource else None)) is None:
                self.missing("cluster.quorum.type", f"The letter of the quorum disk {found.resource}", kinds.QUORUM,
                             reason="neither the resource's name nor the quorum path holds a drive letter",
                             command=None, evidence=[key])
                return
            letter = found.disk or (resource.identity if resource else None)
            if planned.disk and not _same(planned.disk, letter):
                self.differ("quorum-disk", "cluster.quorum.type", f"The quorum is on the disk {letter}, not on "
                            f"{planned.disk}.", planned.disk, letter, key)
                return
            self.proven.add(key)
            return
        shown = f"{found.resource} ({found_type or 'type unknown'})" if found.resource else "no quorum resource"
        self.differ("quorum-resource", "cluster.quorum.type", f"The quorum is held by {shown}, not by "
                    f"{_article(expected_type) + ' ' + expected_type + ' resource' if expected_type else 'the nodes alone'}.",
                    expected_type or "the nodes alone", shown, key,
                    answer=("cluster.quorum.type", versions.quorum_type_of(found_type, self.intended.windows)))


class _Matcher:
    """Pairs planned resources with found ones: by group, type and identity first (see the module).
    Found resources are indexed by what each pass looks for, so a pass costs one lookup per resource."""

    def __init__(self, intended: ClusterState, found: ClusterState, groups: dict[str, Group]):
        self.groups = groups
        self.taken: set[int] = set()
        self.single_types = {t for t in {r.type for r in intended.resources}
                             if sum(1 for r in intended.resources if r.type == t) == 1}
        self.by_group_type: dict[tuple[str, str], list[Resource]] = {}
        self.by_type_identity: dict[tuple[str, str], list[Resource]] = {}
        self.by_group_name: dict[tuple[str, str], list[Resource]] = {}
        for r in found.resources:
            group = r.group.casefold()
            self.by_group_type.setdefault((group, r.type), []).append(r)
            if r.identity:
                self.by_type_identity.setdefault((r.type, r.identity.casefold()), []).append(r)
            self.by_group_name.setdefault((group, r.name.casefold()), []).append(r)

    def pairs(self, planned: list[Resource]) -> dict[str, _Pair]:
        result: dict[str, _Pair] = {}
        for how, candidates in (("exact", self.exact), ("other-group", self.moved), ("by-type", self.by_type),
                                ("other-group", self.other_group), ("other-type", self.other_type)):
            for resource in planned:
                if resource.name in result:
                    continue
                free = [f for f in candidates(resource) if id(f) not in self.taken]
                if free:
                    chosen = next((f for f in free if _same(f.name, resource.name)), free[0])
                    self.taken.add(id(chosen))
                    result[resource.name] = _Pair(chosen, how)
        return result

    def group_of(self, resource: Resource) -> str:
        return self.groups[resource.group].name.casefold()

    def exact(self, resource: Resource) -> list[Resource]:
        return [f for f in self.by_group_type.get((self.group_of(resource), resource.type), ())
                if _identity_same(resource, f)]

    def moved(self, resource: Resource) -> list[Resource]:
        """Disks, and resources the cluster has one of, change groups as they are (Change Group); an
        address or a name in the wrong group is more likely typed into the wrong resource."""
        movable = resource.type == PHYSICAL_DISK or resource.type in self.single_types
        return self.other_group(resource) if movable else []

    def by_type(self, resource: Resource) -> list[Resource]:
        return self.by_group_type.get((self.group_of(resource), resource.type), [])

    def other_group(self, resource: Resource) -> list[Resource]:
        has_identity = resource.identity != resource.type or resource.type in self.single_types
        if not has_identity or not resource.identity:
            return []
        return self.by_type_identity.get((resource.type, resource.identity.casefold()), [])

    def other_type(self, resource: Resource) -> list[Resource]:
        return self.by_group_name.get((self.group_of(resource), resource.name.casefold()), [])


def _identity_same(resource: Resource, found: Resource) -> bool:
    return resource.identity is not None and found.identity is not None and _same(resource.identity, found.identity)


def _command(kind: str, target: str | None) -> str:
    return kinds.COMMANDS[kind].replace("<group>", target or "…").replace("<resource>", target or "…")


def _described(resource: Resource) -> str:
    if resource.type in (IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK) and resource.identity:
        return f"{resource.type} resource {resource.identity}"
    return f"{resource.type} resource"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _role_words(role: str | None) -> str:
    return {"all": "clients and the heartbeat", "internal": "the heartbeat only", "client": "clients only",
            "none": "nothing"}.get(role or "", role or "an unknown role")


def _windows_label(version: str) -> str:
    release = versions.windows(version)
    return release.label if release else version


def _windows_same(planned: str, found: str) -> bool:
    return planned == found


def _service_pack_words(windows: str | None, service_pack: int) -> str:
    """A service pack as the page says it; the first release of Windows Server 2008 by its name too."""
    release = versions.windows(windows)
    reported = release.release_reported_as_service_pack if release else 0
    if reported and versions.service_pack_level(windows, service_pack) == reported:
        return f"the first release of {release.label} (Service Pack {reported})"
    return f"Service Pack {service_pack}" if service_pack else "no service pack"


_FAILED_NAMES = {kinds.OWNERS: "group", kinds.DEPENDENCIES: "resource", kinds.POSSIBLE_OWNERS: "resource"}


def _failure_reason(failure, kind: str, found_name: str | None) -> str:
    """Why a section that printed an error could not be compared: the name it asked for is not in
    the cluster (said with the name the cluster gives the same thing, where it was found), or another error."""
    if not failure.not_found:
        return f"its command printed an error: {failure.message}"
    what = _FAILED_NAMES.get(kind, "object")
    reason = f"the cluster has no {what} named “{failure.target}” (cluster.exe: {failure.message})"
    if found_name and failure.target and not _same(found_name, failure.target):
        reason += (f"; it is named “{found_name}” in this cluster. collect.cmd downloaded now asks for it by "
                   "that name")
    return reason


def _domain_same(planned: str, found: str) -> bool:
    """systeminfo shows the DNS name; a plan may give the NetBIOS name of the same domain."""
    planned, found = planned.strip().casefold(), found.strip().casefold()
    return planned == found or ("." not in planned and found.split(".")[0] == planned)


def _model_same(planned: str, found: str) -> bool:
    planned, found = planned.strip().casefold(), found.strip().casefold()
    return planned in found or found in planned
