"""Between a step's form and the plan document: prefill, and save what was typed.

`bind` is pure: it takes the saved document and a posted form and returns the
new document plus a message per field whose text could not become a value.
Valid answers are always kept, even when other fields are wrong or the plan
breaks rules; invalid ones become "not answered" in the plan while the typed
text survives as a draft (see the views).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.plan import PlanFormatError, load_plan, paths
from app.domain.plan.model import MISSING, Plan, cluster_type_after_version_change
from app.web.posted import plain_number
from app.web.wizard.questions import Invalid, Question
from app.web.wizard.steps import Step


@dataclass
class Binding:
    document: dict
    errors: dict[str, str] = field(default_factory=dict)   # form field id -> message
    paths: dict[str, str] = field(default_factory=dict)    # form field id -> plan path
    plan: Plan | None = None  # the new document, loaded (the format check loads it anyway)

    @property
    def errors_by_path(self) -> dict[str, str]:
        """The messages by plan path. A page shows them by path: after a row is removed, the
        form's remaining rows keep their old field ids but are shown renumbered."""
        return {self.paths.get(field_id, field_id): message for field_id, message in self.errors.items()}


# ---------------------------------------------------------------- prefill

def question_data(question: Question, value: Any, prefill_default: bool, plan: Plan) -> dict:
    if value is MISSING and prefill_default:
        value = question.default_for(plan)
    data = {question.field_name: question.display(value)}
    if question.none_label:
        data[question.field_name + "__none"] = question.handler.is_nothing(value)
    return data


def initial_data(step: Step, plan: Plan, document: dict) -> dict:
    """Form data showing what is saved (and sensible defaults where nothing is)."""
    if step.rows:
        rows = document.get(step.rows.key)
        if not isinstance(rows, list):
            return {step.rows.key: [new_row_data(step, plan) for _ in range(step.rows.minimum_rows)]}
        return {step.rows.key: [_row_data(step, plan, row, index) for index, row in enumerate(rows)]}
    data: dict = {}
    for question in step.questions(plan):
        value = paths.get(document, question.key)
        if question.kind == "order" and value is MISSING:
            value = [name for name, _ in question.offered(plan)]
        data.update(question_data(question, value, True, plan))
    return data


def _row_data(step: Step, plan: Plan, row: dict, index: int) -> dict:
    data = {"origin": str(index)}
    for question in step.rows.questions:
        if question.applies(plan):
            data.update(question_data(question, paths.get(row, question.key), False, plan))
    return data


def new_row_data(step: Step, plan: Plan) -> dict:
    data = {"origin": ""}
    for question in step.rows.questions:
        if question.applies(plan):
            data.update(question_data(question, MISSING, True, plan))
    return data


def field_paths(step: Step, plan: Plan, data: dict) -> dict[str, str]:
    """Form field id -> plan path for the fields `data` shows, as `bind(...).paths` gives, without
    binding (showing a page needs no binding). `data` is shaped like `form.data`."""
    if step.rows:
        key = step.rows.key
        questions = [q for q in step.rows.questions if q.applies(plan)]
        return {f"{key}-{index}-{q.field_name}": f"{key}[{index}].{q.key}"
                for index in range(len(data.get(key) or [])) for q in questions}
    return {q.field_name: q.key for q in step.questions(plan)}


# ---------------------------------------------------------------- save

def bind(step: Step, plan: Plan, document: dict, form) -> Binding:
    """The questions bound are those the form asks: it may have been built for the plan the posted
    answers make rather than the saved one (see app/web/wizard/live.py)."""
    result = Binding(document=paths.copy_document(document))
    if step.rows:
        _bind_rows(step, plan, form, result)
    else:
        for question in asked_by(step, form):
            _bind_question(question, form, question.key, result.document, question.key, result, plan)
    _normalize(result.document)
    _carry_version_change(document, result.document)
    _refuse_what_the_format_refuses(result)
    return result


def asked_by(step: Step, form) -> list[Question]:
    """The step's questions (a row's, given a row's form) that `form` has fields for."""
    questions = step.rows.questions if step.rows else [q for group in step.groups for q in group.questions]
    return [question for question in questions if question.field_name in form]


def _bind_question(question: Question, form, key: str, target: dict, path: str, result: Binding, plan: Plan):
    form_field = form[question.field_name]
    if question.kind == "order":
        raw = [entry.data for entry in form_field.entries]
    else:
        raw = form_field.data
    none_field = form[question.field_name + "__none"] if question.none_label else None
    value = question.parse(raw, bool(none_field and none_field.data), plan)
    result.paths[form_field.id] = path
    if isinstance(value, Invalid):
        # What was typed is kept as the step's draft; the plan keeps its saved answer until then.
        result.errors[form_field.id] = value.message
        value = paths.get(target, key)
    elif question.kind == "flags" and isinstance(value, dict):
        value = _keep_flags_not_offered(paths.get(target, key), value)
    elif question.kind == "multi" and isinstance(value, list):
        value = _keep_saved_order(paths.get(target, key), value)
    paths.set(target, key, value)


