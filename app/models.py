"""Database models: projects and their saved plan, drafts and revisions.

The plan itself is stored as its `exchange-cluster-plan/1` document, so what is
saved, exported and checked is always the same thing.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .cache import LruCache
from .extensions import db
from .plan import Plan, load_plan
from .plan.vocab import FORMAT_ID
from .rules import Report, check


STORED_PLANS: LruCache[Plan] = LruCache(128)
STORED_REPORTS: LruCache[Report] = LruCache(128)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Project(db.Model):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    plan_json: Mapped[str] = mapped_column(Text, default="{}")
    # Raw form input of steps whose last save had invalid values, so nothing typed is lost.
    drafts_json: Mapped[str] = mapped_column(Text, default="{}")
    current_step: Mapped[str] = mapped_column(String(40), default="basics")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Review workflow: draft -> in-review -> approved | changes-requested (see app/review/workflow.py).
    review_state: Mapped[str] = mapped_column(String(20), default="draft")
    approved_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    revisions: Mapped[list["Revision"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Revision.number",
        passive_deletes=True)
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def document(self) -> dict:
        return json.loads(self.plan_json or "{}") or {"format": FORMAT_ID}

    @document.setter
    def document(self, value: dict) -> None:
        self.plan_json = json.dumps(value, ensure_ascii=False, sort_keys=False)

    @property
    def plan(self) -> Plan:
        """The document, loaded; shared by every request that reads the same stored text."""
        return STORED_PLANS.get(self.plan_json, lambda: load_plan(self.document))

    @property
    def report(self) -> Report:
        """The rule check of `plan`, likewise worked out once per stored text."""
        return STORED_REPORTS.get(self.plan_json, lambda: check(self.plan))

    @property
    def drafts(self) -> dict:
        return json.loads(self.drafts_json or "{}")

    @drafts.setter
    def drafts(self, value: dict) -> None:
        self.drafts_json = json.dumps(value, ensure_ascii=False)

    def touch(self) -> None:
        self.updated_at = utcnow()


class Revision(db.Model):
    """A snapshot of the plan after one saved change."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(String(300), default="")
    plan_json: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="revisions")
    author: Mapped["User | None"] = relationship()

    @property
    def document(self) -> dict:
        return json.loads(self.plan_json)


ROLES = ("owner", "editor", "reviewer", "viewer")


class Membership(db.Model):
    """A user's role in one project; only members see a project."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="memberships")
    user: Mapped["User"] = relationship()


from app.accounts.models import User  # noqa: E402  (User needs utcnow from this module)
from .checklist import models as _checklist_models  # noqa: E402,F401  (registers the checklist tables)
