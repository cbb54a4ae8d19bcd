"""What a printed or downloaded runbook says about its review: the state, who approved which
revision, and every waiver beside the finding it waives."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Waiver:
    rule: str
    subject: str
    by: str
    at: datetime | None
    reason: str


@dataclass(frozen=True)
class Decision:
    revision: int
    decision: str          # "approved" or "changes-requested"
    by: str
    at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class SignOff:
    state: str             # the review state's label: Draft, In review, Approved, Changes requested
    revision: int          # the revision being printed
    approved_revision: int | None = None
    decisions: tuple[Decision, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    @property
    def approved(self) -> bool:
        """Approved as it is now: a later revision is a draft again until it is approved."""
        return self.approved_revision == self.revision

    @property
    def mark(self) -> str:
        return "APPROVED" if self.approved else "DRAFT"

    def waiver_for(self, rule: str, subject: str) -> Waiver | None:
        return next((w for w in self.waivers if (w.rule, w.subject) == (rule, subject)), None)

    @property
    def approvals(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.decision == "approved")


UNREVIEWED = SignOff("Draft", 0)
