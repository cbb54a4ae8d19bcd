"""Checks of the Shared storage step: dynamic, non-NTFS or used disks, drive letters, one group a disk,
and where each node keeps the Exchange binaries."""
from __future__ import annotations

from app.domain.plan.model import MISSING, Plan, answered
from app.domain.rules.checks.common import drive, node_count, node_label, server_label, shared_letters
from app.domain.rules.checks.registry import Hit, check


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
