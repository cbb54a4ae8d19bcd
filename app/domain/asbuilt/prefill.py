"""A node of the plan filled from one server's `ipconfig /all` and `systeminfo`.

`server_facts(capture, plan)` reads what the two commands say about the server (name, domain,
domain-controller role, model, public and private address, Windows release, edition, service pack,
architecture); `propose(document, facts)` shows, field by field, what filling a node row with them
would change, and gives the changed document. Nothing is stored here: the caller saves the
document once the person has seen the changes and confirmed them.
"""
from __future__ import annotations

import copy
import ipaddress
from dataclasses import dataclass
from typing import Any

from app.domain import versions
from app.domain.asbuilt.capture import Capture
from app.domain.asbuilt.convert import system_facts
from app.domain.cluster.state import IP_ADDRESS, intended_state
from app.domain.plan import PlanFormatError, load_plan, vocab
from app.domain.plan.model import Plan, spec_at


class PrefillRefused(ValueError):
    pass


@dataclass(frozen=True)
class ServerFacts:
    host: str
    domain: str | None = None
    domain_controller: bool | None = None
    model: str | None = None
    public_ip: str | None = None
    private_ip: str | None = None
    windows: str | None = None
    edition: str | None = None
    service_pack: int | None = None
    architecture: str | None = None
    read_from: tuple[str, ...] = ()     # "ipconfig /all", "systeminfo"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    path: str
    label: str
    current: Any
    proposed: Any

    @property
    def changes(self) -> bool:
        return self.current != self.proposed


@dataclass(frozen=True)
class Proposal:
    facts: ServerFacts
    row: int                     # the node row filled (a new row when it equals the old number of rows)
    new_row: bool
    fields: tuple[FieldChange, ...]
    document: dict

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return tuple(f for f in self.fields if f.changes)


def server_facts(capture: Capture, plan: Plan) -> ServerFacts:
    hosts = sorted(set(capture.ipconfig) | set(capture.systeminfo))
    if not hosts:
        raise PrefillRefused("The text holds neither ipconfig /all nor systeminfo output of a server.")
    if len(hosts) > 1:
        raise PrefillRefused(f"The text holds the output of {len(hosts)} servers ({', '.join(hosts)}); paste the "
                             "output of one server at a time.")
    host = hosts[0]
    config, info = capture.ipconfig.get(host), capture.systeminfo.get(host)
    facts: dict[str, Any] = {}
    notes: list[str] = []
    if info is not None:
        facts = system_facts(info)
        facts.update(_service_pack(facts, plan.windows.service_pack, notes))
    public, private = _addresses(config, plan) if config else (None, None)
    name = (info.host if info else config.host).strip()
    return ServerFacts(
        host=name, domain=facts.get("domain"), domain_controller=facts.get("domain_controller"),
        model=facts.get("model"), public_ip=public, private_ip=private, windows=facts.get("windows"),
        edition=facts.get("edition"), service_pack=facts.get("service_pack"),
        architecture=facts.get("architecture") if facts.get("architecture") in vocab.ARCHITECTURES else None,
        read_from=tuple(w for w, present in (("ipconfig /all", config), ("systeminfo", info)) if present),
        notes=tuple(notes))


def _service_pack(facts: dict, planned: Any, notes: list[str]) -> dict:
    """The service pack systeminfo reports, unless the plan's answer names the same build already
    (versions.service_pack_level: Windows Server 2008's release is "Service Pack 1"): then the plan's
    answer stays as it is, as the As built comparison also takes it for a match."""
    windows, reported = facts.get("windows"), facts.get("service_pack")
    if reported is None or planned == reported or not isinstance(planned, int) or isinstance(planned, bool):
        return {}
    if versions.service_pack_level(windows, planned) != versions.service_pack_level(windows, reported):
        return {}
    release = versions.windows(windows)
    notes.append(f"systeminfo says “Service Pack {reported}” for the first release of {release.label} (KB 949607); "
                 f"the plan's answer “{shown_value('windows.service_pack', planned)}” names the same build and "
                 "is kept.")
    return {"service_pack": planned}


