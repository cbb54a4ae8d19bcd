"""Differences as severe as the plan rules they break: `with_plan_rules(plan, comparison)`.

A difference may carry the plan's answer as the cluster was found (`Difference.answer`: a plan
path and a value, such as `virtual_servers[0].kerberos = False` for a Network Name found without
Kerberos). RULES_BROKEN lists, per kind of difference, the catalog rules that check that answer.
The found answers are put into a copy of the plan and the catalog is run on it: a listed rule that
then fires at the difference's answer makes the difference at least as severe as the rule's
finding, and names the rule. So an EVS Network Name without Kerberos is an error in the As built
result exactly where the plan rule evs-kerberos makes it one (Exchange 2003 on Windows 2003), and
its severity is read from the catalog, never restated here.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable

from app.domain.asbuilt.compare import SEVERITY_ORDER, Comparison, Difference
from app.domain.plan import PlanFormatError, load_plan, paths
from app.domain.plan.io import dump_plan
from app.domain.plan.model import Plan
from app.domain.rules import check
from app.domain.rules.engine import Finding

_WINDOWS_RELEASE_RULES = ("exchange2000-windows2000-only", "exchange2003-prefer-windows2003",
                          "exchange2007-windows-version")

# Kind of difference (its code; "property:<Name>" for a private property) -> the rules that check
# the plan answer it concerns.
RULES_BROKEN: dict[str, tuple[str, ...]] = {
    "cluster-windows": _WINDOWS_RELEASE_RULES,
    "node-windows": _WINDOWS_RELEASE_RULES,
    "node-edition": ("windows-edition-clusterable", "nodes-max-for-edition"),
    "node-service-pack": ("exchange2003-windows2000-sp4",),
    "node-architecture": ("exchange2003-x86-only", "exchange2007-x64-only"),
    "node-domain": ("nodes-same-domain",),
    "node-domain-controller": ("nodes-not-domain-controllers",),
    "property:RequireKerberos": ("evs-kerberos",),
    "quorum-resource": ("quorum-type-for-windows", "quorum-local-test-only", "ccr-quorum-witness"),
}


def kind_of(difference: Difference) -> str:
    if difference.code == "property" and difference.evidence:
        return f"property:{difference.evidence.rsplit('.', 1)[-1]}"
    return difference.code


def with_plan_rules(plan: Plan, comparison: Comparison) -> Comparison:
    candidates = [d for d in comparison.differences if d.answer is not None and kind_of(d) in RULES_BROKEN]
    if not candidates:
        return comparison
    document = dump_plan(plan)
    base = {(f.rule, f.subject) for f in check(plan).findings}
    broken: dict[int, Finding] = {}
    for batch in _batches(candidates):
        changed = paths.copy_document(document)
        for difference in batch:
            paths.set(changed, *difference.answer)
        try:
            findings = check(load_plan(changed)).findings
        except PlanFormatError:
            continue  # a value the plan cannot hold (an Itanium node, say): no rule can judge it
        for difference in batch:
            finding = _broken_rule(difference, findings, base)
            if finding is not None:
                broken[id(difference)] = finding
    differences = tuple(sorted((_raised(d, broken.get(id(d))) for d in comparison.differences),
                               key=lambda d: SEVERITY_ORDER[d.severity]))
    return dataclasses.replace(comparison, differences=differences)


def _batches(differences: list[Difference]) -> Iterable[list[Difference]]:
    """Groups of differences whose answers can stand in one plan (no path given two values)."""
    batches: list[tuple[dict, list[Difference]]] = []
    for difference in differences:
        path, value = difference.answer
        batch = next((b for b in batches if b[0].get(path, value) == value), None)
        if batch is None:
            batch = ({}, [])
            batches.append(batch)
        batch[0][path] = value
        batch[1].append(difference)
    return [differences for _, differences in batches]


def _broken_rule(difference: Difference, findings: tuple[Finding, ...], base: set) -> Finding | None:
    """A listed rule firing at the difference's answer, or one the found answers made fire anew."""
    rules, path = RULES_BROKEN[kind_of(difference)], difference.answer[0]
    fired = [f for f in findings if f.rule in rules and (f.subject == path or (f.rule, f.subject) not in base)]
    return min(fired, key=lambda f: SEVERITY_ORDER[f.severity], default=None)


def _raised(difference: Difference, finding: Finding | None) -> Difference:
    if finding is None:
        return difference
    severity = min(difference.severity, finding.severity, key=SEVERITY_ORDER.__getitem__)
    return dataclasses.replace(difference, severity=severity, rule=finding.rule)
