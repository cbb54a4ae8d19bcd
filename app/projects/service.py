"""Project operations as plain functions over the models (no request needed)."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import datetime

from app.checklist.ticks import Progress, project_progress
from app.extensions import db
from app.models import Project, Revision
from app.plan import dump_plan, dumps_plan, load_plan, loads_plan
from app.plan.vocab import FORMAT_ID
from app.rules import Report, check
from app.wizard.progress import completed_count, plan_progress


def get_project(project_id: int) -> Project | None:
    return db.session.get(Project, project_id)


def list_projects() -> list[Project]:
    return list(db.session.scalars(db.select(Project).order_by(Project.updated_at.desc())))


def create_project(name: str, description: str = "", exchange_version: str | None = None,
                   windows_version: str | None = None) -> Project:
    document: dict = {"format": FORMAT_ID, "name": name}
    if exchange_version:
        document["exchange"] = {"version": exchange_version}
        if exchange_version != "2007":
            document["exchange"]["cluster_type"] = None
    if windows_version:
        document["windows"] = {"version": windows_version}
    load_plan(document)  # refuse anything the format would refuse
    project = Project(name=name, description=description)
    project.document = document
    db.session.add(project)
    db.session.flush()
    _record_revision(project, "basics", "Project created")
    db.session.commit()
    return project


def save_document(project: Project, document: dict, step: str, summary: str = "") -> bool:
    """Store a new plan document; a real change becomes a new revision."""
    if document == project.document:
        return False
    project.document = document
    if isinstance(document.get("name"), str) and document["name"].strip():
        project.name = document["name"][:200]
    project.revision = (project.revision or 0) + 1
    project.touch()
    _record_revision(project, step, summary or f"Saved step {step}")
    return True


def _record_revision(project: Project, step: str, summary: str) -> None:
    db.session.add(Revision(project_id=project.id, number=project.revision, step=step,
                            summary=summary[:300], plan_json=project.plan_json))


def set_draft(project: Project, step: str, data: dict) -> None:
    drafts = project.drafts
    drafts[step] = data
    project.drafts = drafts


def clear_draft(project: Project, step: str) -> None:
    drafts = project.drafts
    if drafts.pop(step, None) is not None:
        project.drafts = drafts


def rename_project(project: Project, name: str) -> None:
    document = project.document
    document["name"] = name
    save_document(project, document, "basics", f"Renamed to {name}")
    project.name = name
    db.session.commit()


def duplicate_project(project: Project) -> Project:
    copy_name = f"Copy of {project.name}"[:200]
    document = copy.deepcopy(project.document)
    document["name"] = copy_name
    clone = Project(name=copy_name, description=project.description, current_step=project.current_step)
    clone.document = document
    db.session.add(clone)
    db.session.flush()
    _record_revision(clone, "basics", f"Duplicated from {project.name}")
    db.session.commit()
    return clone


def delete_project(project: Project) -> None:
    db.session.delete(project)
    db.session.commit()


def import_project(raw: bytes, description: str = "") -> Project:
    """Create a project from an exported document; raises PlanFormatError and stores nothing if invalid."""
    plan = loads_plan(raw)
    document = dump_plan(plan)
    name = document.get("name") if isinstance(document.get("name"), str) and document["name"].strip() else "Imported plan"
    project = Project(name=name[:200], description=description)
    project.document = document
    db.session.add(project)
    db.session.flush()
    _record_revision(project, "basics", "Imported from a plan file")
    db.session.commit()
    return project


def export_text(project: Project) -> str:
    return dumps_plan(project.plan)


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
    report = check(plan)
    done, total = completed_count(plan_progress(plan, project.document, report, project.drafts))
    return ProjectSummary(project, report, done, total, project_progress(project))


def document_json(project: Project) -> str:
    return json.dumps(project.document, indent=2, ensure_ascii=False)

