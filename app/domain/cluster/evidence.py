"""Names for the things of an intended state that a capture of the real cluster can prove.

A checklist item lists, in `Item.evidence`, the keys of what it brings about ("group:EXVS1 Group",
"resource:EXVS1 IP Address", "dependency:EXVS1 Network Name->EXVS1 IP Address"); the as-built
comparison (app/domain/asbuilt) names what it found exactly as planned with the same keys. An item
whose every key is proven by a capture can be offered for ticking. Keys use the names the intended
state gives things, never the names found in the cluster, so they stay put when the real cluster
names a resource differently.
"""
from __future__ import annotations

from app.domain.cluster.state import ClusterState, Resource


def group_key(group: str) -> str:
    return f"group:{group}"


def resource_key(resource: str) -> str:
    return f"resource:{resource}"


def dependency_key(resource: str, dependency: str) -> str:
    return f"dependency:{resource}->{dependency}"


def owners_key(group: str) -> str:
    return f"owners:{group}"


def node_key(node: str) -> str:
    return f"node:{node}"


def host_key(node: str) -> str:
    """What a node's own systeminfo shows (its Windows release, edition, service pack, architecture);
    no checklist item lists it: it tells one node's difference from another's, and when it was not seen."""
    return f"host:{node}"


def addresses_key(node: str) -> str:
    """What a node's own ipconfig /all shows (its adapters and addresses); no checklist item lists it."""
    return f"addresses:{node}"


def quorum_key() -> str:
    """The cluster's quorum: held by the planned kind of resource (and disk)."""
    return "quorum:"


def property_key(resource: str, name: str) -> str:
    return f"property:{resource}.{name}"


def resource_evidence(resource: Resource | None) -> tuple[str, ...]:
    """The resource itself, each private property the plan sets on it, and each dependency."""
    if resource is None:
        return ()
    return (resource_key(resource.name),
            *(property_key(resource.name, name) for name, _ in resource.properties),
            *(dependency_key(resource.name, dependency) for dependency in resource.depends_on))


def resources_evidence(resources) -> tuple[str, ...]:
    return tuple(key for resource in resources for key in resource_evidence(resource))


def server_group(state: ClusterState, index: int):
    """The group of the plan's virtual server (or clustered mailbox server) number `index`."""
    return next((g for g in state.server_groups if g.server_index == index), None)
