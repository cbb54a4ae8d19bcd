"""A save from a page that is older than the plan: keep only what this person changed.

Someone saved the same step while this person's page was open. Three versions of the step's
answers meet here, all shaped like a form's data: what the page showed (`base`, worked out from
the revision the page was built from), what is saved now (`now`), and what was posted. An answer
the person did not touch takes the saved one, so "save" never reverts someone else's change; an
answer only they changed takes theirs; an answer both changed, to different values, is a
conflict, shown to the person with the form holding their answer there and the saved answers
everywhere else (so saving again settles exactly the conflicting answers).

Answers are compared as the plan would store them (each question's parse), so " EXCLUS1" and
"EXCLUS1" are the same answer. Rows are matched as the History page matches them: by name (nodes,
virtual servers, storage groups) or letter (disks), else by position. Rows the other person added
are kept; a row they removed is dropped unless this person changed it, which is a conflict.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.plan.diff import ROWS, match_rows
from app.domain.plan.model import Plan
from app.web.posted import plain_number
from app.web.wizard.binding import initial_data
from app.web.wizard.kinds import Invalid, short
from app.web.wizard.questions import Question
from app.web.wizard.steps import Step


@dataclass
class Merged:
    data: dict                                       # form data: the plan as saved, with this person's changes
    conflicts: list[str] = field(default_factory=list)  # the answers both changed differently, in words


def merge_edits(step: Step, base: tuple[Plan, dict], now: tuple[Plan, dict], posted: dict) -> Merged:
    """This person's changes (`posted` against the page's revision `base`) applied to `now`.
    `base` and `now` are (plan, document) pairs; `posted` is shaped like form.data."""
    base_data, now_data = initial_data(step, *base), initial_data(step, *now)
    plan = now[0]
    if step.rows:
        return _merge_rows(step, plan, base[1], now[1], base_data, now_data, posted)
    questions = step.questions(plan)
    merged, conflicts = _merge_answers(questions, plan, base_data, now_data, posted, "")
    return Merged({**posted, **merged}, conflicts)


# ---------------------------------------------------------------- one set of answers

def _merge_answers(questions: list[Question], plan: Plan, base: dict, now: dict, posted: dict,
                   where: str) -> tuple[dict, list[str]]:
    merged: dict = {}
    conflicts: list[str] = []
    for question in questions:
        keys = _keys(question)
        mine, theirs, before = (_answer(question, plan, data) for data in (posted, now, base))
        if mine == before or mine == theirs:
            merged.update({key: now.get(key) for key in keys})
            continue
        merged.update({key: posted.get(key) for key in keys})
        if theirs != before:
            conflicts.append(f"{where}{question.label}: yours {_shown(posted, question)}, "
                             f"saved meanwhile {_shown(now, question)}")
    return merged, conflicts


def _keys(question: Question) -> tuple[str, ...]:
    return (question.field_name, question.field_name + "__none") if question.none_label else (question.field_name,)


def _answer(question: Question, plan: Plan, data: dict) -> Any:
    """The answer as the plan would hold it; text that cannot be read is compared as typed."""
    raw = data.get(question.field_name)
    value = question.parse(raw, bool(data.get(question.field_name + "__none")), plan)
    if isinstance(value, Invalid):
        return ("unreadable", " ".join(str(raw).split()))
    return value


def _shown(data: dict, question: Question) -> str:
    if question.none_label and data.get(question.field_name + "__none"):
        return f"“{question.none_label}”"
    raw = data.get(question.field_name)
    text = ", ".join(str(item) for item in raw) if isinstance(raw, (list, tuple)) else str(raw or "").strip()
    return f"“{short(text)}”" if text else "(not answered)"


# ---------------------------------------------------------------- rows

def _merge_rows(step: Step, plan: Plan, base_doc: dict, now_doc: dict, base_data: dict, now_data: dict,
                posted: dict) -> Merged:
    key = step.rows.key
    base_rows, now_rows = base_data.get(key) or [], now_data.get(key) or []
    questions = [q for q in step.rows.questions if q.applies(plan)]
    to_now = _row_map(key, base_doc.get(key), now_doc.get(key))
    rows, conflicts, kept = [], [], set()
    for row in posted.get(key) or []:
        origin = plain_number(row.get("origin"))
        if origin is None or origin >= len(base_rows):
            rows.append({**row, "origin": ""})  # a row this person added
            continue
        label = step.rows.label(plan, origin, base_rows[origin])
        if origin not in to_now:
            if _row_changed(questions, plan, base_rows[origin], row):
                conflicts.append(f"{label}: removed by someone else while you changed it")
            continue  # removed meanwhile, untouched here: it stays removed
        index = to_now[origin]
        kept.add(index)
        merged, found = _merge_answers(questions, plan, base_rows[origin], now_rows[index], row, f"{label} – ")
        rows.append({**row, **merged, "origin": str(index)})
        conflicts += found
    removed_here = {origin for origin in to_now} - {plain_number(r.get("origin")) for r in posted.get(key) or []}
    for origin in sorted(removed_here):
        index = to_now[origin]
        if _row_changed(questions, plan, base_rows[origin], now_rows[index]):
            conflicts.append(f"{step.rows.label(plan, index, now_rows[index])}: changed by someone else while "
                             f"you removed it")
            rows.append({**now_rows[index], "origin": str(index)})
        kept.add(index)
    rows += [{**row, "origin": str(index)} for index, row in enumerate(now_rows)
             if index not in kept and index not in to_now.values()]  # added by the other person
    return Merged({**posted, key: rows}, conflicts)


def _row_changed(questions: list[Question], plan: Plan, before: dict, after: dict) -> bool:
    return any(_answer(q, plan, before) != _answer(q, plan, after) for q in questions)


def _row_map(key: str, base_rows: Any, now_rows: Any) -> dict[int, int]:
    """Row of the page's revision -> the same row saved now, as the History page pairs them
    (app/domain/plan/diff.py: by name or letter, else by position)."""
    base_rows = base_rows if isinstance(base_rows, list) else []
    now_rows = now_rows if isinstance(now_rows, list) else []
    kind = ROWS.get(key)
    if kind is None:
        return {index: index for index in range(min(len(base_rows), len(now_rows)))}
    return dict(match_rows([_identity(kind, row) for row in base_rows], [_identity(kind, row) for row in now_rows]))


def _identity(kind, row: Any) -> str | None:
    return kind.identity(row) if isinstance(row, dict) else None
