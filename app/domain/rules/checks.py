"""The conditions behind the stored rules, one small named function each.

A check receives the plan and yields a :class:`Hit` for every place the rule is
broken: the exact subject path and the values its message template names. A
check never fires on an unanswered value (MISSING); applicability by version
is decided by the engine from the catalog, not here.
"""
from __future__ import annotations

import ipaddress
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from app.domain import versions
from app.domain.cluster import intended_state
from app.domain.failover import failover_order, simulate, single_failures, server_label as state_server_label
from app.domain.failover.simulate import BUSY, NO_OWNER, NOT_PLACED, STORAGE_GROUPS
from app.domain.plan import paths, vocab
from app.domain.plan.io import show
from app.domain.plan.model import MISSING, Plan, answered, required_prerequisites
from app.domain.shell import cmd_problem
from app.domain.words import join_words, plural, windows_label as windows_words


@dataclass(frozen=True)
class Hit:
    subject: str
    params: dict = field(default_factory=dict)


Check = Callable[[Plan], Iterable[Hit]]
CHECKS: dict[str, Check] = {}


def check(function: Check) -> Check:
    CHECKS[function.__name__] = function
    return function


# ---------------------------------------------------------------- helpers

NETBIOS_MAX = 15
NETBIOS_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


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


def computer_names(plan: Plan) -> Iterator[tuple[str, str]]:
    """(subject, name) of every name that becomes a NetBIOS computer name."""
    if isinstance(plan.cluster.name, str):
        yield "cluster.name", plan.cluster.name
    for index, node in enumerate(plan.node_list):
        if isinstance(node.name, str):
            yield f"nodes[{index}].name", node.name
    for index, server in enumerate(plan.virtual_server_list):
        if isinstance(server.name, str):
            yield f"virtual_servers[{index}].name", server.name


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


# ---------------------------------------------------------------- basics

@check
def exchange_edition_not_enterprise(plan: Plan):
    if plan.exchange.edition == "standard":
        yield Hit("exchange.edition", {"edition": "Standard"})


@check
def windows_edition_standard(plan: Plan):
    if plan.windows.edition == "standard":
        release = versions.windows(plan.windows.version)
        yield Hit("windows.edition", {"windows": release.label if release else "Windows"})


@check
def too_few_nodes(plan: Plan):
    count = node_count(plan)
    if count is not None and count < 2:
        yield Hit("nodes", {"count": count})


@check
def too_many_nodes_for_edition(plan: Plan):
    count = node_count(plan)
    limit = versions.node_limit(plan.windows.version, plan.windows.edition)
    if count is not None and limit is not None and count > limit:
        yield Hit("nodes", {"count": count, "limit": limit, "windows": windows_label(plan)})


@check
def scc_too_many_nodes(plan: Plan):
    count = node_count(plan)
    if count is not None and count > 8:
        yield Hit("nodes", {"count": count})


@check
def ccr_not_two_nodes(plan: Plan):
    count = node_count(plan)
    if count is not None and count != 2:
        yield Hit("nodes", {"count": count})


@check
def exchange2000_on_other_windows(plan: Plan):
    if answered(plan.windows.version) and plan.windows.version != "2000":
        yield Hit("windows.version", {"windows": vocab.WINDOWS_VERSION_LABELS[plan.windows.version]})


@check
def windows2000_below_sp4(plan: Plan):
    sp = plan.windows.service_pack
    if plan.windows.version == "2000" and answered(sp) and sp < 4:
        yield Hit("windows.service_pack", {"service_pack": sp})


@check
def x64_windows(plan: Plan):
    if plan.windows.architecture == "x64":
        yield Hit("windows.architecture", {"exchange": plan.exchange.version})


@check
def windows_2000(plan: Plan):
    if plan.windows.version == "2000":
        yield Hit("windows.version")


@check
def exchange2003_on_windows2008(plan: Plan):
    if plan.windows.version in ("2008", "2008r2"):
        yield Hit("windows.version", {"windows": vocab.WINDOWS_VERSION_LABELS[plan.windows.version]})


@check
def x86_windows(plan: Plan):
    if plan.windows.architecture == "x86":
        yield Hit("windows.architecture")


@check
def exchange2007_windows_unsupported(plan: Plan):
    version, sp = plan.windows.version, plan.exchange.service_pack
    if version in ("2000", "2008r2"):
        label = vocab.WINDOWS_VERSION_LABELS[version]
        yield Hit("windows.version", {"problem": f"Exchange 2007 clusters are not supported on {label}."})
    elif version == "2008" and answered(sp) and sp < 1:
        yield Hit("exchange.service_pack", {
            "problem": f"Exchange 2007 at service pack {sp} cannot be installed on Windows Server 2008; it needs SP1 or later."})


