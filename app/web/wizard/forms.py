"""WTForms forms built from a step's questions.

The form only carries the posted text (and CSRF); turning text into plan values is the
questions' kinds' job, so every message about a value comes from one place.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField

from app.domain.plan.model import Plan, row_limit
from app.web.wizard.questions import Question
from app.web.wizard.steps import Step


class StepFormBase(FlaskForm):
    # The revision the page was built from, to notice saves made meanwhile.
    base_revision = HiddenField()


def _add_question(attrs: dict, question: Question, plan: Plan, order_length: int = 0) -> None:
    attrs[question.field_name] = question.handler.form_field(question, plan, order_length)
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
        # Rows posted beyond what a plan may hold are not read at all (no page offers them).
        attrs[step.rows.key] = FieldList(FormField(row_form), min_entries=row_count,
                                         max_entries=row_limit(step.rows.key).count)
    else:
        order_length = max(len(plan.node_list), 1)
        for question in step.questions(plan):
            _add_question(attrs, question, plan, order_length)
    return type(f"{step.name.title().replace('-', '')}Form", (StepFormBase,), attrs)
