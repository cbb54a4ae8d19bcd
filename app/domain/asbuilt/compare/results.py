"""What a comparison returns: its differences, what it could not compare, the evidence it proves, and the
verdict; and the severity of every kind of difference."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

# Every kind of difference, with its severity. Info is for what exists but is not planned.
SEVERITIES = {
    "cluster-name": ERROR, "cluster-windows": ERROR,
    "node-missing": ERROR, "node-down": ERROR, "node-paused": WARNING, "node-not-up": WARNING,
    "node-unplanned": INFO,
    "node-windows": ERROR, "node-edition": WARNING, "node-service-pack": WARNING, "node-architecture": ERROR,
    "node-domain": ERROR, "node-domain-controller": ERROR, "node-model": INFO,
    "adapter-address": ERROR, "adapter-mask": ERROR, "private-gateway": WARNING, "private-dns": WARNING,
    "adapter-dhcp": WARNING,
    "network-missing": ERROR, "network-role": WARNING, "network-down": WARNING, "network-unplanned": INFO,
    "interface-missing": ERROR, "interface-down": WARNING,
    "group-missing": ERROR, "group-name": WARNING, "group-failed": ERROR, "group-offline": WARNING,
    "group-owner": WARNING, "group-unplanned": INFO,
    "resource-missing": ERROR, "resource-group": ERROR, "resource-type": ERROR, "resource-failed": ERROR,
    "resource-offline": WARNING, "resource-unplanned": INFO, "disk-letter": ERROR,
    "dependency-missing": ERROR, "dependency-unplanned": INFO,
    "owners-differ": WARNING, "owners-order": WARNING, "possible-owners": WARNING,
    "quorum-resource": ERROR, "quorum-disk": ERROR,
}
# The verdicts of a comparison.
MATCHES, DIFFERS, INCOMPLETE = "matches", "differs", "incomplete"


@dataclass(frozen=True)
class Difference:
    code: str
    severity: str
    subject: str              # the plan path concerned ("virtual_servers[0].ip")
    message: str
    expected: str | None = None
    found: str | None = None
    evidence: str | None = None   # the evidence key concerned, to find its checklist items
    # The plan's answer as the cluster was found (plan path, value): what the plan would say if it
    # described this cluster. severity.py checks it against the plan's rules.
    answer: tuple[str, Any] | None = None
    rule: str | None = None       # the plan rule the found value breaks, once severity.py has looked

    @property
    def key(self) -> tuple[str, str, str]:
        """What stays the same when the same difference is found again in a later capture (what was
        found may change: an address can be wrong in another way)."""
        return self.code, self.subject, self.evidence or (self.found if self.code.endswith("unplanned") else "")

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "subject": self.subject, "message": self.message,
                "expected": self.expected, "found": self.found, "evidence": self.evidence, "rule": self.rule}


@dataclass(frozen=True)
class NotCompared:
    subject: str
    what: str                 # what could not be compared
    reason: str               # why: the section is missing, or its command failed
    command: str | None = None    # what to add to the capture
    evidence: tuple[str, ...] = ()
    # False for a check beyond the spec's sections (collect.cmd adds them) and for one no capture of
    # this Windows release can make: the capture is complete without it, and may still match.
    required: bool = True

    def as_dict(self) -> dict:
        return {"subject": self.subject, "what": self.what, "reason": self.reason, "command": self.command,
                "required": self.required}


@dataclass(frozen=True)
class Comparison:
    differences: tuple[Difference, ...] = ()
    not_compared: tuple[NotCompared, ...] = ()
    proven: frozenset[str] = frozenset()
    # Planned name -> the name the cluster gives it, where they differ (collect.cmd asks for those).
    group_names: tuple[tuple[str, str], ...] = ()
    resource_names: tuple[tuple[str, str], ...] = ()

    def of(self, severity: str) -> list[Difference]:
        return [d for d in self.differences if d.severity == severity]

    @property
    def errors(self) -> list[Difference]:
        return self.of(ERROR)

    @property
    def warnings(self) -> list[Difference]:
        return self.of(WARNING)

    @property
    def infos(self) -> list[Difference]:
        return self.of(INFO)

    @property
    def missing(self) -> list[NotCompared]:
        """What the capture should have shown and did not: while any is left, it cannot match."""
        return [n for n in self.not_compared if n.required]

    @property
    def further(self) -> list[NotCompared]:
        """Checks beyond what a capture must show that this one could not make (see NotCompared.required)."""
        return [n for n in self.not_compared if not n.required]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def verdict(self) -> str:
        """DIFFERS on any error or warning; else INCOMPLETE while something required was not compared;
        else MATCHES."""
        if self.errors or self.warnings:
            return DIFFERS
        return MATCHES if self.complete else INCOMPLETE

    @property
    def matches(self) -> bool:
        """No error, no warning, and nothing required left uncompared."""
        return self.verdict == MATCHES

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "matches": self.matches, "complete": self.complete,
                "differences": [d.as_dict() for d in self.differences],
                "not_compared": [n.as_dict() for n in self.not_compared], "proven": sorted(self.proven)}
