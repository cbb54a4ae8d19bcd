"""The cluster groups, matched by name (a virtual server's also by its address or network name): status,
the node each runs on, their preferred owners."""
from __future__ import annotations

from app.domain import versions
from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.compare.context import Context, same
from app.domain.cluster import evidence as ev
from app.domain.cluster.state import IP_ADDRESS, NETWORK_NAME, SERVER_KIND, Group


def compare_groups(ctx: Context) -> dict[str, Group]:
    """Planned group name -> the group found for it."""
    if not ctx.coverage.groups and not ctx.coverage.resources:
        ctx.missing("virtual_servers", "The cluster groups, their status and where they run", kinds.GROUPS,
                    evidence=[ev.group_key(g.name) for g in ctx.intended.groups])
        return {}
    matched: dict[str, Group] = {}
    taken: set[str] = set()
    for group in ctx.intended.groups:
        found = _found_group(ctx, group, taken)
        if found is None:
            count = len(ctx.intended.resources_of(group.name))
            ctx.differ("group-missing", group.subject, f"The cluster has no group {group.name}"
                       + (f" (nor the {count} resources planned in it)." if count else "."),
                       group.name, None, ev.group_key(group.name))
            continue
        taken.add(found.name.casefold())
        matched[group.name] = found
        _group(ctx, group, found)
    built_in = versions.windows(ctx.intended.windows)
    quiet = {g.casefold() for g in (built_in.built_in_groups if built_in else ())}
    for found in ctx.found.groups:
        if found.name.casefold() not in taken and found.name.casefold() not in quiet:
            count = len(ctx.found.resources_of(found.name))
            ctx.differ("group-unplanned", "virtual_servers", f"The cluster has a group {found.name} "
                       f"({count} resource{'s' if count != 1 else ''}) that the plan does not have.",
                       None, found.name)
    return matched


def _found_group(ctx: Context, group: Group, taken: set[str]) -> Group | None:
    candidates = [g for g in ctx.found.groups if g.name.casefold() not in taken]
    by_name = next((g for g in candidates if same(g.name, group.name)), None)
    if by_name or group.kind != SERVER_KIND:
        return by_name
    identities = {(r.type, (r.identity or "").casefold()) for r in ctx.intended.resources_of(group.name)
                  if r.type in (IP_ADDRESS, NETWORK_NAME) and r.identity}
    return next((g for g in candidates if any((r.type, (r.identity or "").casefold()) in identities
                                              for r in ctx.found.resources_of(g.name))), None)


def _group(ctx: Context, group: Group, found: Group) -> None:
    key = ev.group_key(group.name)
    if same(group.name, found.name):
        ctx.proven.add(key)
    else:
        ctx.differ("group-name", f"{group.subject}.group" if group.kind == SERVER_KIND else group.subject,
                   f"The group of {group.server or group.name} is named {found.name}, not {group.name}.",
                   group.name, found.name, key)
    if found.status == "Failed":
        ctx.differ("group-failed", group.subject, f"The group {found.name} has failed.", "Online",
                   found.status, key)
    elif found.status and found.status != "Online":
        ctx.differ("group-offline", group.subject, f"The group {found.name} is {found.status.lower()}.",
                   "Online", found.status, key)
    if group.preferred_owners and group.home and found.owner and not same(group.home, found.owner) and \
            _every_node_up(ctx):
        # Only a group with planned preferred owners has a home node; the Cluster Group, the MSDTC
        # group and the storage groups go wherever the cluster (or the runbook) moves them.
        ctx.differ("group-owner", group.subject, f"The group {found.name} runs on {found.owner}, not on "
                   f"{group.home}, its node while every node is up.", group.home, found.owner, key)
    _owners(ctx, group, found)


def _every_node_up(ctx: Context) -> bool:
    """Whether the capture shows every planned node up (a group may have moved for a reason otherwise)."""
    if not ctx.coverage.nodes:
        return False
    found = [ctx.found_node(n.name) for n in ctx.intended.nodes if n.name]
    return all(node is not None and node.status == "Up" for node in found)


def _owners(ctx: Context, group: Group, found: Group) -> None:
    if not group.preferred_owners:
        return
    key = ev.owners_key(group.name)
    if found.name.casefold() not in ctx.coverage.owners:
        ctx.missing(group.subject, f"The preferred owners of {found.name}", kinds.OWNERS, found.name,
                    evidence=[key])
        return
    planned = [o.casefold() for o in group.preferred_owners]
    actual = [o.casefold() for o in found.preferred_owners]
    if planned == actual:
        ctx.proven.add(key)
        return
    code = "owners-order" if sorted(planned) == sorted(actual) else "owners-differ"
    message = (f"The preferred owners of {found.name} are in another order." if code == "owners-order" else
               f"The preferred owners of {found.name} are not the planned ones.")
    ctx.differ(code, f"{group.subject}.preferred_owners", message, ", ".join(group.preferred_owners),
               ", ".join(found.preferred_owners) or "none", key)
