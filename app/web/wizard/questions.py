"""Questions: one answer of the plan as the wizard asks it.

What the answer is (its kind, label, vocabulary, when it is asked) is declared once, on the
plan's field (app/domain/plan/model.py); a question adds only how it is presented: help text,
a placeholder, a "none" checkbox, a default for new rows, and for answers that name other parts
of the plan (nodes, disks) the choices the plan gives. How posted text becomes a value, and how
a value is shown, belongs to the question's kind (kinds.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from app.domain.plan import paths
from app.domain.plan.model import MISSING, Plan, Spec, always, spec_at
from app.web.wizard.kinds import KINDS, Invalid, Kind

Choices = Callable[[Plan], list[tuple[str, str]]]
NOT_OFFERED = " (not offered for these versions)"


def control_kind(spec: Spec) -> str:
    """The control that asks an answer of this declaration."""
    if spec.kind == "bool":
        return "yesno"
    if spec.kind == "int":
        return "choice" if spec.vocabulary else "int"
    if spec.kind == "list":
        return "ipv4list" if spec.item.kind == "ipv4" else "multi"
    if spec.kind == "object":
        return "flags"
    return spec.kind


@dataclass(frozen=True)
class OptionGroup:
    """Some of a checkbox question's choices, shown together under their own legend."""

    legend: str
    values: tuple[str, ...]
    help: str = ""


@dataclass(frozen=True)
class Question:
    key: str                          # the path of the answer, within its row for a row's questions
    help: str = ""
    placeholder: str = ""
    none_label: str = ""              # offers "none" as a checkbox: JSON null ("No private network"), or for
                                      # checkboxes the empty answer ("None of these is installed yet")
    default: Any = MISSING            # pre-filled value for new rows, or a function of the plan
    choices: Choices | None = None    # for answers that name the plan's own nodes or disks
    control: str = ""                 # another control than the declaration's usual one ("order")
    row: str = ""                     # the list the question's row belongs to ("nodes")
    option_groups: tuple[OptionGroup, ...] = ()  # checkboxes shown in groups, each with its legend
    spec: Spec = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        path = f"{self.row}[0].{self.key}" if self.row else self.key
        spec = spec_at(path)
        if spec is None:
            raise LookupError(f"no answer is declared at {path}")
        object.__setattr__(self, "spec", spec)

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def kind(self) -> str:
        return self.control or control_kind(self.spec)

    @property
    def handler(self) -> Kind:
        return KINDS[self.kind]

    @property
    def integer(self) -> bool:
        """A choice whose plan value is a number (service packs)."""
        return self.spec.kind == "int"

    @property
    def field_name(self) -> str:
        return self.key.replace(".", "__")

    def applies(self, plan: Plan) -> bool:
        return self.spec.asked(plan)

    def _vocabulary_spec(self) -> Spec:
        return self.spec.item if self.spec.kind == "list" and self.spec.item.vocabulary else self.spec

    def offered(self, plan: Plan) -> list[tuple[str, str]]:
        """(value as posted, label) of the choices offered for this plan. A saved answer that the
        plan's versions no longer offer stays in the list, marked, so the page shows what is saved."""
        if self.choices:
            return self.choices(plan)
        options = [(str(value), label) for value, label in self._vocabulary_spec().options(plan)]
        current = self.saved(plan)
        if self.kind == "choice" and current is not MISSING and current is not None \
                and str(current) not in dict(options):
            options.append((str(current), dict(self.accepted(plan)).get(str(current), str(current)) + NOT_OFFERED))
        return options

    def saved(self, plan: Plan) -> Any:
        """The plan's answer to this question (questions of a section, not of a row)."""
        if self.row:
            return MISSING
        value: Any = plan
        for key in paths.parse(self.key):
            value = getattr(value, key, MISSING)
        return value

    def accepted(self, plan: Plan) -> list[tuple[str, str]]:
        """What a post may hold: the whole vocabulary. A value not offered for these versions is
        saved and then judged where the plan is judged (the format or a rule), with its reason."""
        if self.choices:
            return self.choices(plan)
        return [(str(value), label) for value, label in self._vocabulary_spec().options()]

    def parse(self, raw: Any, none_ticked: bool, plan: Plan) -> Any:
        """Plan value for what was posted: a value, None, MISSING, or Invalid."""
        if self.none_label and none_ticked:
            return self.handler.nothing(self, raw, plan)
        return self.handler.parse(self, raw, plan)

    def display(self, value: Any) -> Any:
        """What the form shows for a stored value."""
        return self.handler.display(self, value)

    def default_for(self, plan: Plan) -> Any:
        return self.default(plan) if callable(self.default) else self.default


@dataclass(frozen=True)
class RowGroup:
    """Questions of a row shown together in a fieldset of the row ("Storage" of a virtual server),
    named by their keys; they follow each other in the row's questions."""

    name: str  # part of the ids on the page
    legend: str
    keys: tuple[str, ...]
    help: str = ""


@dataclass(frozen=True)
class Group:
    """A fieldset of questions on a step page; shown when any of its questions is asked (a group
    of help text only says when with `applies`)."""

    legend: str
    questions: tuple[Question, ...]
    help: str = ""
    applies_when: Callable[[Plan], bool] | None = None

    def applies(self, plan: Plan) -> bool:
        if self.applies_when is not None:
            return self.applies_when(plan)
        return any(q.applies(plan) for q in self.questions)


__all__ = ["Group", "Invalid", "OptionGroup", "Question", "RowGroup", "always"]
