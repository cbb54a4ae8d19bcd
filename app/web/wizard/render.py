"""A step's questions as HTML, straight from the form data.

A nodes page holds about a hundred fields. Built as a WTForms form and rendered through one Jinja
macro call and several WTForms widget calls per field, it took most of the page's time (see
benchmarks/README.md). Showing a page needs neither: the values come from the saved plan or a
draft (the same shape as `form.data`), so this module writes the markup directly. The markup is
what WTForms' widgets write (same names, ids and attributes), so a posted page binds as before.
Saving still goes through the WTForms form, which does the parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup, escape

from app.domain.plan.model import Plan
from app.domain.rules.engine import lies_within

from app.web.wizard.forms import NOT_ANSWERED, YES_NO_CHOICES
from app.web.wizard.questions import Question
from app.web.wizard.steps import Group, Step

TEXT_KINDS_WITHOUT_SPELLCHECK = ("ipv4", "network", "drive", "unc", "ipv4list")
CHOOSE_A_NODE = ("", "— choose a node —")

FindingsHtml = Callable[[list, str], Markup]


@dataclass(frozen=True)
class Option:
    value: str          # escaped, as are the rest
    label: str
    html: str           # <option ...>label</option>, not selected
    selected_html: str


@dataclass(frozen=True)
class QuestionText:
    """A question's escaped words and fixed attributes, worked out once per process."""

    question: Question
    label: str
    help: str
    none_label: str
    attributes: str  # placeholder, spellcheck and the like, ready to put in a tag


_TEXTS: dict[int, QuestionText] = {}


def question_text(question: Question) -> QuestionText:
    text = _TEXTS.get(id(question))
    if text is None or text.question is not question:
        attributes = {}
        if question.placeholder:
            attributes["placeholder"] = question.placeholder
        if question.kind in TEXT_KINDS_WITHOUT_SPELLCHECK:
            attributes.update(spellcheck="false", autocomplete="off")
        if question.kind == "int":
            attributes["inputmode"] = "numeric"
        text = QuestionText(question, str(escape(question.label)), str(escape(question.help)),
                            str(escape(question.none_label)),
                            "".join(f' {name}="{escape(value)}"' for name, value in sorted(attributes.items())))
        _TEXTS[id(question)] = text
    return text


@dataclass
class FieldContext:
    """What every field of one page shares: the plan's choices, messages and findings."""

    plan: Plan
    errors: dict[str, str]  # plan path -> message
    findings: list
    findings_html: FindingsHtml
    options: dict[int, list[Option]] = field(default_factory=dict)
    row_questions: list[Question] | None = None

    def options_for(self, question: Question) -> list[Option]:
        """The question's choices as escaped <option>s, once per page however many rows ask it."""
        key = id(question)
        if key not in self.options:
            offered = question.offered(self.plan)
            if question.kind == "yesno":
                offered = YES_NO_CHOICES
            elif question.kind == "choice":
                offered = [NOT_ANSWERED] + offered
            elif question.kind == "order":
                offered = [CHOOSE_A_NODE] + offered
            self.options[key] = [_option(value, label) for value, label in offered]
        return self.options[key]

    def group(self, group: Group, data: dict) -> Markup:
        return group_html(self, [q for q in group.questions if q.applies(self.plan)], data)

    def row(self, step: Step, index: int, row: dict) -> Markup:
        if self.row_questions is None:  # the same for every row of the page
            self.row_questions = [q for q in step.rows.questions if q.applies(self.plan)]
        return row_html(self, step, self.row_questions, index, row)

    def findings_at(self, path: str) -> list:
        return [f for f in self.findings if lies_within(f.subject, path)] if self.findings else []


def _option(value, label) -> Option:
    value, label = str(escape(value)), str(escape(label))
    return Option(value, label, f'<option value="{value}">{label}</option>',
                  f'<option selected value="{value}">{label}</option>')


def row_path(rows_key: str, index: int, question: Question) -> str:
    return f"{rows_key}[{index}].{question.key}"


def question_html(context: FieldContext, question: Question, field_id: str, path: str, data: dict) -> str:
    """One question: its label, control, hint, error and findings.

    `field_id` (also the field's name) and `path` are made of the declared keys and row numbers,
    so they need no escaping; answers, messages and choices do."""
    text = question_text(question)
    value = data.get(question.field_name)
    error = context.errors.get(path)
    here = context.findings_at(path)
    described = []
    if question.help:
        described.append(f"{field_id}-hint")
    if error:
        described.append(f"{field_id}-error")
    if here:
        described.append(f"{field_id}-findings")
    severities = {f.severity for f in here}
    worst = "error" if error or "error" in severities else "warning" if "warning" in severities else ""
    parts = [f'<div class="field field-{question.kind}{" has-" + worst if worst else ""}" data-path="{path}" '
             f'id="field-{field_id}">']
    if question.kind in ("multi", "flags"):
        parts.append(_checkbox_list(context, text, field_id, value, described))
    elif question.kind == "order":
        parts.append(_order_list(context, text, field_id, value, described))
    else:
        parts.append(f'<label for="{field_id}">{text.label}</label>')
        parts.append(_single_control(context, text, field_id, value, error, described))
    if question.none_label:
        none_id = f"{field_id}__none"
        checked = "checked " if data.get(question.field_name + "__none") else ""
        parts.append(f'<div class="none-option"><input {checked}id="{none_id}" name="{none_id}" type="checkbox" '
                     f'value="y"> <label for="{none_id}">{text.none_label}</label></div>')
    if question.help:
        parts.append(f'<p class="hint" id="{field_id}-hint">{text.help}</p>')
    if error:
        parts.append(f'<p class="error-message" id="{field_id}-error"><span class="visually-hidden">Error: '
                     f'</span>{escape(error)}</p>')
    if here:
        parts.append(context.findings_html(here, f"{field_id}-findings"))
    parts.append("</div>")
    return "\n".join(parts)


