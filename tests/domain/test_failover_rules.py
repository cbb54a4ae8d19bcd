"""The failover rules ask the plan cheaply whether they can fire before they build the intended
state (app/domain/rules/checks/failover.py). Here each guard is held against its unguarded check over every
plan the tests know: where a guard says no, the check itself finds nothing either."""
from __future__ import annotations

import pytest

from app.domain.plan import load_plan
from app.domain.rules.checks import CHECKS, failover
from app.domain.rules.checks.virtual_servers import too_many_storage_groups
from tests.characterization.snapshot import stored_documents
from tests.domain.test_rules import FIRES, SILENT
from tests.domain.plans import build

PLANS = [document for _, document in stored_documents()] + [build(c.base, c.change) for c in (*FIRES, *SILENT)
                                                            if c.rule.startswith(("failover", "evs-possible"))]

GUARDED = {
    "failover_single_node_offline": failover.single_node_offline_hits,
    "failover_storage_groups_over": failover.storage_groups_over_hits,
    "failover_active_active_users": failover.active_active_users_hits,
    "failover_shared_passive_node": failover.shared_passive_node_hits,
    "possible_owners_off": failover.possible_owner_hits,
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_guard_never_hides_a_finding(name):
    guarded, unguarded = CHECKS[name], GUARDED[name]
    fired = 0
    for document in PLANS:
        plan = load_plan(document)
        found = list(unguarded(plan))
        if name == "failover_storage_groups_over" and any(too_many_storage_groups(plan)):
            found = []  # left to evs-storage-groups by design
        assert list(guarded(plan)) == found, document.get("name")
        fired += bool(found)
    assert fired, "no plan exercises the check"
