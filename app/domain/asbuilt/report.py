"""What a comparison means for the checklist, how two captures differ, and the comparison as text."""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.asbuilt.capture import Note
from app.domain.asbuilt.compare import Comparison, Difference
from app.domain.runbook.items import Checklist, Item

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


def proven_items(checklist: Checklist, comparison: Comparison) -> list[Item]:
    """Items whose every piece of evidence the capture found exactly as planned."""
    return [item for item in checklist.items if item.evidence and set(item.evidence) <= comparison.proven]


def items_concerned(checklist: Checklist, evidence: str | None) -> list[Item]:
    if not evidence:
        return []
    return [item for item in checklist.items if evidence in item.evidence]


@dataclass(frozen=True)
class CaptureChanges:
    """Between an earlier and a later capture: differences gone, new, and changed (found otherwise)."""
    fixed: tuple[Difference, ...]
    new: tuple[Difference, ...]
    changed: tuple[tuple[Difference, Difference], ...]
    unchanged: tuple[Difference, ...]

    @property
    def any(self) -> bool:
        return bool(self.fixed or self.new or self.changed)


def capture_changes(earlier: Comparison, later: Comparison) -> CaptureChanges:
    before = {d.key: d for d in earlier.differences}
    after = {d.key: d for d in later.differences}
    changed = tuple((before[k], after[k]) for k in after if k in before and before[k].found != after[k].found)
    return CaptureChanges(
        fixed=tuple(d for k, d in before.items() if k not in after),
        new=tuple(d for k, d in after.items() if k not in before),
        changed=changed,
        unchanged=tuple(after[k] for k in after if k in before and before[k].found == after[k].found))


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
        lines.append("")
    if comparison.not_compared:
        lines.append(f"== Not compared ({len(comparison.not_compared)})")
        for item in comparison.not_compared:
            lines.append(f"  {item.what} ({item.subject}): {item.reason}.")
            if item.command:
                lines.append(f"          to compare it, add: {item.command}")
        lines.append("")
    counts = (f"{len(comparison.errors)} error(s), {len(comparison.warnings)} warning(s), "
              f"{len(comparison.infos)} note(s), {len(comparison.not_compared)} not compared")
    if comparison.matches:
        scope = "in all that could be compared" if comparison.not_compared else "as planned"
        lines.append(f"MATCHES: what the capture shows is {scope} ({counts}).")
    else:
        lines.append(f"DIFFERS: {counts}.")
    return "\n".join(lines)
