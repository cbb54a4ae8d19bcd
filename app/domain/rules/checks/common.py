"""What several checks read from a plan: counts, labels, networks, addresses and drive letters."""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Iterator

from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan, answered
from app.domain.words import windows_label as windows_words


def windows_label(plan: Plan) -> str:
    windows = plan.windows
    return windows_words(windows.version if answered(windows.version) else None,
                         windows.edition if answered(windows.edition) else None)


def node_count(plan: Plan) -> int | None:
    return None if plan.nodes is MISSING else len(plan.nodes)


def server_count(plan: Plan) -> int | None:
    return None if plan.virtual_servers is MISSING else len(plan.virtual_servers)


def node_label(plan: Plan, index: int) -> str:
    name = plan.nodes[index].name
    return name if isinstance(name, str) and name.strip() else f"Node {index + 1}"


def server_label(plan: Plan, index: int) -> str:
    name = plan.virtual_servers[index].name
    return name if isinstance(name, str) and name.strip() else f"Virtual server {index + 1}"


def network(text) -> ipaddress.IPv4Network | None:
    return _network(text) if isinstance(text, str) else None


@lru_cache(maxsize=256)
def _network(text: str) -> ipaddress.IPv4Network:
    """Networks are immutable values, and a plan names the same two in every check."""
    return ipaddress.IPv4Network(text)


def public_addresses(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(subject, address, description) of every address on the public network."""
    if isinstance(plan.cluster.ip, str):
        yield "cluster.ip", plan.cluster.ip, "the cluster address"
    for index, node in enumerate(plan.node_list):
        if isinstance(node.public_ip, str):
            yield f"nodes[{index}].public_ip", node.public_ip, f"public address of {node_label(plan, index)}"
    for index, server in enumerate(plan.virtual_server_list):
        if isinstance(server.ip, str):
            yield f"virtual_servers[{index}].ip", server.ip, f"address of {server_label(plan, index)}"


def private_addresses(plan: Plan) -> Iterator[tuple[str, str, str]]:
    for index, node in enumerate(plan.node_list):
        if isinstance(node.private_ip, str):
            yield f"nodes[{index}].private_ip", node.private_ip, f"private address of {node_label(plan, index)}"


def all_addresses(plan: Plan) -> Iterator[tuple[str, str, str]]:
    yield from public_addresses(plan)
    yield from private_addresses(plan)
    servers = plan.active_directory.dns_servers
    for index, address in enumerate(servers if servers is not MISSING else []):
        yield f"active_directory.dns_servers[{index}]", address, "a DNS server"


def drive(letter: str) -> str:
    return letter.upper()


def shared_letters(plan: Plan) -> set[str]:
    return {drive(disk.letter) for disk in plan.disk_list if isinstance(disk.letter, str)}


def quorum_label(kind: str) -> str:
    return vocab.QUORUM_LABELS.get(kind, kind)
