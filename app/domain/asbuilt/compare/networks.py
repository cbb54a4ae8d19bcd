"""The cluster networks, matched by subnet, their roles and status, and each node's interface on them."""
from __future__ import annotations

import ipaddress

from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.compare.context import Context, same
from app.domain.cluster.state import Network


def compare_networks(ctx: Context) -> None:
    """Networks are matched by their subnet (`cluster network /prop`), never by name alone: Windows
    2008 names them "Cluster Network 1", 2, ... Without the subnets, only a network of the planned
    name can be matched."""
    if not ctx.coverage.networks:
        ctx.missing("cluster.public_network", "The cluster networks and their roles", kinds.NETWORKS)
        return
    matched: set[str] = set()
    if not ctx.coverage.network_roles:
        ctx.missing("cluster.public_network", "The roles and subnets of the cluster networks",
                    kinds.NETWORK_PROPERTIES)
    for network in ctx.intended.networks:
        found = _found_network(ctx, network, matched)
        if found is None and not ctx.coverage.network_roles:
            ctx.missing(network.subject, f"The cluster network for {network.address or network.name}",
                        kinds.NETWORK_PROPERTIES, required=True,
                        reason=f"no network is named {network.name}, and without “cluster network /prop” "
                               "the capture does not say which subnet each network carries")
            continue
        if found is None:
            ctx.differ("network-missing", network.subject, "The cluster has no network for "
                       f"{network.address or network.name}.", network.address or network.name,
                       ", ".join(n.name for n in ctx.found.networks) or None)
            continue
        matched.add(found.name)
        ctx.network_names[network.name] = found.name
        if ctx.coverage.network_roles and found.role != network.role:
            ctx.differ("network-role", network.subject, f"The network {found.name} is used for "
                       f"{_role_words(found.role)}, not for {_role_words(network.role)}.",
                       _role_words(network.role), _role_words(found.role))
        if found.status and found.status != "Up":
            ctx.differ("network-down", network.subject, f"The network {found.name} is {found.status.lower()}.",
                       "Up", found.status)
        _interfaces(ctx, network, found)
    for network in ctx.found.networks:
        if network.name not in matched and (ctx.coverage.network_roles or
                                            len(matched) == len(ctx.intended.networks)):
            ctx.differ("network-unplanned", "cluster", f"The cluster has a network {network.name} that the "
                       "plan does not have.", None, network.address or network.name)


def _found_network(ctx: Context, network: Network, matched: set[str]) -> Network | None:
    candidates = [n for n in ctx.found.networks if n.name not in matched]
    if network.address:
        by_address = next((n for n in candidates if n.address and
                           ipaddress.IPv4Network(n.address) == ipaddress.IPv4Network(network.address,
                                                                                     strict=False)), None)
        if by_address or any(n.address for n in candidates):
            return by_address
    return next((n for n in candidates if same(n.name, network.name)), None)


def _interfaces(ctx: Context, network: Network, found: Network) -> None:
    if not ctx.coverage.interfaces:
        if network.role == "all":
            ctx.missing("nodes", "Each node's interface on the cluster networks", kinds.INTERFACES)
        return
    for node in ctx.intended.nodes:
        if not node.name or ctx.found_node(node.name) is None:
            continue
        if network.role == "internal" and not node.private_ip:
            continue
        interface = next((i for i in ctx.found.interfaces if same(i.node, node.name) and
                          same(i.network, found.name)), None)
        if interface is None:
            ctx.differ("interface-missing", node.subject, f"{node.name} has no interface on the network "
                       f"{found.name}.", found.name, None)
        elif interface.status and interface.status != "Up":
            ctx.differ("interface-down", node.subject, f"The interface of {node.name} on {found.name} is "
                       f"{interface.status.lower()}.", "Up", interface.status)


def _role_words(role: str | None) -> str:
    return {"all": "clients and the heartbeat", "internal": "the heartbeat only", "client": "clients only",
            "none": "nothing"}.get(role or "", role or "an unknown role")