@check
def node_exchange_version_differs(plan: Plan):
    expected = plan.exchange.version
    if not answered(expected):
        return
    for index, node in enumerate(plan.node_list):
        if answered(node.exchange_version) and node.exchange_version != expected:
            yield Hit(f"nodes[{index}].exchange_version", {
                "node": node_label(plan, index), "node_version": node.exchange_version, "plan_version": expected})


@check
def node_hardware_differs(plan: Plan):
    models = [(i, n.hardware_model) for i, n in enumerate(plan.node_list) if isinstance(n.hardware_model, str)]
    if not models:
        return
    first_index, first_model = models[0]
    for index, model in models[1:]:
        if model.strip().casefold() != first_model.strip().casefold():
            yield Hit(f"nodes[{index}].hardware_model", {
                "node": node_label(plan, index), "model": model,
                "first_node": node_label(plan, first_index), "first_model": first_model})


@check
def hardware_not_certified(plan: Plan):
    if plan.cluster.hardware_certified is False:
        yield Hit("cluster.hardware_certified")


# ---------------------------------------------------------------- active directory

@check
def no_dns_servers(plan: Plan):
    if plan.active_directory.dns_servers == []:
        yield Hit("active_directory.dns_servers")


@check
def dns_without_dynamic_updates(plan: Plan):
    if plan.active_directory.dns_dynamic_updates is False:
        yield Hit("active_directory.dns_dynamic_updates")


@check
def forestprep_rights_missing(plan: Plan):
    ad = plan.active_directory
    if ad.forestprep_done is not False:
        return
    missing = []
    if ad.forestprep_account_schema_admin is False:
        missing.append(("active_directory.forestprep_account_schema_admin", "Schema Admins"))
    if ad.forestprep_account_enterprise_admin is False:
        missing.append(("active_directory.forestprep_account_enterprise_admin", "Enterprise Admins"))
    if missing:
        yield Hit(missing[0][0], {"missing": join_words([group for _, group in missing])})


@check
def domainprep_rights_missing(plan: Plan):
    ad = plan.active_directory
    if ad.domainprep_done is False and ad.domainprep_account_domain_admin is False:
        domain = ad.domain if isinstance(ad.domain, str) and ad.domain else "the nodes' domain"
        yield Hit("active_directory.domainprep_account_domain_admin", {"domain": domain})


@check
def setup_account_not_full_admin(plan: Plan):
    if plan.active_directory.setup_account_exchange_full_admin is False:
        yield Hit("active_directory.setup_account_exchange_full_admin")


def _domain_key(name: str) -> str:
    return name.strip().rstrip(".").casefold()


@check
def node_in_other_domain(plan: Plan):
    domain = plan.active_directory.domain
    if not isinstance(domain, str):
        return
    for index, node in enumerate(plan.node_list):
        if isinstance(node.domain, str) and _domain_key(node.domain) != _domain_key(domain):
            yield Hit(f"nodes[{index}].domain", {
                "node": node_label(plan, index), "node_domain": node.domain or "(no domain)", "domain": domain})


