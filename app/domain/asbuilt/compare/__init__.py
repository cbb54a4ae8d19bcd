"""The real cluster against the plan: `compare(intended, found, coverage) -> Comparison`.

Both states are `ClusterState`s; `found` comes from a capture (convert.py), `coverage` says which
parts of the real cluster the capture shows. Every difference is a finding with a severity, the
plan path it concerns, what was planned and what was found. What the capture does not show is
listed as not compared, never counted as a match: the verdict is then "incomplete", unless all
that is missing is a check beyond the spec's list of sections (see sections.EXTRA_KINDS) or one no
capture can make on the release (Windows 2000 has no systeminfo). What was found exactly as planned
is returned as evidence keys (app/domain/cluster/evidence.py), which prove checklist items done;
a key that a difference of the same comparison concerns is never among them.

Resources are matched by group, type and identity (an IP Address by its address, a Network Name by
its name, a Physical Disk by the letter in its name), never by name alone: administrators name
resources as they like. A resource not found that way is paired, in this order, with: a disk (or
a resource the cluster has only one of) of the same identity in another group, as Change Group
moves them; one of the same type in its group (its address or name differs); one of the same type
and identity in another group; one of the same name and another type.

The parts, in the order they run: nodes.py (the cluster and each node), networks.py, groups.py,
resources.py (paired by matcher.py), quorum.py; each adds to a shared context.py. results.py holds
what they return.
"""
from __future__ import annotations

from app.domain.asbuilt.compare.context import Context
from app.domain.asbuilt.compare.groups import compare_groups
from app.domain.asbuilt.compare.networks import compare_networks
from app.domain.asbuilt.compare.nodes import compare_cluster, compare_nodes
from app.domain.asbuilt.compare.quorum import compare_quorum
from app.domain.asbuilt.compare.resources import compare_resources
from app.domain.asbuilt.compare.results import (DIFFERS, ERROR, INCOMPLETE, INFO, MATCHES, SEVERITY_ORDER, WARNING,
                                                Comparison, Difference, NotCompared)
from app.domain.asbuilt.convert import Coverage
from app.domain.cluster.state import ClusterState

__all__ = ["DIFFERS", "ERROR", "INCOMPLETE", "INFO", "MATCHES", "SEVERITY_ORDER", "WARNING", "Comparison", "Difference",
           "NotCompared", "compare", "other_cluster"]


def compare(intended: ClusterState, found: ClusterState, coverage: Coverage) -> Comparison:
    ctx = Context(intended, found, coverage)
    compare_cluster(ctx)
    compare_nodes(ctx)
    compare_networks(ctx)
    groups = compare_groups(ctx)
    pairs = compare_resources(ctx, groups)
    compare_quorum(ctx)
    ordered = sorted(ctx.differences, key=lambda d: SEVERITY_ORDER[d.severity])
    # Whatever a difference or an error or warning concerns is not proven, even where one part of it was.
    contradicted = {d.evidence for d in ordered if d.evidence and d.severity in (ERROR, WARNING)}
    return Comparison(tuple(ordered), tuple(ctx.not_compared), frozenset(ctx.proven - contradicted),
                      group_names=tuple((planned, found.name) for planned, found in groups.items()
                                        if planned != found.name),
                      resource_names=tuple((planned, pair.found.name) for planned, pair in pairs.items()
                                           if planned != pair.found.name))


def other_cluster(intended: ClusterState, found: ClusterState, coverage: Coverage) -> str | None:
    """Why the capture is of another cluster than the plan's, or None when it may be this one's."""
    planned = {n.casefold() for n in intended.node_names}
    seen = {n.name.casefold() for n in found.nodes if n.name}
    names_differ = bool(intended.name and found.name and intended.name.casefold() != found.name.casefold())
    if planned and seen and not planned & seen:
        cluster = f"the cluster {found.name} " if found.name else ""
        return (f"This capture is of {cluster}with the servers {', '.join(sorted(n.name for n in found.nodes))}; "
                f"the plan is for {intended.name or 'a cluster'} with the nodes "
                f"{', '.join(intended.node_names)}. Use a capture of this plan's cluster.")
    if names_differ and not seen:
        return (f"This capture is of the cluster {found.name}; the plan is for {intended.name}. "
                "Use a capture of this plan's cluster.")
    return None

