"""Whether a backup can be restored, judged whole before anything is deleted.

A restore replaces every table. A backup that the database would take but the app could not use
(a plan text that is not a plan, a revision counter below the revisions stored, a number where a
text belongs) would leave a project that fails on every page, so everything is checked here
first: the backup's shape, each row against its table (known columns, types, lengths, required
values, integers the database can hold, dates), unique keys and references between rows, and what
the app itself reads (plans, drafts, revision counters, states and roles). The first problem is
refused with the place it was found (`tables.project[2].plan_json`).
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, String, Table, Text

from app.domain import sections
from app.domain.plan import PlanFormatError, load_plan
from app.extensions import db
from app.storage.models import COMMENT_TARGETS, ROLES
from app.storage.workflow import DECISIONS, STATES

BACKUP_FORMAT = "exchange-cluster-planner-backup/1"
LARGEST_INTEGER = 2 ** 31 - 1  # PostgreSQL's INTEGER; SQLite takes more, but a backup must fit both


class BackupRefused(ValueError):
    def __init__(self, where: str, problem: str):
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}" if where else problem)


def tables() -> list[Table]:
    """Parents before children, so foreign keys hold while restoring."""
    return list(db.metadata.sorted_tables)


def check_backup(data: Any, schema_revision: str | None) -> None:
    """Raises BackupRefused for the first problem; returns when the backup can be restored whole."""
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BackupRefused("", "this file is not a backup of this application")
    if data.get("schema_revision") != schema_revision:
        raise BackupRefused("schema_revision", f"the backup was taken at schema revision "
                            f"{_shown(data.get('schema_revision'))}, and this database is at {_shown(schema_revision)}; "
                            f"restore it into a database at the same revision (flask --app app db upgrade REVISION)")
    if "created_at" in data:
        _date(data["created_at"], "created_at")
    rows = data.get("tables")
    if not isinstance(rows, dict):
        raise BackupRefused("tables", f"{_kind(rows)} where an object of tables belongs")
    known = {table.name: table for table in tables()}
    for name in rows:
        if name not in known:
            raise BackupRefused(f"tables.{_shown_key(name)}", "is not a table of this application")
    keys = _check_rows(rows, known)
    _check_references(rows, known, keys)
    _check_meaning(rows)


# ---------------------------------------------------------------- rows against their tables

def _check_rows(rows: dict, known: dict[str, Table]) -> dict[str, set]:
    """Every row fits its table; returns each table's primary keys."""
    keys: dict[str, set] = {}
    for name, table in known.items():
        table_rows = rows.get(name, [])
        if not isinstance(table_rows, list):
            raise BackupRefused(f"tables.{name}", f"{_kind(table_rows)} where a list of rows belongs")
        keys[name] = set()
        uniques = [tuple(c.name for c in constraint.columns) for constraint in table.constraints
                   if constraint.__class__.__name__ == "UniqueConstraint"]
        uniques += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
        seen_unique: dict[tuple, set] = defaultdict(set)
        for index, row in enumerate(table_rows):
            where = f"tables.{name}[{index}]"
            if not isinstance(row, dict):
                raise BackupRefused(where, f"{_kind(row)} where a row (an object) belongs")
            for column in row:
                if column not in table.columns:
                    raise BackupRefused(f"{where}.{_shown_key(column)}", f"is not a column of {name}")
            for column in table.columns:
                _check_value(table, column, row.get(column.name), f"{where}.{column.name}")
            key = tuple(row.get(c.name) for c in table.primary_key.columns)
            if key in keys[name]:
                raise BackupRefused(f"{where}.{table.primary_key.columns.keys()[0]}",
                                    f"{_shown(key[0] if len(key) == 1 else key)} is the key of an earlier row too")
            keys[name].add(key)
            for columns in uniques:
                values = tuple(row.get(column) for column in columns)
                if None not in values and values in seen_unique[columns]:
                    raise BackupRefused(f"{where}.{columns[-1]}",
                                        f"{' and '.join(columns)} {_shown(list(values))} are those of an earlier row too")
                seen_unique[columns].add(values)
    return keys