@check
def node_is_domain_controller(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.domain_controller is True:
            yield Hit(f"nodes[{index}].domain_controller", {"node": node_label(plan, index)})


# ---------------------------------------------------------------- cluster: names

@check
def name_too_long(plan: Plan):
    for subject, name in computer_names(plan):
        if len(name) > NETBIOS_MAX:
            yield Hit(subject, {"name": name, "length": len(name)})


def netbios_problem(name: str) -> str | None:
    if not name:
        return "it is empty"
    bad = sorted({c for c in name if c not in NETBIOS_CHARACTERS})  # every character, the last one too
    if bad:
        return "it contains " + " ".join(repr(c) for c in bad[:5])
    if name.startswith("-") or name.endswith("-"):
        return "it starts or ends with a hyphen"
    if name.isdigit():
        return "it is made of digits only"
    return None


@check
def name_bad_characters(plan: Plan):
    for subject, name in computer_names(plan):
        reason = netbios_problem(name)
        if reason:
            yield Hit(subject, {"shown": show(name), "reason": reason})


def _name_owner(subject: str, plan: Plan) -> str:
    if subject == "cluster.name":
        return "the cluster"
    key = paths.head(subject)
    kind = "node" if key == "nodes" else "virtual server"
    return f"{kind} {paths.index_in(subject, key) + 1}"


@check
def name_duplicated(plan: Plan):
    seen: dict[str, str] = {}
    for subject, name in computer_names(plan):
        key = name.strip().casefold()
        if not key:
            continue
        if key in seen:
            yield Hit(subject, {"name": name, "first": _name_owner(seen[key], plan), "second": _name_owner(subject, plan)})
        else:
            seen[key] = subject


# ---------------------------------------------------------------- cluster: networks and addresses

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


# ---------------------------------------------------------------- cluster: accounts, MSDTC, prerequisites

@check
def cluster_account_not_local_admin(plan: Plan):
    account = plan.cluster.service_account
    if account is None or (isinstance(account, str) and not account.strip()):
        yield Hit("cluster.service_account", {"problem": "No cluster service account is named."})
    elif plan.cluster.service_account_local_admin is False:
        named = f" {account}" if answered(account) else ""
        yield Hit("cluster.service_account_local_admin", {
            "problem": f"The cluster service account{named} is not a local administrator on every node."})


@check
def cluster_account_not_exchange_admin(plan: Plan):
    if plan.cluster.service_account_exchange_full_admin is False:
        yield Hit("cluster.service_account_exchange_full_admin")


@check
def exchange_before_cluster(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.exchange_installed_before_cluster is True:
            yield Hit(f"nodes[{index}].exchange_installed_before_cluster", {"node": node_label(plan, index)})


@check
def msdtc_not_before_setup(plan: Plan):
    if plan.cluster.msdtc.created_before_setup is False:
        yield Hit("cluster.msdtc.created_before_setup")


@check
def msdtc_outside_cluster_group(plan: Plan):
    group = plan.cluster.msdtc.group
    if isinstance(group, str) and group.strip().casefold() != vocab.DEFAULT_CLUSTER_GROUP.casefold():
        yield Hit("cluster.msdtc.group", {"group": show(group)})


@check
def node_missing_prerequisites(plan: Plan):
    needed = required_prerequisites(plan)
    for index, node in enumerate(plan.node_list):
        missing = [vocab.PREREQUISITE_LABELS[key] for key in needed
                   if getattr(node.prerequisites, key) is False]
        if missing:
            yield Hit(f"nodes[{index}].prerequisites", {"node": node_label(plan, index), "missing": join_words(missing)})


# ---------------------------------------------------------------- storage

@check
def disk_dynamic(plan: Plan):
    for index, disk in enumerate(plan.disk_list):
        if disk.type == "dynamic":
            yield Hit(f"disks[{index}].type", {"letter": disk.letter or f"disk {index + 1}"})


@check
def disk_not_ntfs(plan: Plan):
    for index, disk in enumerate(plan.disk_list):
        if answered(disk.filesystem) and disk.filesystem != "ntfs":
            yield Hit(f"disks[{index}].filesystem", {
                "letter": disk.letter or f"disk {index + 1}", "filesystem": disk.filesystem.upper()})


@check
def disk_not_empty(plan: Plan):
    used_by_servers = {drive(letter) for server in plan.virtual_server_list
                       if server.disks is not MISSING for letter in server.disks}
    for index, disk in enumerate(plan.disk_list):
        for_exchange = disk.purpose == "exchange" or (
            isinstance(disk.letter, str) and drive(disk.letter) in used_by_servers)
        if for_exchange and disk.empty is False:
            yield Hit(f"disks[{index}].empty", {"letter": disk.letter or f"disk {index + 1}"})


@check
def disk_letter_duplicated(plan: Plan):
    seen = set()
    for index, disk in enumerate(plan.disk_list):
        if not isinstance(disk.letter, str):
            continue
        if drive(disk.letter) in seen:
            yield Hit(f"disks[{index}].letter", {"letter": drive(disk.letter)})
        seen.add(drive(disk.letter))


QUORUM = -1  # the owner of a quorum disk, among the servers' indexes


@check
def disk_shared_between_groups(plan: Plan):
    """Owners are kept by the server's place in the plan, not its name: two servers that share a
    name (names-unique reports that) are still two groups, and a disk both list is still shared."""
    owners: dict[str, int] = {drive(disk.letter): QUORUM for disk in plan.disk_list
                              if disk.purpose == "quorum" and isinstance(disk.letter, str)}
    for s_index, server in enumerate(plan.virtual_server_list):
        if server.disks is MISSING:
            continue
        for d_index, letter in enumerate(server.disks):
            owner = owners.setdefault(drive(letter), s_index)
            if owner != s_index:
                first, second = _disk_owner_words(plan, owner, s_index)
                yield Hit(f"virtual_servers[{s_index}].disks[{d_index}]", {
                    "letter": drive(letter), "owner": first, "other_owner": second})


def _disk_owner_words(plan: Plan, owner: int, other: int) -> tuple[str, str]:
    """The two claimants of a disk in words; servers of the same name are told apart by number."""
    if owner == QUORUM:
        return "the quorum", server_label(plan, other)
    first, second = server_label(plan, owner), server_label(plan, other)
    if first.casefold() == second.casefold():
        return f"{first} (virtual server {owner + 1})", f"{second} (virtual server {other + 1})"
    return first, second


@check
def scsi_with_many_nodes(plan: Plan):
    count = node_count(plan)
    if plan.cluster.storage_interconnect == "scsi" and count is not None and count > 2:
        yield Hit("cluster.storage_interconnect", {"count": count})


@check
def mount_point_on_windows2000(plan: Plan):
    if plan.windows.version != "2000":
        return
    for index, disk in enumerate(plan.disk_list):
        if disk.mount_point is True:
            yield Hit(f"disks[{index}].mount_point", {"letter": disk.letter or f"disk {index + 1}"})


def quorum_label(kind: str) -> str:
    return vocab.QUORUM_LABELS.get(kind, kind)


@check
def quorum_disk_missing(plan: Plan):
    kind = plan.cluster.quorum.type
    no_shared_storage = plan.exchange.cluster_type == "ccr"  # CCR plans are not asked for shared disks
    if kind in ("disk", "node-disk-majority") and (plan.disks is not MISSING or no_shared_storage):
        if not any(disk.purpose == "quorum" for disk in plan.disk_list):
            yield Hit("cluster.quorum.type", {"quorum": quorum_label(kind)})


@check
def quorum_type_not_offered(plan: Plan):
    kind, version = plan.cluster.quorum.type, plan.windows.version
    if answered(kind, version):
        offered = versions.WINDOWS[version].quorum_types
        if kind not in offered:
            yield Hit("cluster.quorum.type", {
                "quorum": quorum_label(kind), "windows": vocab.WINDOWS_VERSION_LABELS[version],
                "offered": ", ".join(quorum_label(k) for k in offered)})


@check
def quorum_local(plan: Plan):
    if plan.cluster.quorum.type == "local":
        yield Hit("cluster.quorum.type")


@check
def ccr_without_witness(plan: Plan):
    kind, witness, version = plan.cluster.quorum.type, plan.cluster.quorum.file_share_witness, plan.windows.version
    if not answered(kind, version):
        return
    if version == "2003":
        if kind != "majority-node-set":
            yield Hit("cluster.quorum.type", {
                "problem": f"CCR on Windows 2003 should use a majority node set quorum with a file share witness, not {quorum_label(kind)}."})
        elif witness is None:  # answered "no witness"; an unanswered witness stays silent
            yield Hit("cluster.quorum.file_share_witness", {
                "problem": "The majority node set quorum has no file share witness, so one failed node stops the CCR cluster."})
    elif version in ("2008", "2008r2") and kind != "node-fsw-majority":
        yield Hit("cluster.quorum.type", {
            "problem": f"CCR on Windows 2008 should use a node and file share majority quorum, not {quorum_label(kind)}."})


@check
def binaries_on_shared_disk(plan: Plan):
    letters = shared_letters(plan)
    for index, node in enumerate(plan.node_list):
        if isinstance(node.binaries_drive, str) and drive(node.binaries_drive) in letters:
            yield Hit(f"nodes[{index}].binaries_drive", {"node": node_label(plan, index), "drive": drive(node.binaries_drive)})


@check
def binaries_drive_differs(plan: Plan):
    drives = [(i, drive(n.binaries_drive)) for i, n in enumerate(plan.node_list) if isinstance(n.binaries_drive, str)]
    if not drives:
        return
    first_index, first_drive = drives[0]
    for index, letter in drives[1:]:
        if letter != first_drive:
            yield Hit(f"nodes[{index}].binaries_drive", {
                "node": node_label(plan, index), "drive": letter,
                "first_node": node_label(plan, first_index), "first_drive": first_drive})


# ---------------------------------------------------------------- Exchange setup on the nodes

@check
def concurrent_installs(plan: Plan):
    if plan.setup.concurrent_node_installs is True:
        yield Hit("setup.concurrent_node_installs")


@check
def unattended_setup(plan: Plan):
    if plan.setup.mode == "unattended":
        yield Hit("setup.mode")


@check
def node_order_incomplete(plan: Plan):
    order, nodes = plan.setup.node_order, plan.nodes
    if order is MISSING or nodes is MISSING:
        return
    names = [n.name for n in nodes if isinstance(n.name, str) and n.name.strip()]
    known = {name.casefold() for name in names}
    listed = Counter(name.casefold() for name in order)
    unknown = [name for name in order if name.casefold() not in known]
    twice = sorted({name for name in order if listed[name.casefold()] > 1})
    absent = [name for name in names if listed[name.casefold()] == 0]
    problems = []
    if unknown:
        problems.append(f"{join_words(unknown)} {'is' if len(unknown) == 1 else 'are'} not a node of the plan")
    if twice:
        problems.append(f"{join_words(twice)} {'is' if len(twice) == 1 else 'are'} listed more than once")
    if absent:
        problems.append(f"{join_words(absent)} {'is' if len(absent) == 1 else 'are'} missing from the order")
    if problems:
        yield Hit("setup.node_order", {"problem": "The setup order is off: " + "; ".join(problems) + "."})


@check
def node_holds_resources(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.holds_resources_during_setup is True:
            yield Hit(f"nodes[{index}].holds_resources_during_setup", {"node": node_label(plan, index)})


@check
def node_has_other_roles(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.exchange_roles is MISSING:
            continue
        others = [role for role in node.exchange_roles if role != "mailbox"]
        if others:
            names = [f"{vocab.ROLE_LABELS[role]} ({role})" for role in others]
            yield Hit(f"nodes[{index}].exchange_roles", {"node": node_label(plan, index), "roles": join_words(names)})


# ---------------------------------------------------------------- virtual servers

@check
def no_virtual_servers(plan: Plan):
    if plan.virtual_servers == []:
        yield Hit("virtual_servers")


@check
def too_many_virtual_servers(plan: Plan):
    nodes, servers = node_count(plan), server_count(plan)
    if nodes is None or servers is None:
        return
    limit = 2 if nodes == 2 else nodes - 1 if nodes >= 3 else None
    if limit is not None and servers > limit:
        yield Hit("virtual_servers", {"servers": servers, "nodes": nodes, "limit": limit})


@check
def active_active(plan: Plan):
    if node_count(plan) == 2 and server_count(plan) == 2:
        yield Hit("virtual_servers")


@check
def no_passive_node(plan: Plan):
    nodes, servers = node_count(plan), server_count(plan)
    if nodes is not None and servers is not None and servers > nodes - 1:
        yield Hit("virtual_servers", {"servers": servers, "nodes": nodes, "limit": max(nodes - 1, 0)})


@check
def virtual_server_without_disk(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.disks == []:
            yield Hit(f"virtual_servers[{index}].disks", {"server": server_label(plan, index)})


@check
def virtual_server_disk_unknown(plan: Plan):
    if plan.disks is MISSING:
        return
    letters = shared_letters(plan)
    for s_index, server in enumerate(plan.virtual_server_list):
        for d_index, letter in enumerate(server.disks if server.disks is not MISSING else []):
            if drive(letter) not in letters:
                yield Hit(f"virtual_servers[{s_index}].disks[{d_index}]", {
                    "server": server_label(plan, s_index), "letter": drive(letter)})


@check
def too_many_storage_groups(plan: Plan):
    servers = plan.virtual_server_list
    over = False
    for index, server in enumerate(servers):
        if answered(server.storage_groups) and server.storage_groups > 4:
            over = True
            yield Hit(f"virtual_servers[{index}].storage_groups", {
                "problem": f"{server_label(plan, index)} has {server.storage_groups} storage groups; the limit is 4."})
    total = sum(s.storage_groups for s in servers if answered(s.storage_groups))
    if not over and node_count(plan) == 2 and len(servers) > 1 and total > 4:
        yield Hit("virtual_servers", {
            "problem": f"The virtual servers have {total} storage groups together; after a failover one node would run all of them, and the limit is 4."})


@check
def virtual_server_without_storage_group(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.storage_groups == 0:
            yield Hit(f"virtual_servers[{index}].storage_groups", {"server": server_label(plan, index)})


@check
def virtual_server_unsupported_components(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.components is MISSING:
            continue
        bad = [c for c in server.components if c in vocab.UNSUPPORTED_COMPONENTS]
        if bad:
            names = [f"{vocab.COMPONENT_LABELS[c]} ({c})" for c in sorted(set(bad), key=bad.index)]
            yield Hit(f"virtual_servers[{index}].components", {
                "server": server_label(plan, index), "components": join_words(names)})


@check
def virtual_server_front_end(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.role == "front-end":
            yield Hit(f"virtual_servers[{index}].role", {"server": server_label(plan, index)})


@check
def virtual_server_without_kerberos(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        if server.kerberos is False:
            yield Hit(f"virtual_servers[{index}].kerberos", {"server": server_label(plan, index)})


@check
def virtual_server_wants_imap_pop(plan: Plan):
    for index, server in enumerate(plan.virtual_server_list):
        wanted = [label for key, label in (("imap4", "IMAP4"), ("pop3", "POP3"))
                  if getattr(server.protocols, key) is True]
        if wanted:
            yield Hit(f"virtual_servers[{index}].protocols", {
                "server": server_label(plan, index), "protocols": join_words(wanted)})


@check
def preferred_owner_unknown(plan: Plan):
    if plan.nodes is MISSING:
        return
    nodes = {n.name.strip().casefold() for n in plan.node_list if isinstance(n.name, str)}
    for s_index, server in enumerate(plan.virtual_server_list):
        for o_index, owner in enumerate(server.preferred_owners if server.preferred_owners is not MISSING else []):
            if owner.strip().casefold() not in nodes:
                yield Hit(f"virtual_servers[{s_index}].preferred_owners[{o_index}]", {
                    "owner": owner, "server": server_label(plan, s_index)})


@check
def exchange2007_always(plan: Plan):
    yield Hit("virtual_servers")


# ---------------------------------------------------------------- names in commands, storage groups

COMMAND_NAMES = (
    ("cluster.name", "cluster name"), ("cluster.service_account", "cluster service account"),
    ("cluster.msdtc.group", "MSDTC group"), ("cluster.quorum.file_share_witness", "file share witness"),
    ("cluster.quorum.witness_folder", "witness folder"), ("active_directory.domain", "domain"),
    ("active_directory.forest_root_domain", "forest root domain"),
    ("active_directory.exchange_organization", "Exchange organization name"),
    ("active_directory.administrative_group", "administrative group"),
    ("active_directory.routing_group", "routing group"),
)
COMMAND_ROW_NAMES = (
    ("nodes", "name", "node name"), ("disks", "label", "volume label"), ("virtual_servers", "name", "server name"),
    ("virtual_servers", "group", "cluster group"), ("storage_groups", "name", "storage group name"),
    ("storage_groups", "database", "database name"), ("storage_groups", "log_folder", "log folder"),
    ("storage_groups", "database_folder", "database folder"),
)


def command_texts(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(subject, what, value) of every answer the runbook writes into a command."""
    for subject, what in COMMAND_NAMES:
        value: object = plan
        for key in paths.parse(subject):
            value = getattr(value, key, MISSING)
        if isinstance(value, str):
            yield subject, what, value
    for key, field_name, what in COMMAND_ROW_NAMES:
        rows = getattr(plan, key)
        for index, row in enumerate(rows if rows is not MISSING else []):
            value = getattr(row, field_name)
            if isinstance(value, str):
                yield f"{key}[{index}].{field_name}", what, value


@check
def name_not_command_safe(plan: Plan):
    for subject, what, value in command_texts(plan):
        reason = cmd_problem(value)
        if reason:
            yield Hit(subject, {"what": what, "shown": show(value), "reason": reason})


def _server_disks_by_name(plan: Plan) -> dict[str, list[str]]:
    return {server.name.strip().casefold(): [drive(d) for d in server.disks if isinstance(d, str)]
            for server in plan.virtual_server_list
            if isinstance(server.name, str) and isinstance(server.disks, list)}


@check
def storage_group_server_unknown(plan: Plan):
    if plan.virtual_servers is MISSING:
        return
    names = {s.name.strip().casefold() for s in plan.virtual_server_list if isinstance(s.name, str)}
    for index, group in enumerate(plan.storage_group_list):
        if isinstance(group.server, str) and group.server.strip().casefold() not in names:
            yield Hit(f"storage_groups[{index}].server", {"name": show(group.name) if answered(group.name)
                      else f"{index + 1}", "server": show(group.server)})


@check
def storage_group_off_server_disks(plan: Plan):
    disks = _server_disks_by_name(plan)
    for index, group in enumerate(plan.storage_group_list):
        server = group.server.strip().casefold() if isinstance(group.server, str) else None
        if server not in disks:
            continue  # an unknown server is reported by storage-group-server-known
        for field_name, which in (("log_folder", "log folder"), ("database_folder", "database folder")):
            folder = getattr(group, field_name)
            if isinstance(folder, str) and drive(folder[:2]) not in disks[server]:
                yield Hit(f"storage_groups[{index}].{field_name}", {
                    "which": which, "name": show(group.name) if answered(group.name) else f"{index + 1}",
                    "drive": drive(folder[:2]), "server": group.server,
                    "disks": join_words(disks[server]) or "none"})


@check
def storage_group_count_differs(plan: Plan):
    """Only once the Storage groups step is answered: an unanswered list is not a list of none."""
    if plan.storage_groups is MISSING:
        return
    listed: dict[str, int] = {}
    for group in plan.storage_group_list:
        if isinstance(group.server, str) and group.server.strip():
            key = group.server.strip().casefold()
            listed[key] = listed.get(key, 0) + 1
    for index, server in enumerate(plan.virtual_server_list):
        if not isinstance(server.name, str) or not server.name.strip() or not isinstance(server.storage_groups, int):
            continue
        count = listed.get(server.name.strip().casefold(), 0)
        if count != server.storage_groups:
            yield Hit(f"virtual_servers[{index}].storage_groups", {
                "server": server.name.strip(), "count": plural(server.storage_groups, "storage group"),
                "listed": plural(count, "storage group") if count else "none"})


# ---------------------------------------------------------------- failover (app/domain/failover)
# These work on the intended state and the failover simulation. Building the state costs more
# than any other check, so each first asks the plan, cheaply, whether it can fire at all; the
# tests hold each guard against the unguarded check over every stored plan.

def _narrows_possible_owners(plan: Plan) -> bool:
    return any(isinstance(server.possible_owners, list) for server in plan.virtual_server_list)


def _single_failure_loses_quorum(plan: Plan) -> bool:
    """One failed node stops the cluster: a majority model with too few votes. A quorum type the
    Windows release does not offer is reported by quorum-type-for-windows, a local one by
    quorum-local-test-only, CCR's witness by ccr-quorum-witness."""
    kind = plan.cluster.quorum.type
    model, windows = versions.quorum_model(kind), versions.windows(plan.windows.version)
    nodes = len(plan.node_list)
    return (model is not None and not model.holder_only and nodes >= 2 and plan.exchange.cluster_type != "ccr"
            and (windows is None or kind in windows.quorum_types)
            and not model.kept(nodes, nodes - 1, isinstance(plan.cluster.quorum.file_share_witness, str)))


def _servers_within_limit(plan: Plan) -> bool:
    """The plan has no more servers than its version runs on its nodes (evs-count-limit and
    cms-passive-node report the rest)."""
    release = versions.exchange(plan.exchange.version)
    nodes, servers = len(plan.node_list), len(plan.virtual_server_list)
    if release is None:
        return True
    return servers <= (nodes if nodes <= release.shared_nodes_up_to else nodes - 1)


def _shares_nodes(plan: Plan) -> bool:
    release = versions.exchange(plan.exchange.version)
    return (release is not None and 2 <= len(plan.node_list) <= release.shared_nodes_up_to
            and len(plan.virtual_server_list) >= 2)


@check
def failover_single_node_offline(plan: Plan):
    if _narrows_possible_owners(plan) or _single_failure_loses_quorum(plan):
        yield from single_node_offline_hits(plan)


def single_node_offline_hits(plan: Plan) -> Iterator[Hit]:
    """A server that some single node failure leaves offline because of its possible owners, or
    the quorum that one failure breaks. Causes other rules report are left to them: too many
    servers (evs-count-limit, cms-passive-node), storage groups (evs-storage-groups,
    failover-storage-groups), a local quorum (quorum-local-test-only), CCR's witness
    (ccr-quorum-witness)."""
    if _single_failure_loses_quorum(plan):
        yield Hit("cluster.quorum.type", {"problem": _quorum_loss_words(plan), "fix": (
            "Use a shared quorum disk, or give the majority a witness (a file share witness, or a node and disk or "
            "file share majority on Windows 2008), or a third node, so that one failed node leaves a majority.")})
    state = intended_state(plan)
    seen: set[str] = set()
    for outcome in single_failures(state):
        failed = outcome.failed[0]
        for placement in outcome.not_online:
            group = state.group(placement.group)
            if placement.reason in (NO_OWNER, BUSY, NOT_PLACED) and group.owners_restricted \
                    and _servers_within_limit(plan) and placement.group not in seen:
                seen.add(placement.group)
                where = "even with every node up" if placement.reason == NOT_PLACED else f"if {failed} fails"
                yield Hit(f"{group.subject}.possible_owners", {"problem": (
                    f"{placement.label} cannot come online {where}: {placement.detail[:1].lower()}"
                    f"{placement.detail[1:]}"), "fix": (
                    f"Add nodes that survive such a failure to the possible owners of {placement.label}, or leave its "
                    "possible owners out so that every node may run it.")})


def _quorum_loss_words(plan: Plan) -> str:
    model = versions.quorum_model(plan.cluster.quorum.type)
    nodes = len(plan.node_list)
    witness = isinstance(plan.cluster.quorum.file_share_witness, str)
    needed = next(up for up in range(1, nodes + 1) if model.kept(nodes, up, witness))
    return (f"A {quorum_label(plan.cluster.quorum.type)} quorum on {nodes} nodes needs {needed} of them up: if any "
            "one node fails, the cluster stops and every server goes offline.")


@check
def failover_storage_groups_over(plan: Plan):
    if _shares_nodes(plan) and not any(too_many_storage_groups(plan)):
        yield from storage_groups_over_hits(plan)


def storage_groups_over_hits(plan: Plan) -> Iterator[Hit]:
    """A node that, after one node fails, holds more storage groups than it can mount (counted
    from the planned count or the planned storage groups, whichever is larger)."""
    state = intended_state(plan)
    seen: set[str] = set()
    for outcome in single_failures(state):
        for placement in outcome.servers:
            if placement.reason == STORAGE_GROUPS and placement.group not in seen:
                seen.add(placement.group)
                load = next(n for n in outcome.nodes if n.node == placement.node)
                index = paths.index_in(placement.subject, "virtual_servers")
                answered_count = answered(plan.virtual_servers[index].storage_groups)
                yield Hit(f"{placement.subject}.storage_groups" if answered_count else "storage_groups", {
                    "problem": f"If {outcome.failed[0]} fails, {placement.label} moves to {placement.node}, which then "
                               f"holds {load.storage_groups} storage groups of {join_words(list(load.servers))}; a node "
                               f"mounts at most {load.storage_group_limit}, so {placement.storage_groups - placement.mounted} "
                               f"of {placement.label}'s will not mount.", "limit": load.storage_group_limit})


@check
def failover_active_active_users(plan: Plan):
    if _shares_nodes(plan) and any(answered(s.concurrent_users) for s in plan.virtual_server_list):
        yield from active_active_users_hits(plan)


def active_active_users_hits(plan: Plan) -> Iterator[Hit]:
    """A node of an active/active pair over Microsoft's per-node guidance while both nodes run."""
    state = intended_state(plan)
    outcome = simulate(state)
    release = versions.exchange(plan.exchange.version)
    everyone = _sum_answered(s.concurrent_users for s in plan.virtual_server_list)
    for placement in outcome.servers:
        load = next((n for n in outcome.nodes if n.node == placement.node), None)
        if load is not None and load.over_guidance:
            yield Hit(f"{placement.subject}.concurrent_users", {
                "server": placement.label, "node": load.node, "users": f"{load.concurrent_users:,}",
                "guidance": f"{load.users_guidance:,}", "total": f"{everyone:,}",
                "cpu": release.active_active_cpu_percent})


def _sum_answered(values: Iterable) -> int:
    return sum(value for value in values if answered(value))


@check
def failover_shared_passive_node(plan: Plan):
    release = versions.exchange(plan.exchange.version)
    nodes, servers = len(plan.node_list), len(plan.virtual_server_list)
    if release is not None and nodes > release.shared_nodes_up_to and servers >= 2 and nodes - servers >= 2:
        yield from shared_passive_node_hits(plan)


def shared_passive_node_hits(plan: Plan) -> Iterator[Hit]:
    """Two servers of a one-server-per-node cluster that go first to the same passive node, while
    another passive node is nobody's first choice."""
    state = intended_state(plan)
    homes = {g.home for g in state.server_groups if g.home}
    passive = [name for name in state.node_names if name not in homes]
    first: dict[str, list] = {}
    for group in sorted(state.server_groups, key=lambda g: g.server_index or 0):
        target = next((name for name in failover_order(group, state.node_names) if name != group.home), None)
        if group.home and target in passive:
            first.setdefault(target, []).append(group)
    unused = [name for name in passive if name not in first]
    for node, groups in first.items():
        if len(groups) < 2 or not unused:
            continue
        for group in groups[1:]:
            yield Hit(f"{group.subject}.preferred_owners", {
                "servers": join_words([state_server_label(state, g) for g in groups]), "node": node,
                "server": state_server_label(state, group), "other": join_words(unused)})


@check
def possible_owners_off(plan: Plan):
    if _narrows_possible_owners(plan):
        yield from possible_owner_hits(plan)


def possible_owner_hits(plan: Plan) -> Iterator[Hit]:
    """Possible owners that are no node of the plan, none at all, or preferred owners outside them."""
    known = {n.name.strip().casefold() for n in plan.node_list if isinstance(n.name, str)}
    for s_index, server in enumerate(plan.virtual_server_list):
        if not isinstance(server.possible_owners, list):
            continue
        subject, name = f"virtual_servers[{s_index}]", server_label(plan, s_index)
        if not server.possible_owners:
            yield Hit(f"{subject}.possible_owners", {"problem": f"{name} lists no possible owner, so no node can run it."})
        possible = set()
        for o_index, owner in enumerate(server.possible_owners):
            possible.add(owner.strip().casefold())
            if plan.nodes is not MISSING and owner.strip().casefold() not in known:
                yield Hit(f"{subject}.possible_owners[{o_index}]", {
                    "problem": f"{owner}, a possible owner of {name}, is not a node of this cluster."})
        preferred = server.preferred_owners if isinstance(server.preferred_owners, list) else []
        for o_index, owner in enumerate(preferred):
            if server.possible_owners and owner.strip().casefold() not in possible:
                yield Hit(f"{subject}.preferred_owners[{o_index}]", {
                    "problem": f"{owner} is a preferred owner of {name} but not one of its possible owners, so the "
                               "cluster never moves it there."})
