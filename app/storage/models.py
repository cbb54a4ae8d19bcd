"""Every table of the application, in one module so no model imports another module's models.

Projects hold their plan as its `exchange-cluster-plan/1` document, so what is saved, exported
and checked is always the same thing; around them are users and memberships, revisions, checklist
ticks, and the review records (comments, waivers, approvals, activity).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.cache import LruCache
from app.extensions import db
from app.storage.hashing import hash_password, password_matches
from app.domain.plan import Plan, load_stored_plan
from app.domain.plan.vocab import FORMAT_ID
from app.domain.rules import Report, check
from app.domain.runbook import Checklist, build_checklist


STORED_PLANS: LruCache[Plan] = LruCache(128)
STORED_REPORTS: LruCache[Report] = LruCache(128)
STORED_CHECKLISTS: LruCache[Checklist] = LruCache(16)  # a runbook is larger than its plan


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
        return STORED_PLANS.get(self.plan_json, lambda: load_stored_plan(self.document))

    @property
    def report(self) -> Report:
        """The rule check of `plan`, likewise worked out once per stored text."""
        return STORED_REPORTS.get(self.plan_json, lambda: check(self.plan))

    @property
    def checklist(self) -> Checklist:
        """The runbook of `plan`, likewise: every checklist page, download and tick starts from it."""
        return STORED_CHECKLISTS.get(self.plan_json, lambda: build_checklist(self.plan))

    @property
    def drafts(self) -> dict:
        """Typed text kept by step; anything else found there (a damaged row) is not a draft."""
        try:
            drafts = json.loads(self.drafts_json or "{}")
        except ValueError:
            return {}
        if not isinstance(drafts, dict):
            return {}
        return {step: draft for step, draft in drafts.items() if isinstance(draft, dict)}

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
    # Empty for a name that had no account when it was added: such a row grants nothing, but it
    # reads like any other, so adding a member never tells whether a name exists.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True,
                                                nullable=True)
    added_as: Mapped[str | None] = mapped_column(String(80), nullable=True)  # the name as it was typed
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="memberships")
    user: Mapped["User | None"] = relationship()

    @property
    def shown_name(self) -> str:
        if self.added_as:
            return self.added_as
        return self.user.username if self.user is not None else ""


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of what a session holds (get_id): raising it ends every session of the user, on
    # sign-out, a password change or an administrator's action.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        return not self.disabled

    def set_password(self, password: str, wait: bool = False) -> None:
        self.password_hash = hash_password(password, wait)

    def check_password(self, password: str) -> bool:
        return password_matches(self.password_hash, password)


class SignInFailure(db.Model):
    """One refused sign-in: when and from which client address (never the name or password typed,
    which is often a password typed into the wrong box). Counted to slow guessing down per
    address and overall; rows older than the longest window are removed as new ones come."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


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
    # The as-built capture that proved the item done, when it was ticked from one (As built page).
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("asbuilt_capture.id", ondelete="SET NULL"),
                                                   nullable=True)

    # Deleting a project through the session deletes its ticks even where the database does not
    # enforce ON DELETE CASCADE (SQLite without the foreign_keys pragma).
    project: Mapped[Project] = relationship(
        Project, backref=backref("checklist_ticks", cascade="all, delete-orphan"))


COMMENT_TARGETS = ("plan", "step", "finding", "item")


class Comment(db.Model):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), nullable=True)
    target_kind: Mapped[str] = mapped_column(String(20), default="plan")
    target_ref: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list["Comment"]] = relationship(order_by="Comment.id", cascade="all, delete-orphan")


class Waiver(db.Model):
    """A reviewer's accepted risk: one warning finding (rule at subject), with the reason."""

    __tablename__ = "waiver"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(nullable=True)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Approval(db.Model):
    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    decision: Mapped[str] = mapped_column(String(20))  # approved | changes-requested
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()


class Activity(db.Model):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User | None] = relationship()


class AsBuiltCapture(db.Model):
    """A capture of the real cluster (the output collect.cmd writes), kept as the text it decoded to.

    The counts are those of its comparison with the plan revision it was uploaded against, for the
    list of captures; the page compares the text again with the plan as it is now."""

    __tablename__ = "asbuilt_capture"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))          # upload | paste
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    not_compared: Mapped[int] = mapped_column(Integer, default=0)   # of what a capture must show
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                      nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()
    project: Mapped[Project] = relationship(
        Project, backref=backref("asbuilt_captures", cascade="all, delete-orphan", passive_deletes=True))
