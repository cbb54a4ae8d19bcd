"""Saving ticks and reading them back against the checklist of the plan as it is now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.storage.engine import write_transaction
from app.storage.models import Project, utcnow

from app.domain.runbook import Checklist, Item
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
    checklist = project.checklist
    return progress_of(checklist, marks_for(checklist, ticks_of(project)))


Record = Callable[[], None]


def tick(project: Project, item: Item, actor: str, record: Record | None = None) -> None:
    """Tick an item, or confirm it again after its text changed (the snapshot is renewed).
    `record` writes what else belongs to the same transaction (the activity entry)."""
    try:
        with write_transaction():
            existing = ticks_of(project).get(item.id)
            row = existing or ChecklistTick(project_id=project.id, item_id=item.id)
            row.item_text, row.item_text_hash = item.text, item.text_hash
            row.ticked_by, row.ticked_at = (actor[:120] or None), utcnow()
            row.capture_id = None  # ticked by hand
            if existing is None:
                db.session.add(row)
            if record is not None:
                record()
    except IntegrityError:
        pass  # ticked at the same moment by another request: it is ticked either way


def tick_items(project: Project, items: list[Item], actor: str, record: Record | None = None,
               attempts: int = 2, capture_id: int | None = None) -> int:
    """Tick several items in one transaction (those already ticked as they read now are left as
    they are); returns how many were ticked. `capture_id`: the as-built capture that proved them done."""
    try:
        with write_transaction():
            ticked = _tick_each(project, items, actor, capture_id)
            if record is not None:
                record()
    except IntegrityError:
        # Another request ticked one of them at the same moment (on PostgreSQL): read them again.
        if attempts <= 1:
            raise
        return tick_items(project, items, actor, record, attempts - 1, capture_id)
    return ticked


def _tick_each(project: Project, items: list[Item], actor: str, capture_id: int | None) -> int:
    existing = ticks_of(project)
    ticked = 0
    for item in items:
        row = existing.get(item.id)
        if row is not None and row.item_text_hash == item.text_hash:
            continue
        if row is None:
            row = ChecklistTick(project_id=project.id, item_id=item.id)
            db.session.add(row)
        row.item_text, row.item_text_hash = item.text, item.text_hash
        row.ticked_by, row.ticked_at = (actor[:120] or None), utcnow()
        row.capture_id = capture_id
        ticked += 1
    return ticked


def untick(project: Project, item_id: str, record: Record | None = None) -> bool:
    with write_transaction():
        existing = ticks_of(project).get(item_id)
        if existing is not None:
            db.session.delete(existing)
        if record is not None:
            record()
    return existing is not None