def _check_value(table: Table, column, value: Any, where: str) -> None:
    if value is None:
        if not column.nullable and not column.primary_key:
            raise BackupRefused(where, f"is missing; every row of {table.name} has one")
        return
    kind = column.type
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise BackupRefused(where, f"{_shown(value)} is not true or false")
    elif isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise BackupRefused(where, f"{_shown(value)} is not a whole number")
        if not -LARGEST_INTEGER - 1 <= value <= LARGEST_INTEGER:
            raise BackupRefused(where, f"{_shown(value)} is larger than the database holds")
    elif isinstance(kind, DateTime):
        _date(value, where)
    elif isinstance(kind, (String, Text)):
        if not isinstance(value, str):
            raise BackupRefused(where, f"{_shown(value)} is not text")
        if "\x00" in value:
            raise BackupRefused(where, "holds a NUL character, which text cannot contain")
        if isinstance(kind, String) and kind.length and len(value) > kind.length:
            raise BackupRefused(where, f"is {len(value):,} characters long; the column holds {kind.length:,}")


def _date(value: Any, where: str) -> None:
    try:
        if not isinstance(value, str):
            raise ValueError
        datetime.fromisoformat(value)
    except ValueError:
        raise BackupRefused(where, f"{_shown(value)} is not a date and time (like 2026-11-24T16:04:15)") from None


def _check_references(rows: dict, known: dict[str, Table], keys: dict[str, set]) -> None:
    for name, table in known.items():
        for foreign in table.foreign_keys:
            target = foreign.column.table.name
            present = {key[0] for key in keys[target]}
            for index, row in enumerate(rows.get(name, [])):
                value = row.get(foreign.parent.name)
                if value is not None and value not in present:
                    raise BackupRefused(f"tables.{name}[{index}].{foreign.parent.name}",
                                        f"{_shown(value)} names no row of {target}")


# ---------------------------------------------------------------- what the app reads

def _check_meaning(rows: dict) -> None:
    highest: dict[Any, int] = defaultdict(int)
    for index, revision in enumerate(rows.get("revision", [])):
        _plan(revision["plan_json"], f"tables.revision[{index}].plan_json")
        highest[revision["project_id"]] = max(highest[revision["project_id"]], revision["number"])
    steps = set(sections.ORDER) | {"review"}
    for index, project in enumerate(rows.get("project", [])):
        where = f"tables.project[{index}]"
        _plan(project["plan_json"], f"{where}.plan_json")
        drafts = project.get("drafts_json")
        if drafts is not None:
            by_step = _json(drafts, f"{where}.drafts_json")
            if not isinstance(by_step, dict) or not all(isinstance(draft, dict) for draft in by_step.values()):
                raise BackupRefused(f"{where}.drafts_json", "is not a JSON object of drafts by step, each an object")
        stored = highest.get(project["id"], 0)
        if project["revision"] < max(stored, 1):
            raise BackupRefused(f"{where}.revision", f"{project['revision']} is below revision {stored}, which "
                                f"the backup stores for this project; the next save would collide with it")
        _one_of(project.get("review_state"), STATES, f"{where}.review_state")
        approved = project.get("approved_revision")
        if approved is not None and not 1 <= approved <= project["revision"]:
            raise BackupRefused(f"{where}.approved_revision", f"{approved} is not a revision of this project")
        _one_of(project.get("current_step"), steps, f"{where}.current_step")
    for index, membership in enumerate(rows.get("membership", [])):
        _one_of(membership.get("role"), ROLES, f"tables.membership[{index}].role")
    for index, comment in enumerate(rows.get("comment", [])):
        _one_of(comment.get("target_kind"), COMMENT_TARGETS, f"tables.comment[{index}].target_kind")
    for index, approval in enumerate(rows.get("approval", [])):
        _one_of(approval.get("decision"), DECISIONS, f"tables.approval[{index}].decision")


def _plan(text: str, where: str) -> None:
    try:
        load_plan(_json(text, where))
    except PlanFormatError as error:
        raise BackupRefused(where, f"is not a valid plan ({error})") from None


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BackupRefused(where, "is not valid JSON") from None


def _one_of(value: Any, allowed, where: str) -> None:
    if value is not None and value not in allowed:
        raise BackupRefused(where, f"{_shown(value)} is not one of {', '.join(sorted(allowed))}")


# ---------------------------------------------------------------- words

def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = repr(value)
    text = text if text.isprintable() else json.dumps(text)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown_key(key: Any) -> str:
    return key if isinstance(key, str) and key.isprintable() and len(key) <= 60 else _shown(key)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "true or false", type(None): "null"}.get(
        type(value), "a number")
