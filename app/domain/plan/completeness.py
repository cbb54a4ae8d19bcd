"""Which questions of a plan are still unanswered, step by step."""
from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass

from app.domain.plan.io import join
from app.domain.plan.model import MISSING, Plan

# The wizard step that asks each top-level key.
STEP_OF_KEY = {
    "name": "basics", "exchange": "basics", "windows": "basics",
    "active_directory": "active-directory", "cluster": "cluster",
    "nodes": "nodes", "disks": "storage", "virtual_servers": "virtual-servers",
    "setup": "setup",
}


@dataclass(frozen=True)
class Incomplete:
    step: str
    subject: str
    message: str

    def as_dict(self) -> dict:
        return {"step": self.step, "subject": self.subject, "message": self.message}


def step_of_subject(subject: str) -> str:
    head = subject.split(".", 1)[0].split("[", 1)[0]
    return STEP_OF_KEY.get(head, "basics")


def incomplete_items(plan: Plan) -> list[Incomplete]:
    items: list[Incomplete] = []
    _walk(plan, plan, "", items)
    return items


_SPECS: dict[type, tuple] = {}


def _specs(cls: type) -> tuple:
    """(name, spec) of a section's fields, looked up once per class: the walk runs on every check."""
    specs = _SPECS.get(cls)
    if specs is None:
        specs = _SPECS[cls] = tuple((f.name, f.metadata["spec"]) for f in fields(cls) if f.name != "format")
    return specs


def _walk(plan: Plan, obj, path: str, items: list[Incomplete]) -> None:
    for name, spec in _specs(type(obj)):
        value = getattr(obj, name)
        subject = join(path, name)
        if value is MISSING:
            if spec.required(plan):
                items.append(Incomplete(step_of_subject(subject), subject, f"{spec.label}: not answered yet"))
        elif is_dataclass(value):
            _walk(plan, value, subject, items)
        elif isinstance(value, list) and spec.item is not None and spec.item.kind == "object":
            for index, item in enumerate(value):
                _walk(plan, item, join(subject, index), items)
