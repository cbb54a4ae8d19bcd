"""Where each section of a plan stands, for the step bar, the Review page and the project list."""
from __future__ import annotations

from dataclasses import dataclass

from app.domain import sections
from app.domain.plan.model import Plan
from app.domain.rules.engine import Report

REVIEW = "review"
STATE_LABELS = {
    "not-started": "Not started", "incomplete": "Incomplete", "errors": "Errors",
    "warnings": "Warnings", "complete": "Complete",
    # The Review step's state is the rule check's, not the team review's: it says so.
    "ready": "Rule check passed", "not-ready": "Rule check not passed",
}


@dataclass(frozen=True)
class StepStatus:
    name: str          # a section's name, or "review"
    title: str
    state: str
    errors: int
    warnings: int
    missing: int

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_review(self) -> bool:
        return self.name == REVIEW


def section_status(section: sections.Section, plan: Plan, document: dict, report: Report, drafts: dict,
                   shown: tuple[str, ...]) -> StepStatus:
    """`shown`: the sections offered for this plan (each finding is counted on one of them)."""
    findings = report.for_step(section.name, shown)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    missing = len(report.incomplete_for_step(section.name))
    if section.name in drafts:
        state = "errors"
    elif not any(key in document for key in section.keys):
        state = "not-started"
    elif errors:
        state = "errors"
    elif missing:
        state = "incomplete"
    elif warnings:
        state = "warnings"
    else:
        state = "complete"
    return StepStatus(section.name, sections.title_for(section.name, plan), state, errors, warnings, missing)


def plan_progress(plan: Plan, document: dict, report: Report, drafts: dict) -> list[StepStatus]:
    """Every section offered for the plan, in order, then the review verdict."""
    offered = [section for section in sections.SECTIONS if section.applies(plan)]
    shown = tuple(section.name for section in offered)
    statuses = [section_status(section, plan, document, report, drafts, shown) for section in offered]
    statuses.append(StepStatus(REVIEW, "Review", "ready" if report.ready else "not-ready",
                               len(report.errors), len(report.warnings), len(report.incomplete)))
    return statuses


def completed_count(statuses: list[StepStatus]) -> tuple[int, int]:
    steps = [s for s in statuses if not s.is_review]
    return sum(s.state in ("complete", "warnings") for s in steps), len(steps)
