"""Saving ticks and reading them back against the checklist of the plan as it is now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.storage.models import Project, utcnow

from app.domain.runbook import Checklist, Item, build_checklist
from app.storage.models import ChecklistTick


@dataclass(frozen=True)
class Mark:
    """A tick as the checklist shows it: `changed` when the item's text differs from what was ticked."""

    ticked_by: str | None
    ticked_at: datetime
    changed: bool
    ticked_text: str
    capture_id: int | None = None    # the as-built capture it was ticked from, if any


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    changed: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def ticks_of(project: Project) -> dict[str, ChecklistTick]:
    query = db.select(ChecklistTick).where(ChecklistTick.project_id == project.id)
    return {tick.item_id: tick for tick in db.session.scalars(query)}


def marks_for(checklist: Checklist, ticks: dict[str, ChecklistTick]) -> dict[str, Mark]:
    """Ticks of items still on the checklist; ticks of items the plan no longer has are ignored."""
    marks = {}
    for item in checklist.items:
        tick = ticks.get(item.id)
        if tick is not None:
            marks[item.id] = Mark(tick.ticked_by, tick.ticked_at, tick.item_text_hash != item.text_hash,
                                  tick.item_text, tick.capture_id)
    return marks


def progress_of(checklist: Checklist, marks: dict[str, Mark]) -> Progress:
    return Progress(len(marks), len(checklist.items), sum(mark.changed for mark in marks.values()))


def project_progress(project: Project) -> Progress:
    checklist = build_checklist(project.plan)
    return progress_of(checklist, marks_for(checklist, ticks_of(project)))


def tick(project: Project, item: Item, actor: str) -> None:
    """Tick an item, or confirm it again after its text changed (the snapshot is renewed)."""
    existing = ticks_of(project).get(item.id)
    record = existing or ChecklistTick(project_id=project.id, item_id=item.id)
    record.item_text, record.item_text_hash = item.text, item.text_hash
    record.ticked_by, record.ticked_at = (actor[:120] or None), utcnow()
    record.capture_id = None  # ticked by hand
    if existing is None:
        db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # ticked at the same moment by another request: it is ticked either way


def tick_items(project: Project, items: list[Item], actor: str, attempts: int = 2,
               capture_id: int | None = None) -> int:
    """Tick several items in one commit (those already ticked as they read now are left as they are);
    returns how many were ticked. `capture_id`: the as-built capture that proved them done."""
    existing = ticks_of(project)
    ticked = 0
    for item in items:
        record = existing.get(item.id)
        if record is not None and record.item_text_hash == item.text_hash:
            continue
        if record is None:
            record = ChecklistTick(project_id=project.id, item_id=item.id)
            db.session.add(record)
        record.item_text, record.item_text_hash = item.text, item.text_hash
        record.ticked_by, record.ticked_at = (actor[:120] or None), utcnow()
        record.capture_id = capture_id
        ticked += 1
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another request ticked one of them at the same moment: read them again
        if attempts <= 1:
            raise
        return tick_items(project, items, actor, attempts - 1, capture_id)
    return ticked


def untick(project: Project, item_id: str) -> bool:
    existing = ticks_of(project).get(item_id)
    if existing is None:
        return False
    db.session.delete(existing)
    db.session.commit()
    return True
