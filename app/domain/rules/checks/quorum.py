"""Checks of the quorum: the disk it needs, the types each Windows release offers, CCR's witness."""
from __future__ import annotations

from app.domain import versions
from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan, answered
from app.domain.rules.checks.common import quorum_label
from app.domain.rules.checks.registry import Hit, check


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
