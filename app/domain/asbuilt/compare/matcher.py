"""Pairs planned resources with found ones: by group, type and identity first, then the fallbacks the
package's docstring lists in order."""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.asbuilt.compare.context import same
from app.domain.cluster.state import PHYSICAL_DISK, ClusterState, Group, Resource


@dataclass
class Pair:
    found: Resource
    how: str   # exact | other-group | by-type | other-type


class Matcher:
    """Pairs planned resources with found ones: by group, type and identity first (see the package).
    Found resources are indexed by what each pass looks for, so a pass costs one lookup per resource."""

    def __init__(self, intended: ClusterState, found: ClusterState, groups: dict[str, Group]):
        self.groups = groups
        self.taken: set[int] = set()
        self.single_types = {t for t in {r.type for r in intended.resources}
                             if sum(1 for r in intended.resources if r.type == t) == 1}
        self.by_group_type: dict[tuple[str, str], list[Resource]] = {}
        self.by_type_identity: dict[tuple[str, str], list[Resource]] = {}
        self.by_group_name: dict[tuple[str, str], list[Resource]] = {}
        for r in found.resources:
            group = r.group.casefold()
            self.by_group_type.setdefault((group, r.type), []).append(r)
            if r.identity:
                self.by_type_identity.setdefault((r.type, r.identity.casefold()), []).append(r)
            self.by_group_name.setdefault((group, r.name.casefold()), []).append(r)

    def pairs(self, planned: list[Resource]) -> dict[str, Pair]:
        result: dict[str, Pair] = {}
        for how, candidates in (("exact", self.exact), ("other-group", self.moved), ("by-type", self.by_type),
                                ("other-group", self.other_group), ("other-type", self.other_type)):
            for resource in planned:
                if resource.name in result:
                    continue
                free = [f for f in candidates(resource) if id(f) not in self.taken]
                if free:
                    chosen = next((f for f in free if same(f.name, resource.name)), free[0])
                    self.taken.add(id(chosen))
                    result[resource.name] = Pair(chosen, how)
        return result

    def group_of(self, resource: Resource) -> str:
        return self.groups[resource.group].name.casefold()

    def exact(self, resource: Resource) -> list[Resource]:
        return [f for f in self.by_group_type.get((self.group_of(resource), resource.type), ())
                if _identity_same(resource, f)]

    def moved(self, resource: Resource) -> list[Resource]:
        """Disks, and resources the cluster has one of, change groups as they are (Change Group); an
        address or a name in the wrong group is more likely typed into the wrong resource."""
        movable = resource.type == PHYSICAL_DISK or resource.type in self.single_types
        return self.other_group(resource) if movable else []

    def by_type(self, resource: Resource) -> list[Resource]:
        return self.by_group_type.get((self.group_of(resource), resource.type), [])

    def other_group(self, resource: Resource) -> list[Resource]:
        has_identity = resource.identity != resource.type or resource.type in self.single_types
        if not has_identity or not resource.identity:
            return []
        return self.by_type_identity.get((resource.type, resource.identity.casefold()), [])

    def other_type(self, resource: Resource) -> list[Resource]:
        return self.by_group_name.get((self.group_of(resource), resource.name.casefold()), [])


def _identity_same(resource: Resource, found: Resource) -> bool:
    return resource.identity is not None and found.identity is not None and same(resource.identity, found.identity)
