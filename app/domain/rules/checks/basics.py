"""Checks of the Basics step and the nodes as a whole: Exchange and Windows releases and editions, how
many nodes, the same Exchange version and hardware on each."""
from __future__ import annotations

from app.domain import versions
from app.domain.plan import vocab
from app.domain.plan.model import Plan, answered
from app.domain.rules.checks.common import node_count, node_label, windows_label
from app.domain.rules.checks.registry import Hit, check


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
