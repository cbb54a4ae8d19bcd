"""A step's questions as HTML, straight from the form data.

A nodes page holds about a hundred fields. Built as a WTForms form and rendered through one Jinja
macro call and several WTForms widget calls per field, it took most of the page's time (see
benchmarks/README.md). Showing a page needs neither: the values come from the saved plan or a
draft (the same shape as `form.data`), so this module writes the markup directly. The markup is
what WTForms' widgets write (same names, ids and attributes), so a posted page binds as before.
Saving still goes through the WTForms form, which does the parsing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup, escape

from app.domain.plan import paths
from app.domain.plan.model import Plan, spec_at
from app.domain.rules.catalog import load_catalog
from app.web.wizard.questions import Group, Question, RowGroup
from app.web.wizard.steps import Step, explanation

FindingsHtml = Callable[[list, str], Markup]
WIDE_CHOICE = 26  # characters of a choice that still fit a drop-down in one column of the page's grid


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
    why: str         # the "Why?" note with its sources, as markup ("" when there is none)


_TEXTS: dict[int, QuestionText] = {}


def question_text(question: Question) -> QuestionText:
    text = _TEXTS.get(id(question))
    if text is None or text.question is not question:
        attributes = dict(question.handler.attributes)
        if question.spec.max_length:  # the limit the format declares, so a browser stops there too
            attributes["maxlength"] = str(question.spec.max_length)
        if question.placeholder:
            attributes["placeholder"] = question.placeholder
        text = QuestionText(question, str(escape(question.label)), str(escape(question.help)),
                            str(escape(question.none_label)),
                            "".join(f' {name}="{escape(value)}"' for name, value in sorted(attributes.items())),
                            why_html(question))
        _TEXTS[id(question)] = text
    return text


def why_html(question: Question) -> str:
    """A closed "Why?" note under the question (a <details>, so it opens without JavaScript), with
    the reason and its sources, linked where they have a page."""
    why = explanation(question)
    if why is None:
        return ""
    sources = load_catalog().sources
    cited = ["".join(f'<a href="{escape(url)}" rel="noopener">{escape(text)}</a>' if url else str(escape(text))
                     for text, url in sources[code].segments()) for code in why.sources]
    source_part = f'<p class="why-sources">Source: {"; ".join(cited)}</p>' if cited else ""
    return (f'<details class="why"><summary>Why?<span class="visually-hidden"> About {escape(question.label)}'
            f'</span></summary><p>{escape(why.text)}</p>{source_part}</details>')


@dataclass
class FieldContext:
    """What every field of one page shares: the plan's choices, messages and findings."""

    plan: Plan
    errors: dict[str, str]  # plan path -> message
    findings: list
    findings_html: FindingsHtml
    options: dict[int, list[Option]] = field(default_factory=dict)
    row_runs: list | None = None  # row_layout(...) of the page's rows
    findings_by_place: dict[str, list] | None = None

    def options_for(self, question: Question) -> list[Option]:
        """The question's choices as escaped <option>s, once per page however many rows ask it."""
        key = id(question)
        if key not in self.options:
            offered = question.handler.options(question, self.plan)
            self.options[key] = [_option(value, label) for value, label in offered]
        return self.options[key]

    def wide(self, question: Question) -> bool:
        """A drop-down with a long choice ("Attended, at each node's console") gets a row of its own,
        so the choice shown is read whole."""
        return question.kind == "choice" and any(len(o.label) > WIDE_CHOICE for o in self.options_for(question))

    def group(self, group: Group, data: dict) -> Markup:
        return group_html(self, [q for q in group.questions if q.applies(self.plan)], data)

    def row(self, step: Step, index: int, row: dict) -> Markup:
        if self.row_runs is None:  # the same for every row of the page
            self.row_runs = row_layout(step, [q for q in step.rows.questions if q.applies(self.plan)])
        return row_html(self, step, self.row_runs, index, row)

    def findings_at(self, path: str) -> list:
        """The findings at `path` or inside it. Looked up in an index of every place that holds a
        finding's subject, built once per page: scanning all findings for every field made a page
        cost fields x findings, which both grow with the plan."""
        if not self.findings:
            return []
        if self.findings_by_place is None:
            self.findings_by_place = {}
            for finding in self.findings:
                for place in paths.ancestors(finding.subject):
                    self.findings_by_place.setdefault(place, []).append(finding)
        return self.findings_by_place.get(path, [])


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
    wide = " field-wide" if context.wide(question) else ""
    parts = [f'<div class="field field-{question.kind}{wide}{" has-" + worst if worst else ""}" data-path="{path}" '
             f'id="field-{field_id}">']
    kind = question.handler
    none_html = _none_option(question, text, field_id, data) if question.none_label else ""
    parts.append(kind.labelled(text, field_id, kind.control(context, text, field_id, value, error, described,
                                                            none_html)))
    if question.help:
        parts.append(f'<p class="hint" id="{field_id}-hint">{text.help}</p>')
    if error:
        parts.append(f'<p class="error-message" id="{field_id}-error"><span class="visually-hidden">Error: '
                     f'</span>{escape(error)}</p>')
    if here:
        parts.append(context.findings_html(here, f"{field_id}-findings"))
    if text.why:  # after what needs doing here: the reason is there for whoever wants it
        parts.append(text.why)
    parts.append("</div>")
    return "\n".join(parts)


