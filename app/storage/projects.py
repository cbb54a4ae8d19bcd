"""Project operations as plain functions over the models (no request needed)."""
from __future__ import annotations

import copy
import json

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.attributes import set_committed_value
from dataclasses import dataclass
from datetime import datetime

from app.storage.ticks import Progress, project_progress
from app.extensions import db
from app.storage.models import STORED_PLANS, Membership, Project, Revision, utcnow
from app.domain import sections
from app.domain.plan import Plan, dump_plan, load_plan, loads_plan
from app.domain.plan.model import MISSING, cluster_type_after_version_change
from app.domain.plan.starters import Starter
from app.domain.plan.vocab import FORMAT_ID
from app.domain.rules import Report
from app.storage import workflow
from app.storage.memberships import visible_projects
from app.storage.activity import log
from app.domain.progress import completed_count, plan_progress


def _user_id(user) -> int | None:
    return user.id if user is not None and getattr(user, "is_authenticated", False) else None


def _own(project: Project, user) -> None:
    if _user_id(user) is not None:
        db.session.add(Membership(project_id=project.id, user_id=user.id, role="owner"))


def get_project(project_id: int) -> Project | None:
    return db.session.get(Project, project_id)


def list_projects(user) -> list[Project]:
    return visible_projects(user)


def create_project(name: str, description: str = "", exchange_version: str | None = None,
                   windows_version: str | None = None, owner=None) -> Project:
    document: dict = {"format": FORMAT_ID, "name": name}
    if description:
        document["description"] = description
    if exchange_version:
        document["exchange"] = {"version": exchange_version}
        cluster_type = cluster_type_after_version_change(exchange_version, MISSING)
        if cluster_type is not MISSING:
            document["exchange"]["cluster_type"] = cluster_type
    if windows_version:
        document["windows"] = {"version": windows_version}
    return _new_project(document, name, "Project created", f"created the plan {name}", owner)


def create_from_starter(starter: Starter, name: str, description: str = "", owner=None) -> Project:
    """A new project holding a copy of a plan to start from, under its own name and description."""
    document = starter.document
    document["name"] = name
    document.pop("description", None)
    if description:
        document = {"format": document.pop("format"), "name": document.pop("name"), "description": description,
                    **document}
    return _new_project(document, name, f"Created from the template {starter.title}",
                        f"created the plan {name} from the template {starter.title}", owner)


def _new_project(document: dict, name: str, summary: str, activity: str, owner) -> Project:
    load_plan(document)  # refuse anything the format would refuse
    project = Project(name=name[:200], description=description_of(document))
    project.document = document
    db.session.add(project)
    db.session.flush()
    _own(project, owner)
    _record_revision(project, "basics", summary, owner)
    log(project, owner, "project", activity)
    db.session.commit()
    return project


class ConcurrentChange(RuntimeError):
    """Another request saved the plan between our read and our write; start again from a fresh read."""


# The compare-and-set write of a save, built once as a plain UPDATE (the ORM's bulk update path
# cost more than the statement itself).
_project = Project.__table__
SAVE_IF_UNCHANGED = update(_project).where(
    _project.c.id == bindparam("project_id"), _project.c.revision == bindparam("expected")).values(
    **{key: bindparam(f"new_{key}") for key in ("plan_json", "revision", "updated_at", "review_state", "name",
                                                 "description")})


def save_document(project: Project, document: dict, step: str, summary: str = "", user=None,
                  plan: Plan | None = None) -> bool:
    """Store a new plan document; a real change becomes a new revision (and reopens review).

    The write is a compare-and-set on the revision number, so two saves that read
    the same revision can never both win: the later one raises ConcurrentChange.
    `plan` is the document already loaded, if the caller has it: the next page reuses it.
    """
    if document == project.document:
        return False
    expected = project.revision
    review_state = workflow.state_after_edit(project.review_state)
    values = {
        "plan_json": json.dumps(document, ensure_ascii=False), "revision": expected + 1,
        "updated_at": utcnow(), "review_state": review_state,
        "name": document["name"][:200] if isinstance(document.get("name"), str) and document["name"].strip()
        else project.name,
        "description": description_of(document),
    }
    result = db.session.execute(SAVE_IF_UNCHANGED, {"project_id": project.id, "expected": expected,
                                                   **{f"new_{key}": value for key, value in values.items()}})
    if result.rowcount != 1:
        raise ConcurrentChange(f"project {project.id} changed after revision {expected}")
    for key, value in values.items():
        set_committed_value(project, key, value)
    if plan is not None:
        STORED_PLANS.put(project.plan_json, plan)
    summary = summary or f"Saved {sections.BY_NAME[step].title if step in sections.BY_NAME else step}"
    _record_revision(project, step, summary, user)
    log(project, user, "edit", f"{summary} (revision {project.revision})")
    return True


