"""Ticks on a project's checklist: who ticked which item, when, and what it said then."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models import utcnow

if TYPE_CHECKING:
    from app.models import Project


class ChecklistTick(db.Model):
    """One ticked item. The text is kept so a later change to the item can be shown."""

    __tablename__ = "checklist_tick"
    __table_args__ = (UniqueConstraint("project_id", "item_id", name="uq_checklist_tick_project_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(255))
    item_text: Mapped[str] = mapped_column(Text)
    item_text_hash: Mapped[str] = mapped_column(String(64))
    ticked_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    ticked_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Deleting a project through the session deletes its ticks even where the database does not
    # enforce ON DELETE CASCADE (SQLite without the foreign_keys pragma).
    project: Mapped["Project"] = relationship(
        "Project", backref=backref("checklist_ticks", cascade="all, delete-orphan"))