def _none_option(question: Question, text: QuestionText, field_id: str, data: dict) -> str:
    none_id = f"{field_id}__none"
    checked = "checked " if data.get(question.field_name + "__none") else ""
    return (f'<div class="none-option"><input {checked}id="{none_id}" name="{none_id}" type="checkbox" value="y"> '
            f'<label for="{none_id}">{text.none_label}</label></div>')


# ---------------------------------------------------------------- whole steps

def group_html(context: FieldContext, questions, data: dict) -> Markup:
    """The questions of a step without rows: field names are the questions' own."""
    return Markup("\n".join(question_html(context, q, q.field_name, q.key, data) for q in questions))


def row_html(context: FieldContext, step: Step, runs, index: int, row: dict) -> Markup:
    """One row (a node, a disk, a virtual server): names as WTForms' FieldList gives them; `runs`
    (row_layout) put questions the step groups in a fieldset of their own."""
    key = step.rows.key
    prefix = f"{key}-{index}-"
    origin = row.get("origin")
    fields = [f'<input id="{prefix}origin" name="{prefix}origin" type="hidden" '
              f'value="{escape("" if origin is None else origin)}">', '<div class="field-grid">']
    for group, grouped in runs:
        html = "\n".join(question_html(context, q, prefix + q.field_name, row_path(key, index, q), row)
                         for q in grouped)
        fields.append(html if group is None else _row_group_html(group, prefix, html))
    fields.append("</div>")
    return Markup("\n".join(fields))


def row_layout(step: Step, questions) -> list[tuple[RowGroup | None, list[Question]]]:
    """The row's questions in order, runs of them gathered under the group that names them."""
    group_of = {key: group for group in step.rows.groups for key in group.keys}
    runs: list[tuple[RowGroup | None, list[Question]]] = []
    for question in questions:
        group = group_of.get(question.key)
        if runs and group is not None and runs[-1][0] is group:
            runs[-1][1].append(question)
        else:
            runs.append((group, [question]))
    return runs


def _row_group_html(group: RowGroup, prefix: str, fields: str) -> str:
    hint_id = f"{prefix}{group.name}-hint"
    described = f' aria-describedby="{hint_id}"' if group.help else ""
    hint = f'<p class="hint" id="{hint_id}">{escape(group.help)}</p>' if group.help else ""
    return (f'<fieldset class="row-group"{described}><legend>{escape(group.legend)}</legend>{hint}'
            f'<div class="field-grid">{fields}</div></fieldset>')


@dataclass(frozen=True)
class Unanswered:
    text: str
    anchor: str | None  # the id of the field's block on the page, if it is shown


def unanswered(step: Step, plan: Plan, data: dict, items: list, field_by_path: dict[str, str],
               errors: dict[str, str] | None = None) -> list[Unanswered]:
    """The step's unanswered questions in words ("Node 2: EXNODE2 – Domain: not answered yet"),
    each linked to its field (`field_by_path`: plan path -> field id of the page's fields). A field
    whose text could not be read (`errors`: plan path -> message) says so, and one that shows a
    suggestion not saved yet (the setup order drawn from the nodes) says that instead."""
    rows = data.get(step.rows.key) or [] if step.rows else []
    out = []
    for item in items:
        text = _unanswered_text(step, item, data, errors or {})
        index = paths.index_in(item.subject, step.rows.key) if step.rows else None
        if index is not None:
            text = f"{step.rows.label(plan, index, rows[index] if index < len(rows) else {})} – {text}"
        field_id = nearest_field(item.subject, field_by_path)
        out.append(Unanswered(text, f"field-{field_id}" if field_id else None))
    return out


def _unanswered_text(step: Step, item, data: dict, errors: dict[str, str]) -> str:
    spec = spec_at(item.subject)
    label = spec.label if spec else item.subject
    place = paths.nearest(item.subject, errors)
    if place:
        return f"{label}: what was typed could not be read, so nothing is saved. {errors[place]}"
    if _shows_a_value(step, item.subject, data):
        return f"{label}: a suggestion is filled in; save this step to keep it"
    return item.message


def _shows_a_value(step: Step, subject: str, data: dict) -> bool:
    """Whether the form data holds something for the answer at `subject` (a pre-filled default)."""
    holder, key = data, subject
    if step.rows:
        index = paths.index_in(subject, step.rows.key)
        rows = data.get(step.rows.key) or []
        if index is None or index >= len(rows):
            return False
        holder, key = rows[index], subject.split("].", 1)[-1]
    value = holder.get(key.replace(".", "__"))
    return any(value) if isinstance(value, (list, tuple)) else bool(value)


def nearest_field(subject: str, field_by_path: dict[str, str]) -> str | None:
    """The field showing `subject` or the part of the plan that holds it (a list, a section)."""
    place = paths.nearest(subject, field_by_path)
    return field_by_path[place] if place else None


def form_values(form) -> dict:
    """A posted WTForms form's data in the shape drafts are stored in."""
    data: dict[str, Any] = dict(form.data)
    data.pop("csrf_token", None)
    data.pop("base_revision", None)
    return data
