"""Where each step stands, for the step bar and the project list."""
from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.plan.model import Plan
from app.domain.rules.engine import Report

from app.web.wizard.steps import Step, applicable_steps

STATE_LABELS = {
    "not-started": "Not started", "incomplete": "Incomplete", "errors": "Errors",
    "warnings": "Warnings", "complete": "Complete", "ready": "Ready", "not-ready": "Not ready",
}


@dataclass(frozen=True)
class StepStatus:
    step: Step
    state: str
    errors: int
    warnings: int
    missing: int
    title: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def step_status(step: Step, document: dict, report: Report, drafts: dict) -> StepStatus:
    if step.is_review:
        return StepStatus(step, "ready" if report.ready else "not-ready",
                          len(report.errors), len(report.warnings), len(report.incomplete))
    findings = report.for_step(step.name)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    missing = len(report.incomplete_for_step(step.name))
    if step.name in drafts:
        state = "errors"
    elif not any(key in document for key in step.plan_keys):
        state = "not-started"
    elif errors:
        state = "errors"
    elif missing:
        state = "incomplete"
    elif warnings:
        state = "warnings"
    else:
        state = "complete"
    return StepStatus(step, state, errors, warnings, missing)


def plan_progress(plan: Plan, document: dict, report: Report, drafts: dict) -> list[StepStatus]:
    return [replace(step_status(step, document, report, drafts), title=step.title_for(plan))
            for step in applicable_steps(plan)]


def completed_count(statuses: list[StepStatus]) -> tuple[int, int]:
    steps = [s for s in statuses if not s.step.is_review]
    return sum(s.state in ("complete", "warnings") for s in steps), len(steps)
