"""Checks of the Storage groups step: each group on a known server, its folders on that server's disks,
as many groups as the server is planned with."""
from __future__ import annotations

from app.domain.plan.io import show
from app.domain.plan.model import MISSING, Plan, answered
from app.domain.rules.checks.common import drive
from app.domain.rules.checks.registry import Hit, check
from app.domain.words import join_words, plural


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
