"""The resources of the matched groups (paired by matcher.py): where each is, its type, status and private
properties, what it depends on, and the nodes that may run it."""
from __future__ import annotations

from typing import Any

from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.compare.context import Context, article, same
from app.domain.asbuilt.compare.matcher import Matcher, Pair
from app.domain.asbuilt.compare.results import ERROR, WARNING
from app.domain.cluster import evidence as ev
from app.domain.cluster.state import IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK, Group, Resource


# A private property other than planned: how much it matters.
PROPERTY_SEVERITIES = {"Address": ERROR, "SubnetMask": ERROR, "Network": ERROR, "Name": ERROR,
                       "SharePath": ERROR, "MNSFileShare": ERROR, "RequireKerberos": WARNING,
                       "RequireDNS": WARNING, "EnableNetBIOS": WARNING}
_PROPERTY_WORDS = {"Address": "address", "SubnetMask": "subnet mask", "Network": "network", "Name": "network name",
                   "RequireKerberos": "Kerberos requirement", "RequireDNS": "DNS registration requirement",
                   "EnableNetBIOS": "NetBIOS setting", "SharePath": "witness share", "MNSFileShare": "witness share"}
_ON_OFF = {"RequireKerberos", "RequireDNS", "EnableNetBIOS"}


def compare_resources(ctx: Context, groups: dict[str, Group]) -> dict[str, Pair]:
    """Planned resource name -> the resource found for it."""
    coverage = ctx.coverage
    planned = [r for r in ctx.intended.resources if r.group in groups]
    if not coverage.resources:
        ctx.missing("virtual_servers", "The resources of every group", kinds.RESOURCES,
                    evidence=_resource_keys(ctx.intended.resources))
        return {}
    if not coverage.types:
        ctx.missing("virtual_servers", "The resources of every group: without their types they cannot be "
                    "matched to the plan", kinds.RESOURCE_PROPERTIES,
                    evidence=_resource_keys(ctx.intended.resources))
        return {}
    if not coverage.private:
        ctx.missing("virtual_servers", "Addresses, masks, networks, network names, Kerberos and DNS settings "
                    "of the resources", kinds.PRIVATE_PROPERTIES,
                    evidence=[ev.property_key(r.name, p) for r in planned for p, _ in r.properties])
    pairs = Matcher(ctx.intended, ctx.found, groups).pairs(planned)
    untyped = [r.name for r in ctx.found.resources if not coverage.has_type(r.name)]
    for resource in planned:
        pair = pairs.get(resource.name)
        if pair is None and untyped:
            ctx.missing(resource.subject, f"The {_described(resource)} of {groups[resource.group].name}",
                        kinds.RESOURCE_PROPERTIES, evidence=ev.resource_evidence(resource),
                        reason=f"the capture gives the type of some resources only, not of {', '.join(untyped)}")
            continue
        if pair is None:
            ctx.differ("resource-missing", resource.subject, f"{groups[resource.group].name} has no "
                       f"{_described(resource)}.", _described(resource), None, ev.resource_key(resource.name))
            continue
        _resource(ctx, resource, pair, groups)
    with_owners = {g.name for g in ctx.intended.groups if g.preferred_owners}
    owned = {r.name for r in planned if r.name in pairs and r.group in with_owners}
    if owned and not coverage.possible_owners:
        ctx.missing("virtual_servers", "The nodes that may run each resource of the groups with preferred "
                    "owners", kinds.POSSIBLE_OWNERS, reason="the capture has no “cluster res \"…\" /listowners” "
                    "section", command="cluster res \"<resource>\" /listowners, for each of them")
    for resource in planned:
        if resource.name in pairs:
            _dependencies(ctx, resource, pairs[resource.name], pairs)
            if resource.name in owned and coverage.possible_owners:
                _possible_owners(ctx, resource, pairs[resource.name], ctx.intended.group(resource.group))
    paired = {id(p.found) for p in pairs.values()}
    known = {g.name.casefold() for g in groups.values()}
    for found in ctx.found.resources:
        if id(found) not in paired and found.group.casefold() in known:
            ctx.differ("resource-unplanned", "virtual_servers", f"{found.group} has a resource {found.name} "
                       f"({found.type or 'type unknown'}) that the plan does not have.", None, found.name)
    return pairs


def _resource_keys(resources) -> list[str]:
    return [key for r in resources for key in ev.resource_evidence(r)]


