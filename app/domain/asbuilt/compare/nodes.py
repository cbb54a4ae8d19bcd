"""The cluster's name and Windows release, and each node: in the cluster and up, its Windows release,
service pack, domain and role (systeminfo), its adapters and addresses (ipconfig /all)."""
from __future__ import annotations

import ipaddress

from app.domain import versions
from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.compare.context import Context, same
from app.domain.cluster import evidence as ev
from app.domain.cluster.state import Network, Node


def compare_cluster(ctx: Context) -> None:
    intended, found = ctx.intended, ctx.found
    if not ctx.coverage.version:
        ctx.missing("cluster.name", "The cluster's name and Windows release", kinds.VERSION)
        return
    if intended.name and found.name and not same(intended.name, found.name):
        ctx.differ("cluster-name", "cluster.name", f"The cluster is named {found.name}, not {intended.name}.",
                   intended.name, found.name)
    if intended.windows and found.windows and not _windows_same(intended.windows, found.windows):
        ctx.differ("cluster-windows", "windows.version",
                   f"The cluster runs {_windows_label(found.windows)}, not {_windows_label(intended.windows)}.",
                   _windows_label(intended.windows), _windows_label(found.windows),
                   answer=("windows.version", found.windows))


def compare_nodes(ctx: Context) -> None:
    planned = [n for n in ctx.intended.nodes if n.name]
    if not ctx.coverage.nodes:
        ctx.missing("nodes", "Which planned nodes are in the cluster, and whether they are up", kinds.NODES,
                    evidence=[ev.node_key(n.name) for n in planned])
    for node in planned:
        found = ctx.found_node(node.name)
        if ctx.coverage.nodes:
            _membership(ctx, node, found)
        _host(ctx, node, found)
    if ctx.coverage.nodes:
        names = {n.name.casefold() for n in planned}
        for node in ctx.found.nodes:
            if node.status is not None and node.name and node.name.casefold() not in names:
                ctx.differ("node-unplanned", "nodes", f"The cluster has a node {node.name} that the plan "
                                                      "does not list.", None, node.name)


def _membership(ctx: Context, node: Node, found: Node | None) -> None:
    key = ev.node_key(node.name)
    if found is None or found.status is None:
        ctx.differ("node-missing", node.subject, f"{node.name} is not a node of the cluster.",
                   node.name, None, key)
        return
    ctx.proven.add(key)
    if found.status == "Down":
        ctx.differ("node-down", node.subject, f"{node.name} is down.", "Up", found.status, key)
    elif found.status == "Paused":
        ctx.differ("node-paused", node.subject, f"{node.name} is paused: no group can move to it.",
                   "Up", found.status, key)
    elif found.status != "Up":
        ctx.differ("node-not-up", node.subject, f"{node.name} is {found.status.lower()}, not up.",
                   "Up", found.status, key)


def _host(ctx: Context, node: Node, found: Node | None) -> None:
    host = node.name.upper()
    release = versions.windows(ctx.intended.windows)
    if host in ctx.coverage.systeminfo and found is not None:
        _system_facts(ctx, node, found)
    elif release is not None and not release.has_systeminfo:
        ctx.missing(node.subject, f"Windows release, service pack, architecture, domain and role of {node.name}",
                    kinds.SYSTEMINFO, reason=f"{release.label} has no systeminfo command; check them on "
                                             "the node by hand", command=None, required=False)
    else:
        ctx.missing(node.subject, f"Windows release, service pack, architecture, domain and role of {node.name}",
                    kinds.SYSTEMINFO, reason=f"the capture has no systeminfo of {node.name}",
                    command=f"systeminfo (on {node.name})", evidence=[ev.host_key(node.name)])
    if host in ctx.coverage.ipconfig and found is not None:
        _adapters(ctx, node, found)
    else:
        ctx.missing(node.subject, f"The addresses of {node.name}", kinds.IPCONFIG,
                    reason=f"the capture has no ipconfig /all of {node.name}",
                    command=f"ipconfig /all (on {node.name})", evidence=[ev.addresses_key(node.name)])


