"""Checks of the Active Directory step: DNS, the rights for ForestPrep and DomainPrep, the nodes' domain."""
from __future__ import annotations

from app.domain.plan.model import Plan
from app.domain.rules.checks.common import node_label
from app.domain.rules.checks.registry import Hit, check
from app.domain.words import join_words


@check
def no_dns_servers(plan: Plan):
    if plan.active_directory.dns_servers == []:
        yield Hit("active_directory.dns_servers")


@check
def dns_without_dynamic_updates(plan: Plan):
    if plan.active_directory.dns_dynamic_updates is False:
        yield Hit("active_directory.dns_dynamic_updates")


@check
def forestprep_rights_missing(plan: Plan):
    ad = plan.active_directory
    if ad.forestprep_done is not False:
        return
    missing = []
    if ad.forestprep_account_schema_admin is False:
        missing.append(("active_directory.forestprep_account_schema_admin", "Schema Admins"))
    if ad.forestprep_account_enterprise_admin is False:
        missing.append(("active_directory.forestprep_account_enterprise_admin", "Enterprise Admins"))
    if missing:
        yield Hit(missing[0][0], {"missing": join_words([group for _, group in missing])})


@check
def domainprep_rights_missing(plan: Plan):
    ad = plan.active_directory
    if ad.domainprep_done is False and ad.domainprep_account_domain_admin is False:
        domain = ad.domain if isinstance(ad.domain, str) and ad.domain else "the nodes' domain"
        yield Hit("active_directory.domainprep_account_domain_admin", {"domain": domain})


@check
def setup_account_not_full_admin(plan: Plan):
    if plan.active_directory.setup_account_exchange_full_admin is False:
        yield Hit("active_directory.setup_account_exchange_full_admin")


def _domain_key(name: str) -> str:
    return name.strip().rstrip(".").casefold()


@check
def node_in_other_domain(plan: Plan):
    domain = plan.active_directory.domain
    if not isinstance(domain, str):
        return
    for index, node in enumerate(plan.node_list):
        if isinstance(node.domain, str) and _domain_key(node.domain) != _domain_key(domain):
            yield Hit(f"nodes[{index}].domain", {
                "node": node_label(plan, index), "node_domain": node.domain or "(no domain)", "domain": domain})


@check
def node_is_domain_controller(plan: Plan):
    for index, node in enumerate(plan.node_list):
        if node.domain_controller is True:
            yield Hit(f"nodes[{index}].domain_controller", {"node": node_label(plan, index)})