def _addresses(config, plan: Plan) -> tuple[str | None, str | None]:
    """The server's own public and private address: by the plan's networks when it has them, else the
    adapter with a default gateway is the public one. Addresses the plan gives the cluster and its
    virtual servers (held by whichever node runs them) are never a node's own."""
    state = intended_state(plan)
    cluster_addresses = {r.identity for r in state.resources if r.type == IP_ADDRESS and r.identity}
    own = [(adapter, a) for adapter in config.adapters for a in adapter.addresses if a not in cluster_addresses]
    public_net = _network(plan.cluster.public_network)
    private_net = _network(plan.cluster.private_network)
    if public_net or private_net:
        public = next((a for _, a in own if public_net and ipaddress.IPv4Address(a) in public_net), None)
        private = next((a for _, a in own if private_net and ipaddress.IPv4Address(a) in private_net), None)
        if public or private:
            return public, private
    public = next((a for adapter, a in own if adapter.gateways), None)
    private = next((a for adapter, a in own if not adapter.gateways and a != public), None)
    return public, private


def _network(value: Any) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(value, strict=False) if isinstance(value, str) else None
    except ValueError:
        return None


# ---------------------------------------------------------------- what filling a row changes

_NODE_FIELDS = (("name", "host"), ("domain", "domain"), ("domain_controller", "domain_controller"),
                ("hardware_model", "model"), ("public_ip", "public_ip"), ("private_ip", "private_ip"))
_WINDOWS_FIELDS = (("version", "windows"), ("edition", "edition"), ("service_pack", "service_pack"),
                   ("architecture", "architecture"))


def matching_row(document: dict, host: str) -> int | None:
    nodes = document.get("nodes") if isinstance(document.get("nodes"), list) else []
    for index, node in enumerate(nodes):
        if isinstance(node, dict) and isinstance(node.get("name"), str) and \
                node["name"].strip().casefold() == host.casefold():
            return index
    return None


def propose(document: dict, facts: ServerFacts, row: int | None = None) -> Proposal:
    """What filling node row `row` (by default the row named like the server, else the first row
    without a name, else a new row) with `facts` changes. Raises PrefillRefused when the result
    would not be a valid plan."""
    changed = copy.deepcopy(document)
    nodes, windows = changed.setdefault("nodes", []), changed.setdefault("windows", {})
    if not isinstance(nodes, list) or not all(isinstance(n, dict) for n in nodes) or not isinstance(windows, dict):
        raise PrefillRefused("The plan's nodes cannot be read; correct them on the Nodes step first.")
    if row is None:
        row = matching_row(changed, facts.host)
    if row is None:
        row = next((i for i, n in enumerate(nodes) if isinstance(n, dict) and not str(n.get("name") or "").strip()),
                   len(nodes))
    new_row = row >= len(nodes)
    if new_row:
        row = len(nodes)
        nodes.append({})
    node = nodes[row]
    fields: list[FieldChange] = []
    for key, fact in _NODE_FIELDS:
        value = getattr(facts, fact)
        if value is not None:
            fields.append(FieldChange(f"nodes[{row}].{key}", spec_at(f"nodes[0].{key}").label, node.get(key), value))
            node[key] = value
    for key, fact in _WINDOWS_FIELDS:
        value = getattr(facts, fact)
        if value is not None:
            fields.append(FieldChange(f"windows.{key}", spec_at(f"windows.{key}").label, windows.get(key), value))
            windows[key] = value
    old_name = None if new_row else document["nodes"][row].get("name")
    if isinstance(old_name, str) and old_name.strip() and old_name.strip().casefold() != facts.host.casefold():
        _rename_everywhere(changed, old_name, facts.host)
    try:
        load_plan(changed)
    except PlanFormatError as error:
        raise PrefillRefused(f"Filling the node with these values would not make a valid plan: {error}") from error
    return Proposal(facts, row, new_row, tuple(fields), changed)


def _rename_everywhere(document: dict, old: str, new: str) -> None:
    """A renamed node keeps its place in the setup order and as a preferred owner."""
    def renamed(names):
        return [new if isinstance(n, str) and n.strip().casefold() == old.strip().casefold() else n for n in names]
    setup = document.get("setup")
    if isinstance(setup, dict) and isinstance(setup.get("node_order"), list):
        setup["node_order"] = renamed(setup["node_order"])
    for server in document.get("virtual_servers") or []:
        if isinstance(server, dict) and isinstance(server.get("preferred_owners"), list):
            server["preferred_owners"] = renamed(server["preferred_owners"])


def shown_value(path: str, value: Any) -> str:
    """A plan answer as the page shows it."""
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if path == "windows.version":
        return vocab.WINDOWS_VERSION_LABELS.get(value, str(value))
    if path == "windows.edition":
        return vocab.WINDOWS_EDITION_LABELS.get(value, str(value))
    if path == "windows.service_pack":
        return f"SP{value}" if value else "none (release)"
    return str(value)
