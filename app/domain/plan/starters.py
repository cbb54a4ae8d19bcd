"""Plans to start from: complete, clean plans of the usual cluster designs, with example values
where a site's own names go.

Each is an `exchange-cluster-plan/1` document in starter_plans/ (so `flask plan check` reads it as
it is). The example values are meant to be replaced and easy to tell apart from real ones: the
names EXCLUS1, EXNODE1…, EXVS1… and EXCMS1, Microsoft's example domain contoso.com, addresses
from the ranges set aside for documentation (192.0.2.0/24 public, 198.51.100.0/24 private; RFC
5737), and "(your certified server model)". `still_to_replace` lists the ones a plan still holds.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.domain import sections, versions
from app.domain.plan import paths
from app.domain.plan.model import MISSING, spec_at

FOLDER = Path(__file__).with_name("starter_plans")


@dataclass(frozen=True)
class Starter:
    key: str
    title: str
    summary: str   # what it is and why it is built that way, for the New plan page
    file: str

    @property
    def document(self) -> dict:
        """A fresh copy of the plan, the caller's to change."""
        return json.loads(_text(self.file))


@lru_cache(maxsize=None)
def _text(file: str) -> str:
    return (FOLDER / file).read_text(encoding="utf-8")


STARTERS: tuple[Starter, ...] = (
    Starter("exchange2003-two-node", "Two nodes, active/passive, Exchange 2003",
            "Exchange Server 2003 on Windows Server 2003 Enterprise Edition: one virtual server that fails over "
            "to the second node, a quorum disk, MSDTC with a disk of its own in the cluster group.",
            "exchange2003-two-node-active-passive.json"),
    Starter("exchange2003-four-node", "Four nodes, three active and one passive, Exchange 2003",
            "Exchange Server 2003 on Windows Server 2003 Enterprise Edition: three virtual servers, each on its "
            "own node with the fourth node as its failover; one storage group each, so even one node running "
            "all three stays within Exchange 2003's four per server.",
            "exchange2003-four-node-three-active.json"),
    Starter("exchange2007-ccr", "Exchange 2007 CCR on Windows Server 2008",
            "Exchange Server 2007 SP3 cluster continuous replication on Windows Server 2008 Enterprise x64: two "
            "nodes with a copy of the data each, no shared disks, node and file share majority with the witness "
            "share on a Hub Transport server.",
            "exchange2007-ccr-windows2008.json"),
    Starter("exchange2007-scc", "Exchange 2007 SCC",
            "Exchange Server 2007 SP3 single copy cluster on Windows Server 2008 Enterprise x64, the platform of "
            "the CCR template too (no cluster service account, Validate a Configuration before the cluster is "
            "made): two nodes on shared storage, node and disk majority with a small witness disk, which suits "
            "an even number of nodes.",
            "exchange2007-scc-windows2008.json"),
)
BY_KEY = {starter.key: starter for starter in STARTERS}

# The answers that are a site's own: names, addresses, domains and accounts ("nodes[].name" stands
# for that answer in every node).
SITE_SPECIFIC = (
    "active_directory.forest_root_domain", "active_directory.domain", "active_directory.dns_servers",
    "active_directory.exchange_organization",
    "cluster.name", "cluster.ip", "cluster.public_network", "cluster.public_gateway", "cluster.private_network",
    "cluster.service_account", "cluster.quorum.file_share_witness", "cluster.quorum.witness_folder",
    "nodes[].name", "nodes[].public_ip", "nodes[].private_ip", "nodes[].domain", "nodes[].hardware_model",
    "virtual_servers[].name", "virtual_servers[].ip", "virtual_servers[].group",
)


@dataclass(frozen=True)
class Placeholder:
    step: str     # the section that asks it
    path: str     # "nodes[1].public_ip"
    label: str    # "Node 2 – Public IP address"
    value: str    # the example value, as text


def _places(document: dict, pattern: str) -> list[tuple[int, str]]:
    """(row, path) a pattern stands for in a document: "nodes[].name" -> (0, nodes[0].name), ..."""
    if "[]." not in pattern:
        return [(-1, pattern)]
    rows, rest = pattern.split("[].", 1)
    count = len(document[rows]) if isinstance(document.get(rows), list) else 0
    return [(index, f"{rows}[{index}].{rest}") for index in range(count)]


def _row_noun(document: dict, path: str) -> str:
    if path.startswith("virtual_servers["):
        release = versions.exchange((document.get("exchange") or {}).get("version"))
        return release.server_noun.capitalize() if release else "Virtual server"
    return "Node"


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def still_to_replace(starter: Starter, document: dict) -> list[Placeholder]:
    """The template's example values that `document` still holds, in the wizard's order."""
    example = starter.document
    found = []
    for order, pattern in enumerate(SITE_SPECIFIC):
        for row, path in _places(example, pattern):
            value = paths.get(example, path)
            if value is MISSING or value is None or paths.get(document, path) != value:
                continue
            spec = spec_at(path)
            label = spec.label if spec else path
            if row >= 0:
                label = f"{_row_noun(example, path)} {row + 1} – {label}"
            step = sections.section_of(path)
            found.append(((sections.position(step), row, order), Placeholder(step, path, label, _shown(value))))
    return [placeholder for _, placeholder in sorted(found, key=lambda pair: pair[0])]
