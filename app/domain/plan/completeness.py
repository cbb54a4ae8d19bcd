"""Which questions of a plan are still unanswered, section by section."""
from __future__ import annotations

from dataclasses import dataclass, is_dataclass

from app.domain.plan.model import MISSING, Plan, specs_of
from app.domain.plan.paths import join
from app.domain.sections import section_of


@dataclass(frozen=True)
class Incomplete:
    step: str
    subject: str
    message: str

    def as_dict(self) -> dict:
        return {"step": self.step, "subject": self.subject, "message": self.message}


def step_of_subject(subject: str) -> str:
    """The section that asks the value at `subject`."""
    return section_of(subject)


def incomplete_items(plan: Plan) -> list[Incomplete]:
    items: list[Incomplete] = []
    _walk(plan, plan, "", items)
    return items


def _walk(plan: Plan, obj, path: str, items: list[Incomplete]) -> None:
    for name, spec in specs_of(type(obj)):
        value = getattr(obj, name)
        subject = join(path, name)
        if value is MISSING:
            if spec.needed(plan):
                items.append(Incomplete(section_of(subject), subject, f"{spec.label}: not answered yet"))
        elif is_dataclass(value):
            _walk(plan, value, subject, items)
        elif isinstance(value, list) and spec.item is not None and spec.item.kind == "object":
            for index, item in enumerate(value):
                _walk(plan, item, join(subject, index), items)
