"""Captures of the real cluster, stored per project, and what they prove on the checklist."""
from __future__ import annotations

from dataclasses import dataclass

from app.cache import LruCache
from app.domain.asbuilt import CaptureRefused, Comparison, Verification, verify_text
from app.domain.asbuilt.collect import NO_NAMES, FoundNames
from app.domain.asbuilt.report import proven_items
from app.domain.runbook.items import Checklist, Item
from app.extensions import db
from app.storage import ticks
from app.storage.activity import log
from app.storage.engine import write_transaction
from app.storage.models import AsBuiltCapture, Project

# A capture compared with a plan text: the key holds both, so a new revision compares afresh.
COMPARISONS: LruCache["Compared"] = LruCache(32)


@dataclass(frozen=True)
class Compared:
    """A stored capture compared with the plan as it is now; `refused` when it no longer can be
    (the plan's nodes were renamed since, for example)."""
    verification: Verification | None
    refused: str | None = None

    @property
    def comparison(self) -> Comparison | None:
        return self.verification.comparison if self.verification else None


def save_capture(project: Project, verification: Verification, text: str, *, source: str, filename: str | None,
                 size: int, encoding: str, user) -> AsBuiltCapture:
    comparison = verification.comparison
    capture = AsBuiltCapture(
        project_id=project.id, revision=project.revision, source=source, filename=(filename or None) and filename[:255],
        size_bytes=size, encoding=encoding[:60], text=text, errors=len(comparison.errors),
        warnings=len(comparison.warnings), infos=len(comparison.infos),
        not_compared=len(comparison.missing),
        created_by_id=user.id if user is not None and getattr(user, "is_authenticated", False) else None)
    plan_json = project.plan_json
    with write_transaction():
        db.session.add(capture)
        db.session.flush()
        log(project, user, "as-built", f"compared capture {capture.id} with revision {capture.revision}: "
                                       f"{capture.errors} error(s), {capture.warnings} warning(s)")
    COMPARISONS.put((capture.id, plan_json), Compared(verification))
    return capture


def captures_of(project: Project) -> list[AsBuiltCapture]:
    return list(db.session.scalars(db.select(AsBuiltCapture).where(AsBuiltCapture.project_id == project.id)
                                   .order_by(AsBuiltCapture.id.desc())))


def get_capture(project: Project, capture_id: int | None) -> AsBuiltCapture | None:
    if capture_id is None:
        return None
    return db.session.scalar(db.select(AsBuiltCapture).where(AsBuiltCapture.project_id == project.id,
                                                             AsBuiltCapture.id == capture_id))


def compared(project: Project, capture: AsBuiltCapture) -> Compared:
    def work_out() -> Compared:
        try:
            return Compared(verify_text(project.plan, capture.text))
        except CaptureRefused as refused:
            return Compared(None, refused.message)
    return COMPARISONS.get((capture.id, project.plan_json), work_out)


def found_names(project: Project) -> FoundNames:
    """The names the latest capture found for planned groups and resources the cluster names otherwise,
    for collect.cmd to ask for them by those names."""
    latest = db.session.scalar(db.select(AsBuiltCapture).where(AsBuiltCapture.project_id == project.id)
                               .order_by(AsBuiltCapture.id.desc()).limit(1))
    comparison = compared(project, latest).comparison if latest is not None else None
    if comparison is None:
        return NO_NAMES
    return FoundNames(latest.id, comparison.group_names, comparison.resource_names)


def tick_proven(project: Project, checklist: Checklist, capture: AsBuiltCapture, comparison: Comparison,
                wanted: set[str], user, actor: str) -> list[Item]:
    """Tick the items of `wanted` that the comparison proves (any other id is ignored); each tick
    keeps the capture that proved it."""
    items = [item for item in proven_items(checklist, comparison) if item.id in wanted]
    if items:
        capture_id = capture.id
        ticks.tick_items(project, items, actor, capture_id=capture_id, record=lambda: log(
            project, user, "tick", f"ticked {len(items)} item(s) proven by as-built capture {capture_id}: "
                                   + ", ".join(item.id for item in items)))
    return items