def _single_control(context, text: QuestionText, field_id, value, error, described) -> str:
    described_by = f'aria-describedby="{" ".join(described)}" ' if described else ""
    invalid = "true" if error else "false"
    attributes = f'{described_by}aria-invalid="{invalid}" id="{field_id}" name="{field_id}"{text.attributes}'
    if text.question.kind in ("choice", "yesno"):
        return f"<select {attributes}>{_options(context.options_for(text.question), value)}</select>"
    return f'<input {attributes} type="text" value="{"" if value is None else escape(value)}">'


def _checkbox_list(context, text: QuestionText, field_id, value, described) -> str:
    labelled = f' aria-describedby="{" ".join(described)}"' if described else ""
    options = context.options_for(text.question)
    if not options:
        body = '<p class="hint">Nothing to choose from yet.</p>'
    else:
        ticked = {str(escape(v)) for v in value} if isinstance(value, (list, tuple)) else set()
        items = []
        for number, option in enumerate(options):
            box_id = f"{field_id}-{number}"
            checked = "checked " if option.value in ticked else ""
            items.append(f'<li><input {checked}id="{box_id}" name="{field_id}" type="checkbox" '
                         f'value="{option.value}"> <label for="{box_id}">{option.label}</label></li>')
        body = f'<ul id="{field_id}">{"".join(items)}</ul>'
    return f'<fieldset class="checkboxes"{labelled}><legend>{text.label}</legend>{body}</fieldset>'


def _order_list(context, text: QuestionText, field_id, value, described) -> str:
    labelled = f' aria-describedby="{" ".join(described)}"' if described else ""
    options = context.options_for(text.question)
    entries = list(value) if isinstance(value, (list, tuple)) else []
    # One place per node at least, as the form's FieldList(min_entries=...) offers when posting.
    entries += [None] * (max(len(context.plan.node_list), 1) - len(entries))
    items = []
    for number, chosen in enumerate(entries):
        entry_id = f"{field_id}-{number}"
        items.append(f'<li><label for="{entry_id}">Position {number + 1}</label> '
                     f'<select id="{entry_id}" name="{entry_id}">{_options(options, chosen)}</select></li>')
    return f'<fieldset class="order"{labelled}><legend>{text.label}</legend><ol>{"".join(items)}</ol></fieldset>'


def _options(options: list[Option], chosen) -> str:
    """As WTForms' SelectField: the option equal to the value as text is selected, if any."""
    chosen = None if chosen is None else str(escape(chosen))
    return "".join(o.selected_html if o.value == chosen else o.html for o in options)


# ---------------------------------------------------------------- whole steps

def group_html(context: FieldContext, questions, data: dict) -> Markup:
    """The questions of a step without rows: field names are the questions' own."""
    return Markup("\n".join(question_html(context, q, q.field_name, q.key, data) for q in questions))


def row_html(context: FieldContext, step: Step, questions, index: int, row: dict) -> Markup:
    """One row (a node, a disk, a virtual server): names as WTForms' FieldList gives them."""
    key = step.rows.key
    prefix = f"{key}-{index}-"
    origin = row.get("origin")
    fields = [f'<input id="{prefix}origin" name="{prefix}origin" type="hidden" '
              f'value="{escape("" if origin is None else origin)}">', '<div class="field-grid">']
    fields.extend(question_html(context, q, prefix + q.field_name, row_path(key, index, q), row)
                  for q in questions)
    fields.append("</div>")
    return Markup("\n".join(fields))


@dataclass(frozen=True)
class Unanswered:
    text: str
    anchor: str | None  # the id of the field's block on the page, if it is shown


ROW_SUBJECT = re.compile(r"^([a-z_]+)\[(\d+)\]\.")


def unanswered(step: Step, plan: Plan, data: dict, items: list, field_by_path: dict[str, str]) -> list[Unanswered]:
    """The step's unanswered questions in words ("Node 2: EXNODE2 – Domain: not answered yet"),
    each linked to its field (`field_by_path`: plan path -> field id of the page's fields)."""
    rows = data.get(step.rows.key) or [] if step.rows else []
    out = []
    for item in items:
        text = item.message
        row = ROW_SUBJECT.match(item.subject)
        if step.rows and row and row.group(1) == step.rows.key:
            index = int(row.group(2))
            text = f"{step.rows.label(plan, index, rows[index] if index < len(rows) else {})} – {text}"
        field_id = nearest_field(item.subject, field_by_path)
        out.append(Unanswered(text, f"field-{field_id}" if field_id else None))
    return out


def nearest_field(subject: str, field_by_path: dict[str, str]) -> str | None:
    """The field showing `subject` or the part of the plan that holds it (a list, a section)."""
    while subject:
        if subject in field_by_path:
            return field_by_path[subject]
        cut = max(subject.rfind("."), subject.rfind("["))
        subject = subject[:cut] if cut > 0 else ""
    return None


def form_values(form) -> dict:
    """A posted WTForms form's data in the shape drafts are stored in."""
    data: dict[str, Any] = dict(form.data)
    data.pop("csrf_token", None)
    data.pop("base_revision", None)
    return data