def _system_facts(ctx: Context, node: Node, found: Node) -> None:
    name, subject = node.name, node.subject
    if node.windows and found.windows and not _windows_same(node.windows, found.windows):
        ctx.differ("node-windows", "windows.version", f"{name} runs {_windows_label(found.windows)}.",
                   _windows_label(node.windows), _windows_label(found.windows), ev.host_key(name),
                   answer=("windows.version", found.windows))
    if node.edition and found.edition and node.edition != found.edition:
        product = versions.windows_product(found.windows or node.windows, found.edition)
        ctx.differ("node-edition", "windows.edition",
                   f"{name} runs {product or f'the {found.edition} edition of Windows'}.",
                   node.edition, found.edition, ev.host_key(name), answer=("windows.edition", found.edition))
    if node.service_pack is not None and found.service_pack is not None and \
            versions.service_pack_level(found.windows or node.windows, found.service_pack) != \
            versions.service_pack_level(node.windows, node.service_pack):
        ctx.differ("node-service-pack", "windows.service_pack",
                   f"{name} has {_service_pack_words(found.windows or node.windows, found.service_pack)}.",
                   _service_pack_words(node.windows, node.service_pack),
                   _service_pack_words(found.windows or node.windows, found.service_pack), ev.host_key(name),
                   answer=("windows.service_pack", found.service_pack))
    if node.architecture and found.architecture and node.architecture != found.architecture:
        ctx.differ("node-architecture", "windows.architecture", f"{name} runs the {found.architecture} "
                   "version of Windows.", node.architecture, found.architecture, ev.host_key(name),
                   answer=("windows.architecture", found.architecture))
    if node.domain and found.domain and not _domain_same(node.domain, found.domain):
        ctx.differ("node-domain", f"{subject}.domain", f"{name} is a member of {found.domain}.",
                   node.domain, found.domain, ev.host_key(name), answer=(f"{subject}.domain", found.domain))
    if node.domain_controller is not None and found.domain_controller is not None and \
            node.domain_controller != found.domain_controller:
        ctx.differ("node-domain-controller", f"{subject}.domain_controller",
                   f"{name} is a domain controller: clustered Exchange is not supported there."
                   if found.domain_controller else f"{name} is not a domain controller.",
                   "domain controller" if node.domain_controller else "member server",
                   "domain controller" if found.domain_controller else "member server", ev.host_key(name),
                   answer=(f"{subject}.domain_controller", found.domain_controller))
    if node.model and found.model and not _model_same(node.model, found.model):
        ctx.differ("node-model", f"{subject}.hardware_model", f"{name} is a {found.model}.",
                   node.model, found.model, ev.host_key(name))


def _adapters(ctx: Context, node: Node, found: Node) -> None:
    networks = {n.name: n for n in ctx.intended.networks}
    public, private = networks.get("Public"), networks.get("Private")
    _adapter(ctx, node, found, node.public_ip, public, f"{node.subject}.public_ip", "public")
    if node.private_ip and private:
        adapter = _adapter(ctx, node, found, node.private_ip, private, f"{node.subject}.private_ip", "private")
        if adapter is not None and adapter.gateways:
            ctx.differ("private-gateway", f"{node.subject}.private_ip",
                       f"The private adapter of {node.name} ({adapter.name}) has a default gateway; the "
                       "heartbeat network needs none.", "no gateway", ", ".join(adapter.gateways),
                       ev.addresses_key(node.name))
        if adapter is not None and adapter.dns_servers:
            ctx.differ("private-dns", f"{node.subject}.private_ip",
                       f"The private adapter of {node.name} ({adapter.name}) has DNS servers; the heartbeat "
                       "network needs none.", "no DNS servers", ", ".join(adapter.dns_servers),
                       ev.addresses_key(node.name))


def _adapter(ctx: Context, node: Node, found: Node, address: str | None, network: Network | None, subject: str,
             role: str):
    if not address:
        return None
    adapter = next((a for a in found.adapters if address in a.addresses), None)
    if adapter is None:
        nearby = [a for adapter in found.adapters for a in adapter.addresses
                  if network is None or _in_network(a, network.address)]
        ctx.differ("adapter-address", subject, f"No adapter of {node.name} has the {role} address {address}.",
                   address, ", ".join(nearby) or "no address on that network", ev.addresses_key(node.name))
        return None
    mask = adapter.masks[adapter.addresses.index(address)] if len(adapter.masks) > \
        adapter.addresses.index(address) else None
    if network is not None and network.mask and mask and mask != network.mask:
        ctx.differ("adapter-mask", subject, f"The {role} address of {node.name} has the mask {mask}.",
                   network.mask, mask, ev.addresses_key(node.name))
    if adapter.dhcp:
        ctx.differ("adapter-dhcp", subject, f"The {role} adapter of {node.name} ({adapter.name}) takes its "
                   "address from DHCP; cluster nodes need static addresses.", "static", "DHCP",
                   ev.addresses_key(node.name))
    return adapter


def _in_network(address: str | None, network: str | None) -> bool:
    try:
        return ipaddress.IPv4Address(address) in ipaddress.IPv4Network(network, strict=False)
    except (TypeError, ValueError):
        return False


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


def _domain_same(planned: str, found: str) -> bool:
    """systeminfo shows the DNS name; a plan may give the NetBIOS name of the same domain."""
    planned, found = planned.strip().casefold(), found.strip().casefold()
    return planned == found or ("." not in planned and found.split(".")[0] == planned)


def _model_same(planned: str, found: str) -> bool:
    planned, found = planned.strip().casefold(), found.strip().casefold()
    return planned in found or found in planned
