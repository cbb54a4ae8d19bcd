"""Checks of the cluster service itself: its account, MSDTC, and the Windows components each node needs."""
from __future__ import annotations

from app.domain.plan import vocab
from app.domain.plan.io import show
from app.domain.plan.model import Plan, answered, required_prerequisites
from app.domain.rules.checks.common import node_label
from app.domain.rules.checks.registry import Hit, check
from app.domain.words import join_words


@check
def cluster_account_not_local_admin(plan: Plan):
    account = plan.cluster.service_account
    if account is None or (isinstance(account, str) and not account.strip()):
        yield Hit("cluster.service_account", {"problem": "No cluster service account is named."})
    elif plan.cluster.service_account_local_admin is False:
        named = f" {account}" if answered(account) else ""
        yield Hit("cluster.service_account_local_admin", {
            "problem": f"The cluster service account{named} is not a local administrator on every node."})


@check
def cluster_account_not_exchange_admin(plan: Plan):
    if plan.cluster.service_account_exchange_full_admin is False:
        yield Hit("cluster.service_account_exchange_full_admin")


@check
def exchange_before_cluster(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.exchange_installed_before_cluster is True:
            yield Hit(f"nodes[{index}].exchange_installed_before_cluster", {"node": node_label(plan, index)})


@check
def msdtc_not_before_setup(plan: Plan):
    if plan.cluster.msdtc.created_before_setup is False:
        yield Hit("cluster.msdtc.created_before_setup")


@check
def msdtc_outside_cluster_group(plan: Plan):
    group = plan.cluster.msdtc.group
    if isinstance(group, str) and group.strip().casefold() != vocab.DEFAULT_CLUSTER_GROUP.casefold():
        yield Hit("cluster.msdtc.group", {"group": show(group)})


@check
def node_missing_prerequisites(plan: Plan):
    needed = required_prerequisites(plan)
    for index, node in enumerate(plan.node_list):
        missing = [vocab.PREREQUISITE_LABELS[key] for key in needed
                   if getattr(node.prerequisites, key) is False]
        if missing:
            yield Hit(f"nodes[{index}].prerequisites", {"node": node_label(plan, index), "missing": join_words(missing)})
