"""Checks of the cluster networks and every address on them: overlaps, addresses inside their network,
no address twice, room for every address the cluster needs."""
from __future__ import annotations

import ipaddress

from app.domain.plan.model import Plan
from app.domain.rules.checks.common import (all_addresses, network, node_count, private_addresses, public_addresses,
                                           server_count)
from app.domain.rules.checks.registry import Hit, check


@check
def no_private_network(plan: Plan):
    if plan.cluster.private_network is None:
        yield Hit("cluster.private_network")


@check
def networks_overlap(plan: Plan):
    public, private = network(plan.cluster.public_network), network(plan.cluster.private_network)
    if public and private and public.overlaps(private):
        yield Hit("cluster.private_network", {"public": str(public), "private": str(private)})


@check
def address_outside_network(plan: Plan):
    checks = [("public", network(plan.cluster.public_network), public_addresses(plan)),
              ("private", network(plan.cluster.private_network), private_addresses(plan))]
    for kind, net, addresses in checks:
        if net is None:
            continue
        for subject, address, what in addresses:
            if ipaddress.IPv4Address(address) not in net:
                yield Hit(subject, {"address": address, "what": what, "network_kind": kind, "network": str(net)})


@check
def address_duplicated(plan: Plan):
    seen: dict[str, str] = {}
    for subject, address, what in all_addresses(plan):
        if address in seen:
            yield Hit(subject, {"address": address, "first": seen[address], "second": what})
        else:
            seen[address] = what


def host_addresses(net: ipaddress.IPv4Network) -> int:
    """How many addresses of a network hosts may use: all but the network and broadcast addresses;
    a /31 has both of its two (RFC 3021, a point-to-point link), a /32 its one. The one reading of
    a network shared by ip-pool-sufficient and ip-host-address."""
    return net.num_addresses if net.prefixlen >= 31 else net.num_addresses - 2


def reserved_as(net: ipaddress.IPv4Network, ip: ipaddress.IPv4Address) -> str | None:
    """"network" or "broadcast" when no host may use `ip` in `net` (never in a /31 or /32)."""
    if net.prefixlen >= 31:
        return None
    return "network" if ip == net.network_address else "broadcast" if ip == net.broadcast_address else None


@check
def address_is_network_or_broadcast(plan: Plan):
    groups = [(network(plan.cluster.public_network), public_addresses(plan)),
              (network(plan.cluster.private_network), private_addresses(plan))]
    for net, addresses in groups:
        if net is None:
            continue
        for subject, address, _ in addresses:
            which = reserved_as(net, ipaddress.IPv4Address(address))
            if which:
                yield Hit(subject, {"address": address, "which": which, "network": str(net)})


@check
def address_pool_too_small(plan: Plan):
    net = network(plan.cluster.public_network)
    if net is None:
        return
    nodes, servers = node_count(plan) or 0, server_count(plan) or 0
    needed = 1 + nodes + servers
    usable = host_addresses(net)
    if usable < needed:
        yield Hit("cluster.public_network", {
            "network": str(net), "usable": usable, "needed": needed, "nodes": nodes, "servers": servers})