def _keep_saved_order(saved: Any, ticked: list) -> list:
    """Checkboxes cannot show an order, but a saved list may have one (preferred owners: the group
    moves to the first that is up): what stays ticked keeps its saved place, newly ticked ones follow."""
    if not isinstance(saved, list):
        return ticked
    kept = [value for value in dict.fromkeys(saved) if value in ticked]
    return kept + [value for value in ticked if value not in kept]


def _keep_flags_not_offered(saved: Any, ticked: dict) -> dict:
    """Flags the page does not offer for these versions (PowerShell before Exchange 2007) keep
    their saved answer, so saving a page unchanged changes nothing."""
    if not isinstance(saved, dict):
        return ticked
    return {**{flag: on for flag, on in saved.items() if flag not in ticked}, **ticked}


def _bind_rows(step: Step, plan: Plan, form, result: Binding) -> None:
    key = step.rows.key
    old_rows = result.document.get(key) if isinstance(result.document.get(key), list) else []
    rows, renames = [], {}
    for index, entry in enumerate(form[key].entries):
        sub = entry.form
        origin = plain_number(sub["origin"].data)
        row = paths.copy_document(old_rows[origin]) if origin is not None and origin < len(old_rows) else {}
        old_name = row.get("name")
        for question in asked_by(step, sub):
            path = f"{key}[{index}].{question.key}"
            _bind_question(question, sub, question.key, row, path, result, plan)
        if isinstance(old_name, str) and isinstance(row.get("name"), str) and row["name"] != old_name:
            renames[old_name] = row["name"]
        rows.append(row)
    result.document[key] = rows
    if key == "nodes":
        _carry_node_renames(result.document, renames)
    elif key == "virtual_servers":
        _carry_server_renames(result.document, renames)


def _carry_node_renames(document: dict, renames: dict[str, str]) -> None:
    """A renamed node keeps its place as a preferred owner and in the setup order."""
    if not renames:
        return
    lists = [server.get("preferred_owners") for server in document.get("virtual_servers") or []
             if isinstance(server, dict)]
    lists.append((document.get("setup") or {}).get("node_order"))
    for names in lists:
        if isinstance(names, list):
            names[:] = [renames.get(name, name) for name in names]


def _carry_server_renames(document: dict, renames: dict[str, str]) -> None:
    """A renamed virtual server keeps its storage groups."""
    for group in document.get("storage_groups") or []:
        if isinstance(group, dict) and group.get("server") in renames:
            group["server"] = renames[group["server"]]


def _carry_version_change(old: dict, new: dict) -> None:
    """Nodes that ran the plan's Exchange version follow a change of it (on Basics); a node that
    was set to another version on purpose keeps it, and the rule about mixed versions says so."""
    before = (old.get("exchange") or {}).get("version") if isinstance(old.get("exchange"), dict) else None
    after = (new.get("exchange") or {}).get("version") if isinstance(new.get("exchange"), dict) else None
    if not isinstance(before, str) or not isinstance(after, str) or before == after:
        return
    for node in new.get("nodes") or []:
        if isinstance(node, dict) and node.get("exchange_version") == before:
            node["exchange_version"] = after


def _normalize(document: dict) -> None:
    """Keep the cluster type consistent with the Exchange version chosen on the same page."""
    exchange = document.get("exchange")
    if not isinstance(exchange, dict):
        return
    cluster_type = cluster_type_after_version_change(exchange.get("version"), exchange.get("cluster_type", MISSING))
    paths.set(document, "exchange.cluster_type", cluster_type)


def _refuse_what_the_format_refuses(result: Binding) -> None:
    """Cross-field vocabularies (edition by Windows version, ...) are judged by the format loader."""
    field_by_path = {path: field_id for field_id, path in result.paths.items()}
    for _ in range(200):
        try:
            result.plan = load_plan(result.document)
            return
        except PlanFormatError as error:
            place = paths.nearest(error.path, field_by_path)
            if place:
                result.errors.setdefault(field_by_path[place], _sentence(error.problem))
            if not paths.remove(result.document, error.path):
                raise
    raise RuntimeError("the plan document could not be made valid")


def _sentence(problem: str) -> str:
    return problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")
