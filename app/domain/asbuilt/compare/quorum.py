"""The quorum resource: of the planned type, and for a disk quorum on the planned disk."""
from __future__ import annotations

from app.domain import versions
from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.compare.context import Context, article, same
from app.domain.cluster import evidence as ev


def compare_quorum(ctx: Context) -> None:
    """The quorum resource `cluster /quorum` names: of the planned type, and for a disk quorum the
    planned disk. Only then is the quorum proven (its evidence key)."""
    planned = ctx.intended.quorum
    if planned.type is None:
        return
    key = ev.quorum_key()
    if not ctx.coverage.quorum:
        ctx.missing("cluster.quorum.type", "The quorum resource", kinds.QUORUM, evidence=[key])
        return
    found = ctx.found.quorum
    resource = next((r for r in ctx.found.resources if found.resource and same(r.name, found.resource)), None)
    if found.resource and (resource is None or not resource.type):
        ctx.missing("cluster.quorum.type", f"The type of the quorum resource {found.resource}",
                    kinds.RESOURCE_PROPERTIES if ctx.coverage.resources else kinds.RESOURCES, evidence=[key])
        return
    expected_type = versions.quorum_resource_type(planned.type)
    found_type = resource.type if resource else None
    if expected_type is None and found.resource is None or \
            expected_type is not None and same(expected_type, found_type):
        if planned.disk and (found.disk or (resource.identity if resource else None)) is None:
            ctx.missing("cluster.quorum.type", f"The letter of the quorum disk {found.resource}", kinds.QUORUM,
                        reason="neither the resource's name nor the quorum path holds a drive letter",
                        command=None, evidence=[key])
            return
        letter = found.disk or (resource.identity if resource else None)
        if planned.disk and not same(planned.disk, letter):
            ctx.differ("quorum-disk", "cluster.quorum.type", f"The quorum is on the disk {letter}, not on "
                       f"{planned.disk}.", planned.disk, letter, key)
            return
        ctx.proven.add(key)
        return
    shown = f"{found.resource} ({found_type or 'type unknown'})" if found.resource else "no quorum resource"
    ctx.differ("quorum-resource", "cluster.quorum.type", f"The quorum is held by {shown}, not by "
               f"{article(expected_type) + ' ' + expected_type + ' resource' if expected_type else 'the nodes alone'}.",
               expected_type or "the nodes alone", shown, key,
               answer=("cluster.quorum.type", versions.quorum_type_of(found_type, ctx.intended.windows)))