def description_of(document: dict) -> str:
    """The plan's description, which the project list shows: the document holds it (Basics asks
    it), the project's column repeats it, as it does the name."""
    description = document.get("description")
    return description if isinstance(description, str) else ""


INSERT_REVISION = insert(Revision.__table__)  # a plain INSERT, as for the activity log


def _record_revision(project: Project, step: str, summary: str, user=None) -> None:
    db.session.flush()  # what is pending goes first, as it would have with session.add
    db.session.execute(INSERT_REVISION, {
        "project_id": project.id, "number": project.revision, "step": step, "summary": summary[:300],
        "plan_json": project.plan_json, "author_id": _user_id(user)})


def revisions(project: Project) -> list[Revision]:
    return list(db.session.scalars(db.select(Revision).where(Revision.project_id == project.id)
                                   .order_by(Revision.number.desc())))


def get_revision(project: Project, number: int) -> Revision | None:
    return db.session.scalar(db.select(Revision).where(Revision.project_id == project.id,
                                                       Revision.number == number))


def restore_revision(project: Project, number: int, user=None) -> bool:
    revision = get_revision(project, number)
    if revision is None:
        return False
    changed = save_document(project, revision.document, "history", f"Restored revision {number}", user)
    project.drafts = {}  # text kept for correcting the replaced plan no longer applies
    db.session.commit()
    return changed


def remember_step(project, step_name: str) -> None:
    """Where to resume; a convenience, so a busy database never makes the page fail."""
    project_id, current_step = project.id, project.current_step
    if current_step == step_name:
        return
    try:
        db.session.execute(update(Project).where(Project.id == project_id).values(current_step=step_name))
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def set_draft(project: Project, step: str, data: dict) -> None:
    drafts = project.drafts
    drafts[step] = data
    project.drafts = drafts


def clear_draft(project: Project, step: str) -> None:
    drafts = project.drafts
    if drafts.pop(step, None) is not None:
        project.drafts = drafts


def rename_project(project: Project, name: str, user=None) -> None:
    document = project.document
    document["name"] = name
    save_document(project, document, "basics", f"Renamed to {name}", user)
    db.session.commit()


def duplicate_project(project: Project, user=None) -> Project:
    copy_name = f"Copy of {project.name}"[:200]
    document = copy.deepcopy(project.document)
    document["name"] = copy_name
    clone = Project(name=copy_name, description=project.description, current_step=project.current_step)
    clone.document = document
    db.session.add(clone)
    db.session.flush()
    _own(clone, user)
    _record_revision(clone, "basics", f"Duplicated from {project.name}", user)
    log(clone, user, "project", f"made this plan as a copy of {project.name}")
    db.session.commit()
    return clone


def delete_project(project: Project) -> None:
    db.session.delete(project)
    db.session.commit()


def import_project(raw: bytes, owner=None) -> Project:
    """Create a project from an exported document; raises PlanFormatError and stores nothing if invalid."""
    plan = loads_plan(raw)
    document = dump_plan(plan)
    name = document.get("name") if isinstance(document.get("name"), str) and document["name"].strip() else "Imported plan"
    if owner is not None and any(p.name == name for p in list_projects(owner)):
        name = f"{name} (imported)"[:200]  # tell it apart from the plan it was exported from
        document["name"] = name
    return _new_project(document, name, "Imported from a plan file", "imported the plan from a file", owner)


def export_text(project: Project) -> str:
    return json.dumps(dump_plan(project.plan), indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    report: Report
    done: int
    total: int
    checklist: Progress | None = None

    @property
    def versions(self) -> str:
        document = self.project.document
        exchange = (document.get("exchange") or {}).get("version")
        windows = (document.get("windows") or {}).get("version")
        cluster_type = (document.get("exchange") or {}).get("cluster_type")
        parts = []
        if exchange:
            parts.append(f"Exchange {exchange}" + (f" {cluster_type.upper()}" if cluster_type else ""))
        if windows:
            parts.append(f"Windows {windows}")
        return " on ".join(parts) or "Versions not chosen"

    @property
    def updated_at(self) -> datetime:
        return self.project.updated_at


def summarize(project: Project) -> ProjectSummary:
    plan = project.plan
    report = project.report
    done, total = completed_count(plan_progress(plan, project.document, report, project.drafts))
    return ProjectSummary(project, report, done, total, project_progress(project))


def document_json(project: Project) -> str:
    return json.dumps(project.document, indent=2, ensure_ascii=False)