def _resource(ctx: Context, resource: Resource, pair: Pair, groups: dict[str, Group]) -> None:
    found, key = pair.found, ev.resource_key(resource.name)
    if pair.how == "exact":
        ctx.proven.add(key)
    elif pair.how == "other-group":
        ctx.differ("resource-group", resource.subject, f"{_described(resource)} is in the group {found.group}.",
                   groups[resource.group].name, found.group, key)
    elif pair.how == "other-type":
        kind = f"a {found.type} resource" if found.type else "a resource of unknown type"
        ctx.differ("resource-type", resource.subject, f"{found.name} in {found.group} is {kind}, not "
                   f"{article(resource.type)} {resource.type} resource.", resource.type, found.type or None, key)
    elif resource.type == PHYSICAL_DISK:
        if found.identity is None:
            ctx.missing(resource.subject, f"The drive letter of {found.name} in {found.group}", kinds.RESOURCES,
                        reason="neither its name nor its private properties hold the drive letter (Windows "
                               "2008 names disks “Cluster Disk N”): rename the resource after its letter, "
                               f"for example cluster res \"{found.name}\" /rename:\"{resource.name}\", "
                               "and collect again", command=None, evidence=[key])
        else:
            ctx.differ("disk-letter", resource.subject, f"The disk in {found.group} is {found.identity}.",
                       resource.identity, found.identity, key)
    if found.status == "Failed":
        ctx.differ("resource-failed", resource.subject, f"{found.name} in {found.group} has failed.", "Online",
                   found.status, key)
    elif found.status and found.status != "Online" and not (
            found.status == "Offline" and groups[resource.group].status == "Offline"):
        # A whole group taken offline is one difference (group-offline), not one per resource.
        ctx.differ("resource-offline", resource.subject, f"{found.name} in {found.group} is "
                   f"{found.status.lower()}.", "Online", found.status, key)
    if ctx.coverage.has_private(found.name) and pair.how != "other-type":
        _properties(ctx, resource, found, ctx.intended.group(resource.group))
    elif ctx.coverage.private and resource.properties:
        ctx.missing(resource.subject, f"The settings of {found.name}", kinds.PRIVATE_PROPERTIES, found.name,
                    evidence=[ev.property_key(resource.name, p) for p, _ in resource.properties],
                    reason="the capture lists the private properties of other resources only",
                    command=f'cluster res "{found.name}" /priv')


def _properties(ctx: Context, resource: Resource, found: Resource, group: Group) -> None:
    for name, expected in resource.properties:
        if expected is None:
            continue  # the plan leaves it unanswered; the review says so
        if name == "Network":
            # The cluster network found for the planned one, whatever Windows named it.
            expected = ctx.network_names.get(expected, expected)
        actual = found.property(name)
        key = ev.property_key(resource.name, name)
        if same(expected, actual):
            ctx.proven.add(key)
            continue
        answer = None
        if name == "RequireKerberos" and group.server_index is not None:
            answer = (f"virtual_servers[{group.server_index}].kerberos", same(1, actual))
        ctx.differ("property", resource.subject, f"The {_PROPERTY_WORDS.get(name, name)} of {found.name} is "
                   f"{_shown(actual, name)}, not {_shown(expected, name)}.", _shown(expected, name),
                   _shown(actual, name), key, PROPERTY_SEVERITIES.get(name, WARNING), answer)


def _dependencies(ctx: Context, resource: Resource, pair: Pair, pairs: dict[str, Pair]) -> None:
    found = pair.found
    planned = [d for d in resource.depends_on if d in pairs]
    if not resource.depends_on and not found.depends_on:
        return
    if found.name.casefold() not in ctx.coverage.dependencies:
        if resource.depends_on:
            ctx.missing(resource.subject, f"What {found.name} depends on", kinds.DEPENDENCIES, found.name,
                        evidence=[ev.dependency_key(resource.name, d) for d in resource.depends_on],
                        named=resource.name)
        return
    actual = {d.casefold() for d in found.depends_on}
    for dependency in planned:
        key = ev.dependency_key(resource.name, dependency)
        target = pairs[dependency].found
        if target.name.casefold() in actual:
            ctx.proven.add(key)
        else:
            ctx.differ("dependency-missing", resource.subject, f"{found.name} does not depend on {target.name}.",
                       target.name, ", ".join(found.depends_on) or "nothing", key)
    expected = {pairs[d].found.name.casefold() for d in planned}
    for dependency in found.depends_on:
        if dependency.casefold() not in expected and not any(
                same(d, dependency) for d in resource.depends_on if d not in pairs):
            ctx.differ("dependency-unplanned", resource.subject, f"{found.name} also depends on {dependency}.",
                       None, dependency)


def _possible_owners(ctx: Context, resource: Resource, pair: Pair, group: Group) -> None:
    """A node that may not run a resource is a node its group cannot come online on. Compared for
    the resources of groups with planned preferred owners (where failover is planned), when the
    capture lists them (`cluster res "X" /listowners`, which collect.cmd adds)."""
    found = pair.found
    if not group.possible_owners:
        return
    if found.name.casefold() not in ctx.coverage.possible_owners:
        ctx.missing(resource.subject, f"The nodes that may run {found.name}", kinds.POSSIBLE_OWNERS,
                    found.name, named=resource.name)
        return
    allowed = {o.casefold() for o in found.possible_owners}
    left_out = [n for n in group.possible_owners if n.casefold() not in allowed]
    if left_out:
        ctx.differ("possible-owners", resource.subject, f"{', '.join(left_out)} "
                   f"{'is' if len(left_out) == 1 else 'are'} not among the possible owners of {found.name}: "
                   f"{found.group} cannot come online there.", ", ".join(group.possible_owners),
                   ", ".join(found.possible_owners) or "none", ev.resource_key(resource.name))


def _described(resource: Resource) -> str:
    if resource.type in (IP_ADDRESS, NETWORK_NAME, PHYSICAL_DISK) and resource.identity:
        return f"{resource.type} resource {resource.identity}"
    return f"{resource.type} resource"


def _shown(value: Any, name: str = "") -> str:
    if value is None:
        return "not set"
    if name in _ON_OFF and isinstance(value, int):
        return "on (1)" if value == 1 else f"off ({value})" if value == 0 else str(value)
    return str(value)
