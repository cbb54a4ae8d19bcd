"""A step's answers checked as they are given, without saving them.

The live page (htmx, static/wizard.js) posts the step's form to the check view whenever a field is
left or a row is added or removed, and shows the step again from the answers as posted: their
findings, the choices they leave (Windows 2000 narrows the editions), the questions they ask (a
witness, once the quorum type needs one). With JavaScript off, adding or removing a row posts the
same and gets the whole page back. Nothing is saved until the person presses Save, so a revision
is one save, not one click.
"""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from app.domain.plan import paths
from app.domain.plan.model import Plan
from app.domain.rules import Report, check
from app.web.posted import plain_number
from app.web.wizard.binding import asked_by, bind, question_data
from app.web.wizard.forms import build_form_class
from app.web.wizard.render import form_values
from app.web.wizard.steps import Step


@dataclass(frozen=True)
class Checked:
    """A step's posted answers, bound onto the saved plan but not saved."""

    data: dict             # what the page shows, shaped like form.data
    errors: dict[str, str]  # plan path -> message of answers that could not be read
    plan: Plan
    report: Report
    base_revision: str     # the revision the page was loaded from, posted back unchanged
    note: str              # what happened, for the page and for screen readers


def asked_keys(step: Step, plan: Plan) -> tuple[str, ...]:
    questions = step.rows.questions if step.rows else step.questions(plan)
    return tuple(q.key for q in questions if q.applies(plan))


def posted_form(step: Step, plan: Plan, document: dict, formdata: MultiDict):
    """The step's form holding `formdata`, built for the plan those answers make: an answer can
    change what the step asks (the quorum type asks for a witness, Exchange 2007 for a cluster
    type), and a question the page showed must be read even if the saved plan does not ask it."""
    form = build_form_class(step, plan, 0)(formdata=formdata)  # FieldList finds the posted rows itself
    if not step.answers_change_questions:
        return form
    answered = bind(step, plan, document, form).plan
    if answered is None or asked_keys(step, answered) == asked_keys(step, plan):
        return form
    return build_form_class(step, answered, 0)(formdata=formdata)


def answers_form(step: Step, plan: Plan, document: dict, formdata: MultiDict):
    """`posted_form`, with the saved answers of questions the page did not show yet."""
    form = posted_form(step, plan, document, formdata)
    shown = _with_answers_not_on_page(step, plan, document, form, formdata)
    return form if shown is formdata else form.__class__(formdata=shown)


def _with_answers_not_on_page(step: Step, plan: Plan, document: dict, form, formdata: MultiDict) -> MultiDict:
    """A question the answers newly ask was not on the page: it shows its saved answer (a witness
    typed before the quorum type was changed back and forth), which Save then keeps. Text boxes and
    drop-downs are always posted, so a missing name means the question was not shown; checkboxes
    are not, but every checkbox question belongs to a row, and no row's questions depend on answers
    of its own step."""
    if step.rows:
        return formdata
    missing = {}
    for question in asked_by(step, form):
        if not question.handler.many and question.field_name not in formdata:
            missing.update(question_data(question, paths.get(document, question.key), True, plan))
    if not missing:
        return formdata
    shown = MultiDict(formdata)
    for name, value in missing.items():
        if value is True:
            shown[name] = "y"
        elif value not in (None, False):
            shown[name] = str(value)
    return shown


def checked(step: Step, plan: Plan, document: dict, form, action: str) -> Checked:
    binding = bind(step, plan, document, form)
    return Checked(data=form_values(form), errors=binding.errors_by_path, plan=binding.plan,
                   report=check(binding.plan), base_revision=form.base_revision.data or "",
                   note=_note(step, binding.plan, action))


def _note(step: Step, plan: Plan, action: str) -> str:
    noun = step.rows.noun_for(plan).capitalize() if step.rows else ""
    removed = plain_number(action.removeprefix("remove-")) if action.startswith("remove-") else None
    if action == "add":
        done = f"{noun} added below"
    elif removed is not None:
        done = f"{noun} {removed + 1} removed"
    else:
        done = "Answers checked"
    return f"{done}: nothing is saved until you press Save."
