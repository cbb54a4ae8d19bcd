"""WTForms forms built from a step's declared questions.

The form only carries the posted text (and CSRF); turning text into plan
values is the binder's job, so every message about a value comes from one place.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain.plan.model import Plan

from app.web.wizard.questions import Question
from app.web.wizard.steps import Step

NOT_ANSWERED = ("", "— not answered —")
YES_NO_CHOICES = [NOT_ANSWERED, ("yes", "Yes"), ("no", "No")]


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StepFormBase(FlaskForm):
    # The revision the page was built from, to notice saves made meanwhile.
    base_revision = HiddenField()


def field_for(question: Question, plan: Plan, order_length: int = 0):
    kind = question.kind
    if kind == "yesno":
        return SelectField(question.label, choices=YES_NO_CHOICES, validate_choice=False)
    if kind == "choice":
        return SelectField(question.label, choices=[NOT_ANSWERED] + question.offered(plan), validate_choice=False)
    if kind in ("multi", "flags"):
        return CheckboxList(question.label, choices=question.offered(plan), validate_choice=False)
    if kind == "order":
        choices = [("", "— choose a node —")] + question.offered(plan)
        return FieldList(SelectField(question.label, choices=choices, validate_choice=False),
                         min_entries=order_length)
    return StringField(question.label)


def _add_question(attrs: dict, question: Question, plan: Plan, order_length: int = 0) -> None:
    attrs[question.field_name] = field_for(question, plan, order_length)
    if question.none_label:
        attrs[question.field_name + "__none"] = BooleanField(question.none_label)


def build_form_class(step: Step, plan: Plan, row_count: int = 0) -> type[FlaskForm]:
    attrs: dict = {}
    if step.rows:
        row_attrs: dict = {"origin": HiddenField()}
        for question in step.rows.questions:
            if question.applies(plan):
                _add_question(row_attrs, question, plan)
        row_form = type("RowForm", (Form,), row_attrs)
        attrs[step.rows.key] = FieldList(FormField(row_form), min_entries=row_count)
    else:
        order_length = max(len(plan.node_list), 1)
        for question in step.questions(plan):
            _add_question(attrs, question, plan, order_length)
    return type(f"{step.name.title().replace('-', '')}Form", (StepFormBase,), attrs)
