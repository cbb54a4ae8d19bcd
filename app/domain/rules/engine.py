"""Evaluates a plan against the stored catalog in one pass: `check(plan) -> Report`."""
from __future__ import annotations

from dataclasses import dataclass

from app.domain import sections
from app.domain.plan import paths
from app.domain.plan.completeness import Incomplete, incomplete_items
from app.domain.plan.model import Plan
from app.domain.rules.catalog import Catalog, load_catalog

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# What a finding's remediation is called: a note is a fact to act on, not a fault to fix.
REMEDY_LABELS = {"error": "Fix", "warning": "Fix", "info": "What to do"}
STEP_ORDER = sections.ORDER


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    severity: str
    step: str
    subject: str
    message: str
    remediation: str
    source: str

    @property
    def remedy_label(self) -> str:
        return REMEDY_LABELS[self.severity]

    @property
    def field_step(self) -> str:
        """The wizard step that asks the field the finding points at."""
        return sections.section_of(self.subject)

    def shown_on(self, steps: tuple[str, ...] = STEP_ORDER) -> str:
        """The one step a finding is shown on: the step asking its field, or, when that step is not
        offered for this plan, the step its rule belongs to."""
        return self.field_step if self.field_step in steps else self.step

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "step": self.step, "subject": self.subject,
                "message": self.message, "remediation": self.remediation, "source": self.source}


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    incomplete: tuple[Incomplete, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def ready(self) -> bool:
        return not self.errors and not self.incomplete

    @property
    def summary(self) -> str:
        """What the rule check found, as a phrase that says it is the rules' verdict and nothing more
        (a team's review is another matter): "no errors, every question answered, 1 warning"."""
        parts = [_counted(len(self.errors), "error") if self.errors else "no errors",
                 f"{_counted(len(self.incomplete), 'question')} not answered" if self.incomplete
                 else "every question answered"]
        if self.warnings:
            parts.append(_counted(len(self.warnings), "warning"))
        return ", ".join(parts)

    def for_step(self, step: str, steps: tuple[str, ...] = STEP_ORDER) -> list[Finding]:
        """The findings shown on a step (see Finding.shown_on); `steps` are the steps offered."""
        return [f for f in self.findings if f.shown_on(steps) == step]

    def incomplete_for_step(self, step: str) -> list[Incomplete]:
        return [i for i in self.incomplete if i.step == step]

    def for_subject(self, prefix: str) -> list[Finding]:
        return [f for f in self.findings if paths.lies_within(f.subject, prefix)]

    def as_dict(self) -> dict:
        return {"ready": self.ready, "findings": [f.as_dict() for f in self.findings],
                "incomplete": [i.as_dict() for i in self.incomplete]}


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _Params(dict):
    """Leaves an unknown placeholder visible instead of raising."""

    def __missing__(self, key):
        return "{" + key + "}"


def check(plan: Plan, catalog: Catalog | None = None) -> Report:
    catalog = catalog or load_catalog()
    findings = []
    for rule in catalog.rules:
        if not rule.applies_to(plan):
            continue
        variant = None
        for hit in rule.check(plan):
            variant = variant or rule.variant_for(plan.exchange.version)  # only for rules that fire
            params = _Params({k: str(v) for k, v in hit.params.items()})
            findings.append(Finding(
                rule=rule.id, title=rule.title, severity=variant.severity, step=rule.step,
                subject=hit.subject, message=variant.message.format_map(params),
                remediation=variant.remediation.format_map(params),
                source="; ".join(catalog.sources[code].text for code in rule.sources)))
    findings.sort(key=lambda f: (STEP_ORDER.index(f.step), SEVERITY_ORDER[f.severity]))
    return Report(findings=tuple(findings), incomplete=tuple(incomplete_items(plan)))
