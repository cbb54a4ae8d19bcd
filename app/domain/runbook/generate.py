"""Turns a plan into its runbook: `build_checklist(plan) -> Checklist`.

Pure and total: any plan, ready or not, gives a checklist. The phases follow
shared/spec/checklist.md; items that do not apply to the plan's versions are left out, and an
unanswered value shows as a placeholder in the item's text. An item's id is phase + subject +
action ("p3.node.EXNODE1.install-exchange"), so a tick stays attached to the same piece of work
when the plan is edited.

The family is chosen here, once: Exchange 2007 (e2007.py), or Exchange 2000/2003 (classic.py),
which also serves a plan whose Exchange version is not answered yet.
"""
from __future__ import annotations

from app.domain import versions
from app.domain.cluster import intended_state
from app.domain.plan.model import Plan
from app.domain.runbook.base import Runbook
from app.domain.runbook.classic import ClassicRunbook
from app.domain.runbook.e2007 import Exchange2007Runbook
from app.domain.runbook.items import Checklist

FAMILIES: dict[str, type[Runbook]] = {versions.CLASSIC: ClassicRunbook, versions.E2007: Exchange2007Runbook}


def family_of(plan: Plan) -> type[Runbook]:
    release = versions.exchange(plan.exchange.version)
    return FAMILIES[release.family] if release else ClassicRunbook


def build_checklist(plan: Plan) -> Checklist:
    return family_of(plan)(plan, intended_state(plan)).build()
