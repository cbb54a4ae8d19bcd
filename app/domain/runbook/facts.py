"""Facts read off a plan that both the checklist and the diagram need.

Every helper accepts an incomplete plan: an unanswered value comes back as a
visible placeholder such as "[cluster IP not answered]", never as an error.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Node, Plan, VirtualServer

MAX_KEY_LENGTH = 80


def shown(value: Any, what: str) -> str:
    """The value as text, or a placeholder naming what is still unanswered."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, bool) or value is None or value is MISSING or isinstance(value, str):
        return f"[{what} not answered]"
    return str(value)


def is_answered_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def shown_list(values: Any, what: str, empty: str) -> str:
    """A list as "A, B"; `empty` when answered but empty, a placeholder when unanswered."""
    if values is MISSING or values is None:
        return f"[{what} not answered]"
    texts = [shown(v, what) for v in values]
    return ", ".join(texts) if texts else empty


def key_of(name: Any, index: int) -> str:
    """The part of an item id naming a node or virtual server: its name, or its position."""
    if not is_answered_text(name):
        return f"#{index + 1}"
    return name.strip()[:MAX_KEY_LENGTH]


# ---------------------------------------------------------------- nodes

@dataclass(frozen=True)
class NodeRef:
    key: str
    name: str
    node: Node

    index: int

    @property
    def has_name(self) -> bool:
        return is_answered_text(self.node.name)

    @property
    def label(self) -> str:
        """How a placeholder refers to the node: "[public IP of node 2 not answered]"."""
        return self.name if self.has_name else f"node {self.index + 1}"


def ordered_nodes(plan: Plan) -> list[NodeRef]:
    """Nodes in `setup.node_order`; nodes it does not name follow in the order of the nodes list."""
    nodes = plan.node_list
    position = {}
    for index, node in enumerate(nodes):
        if is_answered_text(node.name):
            position.setdefault(node.name.strip().casefold(), index)
    chosen: list[int] = []
    order = plan.setup.node_order if isinstance(plan.setup.node_order, list) else []
    for name in order:
        index = position.get(name.strip().casefold()) if isinstance(name, str) else None
        if index is not None and index not in chosen:
            chosen.append(index)
    chosen += [index for index in range(len(nodes)) if index not in chosen]
    return [NodeRef(key_of(nodes[i].name, i), shown(nodes[i].name, f"name of node {i + 1}"), nodes[i], i)
            for i in chosen]


def home_nodes(plan: Plan) -> dict[int, str]:
    """The node each virtual server normally runs on (index -> node name): its first preferred owner
    not already taken, else the next free node in setup order. Nodes left over are passive."""
    names = [ref.name for ref in ordered_nodes(plan) if ref.has_name]
    folded = {name.casefold(): name for name in names}
    taken: set[str] = set()
    homes: dict[int, str] = {}
    for index, server in enumerate(plan.virtual_server_list):
        owners = server.preferred_owners if isinstance(server.preferred_owners, list) else []
        candidates = [folded.get(o.strip().casefold()) for o in owners if isinstance(o, str)] + names
        choice = next((name for name in candidates if name and name not in taken), None)
        if choice:
            homes[index] = choice
            taken.add(choice)
    return homes


# ---------------------------------------------------------------- virtual servers

def server_name(server: VirtualServer, index: int) -> str:
    return shown(server.name, f"name of virtual server {index + 1}")


def server_label(server: VirtualServer, index: int) -> str:
    """How a placeholder refers to the server: "[IP of virtual server 2 not answered]"."""
    return server.name.strip() if is_answered_text(server.name) else f"virtual server {index + 1}"


def server_group(plan: Plan, server: VirtualServer, index: int) -> str:
    """The cluster group holding a virtual server (Exchange 2007 names it after the CMS)."""
    if plan.is_2007:
        return f"{server_name(server, index)} group"
    return shown(server.group, f"group of {server_label(server, index)}")


def server_disks(server: VirtualServer) -> list[str]:
    return [d for d in server.disks if isinstance(d, str)] if isinstance(server.disks, list) else []


def disk_owners(plan: Plan) -> dict[str, list[str]]:
    """Disk letter -> the cluster group(s) that own it (more than one is a plan error)."""
    owners: dict[str, list[str]] = {}
    for index, server in enumerate(plan.virtual_server_list):
        for letter in server_disks(server):
            owners.setdefault(letter.upper(), []).append(server_group(plan, server, index))
    for disk in plan.disk_list:
        letter = disk.letter.upper() if isinstance(disk.letter, str) else None
        if letter and disk.purpose == "quorum":
            owners.setdefault(letter, []).append(vocab.DEFAULT_CLUSTER_GROUP)
        elif letter and disk.purpose == "msdtc":
            owners.setdefault(letter, []).append(msdtc_group(plan))
    return owners


def msdtc_group(plan: Plan) -> str:
    group = plan.cluster.msdtc.group
    return group.strip() if is_answered_text(group) else vocab.DEFAULT_CLUSTER_GROUP


def quorum_disk(plan: Plan) -> str | None:
    return next((d.letter for d in plan.disk_list if d.purpose == "quorum" and isinstance(d.letter, str)), None)


def quorum_text(plan: Plan) -> str:
    """The quorum in words, with its disk or file share witness."""
    quorum = plan.cluster.quorum
    if quorum.type is MISSING:
        return "[quorum type not answered]"
    text = vocab.QUORUM_LABELS[quorum.type]
    if quorum.type in ("disk", "node-disk-majority"):
        text += f", on disk {quorum_disk(plan) or '[quorum disk not planned]'}"
    if is_answered_text(quorum.file_share_witness):
        text += f", file share witness {quorum.file_share_witness}"
    return text


# ---------------------------------------------------------------- versions and networks

def exchange_label(plan: Plan) -> str:
    version = plan.exchange.version
    if version is MISSING:
        return "Exchange [version not answered]"
    cluster_type = plan.exchange.cluster_type
    suffix = f" {cluster_type.upper()}" if isinstance(cluster_type, str) else ""
    return f"Exchange {version}{suffix}"


def windows_label(plan: Plan) -> str:
    version = plan.windows.version
    if version is MISSING:
        return "Windows [version not answered]"
    label = vocab.WINDOWS_VERSION_LABELS[version]
    edition = plan.windows.edition
    return f"{label} {vocab.WINDOWS_EDITION_LABELS[edition]}" if isinstance(edition, str) else label


def netmask(network: Any) -> str:
    try:
        return str(ipaddress.IPv4Network(network, strict=False).netmask)
    except (TypeError, ValueError):
        return "[public network not answered]"


def private_network_text(plan: Plan) -> str:
    network = plan.cluster.private_network
    if network is None:
        return "no private network planned"
    return shown(network, "private network")
