"""What a comparison means for the checklist, how two captures differ, and the comparison as text."""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.asbuilt.capture import Note
from app.domain.asbuilt.compare import DIFFERS, INCOMPLETE, MATCHES, Comparison, Difference
from app.domain.runbook.items import Checklist, Item

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
# The verdict in a few words, as the page and its messages say it.
VERDICT_WORDS = {MATCHES: "it matches the plan", DIFFERS: "it differs from the plan",
                 INCOMPLETE: "no difference in what could be compared, but it is incomplete"}


def proven_items(checklist: Checklist, comparison: Comparison) -> list[Item]:
    """Items whose every piece of evidence the capture found exactly as planned."""
    return [item for item in checklist.items if item.evidence and set(item.evidence) <= comparison.proven]


def items_concerned(checklist: Checklist, evidence: str | None) -> list[Item]:
    if not evidence:
        return []
    return [item for item in checklist.items if evidence in item.evidence]


@dataclass(frozen=True)
class CaptureChanges:
    """Between an earlier and a later capture: differences gone, new, and changed (found otherwise).
    A difference the later capture could not compare at all is `unseen`, never counted as fixed."""
    fixed: tuple[Difference, ...]
    new: tuple[Difference, ...]
    changed: tuple[tuple[Difference, Difference], ...]
    unchanged: tuple[Difference, ...]
    unseen: tuple[Difference, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.fixed or self.new or self.changed or self.unseen)


def capture_changes(earlier: Comparison, later: Comparison) -> CaptureChanges:
    before = {d.key: d for d in earlier.differences}
    after = {d.key: d for d in later.differences}
    changed = tuple((before[k], after[k]) for k in after if k in before and before[k].found != after[k].found)
    gone = [d for k, d in before.items() if k not in after]
    return CaptureChanges(
        fixed=tuple(d for d in gone if not _not_compared_in(d, later)),
        new=tuple(d for k, d in after.items() if k not in before),
        changed=changed,
        unchanged=tuple(after[k] for k in after if k in before and before[k].found == after[k].found),
        unseen=tuple(d for d in gone if _not_compared_in(d, later)))


def _not_compared_in(difference: Difference, comparison: Comparison) -> bool:
    """Whether the comparison left out what the difference is about (by its evidence key)."""
    return bool(difference.evidence) and any(difference.evidence in item.evidence for item in comparison.not_compared)


def render_text(comparison: Comparison, title: str = "", notes: tuple[Note, ...] = ()) -> str:
    """The comparison as text; `notes` are what reading the capture skipped (unknown or repeated sections)."""
    lines: list[str] = [title, ""] if title else []
    if notes:
        lines.append(f"== Reading the capture ({len(notes)})")
        lines += [f"  line {note.line}: {note.message}" for note in notes]
        lines.append("")
    for severity, heading in SEVERITY_TITLES.items():
        found = comparison.of(severity)
        if not found:
            continue
        lines.append(f"== {heading} ({len(found)})")
        for difference in found:
            lines.append(f"  {severity.upper():7} {difference.code} at {difference.subject}")
            lines.append(f"          {difference.message}")
            if difference.expected is not None or difference.found is not None:
                lines.append(f"          planned: {difference.expected or '-'}; found: {difference.found or '-'}")
            if difference.rule:
                lines.append(f"          breaks the plan rule {difference.rule}")
        lines.append("")
    for heading, items in (("Not compared", comparison.missing), ("Further checks not made", comparison.further)):
        if not items:
            continue
        lines.append(f"== {heading} ({len(items)})")
        for item in items:
            lines.append(f"  {item.what} ({item.subject}): {item.reason}.")
            if item.command:
                lines.append(f"          to compare it, add: {item.command}")
        lines.append("")
    lines.append(verdict_line(comparison))
    return "\n".join(lines)


def counts_text(comparison: Comparison) -> str:
    further = len(comparison.further)
    return (f"{len(comparison.errors)} error(s), {len(comparison.warnings)} warning(s), "
            f"{len(comparison.infos)} note(s), {len(comparison.missing)} not compared"
            + (f", {further} further check(s) not made" if further else ""))


def verdict_line(comparison: Comparison) -> str:
    """The comparison in one line: MATCHES only with no error, no warning and nothing required left
    uncompared; INCOMPLETE when nothing differs in what could be compared but parts could not be."""
    counts = counts_text(comparison)
    if comparison.verdict == INCOMPLETE:
        missing = len(comparison.missing)
        return (f"INCOMPLETE: no difference in what could be compared; {missing} part{'s' if missing != 1 else ''} "
                f"could not be compared ({counts}).")
    if comparison.verdict == MATCHES:
        return f"MATCHES: the cluster is as planned in everything a capture must show ({counts})."
    return f"DIFFERS: {counts}."
